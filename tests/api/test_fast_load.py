"""The compiled load of a schema (api/schemas/fast_load.py): the schema's result for input it
vouches for, the schema's own problems (by falling back to it) for anything else."""

import copy
import datetime as dt

import marshmallow as ma
import pytest

from api.errors import load_or_invalid
from api.schemas import fast_load
from api.schemas.holdings import HoldingSchema
from graphsvc import errors
from graphsvc.model import Range

FULL = {"nlm_uid": "0255562", "format": "ELECTRONIC", "currently_received": True,
        "ranges": [{"begin_volume": "22", "end_volume": None, "begin_year": 2015,
                    "end_year": 2017}, {"begin_volume": None, "end_volume": None,
                                        "begin_year": None, "end_year": None}],
        "embargo_months": 6, "embargo_years": 0, "last_modified": "2026-09-26",
        "retention_policy": "Limited Period Only", "limited_retention_period": 5,
        "limited_retention_type": "Editions", "has_epub_ahead_of_print": True,
        "has_supplements": False, "ignore_warnings": True, "libid": "WAUUHS",
        "title": "Some Journal", "issns": ["0028-4793", "1533440X"]}
GOOD = [
    FULL,
    {"nlm_uid": "2985213R"},  # every default
    {"nlm_uid": "1", "ranges": [{"begin_year": 1990}], "last_modified": None},
    {"nlm_uid": "1", "ranges": [], "issns": []},
]


def loader():
    return fast_load.fast_loader(HoldingSchema(many=True))


def problems(data, *, fast: bool) -> list[dict]:
    with pytest.raises(errors.InvalidInput) as caught:
        load_or_invalid(HoldingSchema(many=True), copy.deepcopy(data), fast=fast)
    return caught.value.problems


def test_a_good_list_loads_as_the_schema_loads_it():
    found = loader()(copy.deepcopy(GOOD))
    assert found == HoldingSchema(many=True).load(copy.deepcopy(GOOD))
    assert [list(item) for item in found] == \
        [list(item) for item in HoldingSchema(many=True).load(copy.deepcopy(GOOD))]
    assert found[0]["ranges"] == (Range("22", None, 2015, 2017), Range())
    assert found[0]["last_modified"] == dt.date(2026, 9, 26)
    assert found[1] == {"nlm_uid": "2985213R", "format": "PRINT", "ranges": (),
                        "currently_received": False, "embargo_months": 0,
                        "embargo_years": 0, "last_modified": None,
                        "retention_policy": "Permanently Retained",
                        "limited_retention_period": 0, "limited_retention_type": "Years",
                        "has_epub_ahead_of_print": False, "has_supplements": False,
                        "ignore_warnings": False}


def test_a_fresh_default_list_each_time():
    one, two = loader()([{"nlm_uid": "1"}, {"nlm_uid": "2"}])
    assert one["ranges"] == two["ranges"] == ()


BAD = [
    ([{}], [{"field": "0.nlm_uid", "message": "Missing data for required field."}]),
    ([{"nlm_uid": "1", "colour": "red"}], [{"field": "0.colour", "message": "Unknown field."}]),
    ([{"nlm_uid": "x"}], [{"field": "0.nlm_uid",
                           "message": "not an NLM Unique ID (e.g. 0255562, 2985213R)"}]),
    ([{"nlm_uid": 255562}], [{"field": "0.nlm_uid", "message": "Not a valid string."}]),
    ([{"nlm_uid": "1", "format": None}], [{"field": "0.format",
                                           "message": "Field may not be null."}]),
    ([{"nlm_uid": "1", "format": "CD"}], [{"field": "0.format",
                                           "message": "Must be one of: PRINT, ELECTRONIC."}]),
    ([{"nlm_uid": "1", "embargo_months": "3"}], [{"field": "0.embargo_months",
                                                  "message": "Not a valid integer."}]),
    ([{"nlm_uid": "1", "embargo_months": True}], [{"field": "0.embargo_months",
                                                   "message": "Not a valid integer."}]),
    ([{"nlm_uid": "1", "embargo_months": 3.0}], [{"field": "0.embargo_months",
                                                  "message": "Not a valid integer."}]),
    ([{"nlm_uid": "1", "embargo_months": 601}], [{
        "field": "0.embargo_months",
        "message": "Must be greater than or equal to 0 and less than or equal to 600."}]),
    ([{"nlm_uid": "1", "currently_received": 1}], [{"field": "0.currently_received",
                                                    "message": "Not a valid boolean."}]),
    ([{"nlm_uid": "1", "last_modified": "2026-13-01"}], [{"field": "0.last_modified",
                                                          "message": "Not a valid date."}]),
    ([{"nlm_uid": "1", "last_modified": "1800-01-01"}], [{
        "field": "0.last_modified",
        "message": "must be from 1900-01-01 to 2199-12-31, got 1800-01-01"}]),
    ([{"nlm_uid": "1", "ranges": {}}], [{"field": "0.ranges", "message": "Not a valid list."}]),
    ([{"nlm_uid": "1", "ranges": [None]}], [{"field": "0.ranges.0",
                                             "message": "Field may not be null."}]),
    ([{"nlm_uid": "1", "ranges": [{"begin_year": 2001, "end_year": 2000}]}], [{
        "field": "0.ranges.0.end_year", "message": "begin_year is after end_year"}]),
    ([{"nlm_uid": "1", "ranges": [{"begin_volume": ""}]}], [{
        "field": "0.ranges.0.begin_volume", "message": "Length must be between 1 and 40."}]),
    ([{"nlm_uid": "1", "ranges": [{}] * 201}], [{"field": "0.ranges",
                                                 "message": "Longer than maximum length 200."}]),
    ([{"nlm_uid": "1", "issns": ["12"]}], [{"field": "0.issns.0",
                                            "message": "not an ISSN (e.g. 0028-4793)"}]),
    ([["nlm_uid"]], [{"field": "0._schema", "message": "Invalid input type."}]),
    ({"nlm_uid": "1"}, [{"field": "_schema", "message": "Invalid input type."}]),
]


@pytest.mark.parametrize("data, expected", BAD)
def test_bad_input_is_left_to_the_schema_which_names_each_problem(data, expected):
    with pytest.raises(fast_load.Slow):
        loader()(copy.deepcopy(data))
    assert problems(data, fast=True) == problems(data, fast=False) == expected


def test_every_bad_item_of_a_long_list_is_named():
    data = [{"nlm_uid": str(i)} for i in range(1000)]
    data[3]["nlm_uid"], data[900]["format"] = "x", "CD"
    found = problems(data, fast=True)
    assert [p["field"] for p in found] == ["3.nlm_uid", "900.format"]
    assert found == problems(data, fast=False)


def test_a_schema_with_what_is_not_compiled_loads_through_itself():
    class Shouting(ma.Schema):
        name = ma.fields.String()

        @ma.pre_load
        def _upper(self, data, **kwargs):
            return {key: value.upper() for key, value in data.items()}

    assert fast_load.fast_loader(Shouting()) is None
    assert fast_load.load(Shouting(), {"name": "a"}) == {"name": "A"}


def test_other_fields_load_through_their_own_deserialize():
    class Timed(ma.Schema):
        at = ma.fields.DateTime(required=True)
        size = ma.fields.Float(load_default=1.5)

    found = fast_load.fast_loader(Timed())({"at": "2026-01-02T03:04:05+00:00"})
    assert found == Timed().load({"at": "2026-01-02T03:04:05+00:00"})
    with pytest.raises(fast_load.Slow):
        fast_load.fast_loader(Timed())({"at": "soon"})
