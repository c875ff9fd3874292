"""The lease expiry schedule. Expected figures are worked out by hand in the comments."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.analytics.expiries import ExpiringLease, ExpiryYear, expiry_schedule

D = Decimal
ZERO = D("0.0000")


def lease(end: date, area: str, rent: str) -> ExpiringLease:
    return ExpiringLease(end, D(area), D(rent))


def row(year: int, leases: int, *figures: str) -> ExpiryYear:
    return ExpiryYear(year, leases, *map(D, figures))


# 10,000 m2 occupied, 6,000,000 a year in rent.
LEASES = [
    lease(date(2024, 12, 31), "999", "999.00"),  # ends before the first year: left out
    lease(date(2025, 6, 30), "1000", "600000.00"),
    lease(date(2025, 12, 31), "500", "350000.00"),
    lease(date(2027, 3, 31), "2500", "1400000.00"),
    lease(date(2028, 1, 1), "3000", "1800000.00"),  # after the last year: left out
]


def test_three_year_schedule() -> None:
    rows = expiry_schedule(
        LEASES, 2025, 3, occupied_area=D("10000"), annual_rent_total=D("6000000.00")
    )

    # year, leases, area, area share, rent, rent share, cumulative area and rent shares
    assert rows == [
        # 2025: 1,000 + 500 = 1,500 m2 = 0.1500; 600,000 + 350,000 = 950,000 = 0.158333 -> 0.1583
        row(2025, 2, "1500", "0.1500", "950000.00", "0.1583", "0.1500", "0.1583"),
        # 2026: nothing ends, the row is still there
        row(2026, 0, "0", "0.0000", "0", "0.0000", "0.1500", "0.1583"),
        # 2027: 2,500 m2 = 0.2500, cumulative 4,000 / 10,000 = 0.4000.
        # Rent: cumulative (950,000 + 1,400,000) / 6,000,000 = 0.391667 -> 0.3917, so this
        # year's share is 0.3917 - 0.1583 = 0.2334 (1,400,000 / 6,000,000 alone = 0.233333).
        row(2027, 1, "2500", "0.2500", "1400000.00", "0.2334", "0.4000", "0.3917"),
    ]


def test_ten_years_by_default_and_zero_totals_give_zero_shares() -> None:
    rows = expiry_schedule(LEASES, 2025, occupied_area=D(0), annual_rent_total=D(0))
    assert [row.year for row in rows] == list(range(2025, 2035))
    assert rows[3].leases == 1  # 2028
    assert all(row.area_share == row.rent_share == ZERO for row in rows)


def test_a_share_of_exactly_half_a_basis_point_rounds_up() -> None:
    # 1 / 20,000 = 0.00005 -> 0.0001
    rows = expiry_schedule(
        [lease(date(2025, 1, 1), "1", "1.00")],
        2025,
        1,
        occupied_area=D("20000"),
        annual_rent_total=D("20000.00"),
    )
    assert (rows[0].area_share, rows[0].rent_share) == (D("0.0001"), D("0.0001"))


@pytest.mark.parametrize(
    ("years", "area", "rent", "problem"),
    [(0, "1", "1", "years"), (1, "-1", "1", "occupied_area"), (1, "1", "-1", "occupied_area")],
)
def test_bad_input_is_refused(years: int, area: str, rent: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        expiry_schedule([], 2025, years, occupied_area=D(area), annual_rent_total=D(rent))


def test_a_negative_lease_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        expiry_schedule(
            [lease(date(2025, 1, 1), "-5", "1")], 2025, occupied_area=D(1), annual_rent_total=D(1)
        )


in_force = st.lists(
    st.builds(
        ExpiringLease,
        end=st.dates(date(2025, 1, 1), date(2040, 12, 31)),
        area=st.integers(1, 10**6).map(lambda centi: D(centi).scaleb(-2)),
        annual_rent=st.integers(0, 10**10).map(lambda minor: D(minor).scaleb(-2)),
    ),
    min_size=1,
    max_size=40,
)


@given(in_force, st.integers(2020, 2035), st.integers(1, 15))
def test_shares_of_the_leases_in_force_add_up_to_at_most_one(
    leases: list[ExpiringLease], first_year: int, years: int
) -> None:
    area_total = sum((x.area for x in leases), D(0))
    rent_total = sum((x.annual_rent for x in leases), D(0))
    rows = expiry_schedule(
        leases, first_year, years, occupied_area=area_total, annual_rent_total=rent_total
    )

    assert len(rows) == years
    assert sum((row.area_share for row in rows), D(0)) <= 1
    assert sum((row.rent_share for row in rows), D(0)) <= 1
    assert sum(row.area_share for row in rows) == rows[-1].cumulative_area_share
    assert sum(row.leases for row in rows) == sum(
        first_year <= x.end.year < first_year + years for x in leases
    )
    for row in rows:
        assert abs(Fraction(row.area_share) - Fraction(row.area) / Fraction(area_total)) < D(
            "0.0001"
        )
