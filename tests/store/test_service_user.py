"""Issue 14.10: the service connects to the embedded database as its own user, not root. The
user reads and writes the records of the graphsvc database (the whole API works with it) and
can change no schema, no user and no other database; root keeps those (the admin steps)."""

from __future__ import annotations

import base64
import json
import re
import stat
import urllib.error
import urllib.request
from pathlib import Path

import neo4j
import pytest

from graphsvc.services.auth import create_token
from graphsvc.store import embedded
from graphsvc.store.neo4j import Neo4jStore
from graphsvc.store.service_user import SERVICE_USER, TYPES_SCRIPT
from tests.hardening.network import ROUTING_BODY, hardening_network

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def service_store(bolt_server, store):
    """A store on the (emptied) test database, connected as the service's user."""
    assert bolt_server.service_auth[0] == SERVICE_USER != "root"
    service = Neo4jStore(bolt_server.uri, bolt_server.service_auth,
                         database=bolt_server.database)
    yield service
    service.close()


def test_the_service_password_is_private(bolt_server, tmp_path_factory):
    data_dirs = [p for p in Path(tmp_path_factory.getbasetemp()).glob("arcadedb*")
                 if (p / embedded.SERVICE_PASSWORD_FILE).exists()]
    assert data_dirs
    for path in data_dirs:
        mode = stat.S_IMODE((path / embedded.SERVICE_PASSWORD_FILE).stat().st_mode)
        assert mode == 0o600
        assert (path / embedded.SERVICE_PASSWORD_FILE).read_text() == bolt_server.service_password


def test_the_api_works_as_the_service_user(service_store):
    from api import create_app

    client = create_app({"TESTING": True, "STORE": service_store}).test_client()
    secret, _ = create_token(service_store, "admin")
    admin = {"Authorization": f"Bearer {secret}"}
    service_store.import_network(hardening_network())
    assert client.get("/v1/libraries/ORUPAC").status_code == 200
    written = client.put("/v1/libraries/ORUPAC/holdings", headers=admin,
                         json=[{"nlm_uid": "0255562", "ranges": [{"begin_year": 2000}]}])
    assert written.status_code == 200, written.json
    routed = client.post("/v1/routing/lender-sequence", json=ROUTING_BODY, headers=admin)
    assert routed.status_code == 200, routed.json
    imported = client.post("/v1/imports", headers=admin, json={
        "libraries": [{"libid": "ORUNEW", "name": "New", "state": "OR"}]})
    assert imported.status_code == 200, imported.json


@pytest.mark.parametrize("query", [
    "CREATE CONSTRAINT probe IF NOT EXISTS FOR (n:Probe) REQUIRE n.k IS UNIQUE",
    "DROP CONSTRAINT serial_nlm_uid",
    "CREATE INDEX probe IF NOT EXISTS FOR (n:Library) ON (n.city)",
    "CREATE (n:NotAType {k: 1})",
    "CREATE USER mallory SET PASSWORD 'abcdefgh12'",
    "DROP USER root",
])
def test_the_service_user_changes_no_schema_and_no_user(bolt_server, service_store, query):
    with pytest.raises(neo4j.exceptions.ClientError) as refused:
        service_store.driver.execute_query(query, database_=bolt_server.database)
    assert "not allowed" in str(refused.value)


def test_the_service_user_reaches_no_other_database(bolt_server, service_store):
    with pytest.raises(neo4j.exceptions.ClientError):
        service_store.driver.execute_query("RETURN 1", database_="other")


@pytest.mark.parametrize("command", ["drop database graphsvc", "create database other",
                                     "drop user root", "shutdown"])
def test_the_service_user_runs_no_server_command(bolt_server, command):
    user, password = bolt_server.service_auth
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{bolt_server.http_port}/api/v1/server", method="POST",
        data=json.dumps({"command": command}).encode(),
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403


def test_every_label_and_relationship_type_of_the_queries_is_made_for_the_service():
    labels, types = set(), set()
    for path in (REPO / "cypher").rglob("*.cypher"):
        text = "\n".join(line for line in path.read_text().splitlines()
                         if not line.lstrip().startswith("//"))
        text = re.sub(r'"[^"]*"|\'[^\']*\'', '""', text)
        for found in re.finditer(r"\(\s*\w*((?::\w+)+)", text):
            labels |= set(found.group(1).split(":")[1:])
        for found in re.finditer(r"\[\s*\w*\s*:\s*([\w|:]+)", text):
            types |= set(re.split(r"[|:]", found.group(1))) - {""}
    script = TYPES_SCRIPT.read_text()
    assert labels == set(re.findall(r"^CREATE VERTEX TYPE (\w+) IF NOT EXISTS;$", script, re.M))
    assert types == set(re.findall(r"^CREATE EDGE TYPE (\w+) IF NOT EXISTS;$", script, re.M))
