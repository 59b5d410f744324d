"""What no response may quote: the database's address, page and file names, Cypher."""

from __future__ import annotations

import re

INTERNALS = re.compile(
    r"127\.0\.0\.1:\d+|localhost:\d+|bolt://|PageId|page \d|\.cypher|\.log\b|/tmp/|/var/|"
    r"\bMATCH \(|\bMERGE \(|\bUNWIND \$|neo4j_code|Neo\.\w+Error|Traceback")


def assert_no_internals(text: str) -> None:
    """Fail naming the first internal detail found in a response body."""
    found = INTERNALS.search(text)
    assert found is None, f"response quotes {found.group(0)!r}: {text[:300]}"
