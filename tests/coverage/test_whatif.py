import datetime as dt

import pytest

from graphsvc.coverage import what_if
from graphsvc.coverage.whatif import YearRun
from graphsvc.errors import NotFound
from tests.coverage.conftest import JUNE, MARCH, T1, T2, T3, T4, T5


def test_one_library_offline_loses_years_and_a_last_holder(seven):
    w = what_if(seven, libraries=["A"], at=MARCH)
    assert [(t.nlm_uid, t.holders_before, t.holders_after, t.lost_years) for t in w.lost] == [
        (T2, 1, 0, (YearRun(2000, 2001),)),
        (T1, 3, 2, (YearRun(2000, 2002),)),
    ]
    assert [(t.nlm_uid, t.single_years) for t in w.dropped_to_one] == \
        [(T1, (YearRun(2003, 2005, "B"),))]
    c = w.counts
    assert (c.offline_libraries, c.titles_affected, c.titles_losing_last_holder,
            c.titles_losing_years, c.title_years_lost, c.titles_dropping_to_one,
            c.title_years_dropping_to_one) == (1, 2, 1, 2, 5, 0, 3)


def test_backups_are_the_nearest_remaining_holders(seven):
    w = what_if(seven, libraries=["A"], at=MARCH)
    t1 = next(t for t in w.lost if t.nlm_uid == T1)
    assert [b.libid for b in t1.backups] == ["E", "B"]  # Philadelphia before Albany
    assert 120 < t1.backups[0].distance_km < 135 and 210 < t1.backups[1].distance_km < 225
    t2 = next(t for t in w.lost if t.nlm_uid == T2)
    assert t2.last_holder_lost and t2.backups == ()


def test_routing_reach_in_cells_1_3_versus_any_cell(seven):
    w = what_if(seven, libraries=["A"], at=MARCH)
    # C listed only A (XX unknown, D closed); E lists A in cell 1 and B in cell 5.
    assert [(b.libid, b.lenders_before) for b in w.borrowers_cut_off_in_cells_1_3] == \
        [("C", 1), ("E", 1)]
    assert [b.libid for b in w.borrowers_cut_off] == ["C"]
    assert (w.counts.borrowers_cut_off_in_cells_1_3, w.counts.borrowers_cut_off) == (2, 1)


def test_out_of_office_holder_is_already_gone(seven):
    w = what_if(seven, libraries=["A"], at=JUNE)  # B away all June
    t1 = next(t for t in w.lost if t.nlm_uid == T1)
    assert (t1.holders_before, t1.holders_after) == (2, 1)
    assert t1.lost_years == (YearRun(2000, 2005),)
    assert t1.dropped_to_one and t1.single_years == ()
    assert [t.nlm_uid for t in w.dropped_to_one] == [T1]


def test_a_region_offline(seven):
    w = what_if(seven, regions=["2"], at=MARCH)  # D (closed) and E
    assert [(t.nlm_uid, t.last_holder_lost, t.lost_years) for t in w.lost] == [
        (T5, True, (YearRun(2000, 2026),)),
        (T3, True, ()),  # volume-only ranges: the title is lost, no years are
    ]
    assert [(t.nlm_uid, t.single_years) for t in w.dropped_to_one] == \
        [(T1, (YearRun(2010, 2012, "B"),))]
    assert w.counts.titles_affected == 3 and w.counts.title_years_lost == 27
    assert w.borrowers_cut_off == () and w.borrowers_cut_off_in_cells_1_3 == ()


def test_the_area_to_draw(seven):
    area = what_if(seven, regions=["2"], at=MARCH).area
    assert [(x.libid, x.lat, x.lon) for x in area.libraries] == \
        [("D", 40.44, -79.99), ("E", 39.95, -75.17)]
    assert (area.states, area.regions) == (("PA",), ("2",))
    lat, lon = area.centroid
    assert 40.1 < lat < 40.4 and -77.7 < lon < -77.4


def test_states_offline_expand_groups_in_borrower_tables(seven):
    w = what_if(seven, states=["NJ", "PA"], at=MARCH)  # C, D, E, F
    assert [b.libid for b in w.borrowers_cut_off] == ["B"]  # B's only entry is GRP = C, D, E
    assert [b.libid for b in w.borrowers_cut_off_in_cells_1_3] == ["B"]
    assert [(t.nlm_uid, t.lost_years) for t in w.lost] == [
        (T5, (YearRun(2000, 2026),)), (T4, (YearRun(2015, 2026),)), (T3, ())]
    assert w.counts.offline_libraries == 4 and w.counts.titles_losing_last_holder == 3


def test_listed_titles_are_capped_but_all_counted(seven):
    w = what_if(seven, states=["NJ", "PA"], at=MARCH, max_listed=1)
    assert [t.nlm_uid for t in w.lost] == [T5]
    assert w.counts.titles_losing_last_holder == 3


def test_a_closed_library_offline_changes_nothing(seven):
    w = what_if(seven, libraries=["D"], at=MARCH)
    assert (w.lost, w.dropped_to_one, w.borrowers_cut_off) == ((), (), ())
    assert w.counts.titles_affected == 0 and w.area.libraries[0].libid == "D"


def test_unknown_library_and_region_are_not_found(seven):
    with pytest.raises(NotFound) as caught:
        what_if(seven, libraries=["A", "ZZZ"], regions=["9"], at=MARCH)
    assert [p["message"] for p in caught.value.problems] == \
        ["unknown library 'ZZZ'", "unknown region '9'"]


def test_open_ends_follow_at(seven):
    w = what_if(seven, regions=["2"], at=dt.date(2010, 7, 1))
    t5 = next(t for t in w.lost if t.nlm_uid == T5)
    assert t5.lost_years == (YearRun(2000, 2010),)
