"""What each complaint transition needs: the fields a stage must be given to be entered.

Pure: the service asks ``missing_fields`` and ``unexpected_fields`` before it moves a complaint.
``note`` is accepted with every move; it is required where the history must say why.
"""

from __future__ import annotations

from collections.abc import Collection

from tenantcrm.complaints.enums import ComplaintState

S = ComplaintState

STAGE_FIELDS = (
    "cause",
    "responsible_department",
    "proposed_resolution",
    "compensation",
    "approver",
    "approval_level",
    "tenant_response",
    "satisfied",
    "corrective_action",
    "preventive_action",
)
"""Fields a transition may carry besides ``to`` and ``note``."""


def required_fields(current: ComplaintState, target: ComplaintState) -> tuple[str, ...]:
    """The fields the move ``current -> target`` must carry (``note`` included where needed)."""
    if target is S.PROPOSING:
        if current is S.INVESTIGATING:
            return ("cause", "responsible_department")
        # Rejected by the approver, or declined by the tenant: say why, then propose again.
        return ("note",)
    return {
        S.AWAITING_APPROVAL: ("proposed_resolution", "compensation"),
        S.NEGOTIATING: ("approver", "approval_level"),
        S.FEEDBACK: ("note",),
        S.CORRECTIVE_ACTION: ("tenant_response", "satisfied"),
        S.CLOSED: ("corrective_action", "preventive_action"),
        S.WITHDRAWN: ("note",),
    }.get(target, ())


def missing_fields(
    current: ComplaintState, target: ComplaintState, given: Collection[str]
) -> list[str]:
    """Required fields of the move not in ``given`` (the names of the fields sent)."""
    return [name for name in required_fields(current, target) if name not in given]


def unexpected_fields(
    current: ComplaintState, target: ComplaintState, given: Collection[str]
) -> list[str]:
    """Stage fields sent that the move does not take (they would be silently lost)."""
    wanted = required_fields(current, target)
    return [name for name in STAGE_FIELDS if name in given and name not in wanted]
