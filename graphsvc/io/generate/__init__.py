"""A realistic, deterministic DOCLINE network for tests, demos and benchmarks.

Libraries sit at real places (ZIP centroids from PyPI ``zipcodes``, or real hospitals from
the shared CMS files), spread over the seven NNLM regions by state population; holdings
follow a Zipf-like popularity (a few titles held by hundreds, most by a few). The same
arguments always give the same network.

:func:`generate_network` (in :mod:`~graphsvc.io.generate.network`) draws the parts in turn:
places, libraries, groups, serials, holdings, routing tables, one module each.
"""

from graphsvc.io.generate.groups import MIN_GROUP, STATE_CONSORTIA
from graphsvc.io.generate.holdings import BOTH_FORMATS, REFERENCE_DAY, default_holdings
from graphsvc.io.generate.libraries import NLM_LIBID
from graphsvc.io.generate.network import generate_network
from graphsvc.io.generate.places import (
    SEEDS_DIR, STATE_POPULATION, Site, hospital_sites, load_regions, us_phone, zip_sites,
)
from graphsvc.io.generate.serials import CORE_TITLES, SUBJECTS, read_journals, read_serials

__all__ = [
    "BOTH_FORMATS", "CORE_TITLES", "MIN_GROUP", "NLM_LIBID", "REFERENCE_DAY", "SEEDS_DIR",
    "STATE_CONSORTIA", "STATE_POPULATION", "SUBJECTS", "Site", "default_holdings",
    "generate_network", "hospital_sites", "load_regions", "read_journals", "read_serials",
    "us_phone", "zip_sites",
]
