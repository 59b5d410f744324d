"""Use cases: the store and the rules put together. Views and the CLI call these.

One module per area; the names most callers need are re-exported here.
"""

from graphsvc.services.holdings import (delete_holdings, export_holdings_csv, get_holdings,
                                        import_holdings_file, replace_holdings)
from graphsvc.services.libraries import (add_out_of_office, clear_out_of_office, merge_patch,
                                         put_library)
from graphsvc.services.network import (checked_libid, export_bundle, get_library, import_bundle,
                                       import_large_bundle, list_libraries, load_demo_if_empty)
from graphsvc.services.routing_tables import (get_routing_table, lint_routing_table,
                                              put_manual_map, put_routing_table)

__all__ = ["add_out_of_office", "checked_libid", "clear_out_of_office", "delete_holdings",
           "export_bundle", "export_holdings_csv", "get_holdings", "get_library",
           "get_routing_table", "import_bundle", "import_holdings_file", "import_large_bundle",
           "lint_routing_table", "list_libraries", "load_demo_if_empty", "merge_patch",
           "put_library", "put_manual_map", "put_routing_table", "replace_holdings"]
