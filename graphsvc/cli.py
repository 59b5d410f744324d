"""The ``graphsvc`` command: serve, db, import, export, generate, route, refer, tta, ...

Configuration comes from :mod:`graphsvc.settings` (the one reader of the environment). With
``GRAPHSVC_NEO4J_URI`` unset every command uses the embedded database under
``GRAPHSVC_DATA_DIR`` (default ``./var``), which :func:`graphsvc.store.connect.start_database`
starts when a command needs it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from graphsvc.commands import (alerts, auth, bench, closures, coverage, exchange, referral,
                               replay, reports, requests, routing, subcoordinators)
from graphsvc.commands.shell import emit
from graphsvc.errors import GraphsvcError
from graphsvc.progress import StepBar, progress_bar, rows_callback
from graphsvc.resources import demo_bundle
from graphsvc.settings import child_environment, read_settings
from graphsvc.store import embedded
from graphsvc.store.connect import (batch_endpoint, opened_store, password_file,
                                    start_database)

REPO = Path(__file__).resolve().parents[1]
DEMO = demo_bundle()
AREAS = (routing, requests, reports, closures, alerts, subcoordinators, coverage, referral, auth,
         replay, bench, exchange)
"""The command modules, each with ``register(subparsers)``."""


# --- commands ---------------------------------------------------------------------------------

def cmd_db(args) -> int:
    data_dir = read_settings().data_dir
    if args.action == "start":
        server = embedded.start(data_dir)
        print(f"embedded database at {server.uri} (pid {server.pid}, data {data_dir})")
    elif args.action == "stop":
        print("stopped" if embedded.stop(data_dir) else "not running")
    else:
        server = embedded.status(data_dir)
        print(f"running at {server.uri} (pid {server.pid})" if server else "not running")
        return 0 if server else 3
    return 0


def cmd_serve(args) -> int:
    from graphsvc import services

    settings = read_settings()
    database = start_database(settings)
    with opened_store(database) as store:  # as root: the schema, the demo
        loaded = services.load_demo_if_empty(store, DEMO) if DEMO.exists() else None
    if loaded:
        print(f"loaded the demo network: {loaded}")
    metrics = _fresh_metrics_dir(settings.data_dir)
    service = start_database(settings, service=True)  # the workers: records only
    env = child_environment(service, password_file=password_file(settings, service),
                            PROMETHEUS_MULTIPROC_DIR=str(metrics),
                            GRAPHSVC_SNAPSHOT_DIR=str(settings.snapshot_dir or ""))
    argv = [sys.executable, "-m", "gunicorn", "--config", str(REPO / "api" / "gunicorn_conf.py"),
            "--workers", str(args.workers), "--threads", str(args.threads),
            "--bind", f"{args.host}:{args.port}", "--graceful-timeout", "30", "api.wsgi:app"]
    print(f"serving on http://{args.host}:{args.port}/v1/libraries", flush=True)
    os.execve(sys.executable, argv, env)
    return 0


def _fresh_metrics_dir(data_dir: Path) -> Path:
    """An empty folder for the workers' shared Prometheus metrics (``/metrics``)."""
    path = data_dir / "metrics"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def cmd_import(args) -> int:
    from graphsvc import services

    path = Path(args.file)
    with opened_store() as store:
        if path.suffix == ".json":
            endpoint = batch_endpoint(read_settings())
            with progress_bar(desc="import", unit="row") as bar:
                answer = services.import_large_bundle(  # no name kept for the parsed file:
                    store, json.loads(path.read_text(encoding="utf-8")),  # freed once read
                    endpoint=endpoint, progress=rows_callback(bar),
                    keep_network=_snapshot_writer(store, read_settings().snapshot_dir))
            emit(answer)
        else:
            emit(services.import_holdings_file(store, path.read_bytes(), name=path.name,
                                               libid=args.libid))
    return 0


def _snapshot_writer(store, directory: Path | None):
    """What writes a snapshot of an imported network (so the next `graphsvc serve` starts
    from it); ``None`` when snapshots are off."""
    if directory is None:
        return None
    from graphsvc.store.snapshots import save_caught_up

    return lambda G: save_caught_up(store, G, directory)


def cmd_export(args) -> int:
    from graphsvc import services

    if args.what == "holdings" and not args.file:
        raise SystemExit("usage: graphsvc export holdings LIBID FILE.csv")
    with opened_store() as store:
        if args.what == "bundle":
            with StepBar(("read", "write")) as step:
                step("read")
                bundle = services.export_bundle(store)
                step("write")
                Path(args.target).write_text(json.dumps(bundle, indent=1))
            print(f"wrote {args.target}")
        else:
            text = services.export_holdings_csv(store, services.checked_libid(args.target))
            Path(args.file).write_text(text, encoding="utf-8")
            print(f"wrote {args.file}")
    return 0


def cmd_generate(args) -> int:
    from graphsvc.io.bundle import dump_bundle
    from graphsvc.io.generate import generate_network

    shared = Path(args.data_dir) if args.data_dir else None
    with StepBar(("generate", "write")) as step:
        step("generate")
        network = generate_network(libraries=args.libraries, serials=args.serials,
                                   holdings=args.holdings, seed=args.seed, data_dir=shared,
                                   all_nlm_titles=args.all_nlm_titles)
        step("write")
        Path(args.out).write_text(json.dumps(dump_bundle(network), indent=None,
                                             separators=(",", ":")))
    print(f"wrote {args.out}: {len(network.libraries)} libraries, {len(network.serials)} "
          f"serials, {len(network.holdings)} holdings")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graphsvc", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="serve the API with gunicorn")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=8)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("db", help="the embedded database")
    p.add_argument("action", choices=["start", "stop", "status"])
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("import", help="import a bundle (.json), DOCLINE CSV or KBART file")
    p.add_argument("file")
    p.add_argument("--libid")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export the bundle or a library's holdings")
    p.add_argument("what", choices=["bundle", "holdings"])
    p.add_argument("target", help="FILE for bundle, LIBID for holdings")
    p.add_argument("file", nargs="?", help="FILE.csv for holdings")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("generate", help="generate a network bundle deterministically")
    p.add_argument("--libraries", type=int, default=150)
    p.add_argument("--serials", type=int, default=600)
    p.add_argument("--holdings", type=int, default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data-dir", help="the shared/data folder (real hospitals and titles)")
    p.add_argument("--all-nlm-titles", action="store_true",
                   help="with --data-dir: every title of NLM's journal file is a serial "
                        "(only --serials of them are held)")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_generate)

    for area in AREAS:
        area.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GraphsvcError as exc:
        print(f"graphsvc: {exc.message}", file=sys.stderr)
        for problem in exc.problems:
            where = problem.get("line") or problem.get("position") or ""
            print(f"  {where} {problem.get('field') or ''}: {problem['message']}",
                  file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
