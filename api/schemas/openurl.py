"""The query of GET /v1/routing/openurl: an OpenURL citation plus the routing options."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma
from marshmallow import fields, validate

from api.schemas.network import LIBID
from api.schemas.rules import FEE, Boolean, Day, Float, Instant, Integer, QueryString
from graphsvc import model
from graphsvc.io.citations import BOOK_FORMAT

JOURNAL_FORMAT = "info:ofi/fmt:kev:mtx:journal"
_SHORT = validate.Length(max=500)


def _text(key: str, description: str) -> fields.String:
    return fields.String(data_key=key, validate=_SHORT, metadata={"description": description})


def _ids(key: str, description: str) -> fields.List:
    return fields.List(fields.String(validate=_SHORT), data_key=key,
                       validate=validate.Length(max=20), metadata={"description": description})


# Attribute name -> OpenURL key; the service reads the citation by these keys.
CITATION_KEYS = {
    "rft_issn": "rft.issn", "rft_eissn": "rft.eissn", "rft_jtitle": "rft.jtitle",
    "rft_title": "rft.title", "rft_stitle": "rft.stitle", "rft_date": "rft.date",
    "rft_volume": "rft.volume", "rft_id": "rft_id", "issn": "issn", "eissn": "eissn",
    "title": "title", "date": "date", "volume": "volume", "pmid": "pmid", "id": "id",
    "rft_genre": "rft.genre", "genre": "genre", "rft_btitle": "rft.btitle",
    "rft_isbn": "rft.isbn", "isbn": "isbn", "rft_au": "rft.au", "rft_val_fmt": "rft_val_fmt",
}
POLICY = ("honour_max_cost", "resource_library_stage", "load_aware")


class OpenURLQuerySchema(QueryString, ma.Schema):
    """OpenURL 1.0 KEV (``rft.*``) or 0.1 keys; other keys (rft.atitle, sid...) are
    accepted and ignored, as link resolvers send many."""

    class Meta:
        unknown = ma.EXCLUDE
        ordered = True

    url_ver = fields.String(validate=validate.OneOf(["Z39.88-2004"]))
    rft_val_fmt = fields.String(data_key="rft_val_fmt", validate=validate.OneOf(
        [JOURNAL_FORMAT, BOOK_FORMAT], error="journal and book citations only"),
        metadata={"description": "Journal or book format; a book goes through the "
                                 "borrower's manual map."})
    rft_genre = _text("rft.genre", "article, journal...; book or bookitem goes through the "
                                   "borrower's manual map (DOCLINE's M routing).")
    genre = _text("genre", "OpenURL 0.1 genre (book: the manual map).")
    rft_btitle = _text("rft.btitle", "Book title.")
    rft_isbn = _text("rft.isbn", "ISBN of a book.")
    isbn = _text("isbn", "OpenURL 0.1 ISBN.")
    rft_au = _text("rft.au", "Author (books).")
    rft_issn = _text("rft.issn", "Print ISSN; hyphen optional; several may be listed.")
    rft_eissn = _text("rft.eissn", "Electronic ISSN.")
    rft_jtitle = _text("rft.jtitle", "Journal title, used when no ISSN is known.")
    rft_title = _text("rft.title", "Journal title (older 1.0 clients).")
    rft_stitle = _text("rft.stitle", "Abbreviated journal title.")
    rft_date = _text("rft.date", "Publication date: 2015, 2015-04-01, '9 2016', ...")
    rft_volume = _text("rft.volume", "Volume: 372, '16 Suppl 2', ...")
    rft_id = _ids("rft_id", "Identifiers: info:pmid/12345678 (info:doi/... is ignored).")
    issn = _text("issn", "OpenURL 0.1 ISSN.")
    eissn = _text("eissn", "OpenURL 0.1 electronic ISSN.")
    title = _text("title", "OpenURL 0.1 journal title.")
    date = _text("date", "OpenURL 0.1 date.")
    volume = _text("volume", "OpenURL 0.1 volume.")
    pmid = _text("pmid", "PubMed ID.")
    id = _ids("id", "OpenURL 0.1 identifiers: pmid:12345678.")

    borrower = fields.String(required=True, validate=LIBID)
    service_level = fields.String(load_default="NORMAL",
                                  validate=validate.OneOf(model.SERVICE_LEVELS))
    delivery = fields.String(load_default="EMAIL_PDF",
                             validate=validate.OneOf(model.DELIVERY_METHODS))
    alternates = fields.List(fields.String(validate=validate.OneOf(model.DELIVERY_METHODS)),
                             load_default=list, validate=validate.Length(max=10))
    format = fields.String(load_default="ANY", validate=validate.OneOf(model.REQUEST_FORMATS))
    efts_only = Boolean(load_default=False)
    direct_to = fields.String(load_default=None, validate=LIBID)
    cells = fields.List(Integer(validate=validate.Range(1, 9)),
                        load_default=lambda: list(model.CELLS), validate=validate.Length(max=9))
    route_to_nlm = Boolean(load_default=True)
    all_other_libraries = Boolean(load_default=False)
    do_not_route = fields.List(fields.String(validate=LIBID), load_default=list,
                               validate=validate.Length(max=500))
    exclude = fields.List(fields.String(validate=LIBID), load_default=list,
                          validate=validate.Length(max=500))
    max_cost = Float(load_default=None, validate=FEE)
    at = Instant(load_default=None,
                       metadata={"description": "When to route; default now. Needs an offset."})
    seed = Integer(load_default=None, validate=validate.Range(-(2**63), 2**63 - 1))
    explain = Boolean(load_default=False)
    loan = Boolean(load_default=False)
    need_by = Day(load_default=None)
    honour_max_cost = Boolean(load_default=False)
    resource_library_stage = Boolean(load_default=False)
    load_aware = Boolean(load_default=False)

    @ma.post_load
    def _split(self, data, **kwargs):
        data.pop("url_ver", None)
        openurl = {key: data.pop(name) for name, key in CITATION_KEYS.items() if name in data}
        policy = {name: data.pop(name) for name in POLICY}
        data["delivery"] = model.Delivery(data["delivery"], tuple(data.pop("alternates")))
        data["at"] = data["at"] or dt.datetime.now(dt.UTC)
        data["cells"] = tuple(sorted(set(data["cells"])))
        data["do_not_route"] = tuple(data["do_not_route"])
        data["exclude"] = tuple(data["exclude"])
        return {"openurl": openurl, "options": data, "policy": policy}
