"""Routing: the DOCLINE lender sequence."""

from __future__ import annotations


from flask import jsonify
from flask_smorest import Blueprint

from api.extensions import get_store
from api.schemas.openurl import OpenURLQuerySchema
from api.schemas.routing import LenderSequenceSchema, RoutingRequestSchema
from api.spec import rule_examples
from graphsvc.services import replay as replay_service
from graphsvc.services import routing as routing_service

blp = Blueprint("routing", __name__, url_prefix="/v1/routing",
                description="The lender sequence of an article request")


# One schema instance for every request, not one made per request (webargs makes one from a
# class each time): a schema and its bound fields refer to each other, so each request left
# about 130 objects of cyclic garbage, and at 1,000 requests/s the collector's full passes
# (40-140 ms of a worker's GIL) came every second or so (docs/BENCHMARKS.md).
ROUTING_REQUEST = RoutingRequestSchema()


@blp.route("/lender-sequence", methods=["POST"])
@blp.arguments(ROUTING_REQUEST)
@blp.response(200, LenderSequenceSchema)
@blp.alt_response(404, description="Unknown borrower (problem+json naming it)")
@blp.alt_response(409, description="The borrower may not borrow (CLOSED, NON_PARTICIPANT)")
@blp.alt_response(422, description="Invalid request (problem+json naming each field): an "
                                   "unknown direct_to, an ambiguous title, a title not in "
                                   "the network for a borrower without a manual map")
def lender_sequence(parsed):
    """The libraries to try, in order, following DOCLINE 6's rules.

    Stages in order, each only if selected: direct_to, routing-table cells 1-9 (random
    within a cell, at most 20, primary delivery first), NLM, all other libraries (same
    state, then same region, then the rest; 20 at most). With `manual: true` the borrower's
    manual map rows in order, then NLM; a citation naming no serial of the network goes
    there automatically (DOCLINE's N routing), with a note. An NLM_ONLY borrower is routed
    to NLM only. `explain: true` adds every library considered and not chosen, with its
    stage, cell and reason (the lenders are the same). The title is found by `nlm_uid`,
    `issn`, `title` or a MEDLINE/ISO abbreviation; the answer echoes the `citation` as
    understood, with `matched_by`.
    """
    policy = routing_service.policy_from(get_store(), parsed["policy"], parsed["request"])
    answer = routing_service.route(get_store(), parsed["request"], policy=policy)
    return jsonify(routing_service.answer_body(answer, explain=parsed["request"].explain))


@blp.route("/openurl", methods=["GET"])
@blp.arguments(OpenURLQuerySchema, location="query")
@blp.response(200, LenderSequenceSchema)
@blp.alt_response(404, description="Unknown borrower (problem+json naming it)")
@blp.alt_response(409, description="The borrower may not borrow (CLOSED, NON_PARTICIPANT)")
@blp.doc(**rule_examples(
    "Incomplete or ambiguous citation, a bad option, or a title not in the network (or a book) "
    "for a borrower without a manual map (problem+json naming rft.issn, rft.date, rft.jtitle "
    "or rft.isbn)", "/v1/routing/openurl",
    ("No journal named", "the citation is incomplete: give rft.issn, rft.eissn or rft.jtitle "
     "to name the journal", [("rft.issn", "give rft.issn, rft.eissn or rft.jtitle to name "
                                          "the journal")]),
    ("No year or volume", "the citation is incomplete: give rft.date or rft.volume to check "
     "holdings", [("rft.date", "give rft.date or rft.volume to check holdings")])))
def openurl(parsed):
    """The lender sequence of a link resolver's citation (OpenURL 1.0 KEV or 0.1).

    The journal is found by any ISSN in `rft.issn`/`rft.eissn` (hyphen optional, several
    allowed), else by its normalised title or MEDLINE/ISO abbreviation (`rft.jtitle`,
    `rft.stitle`). The year (`rft.date`) or the volume (`rft.volume`) checks holdings. A
    journal not in the network and a book (`rft.genre=book`) go through the borrower's
    manual map. The routing options are the fields of
    `POST /v1/routing/lender-sequence`, flattened into the query; the answer is the same.

    Rules across query parameters (OpenAPI 3.0 describes each parameter alone, so the
    document cannot state them; a request breaking one is 422 naming the parameter): a
    journal citation names its journal by an ISSN (`rft.issn`, `rft.eissn`, `issn`, `eissn`)
    or a title (`rft.jtitle`, `rft.title`, `rft.stitle`, `title`, `stitle`), and gives a
    year or a volume that can be read (`rft.date`/`date`, `rft.volume`/`volume`).
    """
    options = parsed["options"]
    answer = replay_service.route_openurl(
        get_store(), parsed["openurl"], options=options, policy_options=parsed["policy"])
    return jsonify(routing_service.answer_body(answer, explain=options["explain"]))
