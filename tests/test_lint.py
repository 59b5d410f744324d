"""ruff holds the line over the whole tree: pycodestyle errors, pyflakes, bugbear, simplify,
pyupgrade and a complexity limit of 10, as pyproject.toml selects them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    found = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                            "--output-format", "concise", str(REPO)],
                           cwd=REPO, capture_output=True, text=True, check=False)
    assert found.returncode == 0, found.stdout + found.stderr
