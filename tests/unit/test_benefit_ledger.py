"""Rules of the benefits ledger: what a grant must say, collisions, costs, expiry."""

from datetime import date
from decimal import Decimal

from tenantcrm.benefits.enums import BenefitKind, ResourceKind
from tenantcrm.benefits.ledger import (
    GrantTerms,
    annual_cost,
    cost_share,
    expires_soon,
    grant_problems,
    in_force,
    overlaps,
)

D = Decimal
JAN, JUN = date(2026, 1, 1), date(2026, 6, 30)


def fields(terms: GrantTerms) -> list[str]:
    return [p.field for p in grant_problems(terms)]


def test_a_parking_grant_with_its_bay_is_fine() -> None:
    bay = GrantTerms(
        BenefitKind.PARKING_SPACE,
        JAN,
        JUN,
        resource_kind=ResourceKind.PARKING_BAY,
        annual_cost=D("9600.00"),
    )
    assert grant_problems(bay) == []


def test_what_each_kind_requires() -> None:
    assert fields(GrantTerms(BenefitKind.RENT_CONCESSION, JAN, JUN)) == [
        "lease",
        "monthly_amount",
    ]
    assert fields(GrantTerms(BenefitKind.CUSTOM, JAN, JUN, annual_cost=D(0))) == ["title"]
    assert fields(GrantTerms(BenefitKind.BUTLER_SERVICE, JAN, JUN)) == ["annual_cost"]
    assert fields(
        GrantTerms(BenefitKind.BUTLER_SERVICE, JAN, JUN, monthly_amount=D(1), annual_cost=D(1))
    ) == ["monthly_amount"]


def test_resource_must_match_the_kind_and_stand_alone() -> None:
    wrong = GrantTerms(
        BenefitKind.PARKING_SPACE,
        JAN,
        JUN,
        quantity=2,
        resource_kind=ResourceKind.STORAGE_ROOM,
        annual_cost=D(0),
    )
    assert fields(wrong) == ["resource", "quantity"]
    none_wanted = GrantTerms(
        BenefitKind.BUTLER_SERVICE,
        JAN,
        JUN,
        resource_kind=ResourceKind.PARKING_BAY,
        annual_cost=D(0),
    )
    assert fields(none_wanted) == ["resource"]


def test_dates_and_amounts() -> None:
    assert fields(GrantTerms(BenefitKind.PARKING_SPACE, JUN, JAN, annual_cost=D(1))) == ["end_date"]
    assert fields(GrantTerms(BenefitKind.PARKING_SPACE, JAN, JUN, annual_cost=D(-1))) == [
        "annual_cost"
    ]


def test_a_concession_costs_twelve_months_unless_told() -> None:
    concession = GrantTerms(
        BenefitKind.RENT_CONCESSION, JAN, JUN, has_lease=True, monthly_amount=D("2000.00")
    )
    assert grant_problems(concession) == []
    assert annual_cost(concession) == D("24000.00")  # 12 x 2,000
    told = GrantTerms(
        BenefitKind.RENT_CONCESSION,
        JAN,
        JUN,
        has_lease=True,
        monthly_amount=D("2000.00"),
        annual_cost=D("12000.00"),
    )
    assert annual_cost(told) == D("12000.00")


def test_periods_collide_when_they_share_a_day() -> None:
    assert overlaps(JAN, JUN, JUN, date(2026, 12, 31))  # both hold 30 Jun
    assert not overlaps(JAN, JUN, date(2026, 7, 1), date(2026, 12, 31))
    assert overlaps(JAN, date(2026, 12, 31), date(2026, 3, 1), date(2026, 3, 1))  # inside
    assert not overlaps(date(2026, 7, 1), date(2026, 7, 2), JAN, JUN)


def test_in_force_and_expiring_windows() -> None:
    assert in_force(JAN, JUN, JAN)
    assert in_force(JAN, JUN, JUN)
    assert not in_force(JAN, JUN, date(2026, 7, 1))
    today = date(2026, 3, 15)
    assert expires_soon(date(2026, 3, 15), today, 0)
    assert expires_soon(date(2026, 4, 14), today, 30)  # 15 Mar + 30 days = 14 Apr
    assert not expires_soon(date(2026, 4, 15), today, 30)
    assert not expires_soon(date(2026, 3, 14), today, 30)  # already ended


def test_cost_share_of_anchor_rent() -> None:
    # 12,000 / 1,440,000 = 0.8333 % -> 0.83
    assert cost_share(D("12000"), D("1440000")) == D("0.83")
    # 30,000 / 120,000 = 25 %
    assert cost_share(D("30000"), D("120000")) == D("25.00")
    assert cost_share(D("100"), D("0")) is None
