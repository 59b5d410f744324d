# gunicorn settings of `graphsvc serve` and the load runs: gthread workers, access
# lines from api.observability (JSON on stderr), Prometheus metrics shared by the workers
# through PROMETHEUS_MULTIPROC_DIR (which must name an empty folder that exists).
import encodings.idna  # noqa: F401  (see below)

from graphsvc.settings import read_settings

# The master forks workers while its loading thread runs; a codec first looked up in a child
# then may fail ("unknown encoding: idna" in werkzeug's URL binding, an HTML 500), so the
# codec is imported here, in the master, before any thread or fork.
worker_class = "gthread"
timeout = 60
keepalive = 5
loglevel = "warning"
backlog = 2048


def child_exit(server, worker):
    from api.observability import child_exit as drop_dead_worker

    drop_dead_worker(server, worker)

# Link resolvers send long OpenURLs: take request lines up to gunicorn's maximum, so that the
# application (problem+json 422) rather than gunicorn (an HTML 414) judges them.
limit_request_line = 8190

# One network per host (api/preload.py): the app runs in the master, whose thread loads the
# network once and then rolls the workers, forked holding it (shared copy-on-write).
preload_app = True
raw_env = ["GRAPHSVC_MASTER_LOADS_NETWORK=1"]


def when_ready(server):
    from api.preload import start_loading

    start_loading(server)


# A worker's threads share one GIL: a long request (a holdings upload of 5,071 titles is about
# 0.5 s of Python) lets the short ones run every millisecond rather than every 5 ms, the
# default. National write storm, three runs each way: 1,061 requests/s and p99 109 ms against
# 954/s and 168 ms (docs/BENCHMARKS.md).
GIL_SWITCH_S = 0.001


# A kept-alive connection stays with the worker that accepted it, and a client's pool of
# connections, made at once, may land mostly on one worker: in a paced national write storm
# one worker used 14.7 s of CPU and the other 2.5 s, and the busy one set the p99. Every
# REQUESTS_PER_CONNECTION-th answer on a connection says "Connection: close"; the client
# connects again, and the worker with time to spare is the one that wakes to accept it.
# GRAPHSVC_REQUESTS_PER_CONNECTION sets it (0: never).
REQUESTS_PER_CONNECTION = read_settings().requests_per_connection


def pre_request(worker, req):
    if REQUESTS_PER_CONNECTION and req.req_number % REQUESTS_PER_CONNECTION == 0:
        req.must_close = True


def post_fork(server, worker):
    import sys

    from api.workers import adopt

    sys.setswitchinterval(GIL_SWITCH_S)
    adopt(server.app.wsgi())
