"""The title-change report (issue 11, H9)."""

from graphsvc.coverage.title_changes import title_change_report
from graphsvc.model import Holding, Library, Network, Range, Serial
from graphsvc.network import build_network


def network():
    return build_network(Network(
        libraries=(Library("ORUPAC", "Pacific"), Library("ORUOHS", "OHSU"),
                   Library("WAUUHS", "UW")),
        serials=(Serial("100", "Old title", continued_by="200"),
                 Serial("200", "New title", continues="100"),
                 Serial("300", "Unchanged")),
        holdings=(
            # closed range, successor held: up to date
            Holding("ORUPAC", "100", ranges=(Range("1", "10", 1988, 1997),)),
            Holding("ORUPAC", "200", ranges=(Range(None, None, 1998, None),)),
            # still open and received, no successor holding
            Holding("ORUOHS", "100", ranges=(Range("1", None, 1988, None),),
                    currently_received=True),
            # closed range but no successor holding
            Holding("WAUUHS", "100", ranges=(Range(None, None, 1990, 1995),)),
            Holding("WAUUHS", "300", ranges=(Range(None, None, 1990, None),)))))


def test_lists_holdings_that_need_updating_with_their_problems():
    found = [(f.libid, f.nlm_uid, f.successor, f.problems) for f in title_change_report(network())]
    assert found == [
        ("ORUOHS", "100", "200", ("OPEN_ENDED", "CURRENTLY_RECEIVED", "NO_SUCCESSOR_HOLDING")),
        ("WAUUHS", "100", "200", ("NO_SUCCESSOR_HOLDING",)),
    ]


def test_filtered_by_library():
    assert [f.libid for f in title_change_report(network(), libid="WAUUHS")] == ["WAUUHS"]
    assert title_change_report(network(), libid="ORUPAC") == []


def test_titles_without_successor_are_not_listed():
    assert all(f.nlm_uid != "300" for f in title_change_report(network()))
