"""The catalog of serials: which title an ISSN names, and who may give it to another.

Serials are created and changed only by the admin's catalog (bundle) import; a library's
holdings never touch them (see :mod:`graphsvc.services.holdings`). An ISSN that already names
one serial may be given to another only when the bundle states the title change between the
two (``continues`` / ``continued_by``): otherwise one bundle line could take over a title such
as NEJM's 0028-4793 and every citation of it would name two serials.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graphsvc.errors import InvalidInput
from graphsvc.model import Serial
from graphsvc.routing.title import normalise_issn
from graphsvc.store.contract import Store


def title_change(a: Serial, b: Serial) -> bool:
    """Whether ``a`` and ``b`` are linked by ``continues``/``continued_by`` either way.

    >>> title_change(Serial("2", "New", continues="1"), Serial("1", "Old"))
    True
    >>> title_change(Serial("2", "Other"), Serial("1", "Old"))
    False
    """
    return b.nlm_uid in (a.continues, a.continued_by) or a.nlm_uid in (b.continues,
                                                                       b.continued_by)


def issn_claim_problems(serials: Sequence[Serial],
                        stored: Mapping[str, Sequence[Serial]]) -> list[dict]:
    """Problems (``position``, ``field``, ``message``) of bundle serials that take an ISSN a
    stored serial has, without a title change between the two stated in the bundle (or the
    store). A serial keeps the ISSNs it already has; serials of one bundle may share an ISSN
    (NLM's own catalog does): the bundle is the admin's statement of the catalog, so an ISSN a
    stored serial keeps no longer (the bundle states it without) is free to take.

    Parameters
    ----------
    serials : sequence of Serial
        The bundle's serials in bundle order.
    stored : mapping of str to sequence of Serial
        ISSN (any spelling) -> the stored serials it identifies.

    Examples
    --------
    >>> nejm = Serial("0255562", "NEJM", ("0028-4793",))
    >>> fake = Serial("9999996", "Fake", ("00284793",))
    >>> [p["field"] for p in issn_claim_problems([fake], {"0028-4793": [nejm]})]
    ['issns[0]']
    >>> issn_claim_problems([Serial("9999996", "NEJM 2", ("0028-4793",), continues="0255562")],
    ...                     {"0028-4793": [nejm]})
    []
    >>> issn_claim_problems([fake, Serial("0255562", "NEJM", ())], {"0028-4793": [nejm]})
    []
    """
    in_bundle = {s.nlm_uid: s for s in serials}
    owners = {}
    for code, found in stored.items():
        code = normalise_issn(code)
        owners[code] = [s for s in (in_bundle.get(s.nlm_uid, s) for s in found)
                        if code in {normalise_issn(i) for i in s.issns}]
    problems = []
    for i, serial in enumerate(serials):
        for j, issn in enumerate(serial.issns):
            holders = owners.get(normalise_issn(issn), [])
            if serial.nlm_uid in {h.nlm_uid for h in holders}:
                continue
            problems += [{"position": f"serials[{i}]", "field": f"issns[{j}]",
                          "message": _taken(issn, serial, other)}
                         for other in holders if not title_change(serial, other)]
    return problems


def _taken(issn: str, serial: Serial, other: Serial) -> str:
    return (f"ISSN {issn} already names serial {other.nlm_uid} ({other.title}); serial "
            f"{serial.nlm_uid} may share it only if the bundle states the title change "
            f"(continues/continued_by)")


def check_issn_claims(store: Store, serials: Sequence[Serial]) -> None:
    """InvalidInput naming each serial and ISSN a bundle would take from another serial."""
    if not serials:
        return
    stored = store.serials_by_issn([issn for s in serials for issn in s.issns])
    problems = issn_claim_problems(serials, stored)
    if problems:
        msg = f"{len(problems)} ISSN(s) of the bundle already name another serial; nothing " \
            "was changed"
        raise InvalidInput(msg, problems=problems)
