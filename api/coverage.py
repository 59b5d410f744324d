"""Coverage for coordinators: holders of a title by year, region and state summaries,
disaster what-if, and libraries as GeoJSON.

Answers come from this process's whole-network graph and its coverage index, which a
background thread keeps built for the current network version (started by
:func:`api.create_app`, see :func:`graphsvc.services.coverage_warm.keep_warm`).
"""

from __future__ import annotations

from flask import jsonify
from api.blueprint import Blueprint

from api.extensions import get_store
from api.schemas.coverage import (AtQuerySchema, FeatureCollectionSchema, GeoJSONQuerySchema,
                                  LastCopiesSchema,
                                  SerialCoverageSchema, SummaryQuerySchema, SummarySchema,
                                  TitleMatchesSchema, TitleSearchQuerySchema,
                                  TitleChangeQuerySchema, TitleChangesSchema,
                                  WhatIfRequestSchema, WhatIfSchema)
from graphsvc.services import coverage as coverage_service

GEOJSON = "application/geo+json"

blp = Blueprint("coverage", __name__, url_prefix="/v1", description="Coverage")


@blp.route("/coverage/titles")
@blp.arguments(TitleSearchQuerySchema, location="query", as_kwargs=True)
@blp.response(200, TitleMatchesSchema)
@blp.alt_response(422, description="No search text (problem+json)")
def search_titles(q, limit):
    """Titles by NLM Unique ID, ISSN or words of the title (the dashboard's title search).

    Exact identifiers first, then the titles held by the most libraries.
    """
    return {"titles": coverage_service.search_titles(get_store(), q, limit=limit)}


@blp.route("/coverage/serials/<string:nlm_uid>")
@blp.arguments(AtQuerySchema, location="query", as_kwargs=True)
@blp.response(200, SerialCoverageSchema)
@blp.alt_response(404, description="Unknown title (problem+json)")
def serial_coverage(nlm_uid, at=None):
    """Holders of a title with their ranges, and active holders per year, by region.

    Years run from the earliest year any holder states to `at`. Active holders are FULL
    participants, not out of office on `at`, not NLM, with a holding above Level 2.
    `gap_years` (no active holder) and `single_holder_years` call out the weak years; each
    region's weak years are in `regions`.
    """
    return coverage_service.serial(get_store(), nlm_uid, at=at)


@blp.route("/coverage/summary")
@blp.arguments(SummaryQuerySchema, location="query", as_kwargs=True)
@blp.response(200, SummarySchema)
@blp.alt_response(404, description="Unknown region (problem+json)")
def coverage_summary(**query):
    """Coverage of a region, a state (or both, or the whole network) for its coordinator.

    Titles and holdings held; titles whose only active holder is in scope (and which
    library); titles held only outside; libraries whose holdings were not reviewed within a
    year; Level 2 holdings; routing tables pointing at closed or inactive libraries; RML and
    Resource libraries below the 75% fill-rate standard over the last year of requests.
    The five lists of libraries and titles are paged: `totals` says how many each has, and
    each holds the items `offset` to `offset + limit` (default the first 100).
    """
    return coverage_service.summary(get_store(), **query)


@blp.route("/coverage/last-copies")
@blp.arguments(AtQuerySchema, location="query", as_kwargs=True)
@blp.response(200, LastCopiesSchema)
def last_copies(at=None):
    """The last copies at risk, per region: titles whose only active holder in the whole
    network is a library of the region (first 100 listed per region, all counted)."""
    return coverage_service.last_copies(get_store(), at=at)


@blp.route("/coverage/what-if", methods=["POST"])
@blp.arguments(WhatIfRequestSchema, as_kwargs=True)
@blp.response(200, WhatIfSchema)
@blp.alt_response(404, description="Unknown library or region, each named (problem+json)")
@blp.alt_response(422, description="Nothing named offline, or a malformed code "
                                   "(problem+json naming the field)")
def what_if(offline, **options):
    """Take libraries, states or regions offline (a disaster) and see what the network loses.

    Per title: the years that lose their last active holder (`lost`) and the years that drop
    from two or more holders to one (`dropped_to_one`), each with backup lenders, the
    nearest remaining holders; borrowers whose routing tables no longer reach any active
    lender in cells 1-3 or at all; the offline `area` to draw.
    """
    return coverage_service.what_if(get_store(), libraries=offline["libraries"],
                                    states=offline["states"], regions=offline["regions"],
                                    **options)


@blp.route("/coverage/libraries.geojson")
@blp.arguments(GeoJSONQuerySchema, location="query", as_kwargs=True)
@blp.response(200, FeatureCollectionSchema, content_type=GEOJSON)
@blp.alt_response(404, description="Unknown region or title (problem+json)")
def libraries_geojson(**query):
    """Libraries (of a region) as an RFC 7946 FeatureCollection of Points, `[lon, lat]`.

    Properties: `libid`, `name`, `type`, `participation`, `state`, `region`, and with
    `nlm_uid`, `holds` and `formats` (with `holders_only`, only holders are listed).
    Libraries without coordinates are left out.
    """
    found = coverage_service.libraries_geojson(get_store(), **query)
    response = jsonify(FeatureCollectionSchema().dump(found))
    response.mimetype = GEOJSON
    return response


@blp.route("/coverage/title-changes")
@blp.arguments(TitleChangeQuerySchema, location="query", as_kwargs=True)
@blp.response(200, TitleChangesSchema)
@blp.alt_response(422, description="Malformed LIBID (problem+json)")
def title_changes(libid=None):
    """Holdings on titles that ceased and have a successor, for libraries to update (H9).

    Listed when a range is still open, the title is marked currently received, or the
    library holds nothing of the continuing title.
    """
    return {"holdings": coverage_service.title_changes(get_store(), libid=libid)}
