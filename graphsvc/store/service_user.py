"""The embedded server's database user for the service: records of its database, nothing else.

ArcadeDB keeps server users (``config/server-users.jsonl``) and groups per database
(``config/server-groups.json``). Each time the embedded server starts, its own process (as root,
over the server's HTTP API on the loopback) makes sure of:

- the group ``service`` of the graphsvc database: create, read, update and delete records of
  every type; none of ``updateSchema``, ``updateSecurity``, ``updateDatabaseSettings``;
- the user ``graphsvc``, in that group of that database only, with the password of the data
  directory's ``service-password`` file (mode 0600, made on first start);
- every node label and relationship type the service writes (the SQL script
  ``cypher/arcadedb/service_types.sql``): in ArcadeDB a new label is a new type, which is
  schema.

The service (``graphsvc serve``, ``api.wsgi``) connects as ``graphsvc``; root stays for the
admin steps: constraints and indexes (``ensure_schema``), the bulk batch endpoint of an import
into an empty database, and server commands, which ArcadeDB lets only root run (create or drop
a database, users, shutdown).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request

from graphsvc.resources import data_dir

SERVICE_USER = "graphsvc"
GROUP = "service"
RECORDS = ["createRecord", "readRecord", "updateRecord", "deleteRecord"]
TYPES_SCRIPT = data_dir("cypher") / "arcadedb" / "service_types.sql"


class _Admin:
    """Root's calls to the server's HTTP API on the loopback."""

    def __init__(self, http_port: int, root_password: str):
        self.base = f"http://127.0.0.1:{http_port}/api/v1"
        token = base64.b64encode(f"root:{root_password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(),
                                         headers=self.headers, method="POST")
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"{}")

    def server_command(self, command: str, *, may_fail: bool = False) -> None:
        try:
            self.post("/server", {"command": command})
        except urllib.error.HTTPError:
            if not may_fail:
                raise


def prepare(http_port: int, root_password: str, service_password: str, database: str) -> None:
    """Make the service's group, user and types on a running server (idempotent)."""
    admin = _Admin(http_port, root_password)
    admin.post("/server/groups", {"database": database, "name": GROUP, "resultSetLimit": -1,
                                  "readTimeout": -1, "access": [],
                                  "types": {"*": {"access": RECORDS}}})
    admin.server_command(f"drop user {SERVICE_USER}", may_fail=True)  # (a new password)
    user = {"name": SERVICE_USER, "password": service_password, "databases": {database: [GROUP]}}
    admin.server_command(f"create user {json.dumps(user)}")
    script = [line for line in TYPES_SCRIPT.read_text().splitlines()
              if line.strip() and not line.startswith("--")]  # (the header)
    admin.post(f"/command/{database}", {"language": "sqlscript", "command": "\n".join(script)})
