import json

import pytest

from graphsvc.coverage import libraries_geojson
from graphsvc.errors import NotFound
from tests.coverage.conftest import T1, T4


def test_feature_collection_of_points_in_lon_lat_order(seven):
    fc = libraries_geojson(seven)
    assert fc["type"] == "FeatureCollection"
    assert [f["id"] for f in fc["features"]] == ["A", "B", "C", "D", "E", "N"]  # F: no place
    a = fc["features"][0]
    assert a["type"] == "Feature"
    assert a["geometry"] == {"type": "Point", "coordinates": [-74.01, 40.71]}
    assert a["properties"] == {"libid": "A", "name": "Manhattan", "type": "PAL",
                               "participation": "FULL", "state": "NY", "region": "1"}
    assert json.loads(json.dumps(fc)) == fc


def test_every_position_is_a_valid_longitude_latitude(seven):
    for feature in libraries_geojson(seven)["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and lon < 0 < lat


def test_region_filter(seven):
    fc = libraries_geojson(seven, region="1")
    assert [f["id"] for f in fc["features"]] == ["A", "B", "C"]


def test_title_filter_marks_holders(seven):
    fc = libraries_geojson(seven, region="1", nlm_uid=T1)
    assert [(f["id"], f["properties"]["holds"]) for f in fc["features"]] == \
        [("A", True), ("B", True), ("C", True)]
    fc4 = libraries_geojson(seven, nlm_uid=T4)
    held = {f["id"]: f["properties"]["formats"] for f in fc4["features"]}
    assert held == {"A": [], "B": [], "C": ["PRINT"], "D": ["PRINT"], "E": [], "N": []}


def test_unknown_region_or_title(seven):
    with pytest.raises(NotFound):
        libraries_geojson(seven, region="9")
    with pytest.raises(NotFound):
        libraries_geojson(seven, nlm_uid="9999999")
