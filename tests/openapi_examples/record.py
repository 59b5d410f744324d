"""Record a real example request and answer of every operation into api/openapi_examples.json.

``make openapi-examples`` (``python -m tests.openapi_examples.record``): starts a throw-away
embedded database, loads the demo network and calls each operation as :data:`CALLS` says.
A new endpoint gets a line in :data:`CALLS`.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from api.openapi_examples import EXAMPLES_FILE, METHODS, operation_key

REPO = Path(__file__).resolve().parents[2]
AT = "2026-10-05T10:00:00-04:00"
ROUTING = {"borrower": "NCUSRC", "citation": {"issn": "0028-4793", "year": 2015, "volume": "372"},
           "service_level": "NORMAL", "at": AT, "seed": 7}

READ_ONLY = ("groups", "holdings", "region", "network_version")  # in answers, not bodies
# "METHOD /path": (concrete path with query, body or a callable(client) giving one)
CALLS = {
    "GET /v1/health": ("/v1/health", None),
    "GET /v1/ready": ("/v1/ready", None),
    "GET /v1/libraries": ("/v1/libraries?state=NC", None),
    "GET /v1/libraries/{libid}": ("/v1/libraries/NCUSRC", None),
    "PUT /v1/libraries/{libid}": ("/v1/libraries/NCUSRC", "GET"),  # what GET gave, written back
    "GET /v1/libraries/{libid}/holdings": ("/v1/libraries/NCUSRC/holdings", None),
    "PUT /v1/libraries/{libid}/holdings": ("/v1/libraries/NCUSRC/holdings", "GET"),
    "DELETE /v1/libraries/{libid}/holdings": ("/v1/libraries/NCUVEH/holdings?dry_run=true",
                                              None),
    "PATCH /v1/libraries/{libid}": ("/v1/libraries/NCUSRC", {"fills_rush": True}),
    "POST /v1/libraries/{libid}/out-of-office": ("/v1/libraries/NCUSRC/out-of-office",
                                                 {"start": "2026-12-24", "end": "2027-01-02"}),
    "DELETE /v1/libraries/{libid}/out-of-office": ("/v1/libraries/NCUSRC/out-of-office", None),
    "POST /v1/imports": ("/v1/imports", {"regions": [], "libraries": [
        {"libid": "NCUSRC", "name": "Southeastern Regional Medical Center Library",
         "state": "NC", "city": "Lumberton", "zip": "28359"}]}),
    "GET /v1/libraries/{libid}/routing-table": ("/v1/libraries/NCUSRC/routing-table", None),
    "PUT /v1/libraries/{libid}/routing-table": ("/v1/libraries/NCUSRC/routing-table", "GET"),
    "GET /v1/libraries/{libid}/routing-table/lint":
        ("/v1/libraries/NCUSRC/routing-table/lint", None),
    "GET /v1/libraries/{libid}/manual-map": ("/v1/libraries/NCUSRC/manual-map", None),
    "PUT /v1/libraries/{libid}/manual-map": ("/v1/libraries/NCUSRC/manual-map", "GET"),
    "POST /v1/routing/lender-sequence": ("/v1/routing/lender-sequence", ROUTING),
    "GET /v1/routing/openurl": ("/v1/routing/openurl?borrower=NCUSRC&url_ver=Z39.88-2004"
                                "&rft.issn=0028-4793&rft.date=2015&rft.volume=372", None),
    "POST /v1/referrals": ("/v1/referrals", {"zip": "97201",
                                             "category": "UNAFFILIATED_HEALTH_PROFESSIONAL",
                                             "specialty": "oncologist", "limit": 3}),
    "POST /v1/requests": ("/v1/requests", ROUTING),
    "POST /v1/requests/{request_id}/actions": ("/v1/requests/{request_id}/actions", {
        "action": "RECEIVE", "lender": "{lender}", "at": "2026-10-05T11:00:00-04:00"}),
    "GET /v1/requests/{request_id}": ("/v1/requests/{request_id}", None),
    "GET /v1/requests": ("/v1/requests?role=borrower&borrower=NCUSRC&limit=2", None),
    "GET /v1/requests/events": ("/v1/requests/events?limit=3", None),
    "POST /v1/tta/run": ("/v1/tta/run", {"at": "2026-10-13T00:05:00-04:00"}),
    "GET /v1/reports/lender-performance":
        ("/v1/reports/lender-performance?from=2026-10-01&to=2026-10-31", None),
    "GET /v1/coverage/titles": ("/v1/coverage/titles?q=pediatrics", None),
    "GET /v1/coverage/serials/{nlm_uid}": ("/v1/coverage/serials/0255562", None),
    "GET /v1/coverage/summary": ("/v1/coverage/summary?region=5", None),
    "POST /v1/coverage/what-if": ("/v1/coverage/what-if", {"offline": {"states": ["OR"]}}),
    "GET /v1/coverage/libraries.geojson": ("/v1/coverage/libraries.geojson?region=5", None),
    "GET /v1/coverage/title-changes": ("/v1/coverage/title-changes", None),
    "GET /v1/reports/removals": ("/v1/reports/removals?from=2026-10-01&to=2026-10-31", None),
    "GET /v1/reports/balance": ("/v1/reports/balance?from=2026-10-01&to=2026-10-31", None),
    "POST /v1/libraries/{libid}/merge-into/{target}":
        ("/v1/libraries/NCUSRC/merge-into/NCUVEH?dry_run=true", None),
    "POST /v1/libraries/{libid}/close": ("/v1/libraries/NCUSRC/close?dry_run=true",
                                         {"confirm": "NCUSRC"}),
    "POST /v1/iso18626": ("/v1/iso18626", "ISO18626"),
    "GET /v1/coverage/last-copies": ("/v1/coverage/last-copies", None),
    "GET /v1/serials": ("/v1/serials?q=N+Engl+J+Med&limit=2", None),
    "GET /v1/reports/compliance": ("/v1/reports/compliance?region=1", None),
    "PUT /v1/libraries/{libid}/alerts": ("/v1/libraries/NCUSRC/alerts", {
        "email": "ill@example.org", "webhook_url": "https://ill.example.org/graphsvc",
        "secret": "a-long-shared-secret-0001"}),
    "GET /v1/libraries/{libid}/alerts": ("/v1/libraries/NCUSRC/alerts", None),
    "DELETE /v1/libraries/{libid}/alerts": ("/v1/libraries/NCUSRC/alerts", None),
    "PUT /v1/subcoordinators/{token_id}/libraries": (
        "/v1/subcoordinators/{token_id}/libraries", {"libraries": ["NCUSRC", "NCUVEH"]}),
    "GET /v1/subcoordinators": ("/v1/subcoordinators?region=1", None),
    "DELETE /v1/subcoordinators/{token_id}/libraries/{libid}":
        ("/v1/subcoordinators/{token_id}/libraries/NCUVEH", None),
    "GET /v1/libraries/{libid}/holdings/writes": ("/v1/libraries/NCUSRC/holdings/writes", None),
    "POST /v1/libraries/{libid}/routing-table/dry-run": (
        "/v1/libraries/NCUSRC/routing-table/dry-run",
        ("GET", "/v1/libraries/NCUSRC/routing-table")),
}


def cut(value, items: int = 2):
    """``value`` with every list cut to its first ``items`` items (examples stay short)."""
    if isinstance(value, list):
        return [cut(v, items) for v in value[:items]]
    if isinstance(value, dict):
        return {k: cut(v, items) for k, v in value.items()}
    return value


def _iso18626_request() -> bytes:
    from api.iso18626 import EXAMPLE

    return EXAMPLE.encode()


def record(client, store) -> dict:
    """Call every operation of :data:`CALLS` in order; the examples keyed like the document."""
    from graphsvc.services.auth import create_token

    found, failed = {}, []
    known = {"token_id": create_token(store, "subcoordinator", region="1")[1].id}
    for key, (url, body) in CALLS.items():
        method = key.split()[0]
        url = url.format(**known)
        if body == "GET" or isinstance(body, tuple):
            body = client.get(url if body == "GET" else body[1]).json
            body = {k: v for k, v in body.items() if k not in READ_ONLY} \
                if isinstance(body, dict) else body
        if body == "ISO18626":
            answer = client.open(url, method=method, data=_iso18626_request(),
                                 content_type="application/xml")
            body = _iso18626_request().decode()
        else:
            body = json.loads(json.dumps(body).replace("{lender}", known.get("lender", "")))
            answer = client.open(url, method=method, json=body)
        if answer.status_code >= 400:
            failed.append((key, answer.status_code, answer.get_data(as_text=True)[:300]))
            continue
        if key == "POST /v1/requests":
            known.update(request_id=answer.json["id"], lender=answer.json["lender"])
        query = dict(p.split("=", 1) for p in url.partition("?")[2].split("&") if p)
        found[key] = {"parameters": query,
                      "request": cut(body, 3) if isinstance(body, (dict, list)) else body,
                      "status": answer.status_code,
                      "answer": cut(answer.json if answer.is_json and answer.data else
                                    answer.get_data(as_text=True) or None)}
    for failure in failed:
        print(*failure, file=sys.stderr)
    return found


def main() -> int:
    from api import create_app
    from graphsvc.services import load_demo_if_empty
    from graphsvc.store import embedded
    from graphsvc.store.neo4j import Neo4jStore

    with tempfile.TemporaryDirectory() as folder:
        server = embedded.start(Path(folder))
        store = Neo4jStore(server.uri, server.auth, database=server.database)
        try:
            load_demo_if_empty(store, REPO / "seeds" / "demo.json")
            client = create_app({"TESTING": True, "STORE": store,
                                 "AUTH_REQUIRED": False}).test_client()
            examples = record(client, store)
        finally:
            store.close()
            embedded.stop(Path(folder), timeout=5)
    EXAMPLES_FILE.write_text(json.dumps(examples, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(examples)} examples to {EXAMPLES_FILE}", file=sys.stderr)
    return 0


__all__ = ["CALLS", "METHODS", "operation_key", "record"]

if __name__ == "__main__":
    sys.exit(main())
