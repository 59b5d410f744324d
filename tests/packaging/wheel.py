"""Build the project's wheel into a folder (shared by the wheel tests)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def build_wheel(out: Path) -> Path:
    """``pip wheel`` of the checkout (no dependencies) into ``out``; the wheel's path."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                    str(REPO)], check=True, timeout=600, capture_output=True)
    return next(out.glob("graphsvc-*.whl"))


def wheel_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())
