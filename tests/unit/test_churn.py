"""Hard and soft churn. Expected figures are worked out by hand in the comments next to them."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.leases.rent import Violation
from tenantcrm.moveouts.churn import (
    REASON_CLASS,
    REASON_LABELS,
    ChurnClass,
    Classification,
    MoveOutFact,
    MoveOutReason,
    OccupiedBase,
    ReasonFigures,
    churn_figures,
    classification_errors,
    classify,
    rate,
)

D = Decimal
R = MoveOutReason
HARD, SOFT = ChurnClass.HARD, ChurnClass.SOFT
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))


def move_out(
    day: date, reason: MoveOutReason, area: str, rent: str, churn_class: ChurnClass | None = None
) -> MoveOutFact:
    return MoveOutFact(
        tenant_id=f"t-{day}",
        building_id="b-1",
        day=day,
        reason=reason,
        churn_class=churn_class or REASON_CLASS[reason],
        area=D(area),
        annual_rent=D(rent),
    )


# --- The taxonomy -----------------------------------------------------------------------------


def test_every_reason_has_exactly_one_class_and_a_label() -> None:
    assert set(REASON_CLASS) == set(MoveOutReason)
    assert set(REASON_LABELS) == set(MoveOutReason)
    assert all(label for label in REASON_LABELS.values())


def test_the_seed_examples_fall_on_the_right_side() -> None:
    hard = {R.BUSINESS_DOWNSIZING, R.BANKRUPTCY, R.LIQUIDATION, R.MERGER_ACQUISITION}
    hard |= {R.REORGANISATION, R.GROUP_RELOCATION, R.LEAVING_CITY, R.OTHER_TENANT_SIDE}
    assert {reason for reason, cls in REASON_CLASS.items() if cls is HARD} == hard
    assert {reason for reason, cls in REASON_CLASS.items() if cls is SOFT} == {
        R.RENT_LEVEL,
        R.SERVICE_QUALITY,
        R.BUILDING_CONDITION,
        R.MANAGEMENT_RELATIONSHIP,
        R.COMPETITOR_OFFER,
        R.PARKING_AMENITIES,
        R.NO_ROOM_TO_GROW,
        R.OTHER_BUILDING_SIDE,
    }


def test_a_reason_classifies_as_its_class() -> None:
    assert classify(R.BANKRUPTCY) == Classification(HARD, overridden=False, justification="")
    assert classify(R.RENT_LEVEL, None, "") == Classification(SOFT, False, "")


def test_a_justified_override_changes_the_class() -> None:
    why = "  Downsized because our lifts were out for months  "
    assert classify(R.BUSINESS_DOWNSIZING, SOFT, why) == Classification(
        SOFT, overridden=True, justification="Downsized because our lifts were out for months"
    )


def test_an_override_needs_a_justification_of_ten_characters() -> None:
    too_short = [Violation("justification", "must explain the override in at least 10 characters")]
    assert classification_errors(R.RENT_LEVEL, HARD, "Group move") == []  # 10 characters
    assert classification_errors(R.RENT_LEVEL, HARD, "   too short   ") == too_short  # 9
    assert classification_errors(R.RENT_LEVEL, HARD, "") == too_short
    with pytest.raises(ValueError, match="justification"):
        classify(R.RENT_LEVEL, HARD, "")


def test_choosing_the_reasons_own_class_is_no_override() -> None:
    assert classification_errors(R.RENT_LEVEL, SOFT, "") == []
    assert classify(R.RENT_LEVEL, SOFT, "") == Classification(SOFT, False, "")


def test_unknown_reason_or_class_is_reported() -> None:
    errors = classification_errors("moved_to_mars", "medium", "")  # type: ignore[arg-type]
    assert [v.field for v in errors] == ["reason", "override"]


# --- Figures ----------------------------------------------------------------------------------


# A building with 20 tenants on 10,000 m2 paying 12,000,000 a year on 1 Jan 2025.
BASE = OccupiedBase(tenants=20, area=D("10000"), annual_rent=D("12000000.00"))
MOVE_OUTS = [
    move_out(date(2024, 12, 31), R.RENT_LEVEL, "700", "800000.00"),  # before the period
    move_out(date(2025, 1, 1), R.BANKRUPTCY, "500", "600000.00"),  # first day counts
    move_out(date(2025, 3, 31), R.RENT_LEVEL, "800", "960000.00"),
    move_out(date(2025, 6, 30), R.COMPETITOR_OFFER, "300", "390000.00"),
    move_out(date(2025, 9, 30), R.RENT_LEVEL, "200", "250000.00"),
    move_out(date(2025, 11, 15), R.GROUP_RELOCATION, "400", "480000.00"),
    # a hard reason overridden to soft counts as soft, under its own reason
    move_out(date(2025, 12, 31), R.BUSINESS_DOWNSIZING, "1000", "1100000.00", SOFT),
    move_out(date(2026, 1, 1), R.SERVICE_QUALITY, "900", "990000.00"),  # after the period
]


def test_churn_figures_of_a_small_portfolio() -> None:
    figures = churn_figures(MOVE_OUTS, BASE, 7, 12, *YEAR_2025)

    # hard: bankruptcy 500 m2 / 600,000 and group relocation 400 m2 / 480,000
    hard = figures.hard
    assert (hard.churn_class, hard.count, hard.area, hard.annual_rent) == (
        HARD,
        2,
        D("900"),
        D("1080000.00"),
    )
    # 2 / 20 = 0.1000; 900 / 10,000 = 0.0900; 1,080,000 / 12,000,000 = 0.0900
    assert (hard.rate_by_count, hard.rate_by_area, hard.rate_by_rent) == (
        D("0.1000"),
        D("0.0900"),
        D("0.0900"),
    )
    # soft: 800 + 300 + 200 + 1,000 = 2,300 m2;
    # 960,000 + 390,000 + 250,000 + 1,100,000 = 2,700,000
    soft = figures.soft
    assert (soft.count, soft.area, soft.annual_rent) == (4, D("2300"), D("2700000.00"))
    # 4 / 20 = 0.2000; 2,300 / 10,000 = 0.2300; 2,700,000 / 12,000,000 = 0.2250
    assert (soft.rate_by_count, soft.rate_by_area, soft.rate_by_rent) == (
        D("0.2000"),
        D("0.2300"),
        D("0.2250"),
    )
    assert figures.renewal_rate == D("0.5833")  # 7 / 12 = 0.58333...
    # rent level twice (800 + 200 m2); then one each: downsizing 1,000 m2 before competitor 300 m2
    assert figures.soft_reasons == (
        ReasonFigures(R.RENT_LEVEL, "Rent level", 2, D("1000"), D("1210000.00")),
        ReasonFigures(R.BUSINESS_DOWNSIZING, "Business downsizing", 1, D("1000"), D("1100000.00")),
        ReasonFigures(R.COMPETITOR_OFFER, "Competitor's offer", 1, D("300"), D("390000.00")),
    )
    assert (figures.period_start, figures.period_end) == YEAR_2025


def test_ties_in_count_and_area_keep_the_reason_order() -> None:
    day = date(2025, 5, 5)
    outs = [
        move_out(day, R.PARKING_AMENITIES, "100", "1.00"),
        move_out(day, R.RENT_LEVEL, "100", "2.00"),
    ]
    ranked = churn_figures(outs, BASE, 0, 0, *YEAR_2025).soft_reasons
    assert [f.reason for f in ranked] == [R.RENT_LEVEL, R.PARKING_AMENITIES]


def test_an_empty_base_gives_zero_rates_and_no_decisions_no_renewal_rate() -> None:
    empty = OccupiedBase(0, D("0"), D("0"))
    figures = churn_figures(MOVE_OUTS, empty, 0, 0, *YEAR_2025)
    assert figures.soft.count == 4
    assert figures.soft.rate_by_count == figures.soft.rate_by_area == figures.soft.rate_by_rent
    assert figures.soft.rate_by_count == D("0.0000")
    assert figures.renewal_rate is None


def test_nothing_in_the_period() -> None:
    figures = churn_figures([], BASE, 3, 3, *YEAR_2025)
    assert figures.hard.count == figures.soft.count == 0
    assert figures.hard.area == figures.soft.annual_rent == D(0)
    assert figures.soft_reasons == ()
    assert figures.renewal_rate == D("1.0000")


@pytest.mark.parametrize(
    ("signed", "decided", "period", "problem"),
    [
        (-1, 3, YEAR_2025, "renewals_signed"),
        (4, 3, YEAR_2025, "renewals_signed"),
        (0, 0, (date(2025, 2, 1), date(2025, 1, 31)), "period_end"),
    ],
)
def test_impossible_inputs_are_refused(
    signed: int, decided: int, period: tuple[date, date], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        churn_figures([], BASE, signed, decided, *period)


def test_a_negative_base_is_refused() -> None:
    with pytest.raises(ValueError, match="occupied base"):
        churn_figures([], OccupiedBase(-1, D(0), D(0)), 0, 0, *YEAR_2025)


def test_rate() -> None:
    assert rate(1, 3) == D("0.3333")
    assert rate(2, 3) == D("0.6667")
    assert rate(D("0.00005"), 1) == D("0.0001")  # half up
    assert rate(5, 0) == D("0.0000")


# --- Properties -------------------------------------------------------------------------------


facts = st.builds(
    MoveOutFact,
    tenant_id=st.integers(1, 50),
    building_id=st.just(1),
    day=st.dates(date(2024, 6, 1), date(2026, 6, 30)),
    reason=st.sampled_from(MoveOutReason),
    churn_class=st.sampled_from(ChurnClass),
    area=st.integers(1, 5000).map(D),
    annual_rent=st.integers(0, 10**9).map(lambda minor: D(minor).scaleb(-2)),
)


@given(st.lists(facts, max_size=30))
def test_the_classes_split_the_move_outs_of_the_period(outs: list[MoveOutFact]) -> None:
    figures = churn_figures(outs, BASE, 0, 0, *YEAR_2025)
    inside = [m for m in outs if YEAR_2025[0] <= m.day <= YEAR_2025[1]]

    assert figures.hard.count + figures.soft.count == len(inside)
    assert figures.hard.area + figures.soft.area == sum((m.area for m in inside), D(0))
    soft = [m for m in inside if m.churn_class is SOFT]
    assert sum(f.count for f in figures.soft_reasons) == figures.soft.count == len(soft)
    assert sum((f.annual_rent for f in figures.soft_reasons), D(0)) == figures.soft.annual_rent
    ranks = [(-f.count, -f.area) for f in figures.soft_reasons]
    assert ranks == sorted(ranks)
