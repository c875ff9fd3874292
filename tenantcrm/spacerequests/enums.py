"""Choice lists and the workflow of space requests."""

from enum import StrEnum

from tenantcrm.core.workflow import Workflow


class RequestKind(StrEnum):
    EXPANSION = "expansion"
    CONTRACTION = "contraction"


class RequestState(StrEnum):
    SUBMITTED = "submitted"
    EVALUATING = "evaluating"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    EXECUTED = "executed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


S = RequestState
REQUEST_WORKFLOW = Workflow(
    {
        S.SUBMITTED: frozenset({S.EVALUATING, S.DECLINED, S.WITHDRAWN}),
        S.EVALUATING: frozenset({S.OFFERED, S.DECLINED, S.WITHDRAWN}),
        S.OFFERED: frozenset({S.EVALUATING, S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
        S.ACCEPTED: frozenset({S.EXECUTED, S.WITHDRAWN}),
    }
)
"""Executing amends the lease; executed, declined and withdrawn are final."""
