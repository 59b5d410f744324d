"""Serials: find a title by its identifiers, abbreviations or the words of its name."""

from __future__ import annotations

from api.blueprint import Blueprint

from api.extensions import get_store
from api.schemas.serials import SerialPageSchema, SerialSearchQuerySchema
from graphsvc.services import coverage as coverage_service

blp = Blueprint("serials", __name__, url_prefix="/v1", description="Serials")


@blp.route("/serials")
@blp.arguments(SerialSearchQuerySchema, location="query", as_kwargs=True)
@blp.response(200, SerialPageSchema)
@blp.alt_response(422, description="No search text or a bad page (problem+json)")
def search_serials(q, limit, offset):
    """Serials matching `q`, paged and ranked: an exact NLM Unique ID or ISSN first, then an
    exact MEDLINE or ISO abbreviation, an exact title, then every word of `q` in the title
    or abbreviations; more holders first within each."""
    return coverage_service.search_serials(get_store(), q, limit=limit, offset=offset)
