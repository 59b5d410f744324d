"""A small literal network around Portland, Oregon, shared by the referral API and page tests.

Patron at ZIP 97201 (centroid 45.5078, -122.6897). Around them: a closed library and a
public-only library nearer than anyone, the nearest library serving unaffiliated health
professionals (ORCLEG, 0.2 km), another (ORCPRO), a resource library (ORUOHS, 1.0 km), an
oncology library in Salem (ORCSAL), a consortium member in Bend (ORCBEN), a library serving
only its own users (ORCKAI) and the Regional Medical Library in Seattle (WAUUHS). Every
library has a fee, which must never show.
"""

from graphsvc.model import Group, Holding, Library, Network, Region, Serial

UHP = "UNAFFILIATED_HEALTH_PROFESSIONAL"
PUBLIC = "GENERAL_PUBLIC"
AFFILIATED = "AFFILIATED"


def library(libid, name, city, state, lat, lon, *, serves=(UHP,), **kw):
    kw.setdefault("base_fee", 12.5)
    return Library(libid, name, city=city, state=state, lat=lat, lon=lon, serves=serves,
                   timezone="America/Los_Angeles", **kw)


LIBRARIES = (
    library("ORCCLO", "Closed Clinic Library", "Portland", "OR", 45.5080, -122.6900,
            participation="CLOSED"),
    library("ORXPUB", "Multnomah Consumer Health Library", "Portland", "OR", 45.5079, -122.6895,
            serves=(PUBLIC,)),
    library("ORCLEG", "Legacy Good Samaritan Library", "Portland", "OR", 45.5085, -122.6920),
    library("ORCPRO", "Providence Portland Medical Center Library", "Portland", "OR",
            45.5280, -122.6130, serves=(UHP, PUBLIC)),
    library("ORUOHS", "OHSU Library", "Portland", "OR", 45.4990, -122.6860, type="RESOURCE"),
    library("ORCSAL", "Salem Health Library", "Salem", "OR", 44.9300, -123.0300,
            subjects=("Oncology",)),
    library("ORCBEN", "St. Charles Bend Library", "Bend", "OR", 44.0600, -121.3100),
    library("ORCKAI", "Kaiser Permanente Northwest Library", "Portland", "OR", 45.5200,
            -122.6800, serves=(AFFILIATED,)),
    library("WAUUHS", "University of Washington Health Sciences Library", "Seattle", "WA",
            47.6500, -122.3100, type="RML", serves=(UHP, PUBLIC)),
)
SERIALS = (Serial("0374236", "Cancer", subjects=("Neoplasms",)),
           Serial("0255562", "The New England journal of medicine"))
HOLDINGS = (Holding("ORUOHS", "0255562"), Holding("ORUOHS", "0374236"),
            Holding("WAUUHS", "0255562"))
GROUPS = (Group("ORCON", "Oregon Health Consortium", kind="CONSORTIUM", members=("ORCBEN",),
                serves_states=("OR",)),
          Group("CASCADE", "Cascade Consortium", kind="CONSORTIUM", members=("WAUUHS",),
                serves_states=("WA",)))
REGIONS = (Region("5", "Region 5", ("AK", "CA", "HI", "NV", "OR", "WA"), "WAUUHS"),)

PORTLAND = Network(regions=REGIONS, libraries=LIBRARIES, groups=GROUPS, serials=SERIALS,
                   holdings=HOLDINGS)
