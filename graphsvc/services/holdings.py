"""Holdings use cases: DOCLINE CSV and KBART files, JSON lists, all or nothing.

Decisions:

- A DOCLINE file replaces every holding of the library in one transaction. A file with
  ``DELETE`` rows is an update instead (as DOCLINE uploads are): the stored holdings stay,
  except those the file deletes or adds again.
- A KBART file replaces the library's ELECTRONIC holdings and keeps its PRINT ones; titles
  whose ISSNs name no stored serial are reported, not created (KBART has no NLM Unique ID).
- A title the store does not know becomes a Serial from the file's title and ISSNs; a known
  title is left as stored (the catalogue is not overwritten by a library's file).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import PurePath

from graphsvc.errors import InvalidInput, NotFound
from graphsvc.io.docline_csv import parse_docline_bytes, write_docline_csv
from graphsvc.io.kbart import parse_kbart_bytes
from graphsvc.model import Holding, Serial
from graphsvc.services.network import checked_libid
from graphsvc.store.contract import Store

DOCLINE_SUFFIXES = (".csv",)
KBART_SUFFIXES = (".txt", ".tsv")


def import_holdings_file(store: Store, data: bytes, *, name: str, libid: str | None = None) -> dict:
    """Import a holdings file by its suffix: ``.csv`` DOCLINE, ``.txt``/``.tsv`` KBART.

    Returns what was read and written; raises InvalidInput listing every bad line (and
    changes nothing) or NotFound for an unknown library.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix in DOCLINE_SUFFIXES:
        return import_docline(store, data, libid=libid)
    if suffix in KBART_SUFFIXES:
        if not libid:
            msg = "a KBART file names no library: give its LIBID (--libid)"
            raise InvalidInput(msg, problems=[{"field": "libid", "message": msg}])
        return import_kbart(store, data, libid=libid)
    msg = f"{name}: not a bundle (.json), DOCLINE CSV (.csv) or KBART file (.txt, .tsv)"
    raise InvalidInput(msg, problems=[{"field": "file", "message": msg}])


def import_docline(store: Store, data: bytes, *, libid: str | None = None) -> dict:
    """Replace a library's holdings with a DOCLINE holdings CSV (see the module notes)."""
    parsed = parse_docline_bytes(data, libid=checked_libid(libid.upper()) if libid else None)
    target = _known_library(store, checked_libid(parsed.libid))
    added = list(parsed.holdings)
    if parsed.deletions:
        replaced = set(parsed.deletions) | {(h.nlm_uid, h.format) for h in added}
        current, _ = store.holdings(target)
        added = [h for h in current if (h.nlm_uid, h.format) not in replaced] + added
    outcome = _replace(store, target, added, parsed.serials)
    return {"libid": target, "format": "DOCLINE", "holding_rows": parsed.holding_rows,
            "range_rows": parsed.range_rows, "deletions": len(parsed.deletions), **outcome}


def import_kbart(store: Store, data: bytes, *, libid: str) -> dict:
    """Replace a library's ELECTRONIC holdings with a KBART title list."""
    target = _known_library(store, checked_libid(libid.strip().upper()))
    parsed = parse_kbart_bytes(data, libid=target,
                               serial_for_issn=functools.lru_cache(None)(store.serial_for_issn))
    current, _ = store.holdings(target)
    kept = [h for h in current if h.format != "ELECTRONIC"]
    outcome = _replace(store, target, kept + list(parsed.holdings), ())
    return {"libid": target, "format": "KBART", "rows": parsed.rows,
            "matched_rows": parsed.matched_rows, **outcome,
            "unmatched": [{"line": line, "title": title, "issns": list(issns)}
                          for line, title, issns in parsed.unmatched],
            "skipped": [{"line": line, "title": title, "reason": reason}
                        for line, title, reason in parsed.skipped]}


def replace_holdings(store: Store, libid: str, items: Iterable[dict]) -> dict:
    """Replace a library's holdings with JSON items (``Holding`` fields, ``libid`` optional
    and equal to ``libid``; ``title`` and ``issns`` create a serial the store lacks)."""
    target = _known_library(store, checked_libid(libid))
    holdings, serials, problems = [], {}, []
    for i, item in enumerate(items):
        item = dict(item)
        title, issns = item.pop("title", None), tuple(item.pop("issns", ()))
        if item.pop("libid", target) != target:
            problems.append({"field": f"[{i}].libid", "message": f"is not {target}"})
        holdings.append(Holding(target, **item))
        if title:
            serials.setdefault(item["nlm_uid"], Serial(item["nlm_uid"], title, issns))
    _check_unique(holdings, problems)
    if problems:
        msg = f"{len(problems)} holding(s) are not valid; nothing was changed"
        raise InvalidInput(msg, problems=problems)
    return {"libid": target, **_replace(store, target, holdings, serials.values())}


def get_holdings(store: Store, libid: str) -> list[dict]:
    """A library's holdings with their titles and ISSNs, as ``replace_holdings`` reads them."""
    holdings, serials = store.holdings(_known_library(store, checked_libid(libid)))
    return [{"holding": h, "title": serials[h.nlm_uid].title,
             "issns": list(serials[h.nlm_uid].issns)} for h in holdings]


def export_holdings_csv(store: Store, libid: str) -> str:
    """A library's holdings as a DOCLINE holdings CSV (the 2023 layout, with ``libid``)."""
    holdings, serials = store.holdings(_known_library(store, checked_libid(libid)))
    return write_docline_csv(holdings, serials, libid_column=True)


# --- helpers ---------------------------------------------------------------------------------

def _known_library(store: Store, libid: str) -> str:
    if store.library(libid) is None:
        msg = f"no library {libid}"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])
    return libid


def _check_unique(holdings: list[Holding], problems: list[dict]) -> None:
    first: dict[tuple[str, str], int] = {}
    for i, h in enumerate(holdings):
        key = (h.nlm_uid, h.format)
        if key in first:
            problems.append({"field": f"[{i}].nlm_uid", "message": (
                f"a second {h.format} holding of {h.nlm_uid} (first at [{first[key]}])")})
        first.setdefault(key, i)


def _replace(store: Store, libid: str, holdings: list[Holding], serials: Iterable[Serial]) -> dict:
    """Check every title exists (or comes with the file), then replace in one transaction."""
    known = store.keys()["serials"]
    new = {s.nlm_uid: s for s in serials if s.nlm_uid not in known}
    missing = sorted({h.nlm_uid for h in holdings} - known - set(new))
    if missing:
        problems = [{"field": "nlm_uid", "message": f"unknown serial {uid} and no title to "
                                                    "create it from"} for uid in missing]
        msg = f"{len(missing)} unknown serial(s) without a title; nothing was changed"
        raise InvalidInput(msg, problems=problems)
    written = store.replace_holdings(libid, holdings, new.values())
    return {"holdings": len(holdings), "ranges": sum(len(h.ranges) for h in holdings),
            "serials_created": len(new), "holdings_removed": written["deleted"]}
