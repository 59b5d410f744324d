"""Where the service's data files are: the Cypher queries and the seeds (regions, demo).

In a checkout (and an editable install) they are the repository's ``cypher/`` and ``seeds/``;
a built wheel carries copies in ``graphsvc/_data/`` (``setup.py`` puts them there), which win
when present.
"""

from __future__ import annotations

from pathlib import Path

PACKAGED = Path(__file__).resolve().parent / "_data"
CHECKOUT = Path(__file__).resolve().parents[1]


def data_dir(name: str) -> Path:
    """The folder ``name`` (``"cypher"`` or ``"seeds"``): packaged copy, else the checkout's.

    >>> data_dir("cypher").name
    'cypher'
    """
    packaged = PACKAGED / name
    return packaged if packaged.is_dir() else CHECKOUT / name


def demo_bundle() -> Path:
    """The demo network bundle (``seeds/demo.json``)."""
    return data_dir("seeds") / "demo.json"
