"""Reading and writing network bundles: every kind of bad record is named."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from graphsvc.errors import InvalidInput
from graphsvc.io.bundle import dump_bundle, load_bundle
from graphsvc.model import DateRange, Group, Holding, Library, Network, Range, Region, \
    RoutingTable, Serial


def good_bundle() -> dict:
    """A small valid bundle in Oregon/Washington; the last library, serial, group and table
    are referenced by nothing, so breaking them breaks nothing else."""
    libs = [{"libid": libid, "name": f"Library {libid}", "state": state}
            for libid, state in (("WAUUHS", "WA"), ("ORUPAC", "OR"), ("ORUOHS", "OR"),
                                 ("ORUXYZ", "OR"), ("ORUFRE", "OR"))]
    libs[0].update(type="RML", city="Seattle", zip="98195", lat=47.65, lon=-122.31,
                   timezone="America/Los_Angeles", delivery_methods=["EMAIL_PDF", "FAX"],
                   fills_rush=True, serves=["AFFILIATED"], base_fee=11.0,
                   out_of_office=[{"start": "2026-12-24", "end": "2027-01-02"}])
    return {
        "regions": [{"code": "5", "name": "Region 5", "states": ["OR", "WA"], "rml": "WAUUHS"}],
        "libraries": libs,
        "groups": [{"code": "PACNW", "name": "Pacific NW", "kind": "CONSORTIUM",
                    "members": ["WAUUHS", "ORUPAC", "ORUOHS"], "serves_states": ["OR", "WA"]},
                   {"code": "ORGRP", "name": "Oregon", "members": ["ORUOHS", "ORUXYZ"]}],
        "serials": [{"nlm_uid": "0255562", "title": "The New England journal of medicine",
                     "issns": ["0028-4793", "1533-4406"]},
                    {"nlm_uid": "7800552A", "title": "A title ending in a letter"},
                    {"nlm_uid": "101190001", "title": "Held by nobody"}],
        "holdings": [{"libid": "WAUUHS", "nlm_uid": "0255562", "format": "PRINT",
                      "ranges": [{"begin_volume": "1", "end_volume": None,
                                  "begin_year": 1980, "end_year": None}],
                      "currently_received": True, "last_modified": "2025-01-08"},
                     {"libid": "ORUOHS", "nlm_uid": "7800552A", "format": "ELECTRONIC",
                      "ranges": [{"begin_volume": None, "end_volume": None,
                                  "begin_year": 2000, "end_year": None}],
                      "embargo_months": 12}],
        "routing_tables": [{"libid": "ORUPAC", "cells": {"1": ["ORUOHS", "WAUUHS"],
                                                         "7": ["PACNW"]},
                            "do_not_route": ["ORUXYZ"], "manual_map": ["ORUOHS"]},
                           {"libid": "ORUOHS", "cells": {"1": ["ORUPAC"]}}],
    }


def problems_of(bundle: dict, **known) -> list[dict]:
    with pytest.raises(InvalidInput) as caught:
        load_bundle(bundle, **known)
    return caught.value.problems


def test_good_bundle_loads_into_records():
    net = load_bundle(good_bundle())
    assert net.libraries[0] == Library(
        "WAUUHS", "Library WAUUHS", type="RML", city="Seattle", state="WA", zip="98195",
        lat=47.65, lon=-122.31, timezone="America/Los_Angeles",
        delivery_methods=("EMAIL_PDF", "FAX"), fills_rush=True, serves=("AFFILIATED",),
        base_fee=11.0, out_of_office=(DateRange(dt.date(2026, 12, 24), dt.date(2027, 1, 2)),))
    assert net.regions == (Region("5", "Region 5", ("OR", "WA"), "WAUUHS"),)
    assert net.holdings[0].ranges == (Range("1", None, 1980, None),)
    assert net.holdings[0].last_modified == dt.date(2025, 1, 8)
    assert net.holdings[1].embargo_months == 12
    assert net.routing_tables[0].cells == {1: ("ORUOHS", "WAUUHS"), 7: ("PACNW",)}
    assert net.routing_tables[0].manual_map == ("ORUOHS",)


def _set(section, index, field, value):
    def mutate(b):
        b[section][index][field] = value
    return mutate


def _range(index, **values):
    def mutate(b):
        b["holdings"][index]["ranges"][0].update(values)
    return mutate


def _append(section, record):
    return lambda b: b[section].append(record)


def _delete(section, index, field):
    return lambda b: b[section][index].pop(field)


CASES = {
    "unknown field": (_set("libraries", 1, "colour", "red"), "libraries[1]", "colour"),
    "missing libid": (_delete("libraries", 4, "libid"), "libraries[4]", "libid"),
    "missing serial title": (_delete("serials", 0, "title"), "serials[0]", "title"),
    "wrong type name": (_set("libraries", 1, "name", 7), "libraries[1]", "name"),
    "wrong type boolean": (_set("libraries", 1, "efts", "yes"), "libraries[1]", "efts"),
    "wrong type list": (_set("libraries", 1, "serves", "AFFILIATED"), "libraries[1]", "serves"),
    "malformed libid": (_set("libraries", 4, "libid", "ORZFRE"), "libraries[4]", "libid"),
    "lower-case libid": (_set("libraries", 4, "libid", "orufre"), "libraries[4]", "libid"),
    "bad group code": (_set("groups", 1, "code", "or grp"), "groups[1]", "code"),
    "group code is a libid": (_set("groups", 1, "code", "ORUXYZ"), "groups[1]", "code"),
    "bad nlm_uid": (_set("serials", 2, "nlm_uid", "NLM_101190001"), "serials[2]", "nlm_uid"),
    "bad issn": (_set("serials", 0, "issns", ["0028-4793", "28-4793"]), "serials[0]",
                 "issns[1]"),
    "bad continues": (_set("serials", 0, "continues", "abc"), "serials[0]", "continues"),
    "unknown type": (_set("libraries", 1, "type", "HOSPITAL"), "libraries[1]", "type"),
    "unknown participation": (_set("libraries", 1, "participation", "ACTIVE"),
                              "libraries[1]", "participation"),
    "unknown delivery": (_set("libraries", 1, "delivery_methods", ["EMAIL_PDF", "PIGEON"]),
                         "libraries[1]", "delivery_methods[1]"),
    "unknown serves": (_set("libraries", 1, "serves", ["EVERYONE"]), "libraries[1]",
                       "serves[0]"),
    "unknown group kind": (_set("groups", 0, "kind", "CLUB"), "groups[0]", "kind"),
    "unknown holding format": (_set("holdings", 0, "format", "MICROFILM"), "holdings[0]",
                               "format"),
    "unknown state": (_set("libraries", 1, "state", "XX"), "libraries[1]", "state"),
    "unknown serves state": (_set("groups", 0, "serves_states", ["OR", "QQ"]), "groups[0]",
                             "serves_states[1]"),
    "latitude out of range": (_set("libraries", 0, "lat", 91), "libraries[0]", "lat"),
    "longitude out of range": (_set("libraries", 0, "lon", -181.5), "libraries[0]", "lon"),
    "unknown timezone": (_set("libraries", 0, "timezone", "America/Portland"),
                         "libraries[0]", "timezone"),
    "bad zip": (_set("libraries", 0, "zip", "9819"), "libraries[0]", "zip"),
    "years reversed": (_range(0, begin_year=2000, end_year=1990), "holdings[0]",
                       "ranges[0].begin_year"),
    "volumes reversed": (_range(0, begin_volume="12", end_volume="3"), "holdings[0]",
                         "ranges[0].begin_volume"),
    "unknown range field": (_range(0, issue="3"), "holdings[0]", "ranges[0].issue"),
    "year not a number": (_range(0, begin_year="1980"), "holdings[0]", "ranges[0].begin_year"),
    "negative embargo": (_set("holdings", 1, "embargo_months", -6), "holdings[1]",
                         "embargo_months"),
    "bad date": (_set("holdings", 0, "last_modified", "08/01/2025"), "holdings[0]",
                 "last_modified"),
    "out of office reversed": (_set("libraries", 0, "out_of_office",
                                    [{"start": "2026-12-24", "end": "2026-12-01"}]),
                               "libraries[0]", "out_of_office[0].start"),
    "duplicate libid": (_append("libraries", {"libid": "ORUPAC", "name": "Again"}),
                        "libraries[5]", "libid"),
    "duplicate group": (_append("groups", {"code": "PACNW", "name": "Again"}), "groups[2]",
                        "code"),
    "duplicate serial": (_append("serials", {"nlm_uid": "0255562", "title": "Again"}),
                         "serials[3]", "nlm_uid"),
    "duplicate region": (_append("regions", {"code": "5", "name": "Again"}), "regions[1]",
                         "code"),
    "duplicate holding": (_append("holdings", {"libid": "WAUUHS", "nlm_uid": "0255562"}),
                          "holdings[2]", "format"),
    "duplicate table": (_append("routing_tables", {"libid": "ORUPAC"}), "routing_tables[2]",
                        "libid"),
    "holding of unknown library": (_set("holdings", 1, "libid", "CAUXYZ"), "holdings[1]",
                                   "libid"),
    "holding of unknown serial": (_set("holdings", 1, "nlm_uid", "9999999"), "holdings[1]",
                                  "nlm_uid"),
    "member not a library": (_set("groups", 1, "members", ["ORUOHS", "CAUXYZ"]), "groups[1]",
                             "members[1]"),
    "table of unknown library": (_set("routing_tables", 1, "libid", "CAUXYZ"),
                                 "routing_tables[1]", "libid"),
    "entry neither library nor group": (_set("routing_tables", 0, "cells", {"2": ["NOGROUP"]}),
                                        "routing_tables[0]", "cells.2[0]"),
    "cell number 10": (_set("routing_tables", 0, "cells", {"10": ["ORUOHS"]}),
                       "routing_tables[0]", "cells.10"),
    "cell number 0": (_set("routing_tables", 0, "cells", {"0": ["ORUOHS"]}),
                      "routing_tables[0]", "cells.0"),
    "21 entries in a cell": (_set("routing_tables", 0, "cells", {"1": ["ORUOHS"] * 21}),
                             "routing_tables[0]", "cells.1"),
    "library in two cells": (_set("routing_tables", 0, "cells",
                                  {"1": ["ORUOHS"], "3": ["WAUUHS", "ORUOHS"]}),
                             "routing_tables[0]", "cells.3[1]"),
    "group placed by non-member (R17)": (_set("routing_tables", 0, "libid", "ORUXYZ"),
                                         "routing_tables[0]", "cells.7[0]"),
    "do not route unknown": (_set("routing_tables", 0, "do_not_route", ["CAUXYZ"]),
                             "routing_tables[0]", "do_not_route[0]"),
    "manual map too long": (_set("routing_tables", 0, "manual_map", ["ORUOHS"] * 10),
                            "routing_tables[0]", "manual_map"),
    "region rml not a library": (_set("regions", 0, "rml", "CAUXYZ"), "regions[0]", "rml"),
    "region state unknown": (_set("regions", 0, "states", ["OR", "ZZ"]), "regions[0]",
                             "states[1]"),
    "state in two regions": (_append("regions", {"code": "6", "name": "R6", "states": ["WA"]}),
                             "regions[1]", "states[0]"),
    "record not an object": (_append("serials", "0255562"), "serials[3]", ""),
    "unknown section": (lambda b: b.update(librarys=[]), "bundle", "librarys"),
    "section not a list": (lambda b: b.update(routing_tables={}), "routing_tables", ""),
}


@pytest.mark.parametrize("mutate, position, field", CASES.values(), ids=CASES.keys())
def test_bad_record_is_named_with_position_and_field(mutate, position, field):
    bundle = good_bundle()
    mutate(bundle)
    problems = problems_of(bundle)
    assert {(p["position"], p["field"]) for p in problems} == {(position, field)}, problems
    assert all(p["message"] for p in problems)


def test_one_bad_record_among_good_ones_names_exactly_that_record():
    bundle = good_bundle()
    bundle["libraries"] += [{"libid": f"ORU{c}AA", "name": c} for c in "ABCDEFGH"]
    bundle["libraries"][7]["lat"] = 123.0
    with pytest.raises(InvalidInput, match="^bundle has 1 bad record$") as caught:
        load_bundle(bundle)
    assert caught.value.problems == [{"position": "libraries[7]", "field": "lat",
                                      "message": "must be from -90 to 90, got 123.0"}]


def test_every_problem_is_collected_before_raising():
    bundle = good_bundle()
    bundle["libraries"][1]["type"] = "HOSPITAL"
    bundle["libraries"][1]["state"] = "XX"
    bundle["serials"][0]["issns"] = ["bad"]
    bundle["holdings"][1]["libid"] = "CAUXYZ"
    with pytest.raises(InvalidInput, match="^bundle has 3 bad records$") as caught:
        load_bundle(bundle)
    assert [(p["position"], p["field"]) for p in caught.value.problems] == [
        ("libraries[1]", "state"), ("libraries[1]", "type"), ("serials[0]", "issns[0]"),
        ("holdings[1]", "libid")]


def test_references_to_stored_records_are_satisfied_by_known_keys():
    bundle = {"holdings": [{"libid": "CAUXYZ", "nlm_uid": "9999999"}],
              "routing_tables": [{"libid": "CAUXYZ", "cells": {"1": ["CAUABC", "BAYGRP"]},
                                  "do_not_route": ["CAUDEF"]}]}
    problems = problems_of(bundle)
    assert {p["field"] for p in problems} == {"libid", "nlm_uid", "cells.1[0]", "cells.1[1]",
                                              "do_not_route[0]"}
    net = load_bundle(bundle, known_libids=frozenset({"CAUXYZ", "CAUABC", "CAUDEF"}),
                      known_groups=frozenset({"BAYGRP"}), known_serials=frozenset({"9999999"}))
    assert net.routing_tables[0].cells == {1: ("CAUABC", "BAYGRP")}


def test_national_library_libid_and_lettered_nlm_ids_are_valid():
    net = load_bundle({"libraries": [{"libid": "MDUNLM", "name": "NLM", "type": "NLM"}],
                       "serials": [{"nlm_uid": "14510400R", "title": "Acarologia",
                                    "issns": ["0044-586X"]}]})
    assert net.libraries[0].libid == "MDUNLM"
    assert net.serials[0].issns == ("0044-586X",)


def test_integer_volumes_and_coordinates_are_normalised():
    bundle = good_bundle()
    bundle["holdings"][0]["ranges"][0]["begin_volume"] = 1
    bundle["libraries"][0]["lat"] = 47
    net = load_bundle(bundle)
    assert net.holdings[0].ranges[0].begin_volume == "1"
    assert isinstance(net.libraries[0].lat, float)


def test_dump_leaves_out_defaults_and_writes_iso_dates():
    dumped = dump_bundle(load_bundle(good_bundle()))
    assert dumped["libraries"][1] == {"libid": "ORUPAC", "name": "Library ORUPAC",
                                      "state": "OR"}
    assert dumped["libraries"][0]["out_of_office"] == [{"start": "2026-12-24",
                                                        "end": "2027-01-02"}]
    assert dumped["holdings"][0]["last_modified"] == "2025-01-08"
    assert dumped["routing_tables"][0]["cells"] == {"1": ["ORUOHS", "WAUUHS"], "7": ["PACNW"]}


def test_round_trip_keeps_every_record():
    bundle = good_bundle()
    net = load_bundle(bundle)
    dumped = dump_bundle(net)
    assert load_bundle(copy.deepcopy(dumped)) == net
    assert dump_bundle(load_bundle(dumped)) == dumped


def test_round_trip_of_records_built_in_code():
    net = Network(
        regions=(Region("1", "Region 1", ("MD",), "MDUNLM"),),
        libraries=(Library("MDUNLM", "NLM", type="NLM", state="MD", base_fee=9.0),
                   Library("MDUABC", "ABC", participation="CLOSED", lat=39.0, lon=-77.1)),
        groups=(Group("G1", "G", members=("MDUABC",)),),
        serials=(Serial("1", "One", continued_by="2"), Serial("2", "Two", continues="1")),
        holdings=(Holding("MDUABC", "1", ranges=(Range(), Range("3", "9", None, None)),
                          limited_retention_period=2, ignore_warnings=True),
                  Holding("MDUABC", "1", "ELECTRONIC", last_modified=dt.date(2024, 2, 29))),
        routing_tables=(RoutingTable("MDUABC", {9: ("G1",), 2: ("MDUNLM",)}),))
    assert load_bundle(dump_bundle(net)) == net
    assert list(dump_bundle(net)["routing_tables"][0]["cells"]) == ["2", "9"]
