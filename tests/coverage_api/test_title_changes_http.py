"""GET /v1/coverage/title-changes on the real database (issue 11)."""

from graphsvc.model import Holding, Library, Network, Range, Serial


def network():
    return Network(
        libraries=(Library("ORUPAC", "Pacific", state="OR"), Library("ORUOHS", "OHSU", state="OR")),
        serials=(Serial("100", "Old title", continued_by="200"),
                 Serial("200", "New title", continues="100")),
        holdings=(Holding("ORUPAC", "100", ranges=(Range("1", "10", 1988, 1997),)),
                  Holding("ORUPAC", "200", ranges=(Range(None, None, 1998, None),)),
                  Holding("ORUOHS", "100", ranges=(Range("1", None, 1988, None),),
                          currently_received=True)))


def test_report_lists_holdings_to_update(client, store):
    store.import_network(network())
    body = client.get("/v1/coverage/title-changes").json
    assert body == {"holdings": [{
        "libid": "ORUOHS", "nlm_uid": "100", "title": "Old title", "successor": "200",
        "successor_title": "New title", "format": "PRINT",
        "problems": ["OPEN_ENDED", "CURRENTLY_RECEIVED", "NO_SUCCESSOR_HOLDING"]}]}
    assert client.get("/v1/coverage/title-changes?libid=ORUPAC").json == {"holdings": []}


def test_malformed_libid_is_422(client, store):
    response = client.get("/v1/coverage/title-changes?libid=nope")
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "libid"


def test_command_gives_the_same_report(client, store, bolt_server, monkeypatch, capsys):
    import json

    from graphsvc.cli import main

    store.import_network(network())
    for name, value in (("URI", bolt_server.uri), ("USER", "root"),
                        ("PASSWORD", bolt_server.password), ("DATABASE", bolt_server.database)):
        monkeypatch.setenv(f"GRAPHSVC_NEO4J_{name}", value)
    assert main(["coverage", "title-changes"]) == 0
    assert json.loads(capsys.readouterr().out) == client.get("/v1/coverage/title-changes").json
