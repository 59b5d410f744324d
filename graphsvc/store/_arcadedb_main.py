"""Process entry point of the embedded server: ``python -m graphsvc.store._arcadedb_main``
(:mod:`graphsvc.store.embedded` calls :func:`main` of its own copy of graphsvc).

Arguments: root path, Bolt port, HTTP port, database name, JVM heap, root password file, service
password file, ready file (written with this process's pid once the database and the service's
user exist: :mod:`graphsvc.store.service_user`).
Runs until SIGTERM/SIGINT, then stops the server cleanly and exits at once, whoever is
still connected.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from typing import NoReturn


def main(argv: list[str]) -> NoReturn:
    if len(argv) == 7:  # a parent of before the service user: no service password file
        argv = [*argv[:6], None, argv[6]]
    root, bolt_port, http_port, database, heap, password_file, service_file, ready_file = argv
    from arcadedb_embedded.server import ArcadeDBServer

    from graphsvc.store import service_user

    config = {
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "bolt_port": int(bolt_port),
        "http_port": int(http_port),
        "host": "127.0.0.1",
        "server_defaultDatabases": f"{database}[root]",
    }
    root_password = Path(password_file).read_text().strip()
    server = ArcadeDBServer(root_path=root, root_password=root_password, config=config,
                            jvm_kwargs={"heap_size": heap})
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    server.start()
    if service_file:
        service_user.prepare(int(http_port), root_password,
                             Path(service_file).read_text().strip(), database)
    Path(ready_file).write_text(str(os.getpid()))
    print("graphsvc: embedded database ready", flush=True)
    done.wait()
    Path(ready_file).unlink(missing_ok=True)
    server.stop()
    # The databases are closed now. The JVM would still wait for the Bolt threads of clients
    # that keep their connections open (a running service's driver), until stop()'s caller
    # kills it 30 s later: leave at once instead.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
