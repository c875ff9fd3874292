"""Choice lists and the workflow of complaints (DOMAIN.md, "Complaints")."""

from enum import StrEnum

from tenantcrm.core.workflow import Workflow


class ComplaintState(StrEnum):
    """The stage a complaint is at; each open stage runs on its own SLA clock."""

    REGISTERED = "registered"
    INVESTIGATING = "investigating"
    PROPOSING = "proposing"
    AWAITING_APPROVAL = "awaiting_approval"
    NEGOTIATING = "negotiating"
    CARRYING_OUT = "carrying_out"
    FEEDBACK = "feedback"
    CORRECTIVE_ACTION = "corrective_action"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class ComplaintCategory(StrEnum):
    BUILDING_SERVICE = "building_service"
    CLEANING = "cleaning"
    SECURITY = "security"
    MAINTENANCE = "maintenance"
    AIR_CONDITIONING = "air_conditioning"
    LIFTS = "lifts"
    PARKING = "parking"
    NOISE = "noise"
    BILLING = "billing"
    STAFF_CONDUCT = "staff_conduct"
    OTHER = "other"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Department(StrEnum):
    """The department responsible for the cause; corrective action is sent to it."""

    LEASING = "leasing"
    PROPERTY_MANAGEMENT = "property_management"
    ENGINEERING = "engineering"
    CLEANING = "cleaning"
    SECURITY = "security"
    FINANCE = "finance"
    CUSTOMER_SERVICE = "customer_service"
    CONTRACTOR = "contractor"


class ApprovalLevel(StrEnum):
    """Who may approve a resolution, lowest authority first (limits in ``approval.py``)."""

    MANAGER = "manager"
    DIRECTOR = "director"
    GENERAL_MANAGER = "general_manager"
    BOARD = "board"


S = ComplaintState
OPEN_STATES = tuple(s for s in ComplaintState if s not in (S.CLOSED, S.WITHDRAWN))
_WITHDRAW = frozenset({S.WITHDRAWN})
COMPLAINT_WORKFLOW = Workflow(
    {
        S.REGISTERED: frozenset({S.INVESTIGATING}) | _WITHDRAW,
        S.INVESTIGATING: frozenset({S.PROPOSING}) | _WITHDRAW,
        S.PROPOSING: frozenset({S.AWAITING_APPROVAL}) | _WITHDRAW,
        # Approved: on to the tenant; rejected: back to proposing (loop until approved).
        S.AWAITING_APPROVAL: frozenset({S.NEGOTIATING, S.PROPOSING}) | _WITHDRAW,
        # Agreed: carried out; the tenant wants something else: a new proposal, approved again.
        S.NEGOTIATING: frozenset({S.CARRYING_OUT, S.PROPOSING}) | _WITHDRAW,
        S.CARRYING_OUT: frozenset({S.FEEDBACK}),
        S.FEEDBACK: frozenset({S.CORRECTIVE_ACTION}),
        S.CORRECTIVE_ACTION: frozenset({S.CLOSED}),
    }
)
"""Closed and withdrawn are final. Once the resolution is being carried out, it cannot be
withdrawn: it is finished, fed back and learnt from."""
