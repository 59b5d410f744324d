"""Routing: the DOCLINE lender sequence."""

from __future__ import annotations


from flask import jsonify
from flask_smorest import Blueprint

from api.extensions import get_store
from api.schemas.openurl import OpenURLQuerySchema
from api.schemas.routing import LenderSequenceSchema, RoutingRequestSchema
from graphsvc.services import replay as replay_service
from graphsvc.services import routing as routing_service

blp = Blueprint("routing", __name__, url_prefix="/v1/routing",
                description="The lender sequence of an article request")


def sequence_body(sequence, title, *, explain: bool) -> dict:
    """The response body (``LenderSequenceSchema``'s shape, built directly: on the hot path,
    dumping ~50 lenders through marshmallow cost more than routing them)."""
    body = {"lenders": [{"libid": x.libid, "name": x.name, "via": x.via, "cell": x.cell,
                         "delivery": x.delivery, "matched_on": x.matched_on,
                         **({"why": x.why} if x.why else {})}
                        for x in sequence.lenders],
            "title": title}
    if explain:
        body["skipped"] = [{"libid": x.libid, "via": x.via, "cell": x.cell, "reason": x.reason}
                           for x in sequence.skipped]
    return body


@blp.route("/lender-sequence", methods=["POST"])
@blp.arguments(RoutingRequestSchema)
@blp.response(200, LenderSequenceSchema)
@blp.alt_response(404, description="Unknown borrower or title (problem+json naming which)")
@blp.alt_response(422, description="Invalid request (problem+json naming each field)")
def lender_sequence(parsed):
    """The libraries to try, in order, following DOCLINE 6's rules.

    Stages in order, each only if selected: direct_to, routing-table cells 1-9 (random
    within a cell, at most 20, primary delivery first), NLM, all other libraries (same
    state, then same region, then the rest; 20 at most). With `manual: true` the borrower's
    manual map rows in order, then NLM. `explain: true` adds every library considered and
    not chosen, with its stage, cell and reason.
    """
    policy = routing_service.policy_from(get_store(), parsed["policy"], parsed["request"])
    sequence, title = routing_service.route(get_store(), parsed["request"], policy=policy)
    return jsonify(sequence_body(sequence, title, explain=parsed["request"].explain))


@blp.route("/openurl", methods=["GET"])
@blp.arguments(OpenURLQuerySchema, location="query")
@blp.response(200, LenderSequenceSchema)
@blp.alt_response(404, description="Unknown borrower, ISSN or journal title "
                                   "(problem+json naming rft.issn or rft.jtitle)")
@blp.alt_response(422, description="Incomplete or ambiguous citation, or a bad option "
                                   "(problem+json saying what is missing)")
def openurl(parsed):
    """The lender sequence of a link resolver's citation (OpenURL 1.0 KEV or 0.1).

    The journal is found by any ISSN in `rft.issn`/`rft.eissn` (hyphen optional, several
    allowed), else by its normalised title (`rft.jtitle`). The year (`rft.date`) or the
    volume (`rft.volume`) checks holdings. The routing options are the fields of
    `POST /v1/routing/lender-sequence`, flattened into the query; the answer is the same.
    """
    options = parsed["options"]
    sequence, title = replay_service.route_openurl(
        get_store(), parsed["openurl"], options=options, policy_options=parsed["policy"])
    return jsonify(sequence_body(sequence, title, explain=options["explain"]))
