"""Rush alerts end to end: registered over HTTP, sent by real SMTP and to a real webhook
receiver when a RUSH or URGENT request reaches the library, signed, retried, never blocking."""

from __future__ import annotations

import json

from graphsvc.alerts import SIGNATURE_HEADER, signature
from graphsvc.cli import main
from tests.alerts.conftest import LOOPBACK, alert_of, free_port
from tests.requests_api.conftest import act, create
from tests.test_cli import cli_store  # noqa: F401


def register(client, libid, **body):
    response = client.put(f"/v1/libraries/{libid}/alerts", json=body)
    assert response.status_code == 200, response.json
    return response.json


def test_a_rush_request_reaching_a_library_sends_email_and_a_signed_webhook(
        client, loaded, smtp_server, webhook, dispatcher):
    made = register(client, "WAUSEA", email="ill@wausea.test", webhook_url=webhook.url)
    assert made["secret_set"] and len(made["secret"]) >= 16
    request = create(client, service_level="RUSH")
    assert request["lender"] == "WAUSEA"
    assert dispatcher.drain()
    [(headers, body)] = webhook.posts
    assert headers[SIGNATURE_HEADER] == signature(body, made["secret"])
    alert = json.loads(body)
    assert (alert["request_id"], alert["libid"], alert["service_level"], alert["why"]) == (
        request["id"], "WAUSEA", "RUSH", "ROUTED")
    assert alert["citation"]["nlm_uid"] == "0255562"
    assert alert["receipt_due"] == request["receipt_due"]
    [mail] = smtp_server.mailbox.messages
    assert mail.rcpt_tos == ["ill@wausea.test"] and mail.mail_from == "alerts@graphsvc.test"
    text = mail.content.decode()
    assert f"RUSH request {request['id']} for WAUSEA" in text
    assert request["receipt_due"] in text
    create(client)  # NORMAL: no alert
    assert dispatcher.drain() and len(webhook.posts) == 1


def test_a_move_by_tta_tells_the_next_lender(client, loaded, webhook, dispatcher):
    register(client, "ORUOHS", webhook_url=webhook.url, secret="s" * 20)
    request = create(client, service_level="URGENT")  # at WAUSEA, which has no alerts
    moved = client.post("/v1/tta/run", json={"at": request["receipt_due"]}).json
    assert moved["moved"][0]["lender"] == "ORUOHS"
    assert dispatcher.drain()
    [post] = webhook.posts
    assert (alert_of(post)["libid"], alert_of(post)["why"]) == ("ORUOHS", "MOVED_BY_TTA")
    assert post[0][SIGNATURE_HEADER] == signature(post[1], "s" * 20)


def test_a_not_fill_moving_a_rush_request_on_tells_the_next_lender(client, loaded, webhook,
                                                                    dispatcher):
    register(client, "ORUOHS", webhook_url=webhook.url)
    request = create(client, service_level="RUSH")
    at = "2026-10-05T11:00:00-04:00"
    assert act(client, request["id"], "RECEIVE", at, "WAUSEA").status_code == 200
    assert act(client, request["id"], "NOT_FILL", at, "WAUSEA", "NOS").status_code == 200
    assert dispatcher.drain()
    assert [alert_of(p)["why"] for p in webhook.posts] == ["NOT_FILLED"]


def test_webhooks_are_retried_with_backoff(client, loaded, webhook, dispatcher):
    register(client, "WAUSEA", webhook_url=webhook.url)
    webhook.failures = 2
    create(client, service_level="RUSH")
    assert dispatcher.drain()
    assert len(webhook.posts) == 3
    assert [(d.channel, d.ok, d.attempts) for d in dispatcher.deliveries] == [("webhook", True, 3)]


def test_routing_answers_when_the_receivers_are_down(app, client, loaded):
    app.config["SMTP"] = {"host": LOOPBACK, "port": free_port()}  # no mail server there
    register(client, "WAUSEA", webhook_url=f"http://{LOOPBACK}:{free_port()}/gone",
             email="ill@wausea.test")
    response = client.post("/v1/requests", json={
        "borrower": "ORUBOR", "citation": {"nlm_uid": "0255562", "year": 2015},
        "at": "2026-10-05T10:00:00-04:00", "service_level": "RUSH"})
    assert response.status_code == 201 and response.json["lender"] == "WAUSEA"
    from api.alerts import dispatcher

    with app.app_context():
        alerts = dispatcher()
    assert alerts.drain()
    assert sorted((d.channel, d.ok, d.attempts) for d in alerts.deliveries) == [
        ("email", False, 4), ("webhook", False, 4)]


def test_settings_are_checked_read_without_the_secret_and_cleared(client, loaded):
    bad = client.put("/v1/libraries/WAUSEA/alerts",
                     json={"email": "nobody", "webhook_url": "ftp://x", "secret": "short"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"email", "webhook_url", "secret"}
    assert client.put("/v1/libraries/WAUSEA/alerts", json={}).status_code == 422
    assert client.put("/v1/libraries/ORUXYZ/alerts",
                      json={"email": "a@b.test"}).status_code == 404
    register(client, "WAUSEA", webhook_url="https://example.test/hook", secret="k" * 16)
    shown = client.get("/v1/libraries/WAUSEA/alerts").json
    assert shown["secret_set"] is True and "secret" not in shown
    assert "k" * 16 not in json.dumps(client.get("/v1/libraries/WAUSEA/alerts").json)
    assert client.delete("/v1/libraries/WAUSEA/alerts").status_code == 204
    assert client.delete("/v1/libraries/WAUSEA/alerts").status_code == 404
    assert client.get("/v1/libraries/WAUSEA/alerts").json["webhook_url"] is None


def test_alert_settings_from_the_command_line(loaded, cli_store, capsys):
    assert main(["alerts", "set", "WAUSEA", "--email", "ill@wausea.test"]) == 0
    assert main(["alerts", "show", "WAUSEA"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{", 1):])["email"] == "ill@wausea.test"
    assert main(["alerts", "set", "WAUSEA"]) == 2
    assert main(["alerts", "clear", "WAUSEA"]) == 0
