"""Request lifecycle: actions, reasons, time-triggered re-routing and lender performance."""

from graphsvc.requests.lifecycle import (
    apply_action, due_times, from_routing, new_request, overdue, remove,
)
from graphsvc.requests.performance import (
    LenderStats, RegionStats, lender_performance, recent_received, region_performance,
)
from graphsvc.requests.records import (
    ACTIONS, EVENT_ACTIONS, FINAL_STATUSES, OPEN_STATUSES, OUTCOMES, REASON_CODES,
    REMOVAL_REASONS, STATUSES, STOP_REASONS, Event, Step, TrackedRequest, lender_steps,
    steps_from,
)
from graphsvc.requests.tta import run_tta

__all__ = [
    "ACTIONS", "EVENT_ACTIONS", "FINAL_STATUSES", "OPEN_STATUSES", "OUTCOMES", "REASON_CODES",
    "REMOVAL_REASONS", "STATUSES", "STOP_REASONS", "Event", "LenderStats", "RegionStats", "Step",
    "TrackedRequest", "apply_action", "due_times", "from_routing", "lender_performance",
    "lender_steps", "new_request", "overdue", "recent_received", "region_performance", "remove",
    "run_tta", "steps_from",
]
