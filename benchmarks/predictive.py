"""The predictive lender order, evaluated with a time split on a simulated request history.

Every library of the demo network gets a hidden true chance of filling a request that reaches
it and a true median turnaround, drawn so that lenders differ. A year of requests is routed in
DOCLINE's order (random within a cell, as the history of a real network would be) and walked
lender by lender with those chances, through the request lifecycle's own rules. The model
learns on the first 70% (by time) and the last 30% are routed twice, in DOCLINE's order and in
the learned one (same seeds), and judged by the true chances:

- fill at the first lender: the mean true chance of each request's first lender;
- filled by the second lender;
- expected hours to a fill along the sequence (a rejection costs one business day).

Run: ``python -m benchmarks.predictive [--requests N] [--seed S]``; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
from pathlib import Path

from graphsvc import requests as rules
from graphsvc.io.bundle import load_bundle
from graphsvc.model import Citation, RoutingRequest
from graphsvc.network import build_network, holders_of, libraries, routing_cells
from graphsvc.requests.predict import LenderEstimate, lender_estimates
from graphsvc.routing import RoutingPolicy, lender_sequence

DEMO = Path(__file__).resolve().parents[1] / "seeds" / "demo.json"
START = dt.datetime(2025, 1, 6, 14, tzinfo=dt.UTC)
REJECTION_HOURS = 24.0
WALKED = 5  # lenders a simulated request may reach


def truths(G, rng: random.Random) -> dict[str, tuple[float, float]]:
    """LIBID -> (true chance of filling, true median hours): some lenders far better."""
    return {libid: (rng.betavariate(2.0, 1.2), rng.lognormvariate(2.5, 0.8))
            for libid in libraries(G)}


def questions(G, n: int, rng: random.Random) -> list[RoutingRequest]:
    borrowers = sorted(b for b in libraries(G) if routing_cells(G, b))
    titles = sorted(uid for uid in G if G.nodes[uid].get("kind") == "serial"
                    and len(holders_of(G, uid)) >= 3)
    asked = []
    for i in range(n):
        at = START + dt.timedelta(hours=i * 24 * 365 / n)
        asked.append(RoutingRequest(rng.choice(borrowers), Citation(
            nlm_uid=rng.choice(titles), year=rng.randint(2005, 2020)), at=at, seed=i))
    return asked


def walk(G, question: RoutingRequest, truth, rng: random.Random):
    """The tracked request after its lenders acted as their true chances say."""
    sequence = lender_sequence(G, question)
    req = rules.new_request(f"R{question.seed:012d}", question.borrower, sequence,
                            at=question.at, nlm_uid=question.citation.nlm_uid)
    at = question.at
    for lender in sequence.lenders[:WALKED]:
        chance, hours = truth[lender.libid]
        at += dt.timedelta(hours=1)
        req = rules.apply_action(req, "RECEIVE", lender=lender.libid, at=at)
        if rng.random() < chance:
            at += dt.timedelta(hours=hours)
            return rules.apply_action(req, "FILL", lender=lender.libid, at=at)
        at += dt.timedelta(hours=REJECTION_HOURS)
        req = rules.apply_action(req, "NOT_FILL", lender=lender.libid, reason="NOS", at=at)
    return req


def judged(G, question, truth, policy) -> tuple[float, float, float]:
    """(first-lender chance, filled by the second, expected hours to a fill) by the truth."""
    lenders = lender_sequence(G, question, policy=policy).lenders[:WALKED]
    if not lenders:
        return 0.0, 0.0, float("nan")
    unfilled, elapsed, expected, by_second = 1.0, 0.0, 0.0, 0.0
    for rank, lender in enumerate(lenders):
        chance, hours = truth[lender.libid]
        expected += unfilled * chance * (elapsed + hours)
        if rank < 2:
            by_second += unfilled * chance
        unfilled *= 1 - chance
        elapsed += REJECTION_HOURS
    filled = 1 - unfilled
    return truth[lenders[0].libid][0], by_second, expected / filled if filled else float("nan")


def evaluate(n: int, seed: int) -> dict:
    G = build_network(load_bundle(json.loads(DEMO.read_text())))
    rng = random.Random(seed)
    truth = truths(G, rng)
    asked = questions(G, n, rng)
    cut = int(len(asked) * 0.7)
    history = [walk(G, q, truth, rng) for q in asked[:cut]]
    learned = RoutingPolicy(predictive=True, estimates=lender_estimates(history))
    oracle = RoutingPolicy(predictive=True, estimates={
        libid: LenderEstimate(libid, 10**6, int(c * 10**6), c, h)
        for libid, (c, h) in truth.items()})
    rows, firsts = {}, {}
    for name, policy in (("DOCLINE (random within a cell)", RoutingPolicy()),
                         ("predictive (learned)", learned),
                         ("ceiling: ordered by the true chances", oracle)):
        scores = [judged(G, q, truth, policy) for q in asked[cut:]]
        rows[name] = [statistics.fmean(s[i] for s in scores if s[i] == s[i]) for i in range(3)]
        firsts[name] = [_first(G, q, policy) for q in asked[cut:]]
    base = firsts["DOCLINE (random within a cell)"]
    learned = firsts["predictive (learned)"]
    changed = sum(a != b for a, b in zip(base, learned, strict=True)) / len(base)
    return {"requests": n, "learned_on": cut, "judged_on": n - cut, "rows": rows,
            "first_changed": changed}


def _first(G, question, policy) -> str | None:
    lenders = lender_sequence(G, question, policy=policy).lenders
    return lenders[0].libid if lenders else None


def markdown(result: dict) -> str:
    lines = [f"{result['requests']:,} simulated requests on the demo network: learned on the "
             f"first {result['learned_on']:,}, judged on the last {result['judged_on']:,}.", "",
             "| order | fill at the first lender | filled by the second | expected hours to a "
             "fill |", "|---|---|---|---|"]
    for name, (first, second, hours) in result["rows"].items():
        lines.append(f"| {name} | {first:.1%} | {second:.1%} | {hours:.1f} |")
    lines += ["", f"The learned order changed the first lender of {result['first_changed']:.0%} "
                  "of the judged requests."]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(markdown(evaluate(args.requests, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
