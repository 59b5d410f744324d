# gunicorn settings of the HTTP benchmark (benchmarks/http_bench.py): gthread workers; the app
# is loaded in the master, which reads the whole network once from the database, freezes it
# out of the garbage collector's reach (gc.freeze) and forks the workers, which share it
# copy-on-write. Without preload every worker reads the network itself (graphsvc serve).
import gc
import json
import os
import time

worker_class = "gthread"
preload_app = True
timeout = 120
keepalive = 5
loglevel = "warning"
backlog = 2048


def when_ready(server):
    """In the master, before the workers are forked: load the graph, then hand the app a
    fresh store (no open connections to share across the fork) that already holds it."""
    from api.extensions import _KEY, StoreExtension
    from graphsvc.store.neo4j import Neo4jStore

    app = server.app.wsgi()
    loading = StoreExtension.get(app)
    start = time.perf_counter()
    path = "Neo4jStore.network() (export_network, holdings read 100 libraries a page)"
    G = loading.network()
    load_s = time.perf_counter() - start
    cfg = app.config
    fresh = Neo4jStore(cfg["NEO4J_URI"], (cfg["NEO4J_USER"], cfg["NEO4J_PASSWORD"]),
                       database=cfg.get("NEO4J_DATABASE"),
                       pool_size=int(os.environ.get("GRAPHSVC_BENCH_POOL", "20")),
                       timeout=cfg.get("NEO4J_TIMEOUT", 3.0),
                       max_retry_time=cfg.get("NEO4J_MAX_RETRY_TIME", 2.0))
    fresh.network_cache.put(G)
    app.extensions[_KEY]["store"] = fresh
    loading.close()
    gc.collect()
    gc.freeze()
    marker = os.environ.get("GRAPHSVC_BENCH_MARKER")
    if marker:
        with open(marker, "w") as out:
            json.dump({"load_s": round(load_s, 2), "load_path": path,
                       "master_pid": os.getpid(),
                       "version": G.graph["version"]}, out)
