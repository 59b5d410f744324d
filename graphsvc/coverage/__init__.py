"""Coverage: title x year holders, single holders and gaps, summaries, lint, what-if."""

from graphsvc.coverage.geojson import libraries_geojson
from graphsvc.coverage.lint import LintFinding, routing_table_lint
from graphsvc.coverage.serials import SerialCoverage, serial_coverage
from graphsvc.coverage.summary import CoverageSummary, coverage_summary
from graphsvc.coverage.whatif import WhatIf, what_if

__all__ = [
    "CoverageSummary", "LintFinding", "SerialCoverage", "WhatIf", "coverage_summary",
    "libraries_geojson", "routing_table_lint", "serial_coverage", "what_if",
]
