"""Reading a bundle: every record of every section, then the references between them."""

from __future__ import annotations

from graphsvc.errors import InvalidInput
from graphsvc.io.bundle.checks import Problems, Rows, check_references
from graphsvc.io.bundle.readers import LAYOUTS, SECTIONS, BadValue, json_kind
from graphsvc.model import Network


def load_bundle(data: dict, *, known_libids: frozenset[str] = frozenset(),
                known_groups: frozenset[str] = frozenset(),
                known_serials: frozenset[str] = frozenset()) -> Network:
    """Read a network bundle, checking every record and every cross reference.

    Parameters
    ----------
    data : dict
        The parsed JSON bundle; every section is optional.
    known_libids, known_groups, known_serials : frozenset of str, keyword-only
        Records already stored; references to them count as satisfied (for bundles that
        extend a stored network). Group membership (R17) is only checked for groups in
        the bundle.

    Returns
    -------
    Network

    Raises
    ------
    InvalidInput
        Naming every bad record in ``problems`` (``position``, ``field``, ``message``).

    Examples
    --------
    >>> net = load_bundle({"libraries": [{"libid": "ORUPAC", "name": "Pacific"}]})
    >>> net.libraries[0].libid, net.libraries[0].type
    ('ORUPAC', 'PAL')
    >>> load_bundle({"libraries": [{"libid": "ORU1", "name": "x"}]})
    Traceback (most recent call last):
    graphsvc.errors.InvalidInput: bundle has 1 bad record
    """
    problems = Problems()
    if not isinstance(data, dict):
        problems.add("bundle", "", f"must be an object, got {json_kind(data)}")
        data = {}
    for key in sorted(set(data) - set(SECTIONS)):
        problems.add("bundle", key, f"unknown section {key!r}; expected {', '.join(SECTIONS)}")
    rows, seen = {}, {}
    for section in SECTIONS:
        rows[section], seen[section] = _read_section(section, data.get(section, []), problems)
    check_references(rows, problems, known_libids | seen["libraries"],
                     known_groups | seen["groups"], known_serials | seen["serials"])
    if problems:
        bad = len({p["position"] for p in problems})
        msg = f"bundle has {bad} bad record{'' if bad == 1 else 's'}"
        raise InvalidInput(msg, problems=list(problems))
    return Network(**{section: tuple(r for _, r in rows[section]) for section in SECTIONS})


def _read_section(section: str, records, problems: Problems) -> tuple[Rows, set[str]]:
    """The section's good records, and the keys of every record whose key could be read.

    The keys let references to a record that is bad for another reason count as
    satisfied, so that one bad field is reported once.
    """
    if not isinstance(records, list):
        problems.add(section, "", f"must be an array, got {json_kind(records)}")
        return [], set()
    record_class, layout = LAYOUTS[section]
    key = next(iter(layout))
    rows, seen = [], set()
    for i, raw in enumerate(records):
        position = f"{section}[{i}]"
        values, complete = _read_record(position, raw, layout, problems)
        if complete:
            rows.append((position, record_class(**values)))
        if key in values:
            seen.add(values[key])
    return rows, seen


def _read_record(position: str, raw, layout: dict, problems: Problems) -> tuple[dict, bool]:
    """The record's readable fields, and whether every required one is among them."""
    if not isinstance(raw, dict):
        problems.add(position, "", f"must be an object, got {json_kind(raw)}")
        return {}, False
    values, complete = {}, True
    for name, value in raw.items():
        if name not in layout:
            problems.add(position, name, f"unknown field {name!r}")
            continue
        try:
            values[name] = layout[name][0](value)
        except BadValue as bad:
            problems.add(position, name + bad.part, bad.message)
            complete = complete and not layout[name][1]
    for name, (_, required) in layout.items():
        if required and name not in raw:
            problems.add(position, name, "is required")
            complete = False
    return values, complete
