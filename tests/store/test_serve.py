"""`graphsvc serve`'s gunicorn: the master loads the network once and rolls the workers, which
then hold it; two servers on one database see each other's writes."""

from __future__ import annotations

import http.client
import json
import time
from pathlib import Path

import pytest

from benchmarks.load.serve import gunicorn
from graphsvc.model import Holding, Range
from graphsvc.services.auth import create_token
from tests.store.test_store import literal_network

ROUTE = {"borrower": "ORUPAC", "at": "2026-11-23T15:00:00Z",
         "citation": {"nlm_uid": "0255562", "year": 2000}, "loan": True,
         "route_to_nlm": False, "all_other_libraries": True}


def call(service, method: str, path: str, body=None, headers=None):
    conn = http.client.HTTPConnection(service.host, service.port, timeout=10)
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers={"Content-Type": "application/json", **(headers or {})})
    response = conn.getresponse()
    data = json.loads(response.read() or b"null")
    conn.close()
    if isinstance(data, dict) and response.getheader("Network-Version"):
        data["network_version"] = int(response.getheader("Network-Version"))
    return response.status, data


def until(check, seconds: float = 60.0):
    """Poll ``check`` until it answers something true (no timing is asserted)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"not reached within {seconds} s")


@pytest.fixture
def database(store, bolt_server):
    store.import_network(literal_network())
    user, password = bolt_server.auth
    return {"uri": bolt_server.uri, "user": user, "password": password,
            "database": bolt_server.database}


def network_version(service) -> int | None:
    status, body = call(service, "GET", "/v1/health")
    return body.get("network_version") if status == 200 else None


def rolled(service) -> bool:
    """Every worker holds the network: several answers in a row say so (the graph-less
    workers forked before the master's load are retired a few seconds after it)."""
    return all(network_version(service) is not None for _ in range(8))


def test_master_loads_once_and_a_write_on_one_server_shows_on_the_other(store, database):
    secret, _ = create_token(store, "admin")
    admin = {"Authorization": f"Bearer {secret}"}
    with gunicorn(database, workers=1, threads=2, wait_network=False) as one, \
            gunicorn(database, workers=1, threads=2, wait_network=False) as two:
        status, fc = call(one, "GET", "/v1/coverage/libraries.geojson")
        assert status == 200 and fc["type"] == "FeatureCollection"
        until(lambda: rolled(one) and rolled(two))
        status, body = call(two, "POST", "/v1/routing/lender-sequence", ROUTE)
        assert status == 200 and "ORUOHS" not in [x["libid"] for x in body["lenders"]]
        status, written = call(one, "PUT", "/v1/libraries/ORUOHS/holdings", [
            {"nlm_uid": "0255562", "format": "PRINT", "ranges": [{"begin_year": 1990}]}],
            headers=admin)
        assert status == 200, written
        version = written["network_version"]
        status, body = call(two, "POST", f"/v1/routing/lender-sequence?min_version={version}",
                            ROUTE)
        assert status == 200 and "ORUOHS" in [x["libid"] for x in body["lenders"]]
        until(lambda: (network_version(two) or 0) >= version)  # caught up without asking
        log = until(lambda: log_saying(one, "rolling the workers again"))
        # the workers serve the whole network first, then are forked again sharing indexes
        assert log.index("rolling the workers") < log.index("indexes built in the master") \
            < log.index("rolling the workers again")


def answered(ask):
    """``ask()``'s ``(status, body)``, asked again while it is 503: a worker forked before
    the master's load, still retiring, says so (with ``Retry-After``), as a client would."""
    return until(lambda: (found := ask())[0] != 503 and found)


def log_saying(service, text: str) -> str | None:
    """The server's log once it says ``text``."""
    log = service.log_path.read_text()
    return log if text in log else None


def network_source(service) -> str | None:
    return call(service, "GET", "/v1/health")[1].get("network_source")


def summary_or_not_ready(service) -> bool:
    """The whole-network summary (``True``), or a 503 saying when to ask again (``False``)."""
    conn = http.client.HTTPConnection(service.host, service.port, timeout=10)
    conn.request("GET", "/v1/coverage/summary")
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status in (200, 503), response.status
    assert response.status == 200 or response.getheader("Retry-After")
    return response.status == 200


def test_a_restart_starts_from_the_snapshot_the_first_start_wrote(store, database, tmp_path):
    with gunicorn(database, workers=1, threads=2, snapshot_dir=tmp_path) as one:
        until(lambda: summary_or_not_ready(one))  # asked all along the start
        until(lambda: network_source(one) == "database")  # (a retiring worker says None)
        written = until(lambda: list(tmp_path.glob("network-*.snapshot")))
        log = until(lambda: log_saying(one, "rolling the workers again"))
        # the graph read from the database is written, read back, then indexed and shared
        assert log.index("snapshot of network version") \
            < log.index("read back from its snapshot in the master") \
            < log.index("indexes built in the master") < log.index("rolling the workers again")
    assert len(written) == 1
    store.replace_holdings("ORUOHS", [Holding("ORUOHS", "0255562", "PRINT",
                                              (Range(begin_year=1990),))])
    with gunicorn(database, workers=1, threads=2, snapshot_dir=tmp_path) as two:
        until(lambda: network_source(two) == "snapshot")
        until(lambda: network_version(two) == store.version())
        status, body = call(two, "POST", "/v1/routing/lender-sequence", ROUTE)
        assert status == 200 and "ORUOHS" in [x["libid"] for x in body["lenders"]]
        assert "from the snapshot of version" in two.log_path.read_text()


def test_workers_that_outgrow_their_share_are_forked_anew_on_the_masters_network(store,
                                                                                 database):
    secret, _ = create_token(store, "admin")
    admin = {"Authorization": f"Bearer {secret}"}
    with gunicorn(database, workers=1, threads=2, env={"GRAPHSVC_RESHARE_MB": "1"}) as one:
        status, written = answered(lambda: call(one, "PUT", "/v1/libraries/ORUOHS/holdings", [
            {"nlm_uid": "0255562", "format": "PRINT", "ranges": [{"begin_year": 1990}]}],
            headers=admin))
        assert status == 200, written
        version = written["network_version"]
        until(lambda: f"forking the workers anew on network version {version}"
              in one.log_path.read_text())  # the master caught its own graph up first
        until(lambda: rolled(one))
        status, body = call(one, "POST", "/v1/routing/lender-sequence", ROUTE)
        assert status == 200 and "ORUOHS" in [x["libid"] for x in body["lenders"]]
        assert body["network_version"] == version


def test_reshare_limit_must_be_a_whole_number():
    from graphsvc.settings import read_settings

    assert read_settings({"GRAPHSVC_RESHARE_MB": "0"}).reshare_mb == 0
    with pytest.raises(ValueError, match="GRAPHSVC_RESHARE_MB must be a whole number"):
        read_settings({"GRAPHSVC_RESHARE_MB": "lots"})


def test_workers_are_forked_anew_sooner_once_a_burst_of_writes_stopped():
    from api.preload import RESHARE_MIN_S, RESHARE_QUIET_MIN_S, reshare_wait

    # network version now, at the last look, when the workers were forked
    assert reshare_wait(12, 12, 10) == RESHARE_QUIET_MIN_S < RESHARE_MIN_S  # writes stopped
    assert reshare_wait(12, 11, 10) == RESHARE_MIN_S  # still writing
    assert reshare_wait(10, 10, 10) == RESHARE_MIN_S  # no write since (routing alone)


def test_a_kept_alive_connection_is_closed_every_hundred_requests_and_the_client_goes_on(
        database):
    from api.gunicorn_conf import REQUESTS_PER_CONNECTION

    with gunicorn(database, workers=2, threads=2, wait_network=False) as one:
        conn = http.client.HTTPConnection(one.host, one.port, timeout=10)
        said = []
        for _ in range(REQUESTS_PER_CONNECTION + 1):
            conn.request("GET", "/v1/ready")
            response = conn.getresponse()
            response.read()
            assert response.status == 200
            said.append((response.getheader("Connection") or "").lower())
            if said[-1] == "close":
                assert conn.sock is None  # http.client closed it; the next request reconnects
        conn.close()
    assert said.index("close") == REQUESTS_PER_CONNECTION - 1
    assert said.count("close") == 1  # the next connection starts counting again


def nice_values(pid: int) -> dict[int, int]:
    """Each thread's nice value (Linux ``/proc``): field 19 of its ``stat``."""

    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        fields = task.joinpath("stat").read_text().rsplit(")", 1)[1].split()
        found[int(task.name)] = int(fields[16])
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_the_masters_tending_runs_below_the_workers_priority(database):
    from api.master_graph import BACKGROUND_NICE

    with gunicorn(database, workers=1, threads=2) as one:
        until(lambda: log_saying(one, "rolling the workers again"))
        master = one.proc.pid
        niced = until(lambda: [tid for tid, nice in nice_values(master).items()
                               if nice == BACKGROUND_NICE])
        assert master not in niced and nice_values(master)[master] == 0  # the arbiter's own
        workers = [int(p) for p in Path(f"/proc/{master}/task/{master}/children")
                   .read_text().split()]
        assert workers and all(set(nice_values(w).values()) == {0} for w in workers)


def single_holder_titles(service) -> int | None:
    status, body = call(service, "GET", "/v1/coverage/summary")
    return body["totals"]["single_holder_titles"] if status == 200 else None


def test_workers_build_no_index_of_their_own_the_master_forks_them_anew_when_behind(
        store, database):
    secret, _ = create_token(store, "admin")
    admin = {"Authorization": f"Bearer {secret}"}
    env = {"GRAPHSVC_INDEX_LAG_S": "1", "GRAPHSVC_RESHARE_MB": "100000"}
    with gunicorn(database, workers=1, threads=2, env=env) as one:
        until(lambda: log_saying(one, "rolling the workers again"))
        before = until(lambda: single_holder_titles(one))
        status, written = call(one, "PUT", "/v1/libraries/WAUXYZ/holdings", [
            {"nlm_uid": "0255562", "format": "PRINT", "ranges": [{"begin_year": 1990}]},
            {"nlm_uid": "0000001", "format": "PRINT", "ranges": [{"begin_year": 1990}]}],
            headers=admin)
        assert status == 200, written
        version = written["network_version"]
        until(lambda: f"indexes are over 1.0 s behind: forking the workers anew on network "
              f"version {version}" in one.log_path.read_text())
        assert before == 2  # 0000001 held by ORUOHS only, 0255562 by WAUUHS (WAUXYZ: Level 2)
        until(lambda: single_holder_titles(one) == 0)
