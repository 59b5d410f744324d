"""`make wheel-check`: install the wheel in a fresh virtualenv outside the checkout, start the
embedded database, import the demo network, serve, and route one request.

Dependencies come from this checkout's virtualenv (a ``.pth`` line naming its site-packages,
whose editable-install hook is not run), so only the wheel itself is installed; the check
runs from a temporary folder, so nothing of the checkout is importable.
"""

from __future__ import annotations

import json
import os
import site
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.packaging.wheel import build_wheel

BODY = {"borrower": "NCUSRC", "citation": {"issn": "0028-4793", "year": 2015, "volume": "372"},
        "seed": 7}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _venv(folder: Path, wheel: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    lib = next((folder / "lib").glob("python3*")) / "site-packages"
    (lib / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(lib), str(wheel)], check=True, timeout=300)
    script = folder / "bin" / "graphsvc"
    script.write_text(f"#!{folder}/bin/python\nimport sys\nfrom graphsvc.cli import main\n"
                      "sys.exit(main())\n")
    script.chmod(0o755)
    return script


def _wait_ready(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/v1/ready", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(1)


def test_the_installed_wheel_serves_and_routes(tmp_path):
    graphsvc = _venv(tmp_path / "venv", build_wheel(tmp_path / "dist"))
    env = {**os.environ, "GRAPHSVC_DATA_DIR": str(tmp_path / "var")}
    env.pop("GRAPHSVC_NEO4J_URI", None)
    env.pop("PYTHONPATH", None)

    def run(*args):
        done = subprocess.run([str(graphsvc), *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
        return done

    where = run("db", "start")
    assert "embedded database" in where.stdout
    try:
        demo = subprocess.run([str(tmp_path / "venv/bin/python"), "-c",
                               "from graphsvc.resources import demo_bundle; print(demo_bundle())"],
                              cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
        assert "site-packages/graphsvc/_data/seeds" in demo.stdout
        imported = json.loads(run("import", demo.stdout.strip()).stdout)
        assert imported["libraries"] > 100
        port = _free_port()
        server = subprocess.Popen([str(graphsvc), "serve", "--port", str(port), "--workers", "1"],
                                  cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_ready(url)
            routed = urllib.request.Request(
                f"{url}/v1/routing/lender-sequence", data=json.dumps(BODY).encode(),
                headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(routed, timeout=60) as answer:
                lenders = json.loads(answer.read())["lenders"]
            assert lenders and lenders[0]["libid"]
            with urllib.request.urlopen(f"{url}/v1/docs", timeout=30) as page:
                assert b"swagger-ui-bundle.js" in page.read()
        finally:
            server.terminate()
            server.wait(timeout=60)
    finally:
        run("db", "stop")
