"""Process entry point of the embedded server: ``python -m graphsvc.store._arcadedb_main``.

Arguments: root path, Bolt port, HTTP port, database name, JVM heap, password file, ready file
(written with this process's pid once the database exists).
Runs until SIGTERM/SIGINT, then stops the server cleanly.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path


def main(argv: list[str]) -> int:
    root, bolt_port, http_port, database, heap, password_file, ready_file = argv
    from arcadedb_embedded.server import ArcadeDBServer

    config = {
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "bolt_port": int(bolt_port),
        "http_port": int(http_port),
        "host": "127.0.0.1",
        "server_defaultDatabases": f"{database}[root]",
    }
    server = ArcadeDBServer(root_path=root, root_password=Path(password_file).read_text().strip(),
                            config=config, jvm_kwargs={"heap_size": heap})
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    server.start()
    Path(ready_file).write_text(str(os.getpid()))
    print("graphsvc: embedded database ready", flush=True)
    done.wait()
    Path(ready_file).unlink(missing_ok=True)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
