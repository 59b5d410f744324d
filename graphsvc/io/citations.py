"""Citations as real clients write them: OpenURL queries and the columns of ILL logs.

Link resolvers and ILL staff write ISSNs with or without the hyphen, several in one field,
with trailing spaces or labels ("ISSN Print 0887-6177"); years as "2015-04-01", "9 2016" or
"20130901"; volumes as "16 Suppl 2", "v25 n2 (201002)" or "2016 Apr; 51(4): 728-47"; journal
titles with trailing punctuation and subtitles. These pure functions turn them into the
fields routing needs, and say what is missing when they cannot.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping

from graphsvc.fields import is_whole_number
from graphsvc.model import Citation

YEARS = (1500, 2100)
_ISSN = re.compile(r"(?<!\d)(?<!\d-)(\d{4})[-\u2010-\u2013]?(\d{3}[\dXx])(?![\dXx-])")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?:\d\d){0,2}(?!\d)")
_VOLUME_PREFIX = re.compile(r"^v(?:ol(?:ume)?)?\.?\s*(\d{1,4})(?!\d)", re.I)
_PUBMED_STYLE = re.compile(r"^\d{4}(?:-\d{2,4})?(?:\s+[A-Za-z]{3}[^;]*)?;\s*(\d{1,4})(?!\d)")
_LEADING_VOLUME = re.compile(
    r"^(\d{1,4})(\s+(?:suppl(?:ement)?|pt|part)\.?\s*\w{1,4})?(?=$|\s*[(:,]|-[A-Za-z]$)", re.I)
_ROMAN_VOLUME = re.compile(r"^(?:vol(?:ume)?\.?\s+)?([IVXLC]+)(?:\s*\((\d{1,4})\))?$", re.I)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_PMID = re.compile(r"^(?:info:pmid/|pmid:)?\s*(\d{1,10})$", re.I)
_SUBTITLE = re.compile(r"\s+[:/=;]\s+|\s+[/=]$")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")

ISSN_KEYS = ("rft.issn", "rft.eissn", "issn", "eissn")
TITLE_KEYS = ("rft.jtitle", "rft.title", "rft.stitle", "title", "stitle")
BOOK_TITLE_KEYS = ("rft.btitle", "rft.title", "title")
DATE_KEYS = ("rft.date", "date")
VOLUME_KEYS = ("rft.volume", "volume")
PMID_KEYS = ("rft_id", "id", "pmid")


@dataclasses.dataclass(frozen=True)
class CitationFields:
    """What a citation says about the journal and the issue, cleaned."""

    issns: tuple[str, ...] = ()
    title: str | None = None
    year: int | None = None
    volume: str | None = None
    pmid: str | None = None


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def issn_check_digit_ok(issn: str) -> bool:
    """Whether the last character of a ``NNNN-NNNC`` ISSN is its check digit.

    >>> issn_check_digit_ok("0028-4793"), issn_check_digit_ok("0028-4794")
    (True, False)
    """
    digits = issn.replace("-", "")
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=False))
    check = -total % 11
    return digits[7].upper() == ("X" if check == 10 else str(check))


def parse_issns(text) -> list[str]:
    """Every ISSN in a field, as ``NNNN-NNNC``, in order and without repeats.

    Hyphens, spaces, labels and separators are ignored; ISBNs, DOIs and longer numbers
    are not ISSNs.

    >>> parse_issns("1525-5794; 1550-512x "), parse_issns("22138587")
    (['1525-5794', '1550-512X'], ['2213-8587'])
    >>> parse_issns("ISSN: ISSN-1047-7942"), parse_issns("978-1-58603-454-2"), parse_issns(None)
    (['1047-7942'], [], [])
    """
    found = (f"{m.group(1)}-{m.group(2).upper()}" for m in _ISSN.finditer(_text(text)))
    return list(dict.fromkeys(found))


def parse_year(value) -> int | None:
    """The publication year of a date as written, or ``None``.

    >>> [parse_year(x) for x in ("2015-04-01", "9 2016", "20130901", "198310", 2017.0)]
    [2015, 2016, 2013, 1983, 2017]
    >>> parse_year("2017 May - Jun ; Epub 2017 Apr"), parse_year("EPUB"), parse_year(None)
    (2017, None, None)
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    found = _YEAR.search(_text(value))
    year = int(found.group(1)) if found else None
    return year if year is not None and YEARS[0] <= year <= YEARS[1] else None


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


def parse_volume(value) -> str | None:
    """A volume label holdings can be checked against, or ``None`` when there is none.

    Supplements and parts are kept ("16 Suppl 2"); issue, pages and dates are dropped.

    >>> [parse_volume(x) for x in ("16 Suppl 2", " 76", "63(3), 827-834", "95-B", 25.0)]
    ['16 Suppl 2', '76', '63', '95', '25']
    >>> [parse_volume(x) for x in ("v25 n2 (201002): 208-212", "2016 Apr; 51(4): 728-47",
    ...                            "1982-1983; 17(1): 37-49")]
    ['25', '51', '17']
    >>> [parse_volume(x) for x in ("VOLUME IV", "LXX (70)", "EPUB", "2017 Mar 24", "n/a")]
    ['4', '70', None, None, None]
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return None
    text = _text(value)
    if is_whole_number(text):
        return str(int(text)) if 0 < int(text) < 10000 else None
    for pattern in (_VOLUME_PREFIX, _PUBMED_STYLE):
        found = pattern.match(text)
        if found:
            return str(int(found.group(1)))
    found = _LEADING_VOLUME.match(text)
    if found:
        suffix = " ".join((found.group(2) or "").split())
        return " ".join(filter(None, (str(int(found.group(1))), suffix.title().replace(
            "Suppl.", "Suppl"))))
    found = _ROMAN_VOLUME.match(text)
    if found:
        return found.group(2) or str(_roman(found.group(1)))
    return None


def normalise_title(text) -> str:
    """A journal title in comparable form: no accents, case, punctuation or leading "The".

    >>> normalise_title("The journal of sport & exercise psychology.")
    'journal of sport and exercise psychology'
    >>> normalise_title("Revista médico-chirurgicală ")
    'revista medico chirurgicala'
    """
    decomposed = unicodedata.normalize("NFKD", _text(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.sub(r"[\W_]+", " ", plain.replace("&", " and ")).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def main_title(text) -> str:
    """A title without its subtitle, statement of responsibility or bracketed qualifier.

    >>> main_title("European journal of sport science : the official journal of the ECSS.")
    'European journal of sport science'
    >>> main_title("Archives of ophthalmology (Chicago, Ill. : 1960)")
    'Archives of ophthalmology'
    """
    unbracketed = _BRACKETED.sub(" ", _text(text))
    return _SUBTITLE.split(unbracketed, maxsplit=1)[0].strip()


def title_keys(title) -> list[str]:
    """The keys a title is found by: the whole title, then the title without its subtitle.

    >>> title_keys("Journal of vision"), title_keys("OTJR : occupation, participation and health.")
    (['journal of vision'], ['otjr occupation participation and health', 'otjr'])
    """
    keys = (normalise_title(title), normalise_title(main_title(title)))
    return [key for key in dict.fromkeys(keys) if key]


def _values(params: Mapping, keys: tuple[str, ...]) -> list[tuple[str, object]]:
    """``(key, value)`` of each non-blank value of ``keys``; a key may hold a list."""
    found = []
    for key in keys:
        value = params.get(key)
        for one in value if isinstance(value, (list, tuple)) else [value]:
            if _text(one):
                found.append((key, one))
    return found


def _pmid(params: Mapping) -> tuple[str | None, list[dict]]:
    for key, value in _values(params, PMID_KEYS):
        text = _text(value)
        if key != "pmid" and not text.lower().startswith(("info:pmid/", "pmid:")):
            continue  # another identifier (a DOI, an SFX object id)
        found = _PMID.match(text)
        if not found:
            msg = f"{text!r} is not a PubMed ID (e.g. info:pmid/12345678)"
            return None, [{"field": key, "message": msg}]
        return found.group(1), []
    return None, []


def _first(params: Mapping, keys: tuple[str, ...], parse) -> tuple[object, list[str]]:
    """The first value of ``keys`` that ``parse`` accepts, and the texts it refused."""
    refused = []
    for _, value in _values(params, keys):
        parsed = parse(value)
        if parsed is not None:
            return parsed, refused
        refused.append(repr(_text(value)))
    return None, refused


def _title_problems(issn_texts: list, title) -> list[dict]:
    if title:
        return []
    msg = "give rft.issn, rft.eissn or rft.jtitle to name the journal"
    if issn_texts:
        msg += f" ({', '.join(repr(_text(v)) for _, v in issn_texts)} holds no ISSN)"
    return [{"field": "rft.issn", "message": msg}]


def openurl_citation(params: Mapping) -> tuple[CitationFields, list[dict]]:
    """The citation of an OpenURL 1.0 (``rft.*``) or 0.1 KEV query, and what is missing.

    Parameters
    ----------
    params : Mapping
        Query keys to a value or a list of values (``rft.issn``, ``rft.eissn``,
        ``rft.jtitle``, ``rft.date``, ``rft.volume``, ``rft_id=info:pmid/...``; or the 0.1
        keys ``issn``, ``eissn``, ``title``, ``date``, ``volume``, ``pmid``, ``id=pmid:...``).

    Returns
    -------
    tuple of CitationFields and list of dict
        The cleaned fields, and problems ``{"field", "message"}``: no ISSN or journal title,
        no year or volume to check holdings against, a malformed PubMed ID.

    Examples
    --------
    >>> fields, problems = openurl_citation({"rft.issn": "15334406", "rft.date": "2015-04-01",
    ...                                      "rft_id": ["info:doi/10.1/x", "info:pmid/25"]})
    >>> fields, problems
    (CitationFields(issns=('1533-4406',), title=None, year=2015, volume=None, pmid='25'), [])
    >>> [p["field"] for p in openurl_citation({"title": "", "volume": "EPUB"})[1]]
    ['rft.issn', 'rft.date']
    """
    issn_texts = _values(params, ISSN_KEYS)
    issns = tuple(dict.fromkeys(i for _, text in issn_texts for i in parse_issns(text)))
    title = next((" ".join(_text(v).split()) for _, v in _values(params, TITLE_KEYS)), None)
    year, bad_dates = _first(params, DATE_KEYS, parse_year)
    volume, bad_volumes = _first(params, VOLUME_KEYS, parse_volume)
    pmid, problems = _pmid(params)
    if not issns:
        problems += _title_problems(issn_texts, title)
    if year is None and volume is None:
        refused = ", ".join(bad_dates + bad_volumes)
        msg = "give rft.date or rft.volume to check holdings" + \
            (f" (no year or volume in {refused})" if refused else "")
        problems.append({"field": "rft.date", "message": msg})
    return CitationFields(issns, title, year, volume, pmid), problems


BOOK_FORMAT = "info:ofi/fmt:kev:mtx:book"
_ISBN = re.compile(r"^(?:97[89])?\d{9}[\dX]$")


def is_book(params: Mapping) -> bool:
    """Whether an OpenURL cites a book: ``rft.genre`` (or 0.1 ``genre``) ``book`` or
    ``bookitem``, or the book metadata format.

    >>> is_book({"rft.genre": "book"}), is_book({"rft_val_fmt": BOOK_FORMAT}), is_book({})
    (True, True, False)
    """
    genres = {_text(v).lower() for _, v in _values(params, ("rft.genre", "genre"))}
    return bool(genres & {"book", "bookitem"}) or \
        any(_text(v) == BOOK_FORMAT for _, v in _values(params, ("rft_val_fmt",)))


def parse_isbn(text) -> str | None:
    """An ISBN-10 or ISBN-13 without hyphens or spaces, or ``None``.

    >>> parse_isbn("978-1-58603-454-2"), parse_isbn("0-19-852663-x"), parse_isbn("12")
    ('9781586034542', '019852663X', None)
    """
    plain = re.sub(r"[\s-]", "", _text(text)).upper()
    return plain if _ISBN.match(plain) else None


def book_citation(params: Mapping) -> Citation:
    """The citation of an OpenURL for a book: its title, ISBN, year and author.

    >>> book_citation({"rft.btitle": "Gray's anatomy", "rft.isbn": "978-0-7020-5230-9",
    ...                "rft.date": "2015"})
    Citation(nlm_uid=None, issn=None, year=2015, volume=None, epub_date=None, pmid=None, \
title="Gray's anatomy", author=None, isbn='9780702052309')
    """
    title = next((" ".join(_text(v).split()) for _, v in _values(params, BOOK_TITLE_KEYS)),
                 None)
    isbn, _ = _first(params, ("rft.isbn", "isbn"), parse_isbn)
    year, _ = _first(params, DATE_KEYS, parse_year)
    author = next((_text(v) for _, v in _values(params, ("rft.au", "au"))), None)
    return Citation(title=title, isbn=isbn, year=year, author=author)


def title_index(serials: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Title key -> the NLM Unique IDs of the serials it finds, from ``(nlm_uid, title)`` pairs.

    >>> index = title_index([("1", "Brain : a journal of neurology"), ("2", "Brain (Basel)")])
    >>> index["brain a journal of neurology"], index["brain"]
    (['1'], ['1', '2'])
    """
    index: dict[str, list[str]] = {}
    for nlm_uid, title in serials:
        for key in title_keys(title):
            index.setdefault(key, []).append(nlm_uid)
    return index


def find_by_title(index: Mapping[str, list[str]], title) -> list[str]:
    """The serials a cited journal title names: by the whole title, else without subtitle.

    >>> index = title_index([("1", "Journal of vision"),
    ...                      ("2", "OTJR : occupation, participation and health")])
    >>> find_by_title(index, "The journal of vision."), find_by_title(index, "OTJR.")
    (['1'], ['2'])
    """
    for key in title_keys(title):
        found = index.get(key)
        if found:
            return list(dict.fromkeys(found))
    return []
