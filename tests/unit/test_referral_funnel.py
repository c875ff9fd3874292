"""Referral stages and funnel figures, counted by hand."""

from decimal import Decimal

from tenantcrm.referrals.enums import ReferralStage as S
from tenantcrm.referrals.funnel import REFERRAL_WORKFLOW, ReferralFact, funnel

D = Decimal


def test_stages_move_forward_or_to_lost() -> None:
    assert REFERRAL_WORKFLOW.allowed(S.LEAD) == (S.CONTACTED, S.VIEWING, S.OFFER, S.SIGNED, S.LOST)
    assert REFERRAL_WORKFLOW.allowed(S.OFFER) == (S.SIGNED, S.LOST)
    assert REFERRAL_WORKFLOW.check(S.VIEWING, S.CONTACTED) is not None  # never back
    assert REFERRAL_WORKFLOW.is_terminal(S.SIGNED)
    assert REFERRAL_WORKFLOW.is_terminal(S.LOST)


def test_figures() -> None:
    facts = [
        ReferralFact("A", S.SIGNED, D("250.00"), D("120000.00"), "CNY"),
        ReferralFact("A", S.SIGNED, D("100.50"), D("60000.00"), "CNY"),
        ReferralFact("A", S.LOST),
        ReferralFact("B", S.SIGNED, D("80.00"), D("30000.00"), "HKD"),
        ReferralFact("B", S.VIEWING),
        ReferralFact("C", S.LEAD),
        ReferralFact("C", S.LOST),
    ]
    figures = funnel(facts)
    assert (figures.leads, figures.signed, figures.lost, figures.open) == (7, 3, 2, 2)
    assert figures.conversion == D("0.4286")  # 3 / 7 = 0.428571...
    assert figures.win_rate == D("0.6000")  # 3 / (3 + 2)
    assert figures.area_won == D("430.50")  # 250 + 100.50 + 80
    assert figures.rent_won == {"CNY": D("180000.00"), "HKD": D("30000.00")}
    # A: 2 signed of 3; B: 1 of 2; C: 0 of 2.
    assert figures.referrers == [("A", 2, 3), ("B", 1, 2), ("C", 0, 2)]
    assert figures.by_stage[S.VIEWING] == 1


def test_no_referrals() -> None:
    figures = funnel([])
    assert (figures.leads, figures.conversion, figures.win_rate) == (0, None, None)
    assert figures.area_won == D("0.00")
