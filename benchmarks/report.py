"""docs/BENCHMARKS.md from the figures of one run (:func:`benchmarks.run.run`).

The part of the document after the ``<!-- notes -->`` line (what limits a figure, what was
tried, the tuning) is written by hand and kept when the figures are rewritten.
"""

from __future__ import annotations

import json
from pathlib import Path

NOTES_MARK = "<!-- notes: written by hand, kept when the figures are rewritten -->"


def _get(results: dict, *path, default=None):
    value = results
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return default
        value = value[key]
    return value


def _verdict(value, limit, *, at_most: bool = True) -> str:
    if value is None:
        return "not measured"
    ok = value <= limit if at_most else value >= limit
    return "met" if ok else "**not met**"


def targets(results: dict) -> list[tuple[str, str, str, str]]:
    """``(figure, measured, target, verdict)`` rows."""
    r = results
    workers = _get(r, "http", "worker_memory", default=[]) or []
    worker_peak = max((w.get("peak_rss_mb") or 0 for w in workers), default=None) or None
    master_peak = _get(r, "http", "master_memory", "peak_rss_mb")
    rows = [
        ("Bulk import of the network", _get(r, "import", "seconds"), 180, True, "s"),
        ("Lender sequence in process, median", _get(r, "lender_sequence", "median_ms"), .5,
         True, "ms"),
        ("Lender sequence over HTTP, median", _get(r, "http", "latency", "median_ms"), 5, True,
         "ms"),
        ("Lender sequence over HTTP, p99", _get(r, "http", "latency", "p99_ms"), 20, True, "ms"),
        ("HTTP throughput (requests/s)", _get(r, "http", "throughput", "rate_per_s"), 300,
         False, "/s"),
        ("HTTP errors under load", _get(r, "http", "throughput", "errors"), 0, True, ""),
        ("Batch re-routing (best of 1 and 2 processes)", _best_batch(r), 20_000, False, "/s"),
        ("Referral for a ZIP over HTTP, median", _get(r, "referral", "median_ms"), 5, True,
         "ms"),
        ("What-if, a whole region offline", _get(r, "whatif", "what_if_median_s"), 5, True,
         "s"),
        ("Peak memory of a worker holding the network (RSS)", worker_peak, 2048, True, "MB"),
        ("Peak memory of the process that loads it (master)", master_peak, 2048, True, "MB"),
    ]
    return [(name, "-" if v is None else f"{v:,}{unit and ' ' + unit}",
             f"{'≤' if at_most else '≥'} {limit:,} {unit}".strip(),
             _verdict(v, limit, at_most=at_most)) for name, v, limit, at_most, unit in rows]


def _best_batch(r: dict):
    rates = [_get(r, "batch", f"processes_{n}", "rate_per_s") for n in (1, 2)]
    rates = [x for x in rates if x is not None]
    return max(rates) if rates else None


def _ratio(a, b) -> str:
    return "-" if not a or not b else f"{a / b:,.1f}x"


def baseline_rows(r: dict) -> list[tuple[str, str, str, str]]:
    naive_ms = _get(r, "naive", "median_ms")
    naive_rate = _get(r, "naive", "rate_per_s")
    rows = []
    for name, ms in (("in process (whole graph)", _get(r, "lender_sequence", "median_ms")),
                     ("over HTTP (gunicorn, store)", _get(r, "http", "latency", "median_ms"))):
        rows.append((f"Lender sequence {name}, median", f"{ms} ms" if ms else "-",
                     f"{naive_ms} ms" if naive_ms else "-", _ratio(naive_ms, ms)))
    best = _best_batch(r)
    one = _get(r, "batch", "baseline_one_by_one_rate_per_s")
    rows.append(("Batch re-routing rate", f"{best:,}/s" if best else "-",
                 f"{naive_rate}/s (naive)" if naive_rate else "-", _ratio(best, naive_rate)))
    rows.append(("Batch re-routing rate vs lender_sequence one by one",
                 f"{best:,}/s" if best else "-", f"{one:,}/s" if one else "-",
                 _ratio(best, one)))
    return rows


def _table(header: tuple[str, ...], rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(results: dict) -> str:
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    s = results["scale_figures"]
    return "\n".join([
        "# Benchmarks",
        "",
        (f"All figures below come from one run of `{results['command']}` "
         f"(scale `{results['scale']}`: {s['libraries']:,} libraries, {s['serials']:,} "
         f"serials, {s['holdings']:,} holdings; real hospitals, NLM IDs and ISSNs: "
         f"{'yes' if results['real_data'] else 'no (generated)'}), "
         f"which took {results['total_s']:,} s."),
        "",
        (f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB, {m['platform']}, "
         f"Python {m['python']}; {versions}. Date {m['date']}. Load average at start "
         f"{m['load_average_at_start']}, at end {results.get('load_average_at_end')} "
         "(the machine is shared: read medians and ratios rather than absolute times)."),
        "",
        "## Targets",
        "",
        _table(("Figure", "Measured", "Target", ""), targets(results)),
        "",
        "## Against the naive baseline (one Cypher query per stage and per candidate)",
        "",
        _table(("Figure", "graphsvc", "Baseline", "Ratio"), baseline_rows(results)),
        "",
        "## Every figure of the run",
        "",
        "```json",
        json.dumps({k: v for k, v in results.items() if k != "machine"}, indent=1),
        "```",
        "",
    ])


def write_report(results: dict, path: Path) -> None:
    """Write the figures, keeping the hand-written notes of an existing document."""
    notes = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if NOTES_MARK in old:
            notes = old.split(NOTES_MARK, 1)[1]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(results) + NOTES_MARK + (notes or "\n"), encoding="utf-8")
