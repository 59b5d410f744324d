"""Use cases: the store and the rules put together. Views and the CLI call these.

One module per area; the names most callers need are re-exported here.
"""

from graphsvc.services.network import (checked_libid, export_bundle, get_library, import_bundle,
                                       list_libraries, load_demo_if_empty)

__all__ = ["checked_libid", "export_bundle", "get_library", "import_bundle", "list_libraries",
           "load_demo_if_empty"]
