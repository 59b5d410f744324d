"""The embedded Bolt server: ArcadeDB with its Bolt plugin, from the ``arcadedb-embedded`` wheel.

The server runs in its own process (it holds a JVM), bound to 127.0.0.1 on free ports, with a
generated root password kept in the data directory (mode 0600), and a database user for the
service (``graphsvc``: records of the graphsvc database only, :mod:`graphsvc.store.service_user`)
whose generated password is kept there too. ``start`` waits until Bolt answers, reuses a server
that already runs, and notices a stale pid file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from graphsvc.errors import StoreUnavailable
from graphsvc.store import service_user
from graphsvc.store.service_user import SERVICE_USER

log = logging.getLogger(__name__)

DATABASE = "graphsvc"
STATE_FILE = "embedded.json"
PASSWORD_FILE = "root-password"
SERVICE_PASSWORD_FILE = "service-password"
LOG_FILE = "arcadedb.log"
READY_FILE = "embedded.ready"
# The server's process runs this copy of graphsvc (the folder holding this package comes first
# on its path), whatever its working directory: graphsvc.store._arcadedb_main.main(arguments).
_CHILD = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "
          "from graphsvc.store._arcadedb_main import main; sys.exit(main(sys.argv[1:]))")
PORTS_FILE = "ports.json"  # the last ports, taken again when free (a restarted server answers
                           # where running services look for it)


@dataclass(frozen=True)
class EmbeddedServer:
    """Where a running embedded server answers."""

    pid: int
    bolt_port: int
    http_port: int
    password: str
    database: str = DATABASE
    service_password: str = ""

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def auth(self) -> tuple[str, str]:
        """Root's: schema, the batch endpoint, server commands."""
        return ("root", self.password)

    @property
    def service_auth(self) -> tuple[str, str]:
        """The service's: records of the graphsvc database only."""
        return (SERVICE_USER, self.service_password)


def locator(data_dir: Path, user: str = "root"):
    """A function giving ``(uri, auth)`` (of ``user``: root or the service's) of the server
    now running for ``data_dir``, or ``None``: a store calls it when its connection fails, to
    follow a restarted server."""
    data_dir = Path(data_dir).resolve()

    def locate() -> tuple[str, tuple[str, str]] | None:
        server = status(data_dir)
        if server is None:
            return None
        return server.uri, (server.service_auth if user == SERVICE_USER else server.auth)
    return locate


def make_private(data_dir: Path) -> None:
    """The data directory and everything in it readable by its owner only (0700 / 0600)."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    for path in [data_dir, *data_dir.rglob("*")]:
        if path.is_symlink():
            continue
        with contextlib.suppress(OSError):  # a file the server removed meanwhile
            os.chmod(path, 0o700 if path.is_dir() else 0o600)


def root_password(data_dir: Path) -> str:
    """The server's root password, generated on first use and kept with mode 0600."""
    return _secret(Path(data_dir) / PASSWORD_FILE)


def service_password(data_dir: Path) -> str:
    """The password of the service's database user, generated on first use (mode 0600)."""
    return _secret(Path(data_dir) / SERVICE_PASSWORD_FILE)


def _secret(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(24))
    os.chmod(path, 0o600)
    return path.read_text().strip()


def status(data_dir: Path) -> EmbeddedServer | None:
    """The running server of ``data_dir``, or ``None``; removes a stale state file."""
    path = Path(data_dir) / STATE_FILE
    if not path.exists():
        return None
    try:
        state = json.loads(path.read_text())
        server = EmbeddedServer(state["pid"], state["bolt_port"], state["http_port"],
                                root_password(data_dir), state.get("database", DATABASE),
                                service_password(data_dir))
    except (ValueError, KeyError, TypeError):
        path.unlink(missing_ok=True)
        return None
    if not _is_ready(data_dir, server.pid) or not _port_open(server.bolt_port):
        if not _process_alive(server.pid):
            path.unlink(missing_ok=True)
        return None
    return server


def _ensure_service_user(data_dir: Path, server: EmbeddedServer) -> None:
    """Make the service's user on a server started by a graphsvc of before it (its state
    file does not say ``service_user``), which would otherwise refuse the service's login."""
    path = data_dir / STATE_FILE
    state = json.loads(path.read_text())
    if state.get("service_user"):
        return
    service_user.prepare(server.http_port, server.password, server.service_password,
                         server.database)
    write_private(path, json.dumps({**state, "service_user": True}))


def start(data_dir: Path, *, timeout: float = 90.0, heap: str = "2g") -> EmbeddedServer:
    """Start the server for ``data_dir`` (or return the one already running)."""
    data_dir = Path(data_dir).resolve()
    running = status(data_dir)
    if running:
        _ensure_service_user(data_dir, running)
        return running
    state_path = data_dir / STATE_FILE
    if state_path.exists():  # alive pid, Bolt not answering yet: wait for it
        return _wait_for_state(data_dir, timeout)
    make_private(data_dir)
    (data_dir / READY_FILE).unlink(missing_ok=True)
    root_password(data_dir), service_password(data_dir)
    bolt_port, http_port = _ports(data_dir)
    fd = os.open(data_dir / LOG_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with open(fd, "ab") as log:  # the child keeps its own copy
        proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(Path(__file__).resolve().parents[2]),
             str(data_dir / "db"),
             str(bolt_port), str(http_port), DATABASE, heap, str(data_dir / PASSWORD_FILE),
             str(data_dir / SERVICE_PASSWORD_FILE), str(data_dir / READY_FILE)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, cwd=data_dir, umask=0o077)  # the JVM's log/ folder goes here
    write_private(data_dir / PORTS_FILE, json.dumps([bolt_port, http_port]))
    state = {"pid": proc.pid, "bolt_port": bolt_port, "http_port": http_port,
             "database": DATABASE, "service_user": True}
    write_private(state_path, json.dumps(state))
    return _wait_for_state(data_dir, timeout, proc=proc)


def stop(data_dir: Path, *, timeout: float = 30.0) -> bool:
    """Stop the server of ``data_dir``; ``False`` when none was running."""
    path = Path(data_dir) / STATE_FILE
    if not path.exists():
        return False
    try:
        pid = json.loads(path.read_text())["pid"]
    except (ValueError, KeyError):
        path.unlink(missing_ok=True)
        return False
    stopped = _terminate(pid, timeout)
    path.unlink(missing_ok=True)
    return stopped


def _wait_for_state(data_dir: Path, timeout: float, proc=None) -> EmbeddedServer:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        server = status(data_dir)
        if server:
            return server
        if proc is not None and proc.poll() is not None:
            (Path(data_dir) / STATE_FILE).unlink(missing_ok=True)
            msg = f"embedded database exited with {proc.returncode}; see {data_dir / LOG_FILE}"
            raise StoreUnavailable(msg)
        if not (Path(data_dir) / STATE_FILE).exists():
            break
        time.sleep(0.2)
    msg = f"embedded database did not answer within {timeout:.0f} s; see {data_dir / LOG_FILE}"
    raise StoreUnavailable(msg)


def _is_ready(data_dir: Path, pid: int) -> bool:
    try:
        ready_pid = int((Path(data_dir) / READY_FILE).read_text())
    except (OSError, ValueError):
        return False
    return ready_pid == pid and _process_alive(pid)


def _terminate(pid: int, timeout: float) -> bool:
    if not _process_alive(pid):
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _process_alive(pid):
            return True
        time.sleep(0.1)
    log.warning("the embedded database (pid %d) did not stop within %.0f s of SIGTERM: killed",
                pid, timeout)
    os.kill(pid, signal.SIGKILL)
    return True


def _process_alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)  # reap our own exited child
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except (OSError, IndexError):
        return False


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


def _ports(data_dir: Path) -> tuple[int, int]:
    """The ports of the last run when both are free again, else two free ones."""
    try:
        last = [int(p) for p in json.loads((data_dir / PORTS_FILE).read_text())]
    except (OSError, ValueError, TypeError):
        last = []
    if len(last) == 2 and all(_bindable(p) for p in last):
        return last[0], last[1]
    return _free_port(), _free_port()


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
