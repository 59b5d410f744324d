"""Referrals: libraries a patron could ask for articles, and why."""

from __future__ import annotations

from api.blueprint import Blueprint

from api.extensions import get_store
from api.schemas.referrals import ReferralRequestSchema, ReferralSchema
from graphsvc.services import referral as referral_service

blp = Blueprint("referrals", __name__, url_prefix="/v1", description="Patron referral")


@blp.route("/referrals", methods=["POST"])
@blp.arguments(ReferralRequestSchema, as_kwargs=True)
@blp.response(200, ReferralSchema)
@blp.alt_response(404, description="Unknown ZIP, place, affiliation or consortium "
                                   "(problem+json naming the field)")
@blp.alt_response(422, description="Invalid request: no place or several, a lone lat or lon, "
                                   "an impossible point, a bad category (problem+json naming "
                                   "each field)")
def refer(**question):
    """At least three libraries a patron could ask, each with its reasons (PNR plan).

    Reasons: `AFFILIATION` (the patron's own library, listed first), `NEAREST` (the closest
    library serving the patron's category, then the next nearest to fill the list),
    `LARGE_COLLECTION` (a resource library in the patron's state, else the largest
    collection nearby; the Regional Medical Library when no member is near),
    `SUBJECT_EXPERTISE` (for a specialty), `CONSORTIUM` (a consortium arrangement). Only
    active libraries that serve the category and are not out of office. No prices or fees:
    the note says they vary.
    """
    return referral_service.refer(get_store(), **question)
