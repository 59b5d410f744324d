"""The whole generated network, from its parts in the order of their random draws."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from graphsvc.collector import collector_paused
from graphsvc.io.generate.groups import free_share_fees, make_groups
from graphsvc.io.generate.holdings import default_holdings, make_holdings
from graphsvc.io.generate.libraries import make_libraries
from graphsvc.io.generate.places import load_regions
from graphsvc.io.generate.routing_tables import make_routing_tables
from graphsvc.io.generate.serials import make_serials, with_every_nlm_title
from graphsvc.model import Network


def generate_network(*, libraries: int = 150, serials: int = 600, holdings: int | None = None,
                     seed: int = 1, data_dir: Path | None = None,
                     all_nlm_titles: bool = False) -> Network:
    """A realistic network; the same arguments always give the same network.

    Parameters
    ----------
    libraries : int
        Libraries in all, counting the seven RMLs and NLM (``MDUNLM``).
    serials : int
        Titles; real NLM titles from ``data_dir/nlm/J_Sequence.txt`` when ``data_dir`` is
        given, generated ones otherwise (or beyond the file's).
    holdings : int, optional
        Holdings in all (default :func:`default_holdings`).
    seed : int
        Seed of the random choices.
    data_dir : Path, optional
        The shared data folder: libraries then sit at real hospitals and hold real titles.
    all_nlm_titles : bool
        With ``data_dir``: every other title of NLM's journal file is a serial too, held by
        no one (the ``serials`` titles get the holdings; the rest of the network is the
        same as without it).

    Returns
    -------
    Network

    Examples
    --------
    >>> net = generate_network(libraries=40, serials=50, seed=3)
    >>> len(net.libraries), len(net.serials), len(net.holdings)
    (40, 50, 1000)
    >>> net == generate_network(libraries=40, serials=50, seed=3)
    True
    """
    rng = random.Random(seed)
    with collector_paused():  # a million acyclic records: no collector passes over them
        network = _network(rng, libraries, serials, holdings, data_dir)
    if all_nlm_titles and data_dir is not None:
        network = dataclasses.replace(network, serials=with_every_nlm_title(
            network.serials, Path(data_dir) / "nlm" / "J_Sequence.txt"))
    return network


def _network(rng: random.Random, libraries: int, serials: int, holdings: int | None,
             data_dir: Path | None) -> Network:
    libs = make_libraries(rng, libraries, data_dir)
    groups = make_groups(rng, libs)
    libs = free_share_fees(libs, groups)
    titles = make_serials(rng, serials, data_dir)
    total = default_holdings(libraries, serials) if holdings is None else holdings
    return Network(regions=load_regions(), libraries=tuple(libs), groups=groups,
                   serials=tuple(titles), holdings=make_holdings(rng, libs, titles, total),
                   routing_tables=make_routing_tables(rng, libs, groups))
