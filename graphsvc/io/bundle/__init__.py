"""The network bundle: a whole network as JSON (api.md "Network bundle").

:func:`load_bundle` reads and validates a bundle, reporting every bad record at once;
:func:`dump_bundle` writes one. Fields at their default value are left out of a dump, and
records keep their order, so ``load_bundle(dump_bundle(n)) == n``.

The fields each section's records may hold are in :mod:`~graphsvc.io.bundle.readers`, the
checks across records in :mod:`~graphsvc.io.bundle.checks`.
"""

from graphsvc.io.bundle.checks import Rows
from graphsvc.io.bundle.dump import dump_bundle
from graphsvc.io.bundle.load import load_bundle
from graphsvc.io.bundle.readers import LAYOUTS, SECTIONS

__all__ = ["LAYOUTS", "SECTIONS", "Rows", "dump_bundle", "load_bundle"]
