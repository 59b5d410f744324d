"""A real SMTP server (aiosmtpd) and a real HTTP webhook receiver, both on loopback, in the
test process; the lifecycle network of tests/requests_api with alerts sent to them."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.requests_api.conftest import loaded  # noqa: F401

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    messages: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    """An SMTP server on a loopback port collecting what it receives (``.mailbox``)."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname=LOOPBACK, port=free_port())
    controller.start()
    controller.mailbox = mailbox
    yield controller
    controller.stop()


@dataclass
class Receiver:
    url: str
    posts: list = field(default_factory=list)
    failures: int = 0  # answer 500 to this many POSTs first


@pytest.fixture
def webhook():
    """An HTTP server on a loopback port recording each POST (headers, body)."""
    receiver = Receiver("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.posts.append((dict(self.headers), body))
            status = 500 if receiver.failures else 204
            receiver.failures = max(0, receiver.failures - 1)
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    receiver.url = f"http://{LOOPBACK}:{server.server_port}/alerts"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def app(store, smtp_server):
    from api import create_app

    return create_app({"TESTING": True, "STORE": store, "AUTH_REQUIRED": False,
                       "SMTP": {"host": LOOPBACK, "port": smtp_server.port,
                                "sender": "alerts@graphsvc.test"},
                       "ALERT_BACKOFF": 0.01})


@pytest.fixture
def dispatcher(app):
    from api.alerts import dispatcher

    with app.app_context():
        return dispatcher()


def alert_of(post) -> dict:
    return json.loads(post[1])
