"""Rush alerts: tell a lender at once when a RUSH or URGENT request reaches it.

The PNR plan: "If a library provides Rush Service, the account should be checked daily and
email alerts set up to notify the lending library when a rush request is received." A library
registers an email address and/or a webhook URL (with a secret of its own); each alert goes

- by email through SMTP (:class:`SmtpSettings`, from configuration, passed in), and
- by webhook: an HTTP POST of the JSON alert, signed ``X-Graphsvc-Signature: sha256=HEX``
  (HMAC-SHA256 of the body with the library's secret), retried with exponential backoff
  until a 2xx answer or ``attempts`` tries.

Delivery runs in one background thread per :class:`AlertDispatcher`: routing hands an alert
over (:meth:`AlertDispatcher.submit`) and never waits for, or fails because of, a delivery.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import smtplib
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

log = logging.getLogger("graphsvc.alerts")

ALERT_LEVELS = ("RUSH", "URGENT")
SIGNATURE_HEADER = "X-Graphsvc-Signature"
KEPT_DELIVERIES = 1000  # the latest outcomes a dispatcher keeps


@dataclass(frozen=True)
class SmtpSettings:
    """Where alert email goes: an SMTP server, its credentials and the sender address."""

    host: str
    port: int = 25
    sender: str = "graphsvc@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 10.0


@dataclass(frozen=True)
class AlertTarget:
    """A library's alert settings: email and/or webhook (with its signing secret)."""

    libid: str
    email: str | None = None
    webhook_url: str | None = None
    secret: str | None = None


@dataclass
class Delivery:
    """What happened to one alert on one channel (kept for tests and logs)."""

    libid: str
    request_id: str
    channel: str
    ok: bool
    attempts: int
    error: str | None = None


def signature(body: bytes, secret: str) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``body`` keyed with ``secret``.

    >>> signature(b'{"id": "R1"}', "s3cret")[:15]
    'sha256=ea530066'
    """
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def alert_body(alert: dict) -> bytes:
    """The JSON body of a webhook alert (sorted keys: the signed bytes are reproducible)."""
    return json.dumps(alert, sort_keys=True, separators=(",", ":")).encode()


def email_message(alert: dict, *, sender: str, to: str) -> EmailMessage:
    """The alert as a plain-text email."""
    msg = EmailMessage()
    msg["Subject"] = f"{alert['service_level']} request {alert['request_id']} for {alert['libid']}"
    msg["From"], msg["To"] = sender, to
    citation = alert["citation"]
    lines = [f"A {alert['service_level']} request has reached {alert['libid']}.", "",
             f"Request: {alert['request_id']}", f"Borrower: {alert['borrower']}",
             f"Title: {citation.get('title') or ''} (NLM {citation.get('nlm_uid') or '?'})",
             f"Receipt due: {alert['receipt_due']}"]
    msg.set_content("\n".join(lines) + "\n")
    return msg


def send_email(settings: SmtpSettings, alert: dict, to: str) -> None:
    """Send one alert email (raises on failure)."""
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(email_message(alert, sender=settings.sender, to=to))


def post_webhook(url: str, alert: dict, secret: str | None, *, timeout: float = 5.0) -> None:
    """POST one signed alert; raises unless the receiver answers 2xx."""
    body = alert_body(alert)
    headers = {"Content-Type": "application/json", "User-Agent": "graphsvc-alerts"}
    if secret:
        headers[SIGNATURE_HEADER] = signature(body, secret)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/s only)
        if not 200 <= response.status < 300:
            raise OSError(f"webhook answered {response.status}")


@dataclass
class AlertDispatcher:
    """Delivers alerts in a background thread; :meth:`submit` never blocks or raises.

    ``lookup(libid)`` gives a library's :class:`AlertTarget` (or ``None``); it runs in the
    background thread too. ``attempts`` and ``backoff`` (seconds, doubled per retry) govern
    webhook retries; email is tried once per attempt as well. ``deliveries`` keeps the latest
    outcomes.
    """

    lookup: Callable[[str], AlertTarget | None]
    smtp: SmtpSettings | None = None
    attempts: int = 4
    backoff: float = 0.5
    timeout: float = 5.0
    deliveries: deque = field(default_factory=lambda: deque(maxlen=KEPT_DELIVERIES))
    _queue: queue.Queue = field(default_factory=queue.Queue)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def submit(self, alert: dict) -> None:
        """Queue ``alert`` (a dict with ``libid``, ``request_id``, ...) for delivery."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="graphsvc-alerts",
                                                daemon=True)
                self._thread.start()
        self._queue.put(alert)

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait until every queued alert is delivered or given up; ``False`` on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def _work(self) -> None:
        while True:
            alert = self._queue.get()
            try:
                self._deliver(alert)
            except Exception:  # a broken alert must not stop the thread
                log.exception("alert for %s failed", alert.get("request_id"))
            finally:
                self._queue.task_done()

    def _deliver(self, alert: dict) -> None:
        target = self.lookup(alert["libid"])
        if target is None:
            return
        if target.email and self.smtp is not None:
            self._try("email", alert, lambda: send_email(self.smtp, alert, target.email))
        if target.webhook_url:
            self._try("webhook", alert, lambda: post_webhook(
                target.webhook_url, alert, target.secret, timeout=self.timeout))

    def _try(self, channel: str, alert: dict, send: Callable[[], None]) -> None:
        error = None
        for attempt in range(1, self.attempts + 1):
            try:
                send()
            except (OSError, smtplib.SMTPException, urllib.error.URLError) as exc:
                error = str(exc)
                log.warning("alert %s by %s, attempt %d: %s", alert["request_id"], channel,
                            attempt, exc)
                if attempt < self.attempts:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                continue
            self.deliveries.append(Delivery(alert["libid"], alert["request_id"], channel, True,
                                            attempt))
            return
        self.deliveries.append(Delivery(alert["libid"], alert["request_id"], channel, False,
                                        self.attempts, error))
