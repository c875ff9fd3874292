"""Choice lists and the workflow of renewals."""

from enum import StrEnum

from tenantcrm.core.workflow import Workflow


class RenewalState(StrEnum):
    NOT_STARTED = "not_started"
    IN_DISCUSSION = "in_discussion"
    PROPOSAL_SENT = "proposal_sent"
    AGREED = "agreed"
    SIGNED = "signed"
    LOST = "lost"


S = RenewalState
RENEWAL_WORKFLOW = Workflow(
    {
        S.NOT_STARTED: frozenset({S.IN_DISCUSSION, S.LOST}),
        S.IN_DISCUSSION: frozenset({S.PROPOSAL_SENT, S.LOST}),
        S.PROPOSAL_SENT: frozenset({S.IN_DISCUSSION, S.AGREED, S.LOST}),
        S.AGREED: frozenset({S.IN_DISCUSSION, S.SIGNED, S.LOST}),
    }
)
"""Signing creates the next lease cycle; signed and lost are final."""
