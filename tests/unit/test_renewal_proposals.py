"""Renewal proposals. Expected figures are worked out by hand in the comments next to them."""

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenantcrm.leases.rent import (
    RentStep,
    StepKind,
    Violation,
    rent_on,
    summarize,
    validate_terms,
)
from tenantcrm.renewals.proposals import (
    ProposalForm,
    ProposalOption,
    RenewalPolicy,
    RenewalRequest,
    propose,
    steps_that_fit,
    validate_request,
)

D = Decimal
JAN_2025 = date(2025, 1, 1)


def policy(
    max_step: str = "10",
    steps: int = 2,
    *,
    every: int = 12,
    free_months: int = 0,
    incentive: str = "0",
    index: tuple[str, str, str] = ("3", "1", "4"),  # rate, floor, cap
) -> RenewalPolicy:
    rate, floor, cap = index
    return RenewalPolicy(
        max_step_percent=D(max_step),
        steps=steps,
        step_every_months=every,
        free_months=free_months,
        incentive=D(incentive),
        index_rate_percent=D(rate),
        index_floor_percent=D(floor),
        index_cap_percent=D(cap),
    )


def request(
    current: str, market: str, term: int = 36, rules: RenewalPolicy | None = None
) -> RenewalRequest:
    return RenewalRequest(D(current), D(market), JAN_2025, term, rules or policy())


def by_form(options: list[ProposalOption]) -> dict[ProposalForm, ProposalOption]:
    return {option.form: option for option in options}


def amounts(option: ProposalOption) -> list[Decimal]:
    return [amount for _, amount in option.levels]


def days(option: ProposalOption) -> list[date]:
    return [day for day, _ in option.levels]


# --- The worked example: 10,000 now, 12,100 market, steps of at most 10 % ---------------------


def test_options_come_in_a_fixed_order() -> None:
    forms = [option.form for option in propose(request("10000.00", "12100.00"))]
    assert forms == list(ProposalForm)


def test_flat_market() -> None:
    flat = by_form(propose(request("10000.00", "12100.00")))[ProposalForm.FLAT_MARKET]

    assert flat.terms.start == JAN_2025
    assert flat.terms.end == date(2027, 12, 31)  # 1 Jan 2025 + 36 months - 1 day
    assert flat.terms.steps == ()
    assert flat.levels == ((JAN_2025, D("12100.00")),)
    assert flat.summary.total_rent == D("435600.00")  # 36 * 12,100
    assert flat.summary.net_effective_rent == D("12100.00")
    assert flat.largest_step_percent == D("21.00")  # 12,100 / 10,000 - 1
    assert flat.reaches_market
    assert flat.difference_vs_flat_market == D("0.00")
    assert flat.note == "Flat at market 12,100.00 for 36 months"


def test_percent_steps_reach_market_in_the_steps_asked_for() -> None:
    option = by_form(propose(request("10000.00", "12100.00")))[ProposalForm.PERCENT_STEP]

    # n = 2: (12,100 / 10,000) ** (1/2) = 1.1, so each increase is exactly the 10 % cap.
    # 10,000 * 1.1 = 11,000 from 1 Jan 2025; 11,000 * 1.1 = 12,100 from 1 Jan 2026.
    assert option.levels == ((JAN_2025, D("11000.00")), (date(2026, 1, 1), D("12100.00")))
    assert option.terms.base_rent == D("11000.00")
    assert option.terms.steps == (RentStep(StepKind.FIXED, date(2026, 1, 1), amount=D("12100.00")),)
    assert option.largest_step_percent == D("10.00")
    assert option.reaches_market
    # 12 * 11,000 + 24 * 12,100 = 132,000 + 290,400 = 422,400; NER 422,400 / 36 = 11,733.33
    assert option.summary.total_rent == D("422400.00")
    assert option.summary.net_effective_rent == D("11733.33")
    assert option.difference_vs_flat_market == D("-13200.00")  # 422,400 - 435,600
    assert option.note == "2 steps of 10.00 % to market 12,100.00 by 2026-01-01"


def test_fixed_steps_add_a_step_when_the_first_would_break_the_cap() -> None:
    option = by_form(propose(request("10000.00", "12100.00")))[ProposalForm.FIXED_STEP]

    # n = 2: d = 2,100 / 2 = 1,050, and 1,050 / 10,000 = 10.5 % > 10 %.
    # n = 3: d = 2,100 / 3 = 700, and 700 / 10,000 = 7 %; later steps are smaller in percent:
    # 700 / 10,700 = 6.54 %, 700 / 11,400 = 6.14 %.
    assert amounts(option) == [D("10700.00"), D("11400.00"), D("12100.00")]
    assert days(option) == [JAN_2025, date(2026, 1, 1), date(2027, 1, 1)]
    assert option.largest_step_percent == D("7.00")
    assert option.reaches_market
    # 12 * (10,700 + 11,400 + 12,100) = 12 * 34,200 = 410,400; NER 410,400 / 36 = 11,400
    assert option.summary.total_rent == D("410400.00")
    assert option.summary.net_effective_rent == D("11400.00")
    assert option.difference_vs_flat_market == D("-25200.00")  # 410,400 - 435,600
    assert option.note == "3 steps of 700.00 (7.00 % at first) to market 12,100.00 by 2027-01-01"


def test_index_linked_starts_at_market_and_rises_each_anniversary() -> None:
    option = by_form(propose(request("10000.00", "12100.00")))[ProposalForm.INDEX_LINKED]

    # index 3 % lies within floor 1 % and cap 4 %: 12,100 * 1.03 = 12,463.00;
    # 12,463 * 1.03 = 12,836.89 exactly.
    assert option.levels == (
        (JAN_2025, D("12100.00")),
        (date(2026, 1, 1), D("12463.00")),
        (date(2027, 1, 1), D("12836.89")),
    )
    assert [step.kind for step in option.terms.steps] == [StepKind.PERCENT, StepKind.PERCENT]
    assert option.largest_step_percent == D("21.00")  # current -> market counts too
    assert option.reaches_market
    # 12 * (12,100 + 12,463 + 12,836.89) = 12 * 37,399.89 = 448,798.68; / 36 = 12,466.63
    assert option.summary.total_rent == D("448798.68")
    assert option.summary.net_effective_rent == D("12466.63")
    assert option.difference_vs_flat_market == D("13198.68")  # 448,798.68 - 435,600
    assert option.note == (
        "Market 12,100.00, then +3.00 % a year from 2026-01-01"
        " (index 3.00 % within floor 1.00 % and cap 4.00 %)"
    )


def test_free_rent_and_incentive_apply_to_every_option_alike() -> None:
    rules = policy(free_months=2, incentive="6000")
    options = by_form(propose(request("10000.00", "12100.00", rules=rules)))

    for option in options.values():
        assert RentStep(StepKind.FREE, JAN_2025, months=2) in option.terms.steps
        assert option.terms.incentive == D("6000.00")
    flat = options[ProposalForm.FLAT_MARKET].summary
    # free 2 * 12,100 = 24,200; total 435,600 - 24,200 = 411,400;
    # NER (411,400 - 6,000) / 36 = 405,400 / 36 = 11,261.11
    assert (flat.free_rent, flat.total_rent) == (D("24200.00"), D("411400.00"))
    assert flat.net_effective_rent == D("11261.11")
    percent = options[ProposalForm.PERCENT_STEP]
    # free 2 * 11,000 = 22,000; total 422,400 - 22,000 = 400,400;
    # NER (400,400 - 6,000) / 36 = 394,400 / 36 = 10,955.56
    assert percent.summary.total_rent == D("400400.00")
    assert percent.summary.net_effective_rent == D("10955.56")
    assert percent.difference_vs_flat_market == D("-11000.00")  # 400,400 - 411,400
    fixed = options[ProposalForm.FIXED_STEP]
    # free 2 * 10,700 = 21,400; total 410,400 - 21,400 = 389,000;
    # NER (389,000 - 6,000) / 36 = 383,000 / 36 = 10,638.89
    assert fixed.summary.total_rent == D("389000.00")
    assert fixed.summary.net_effective_rent == D("10638.89")
    assert fixed.difference_vs_flat_market == D("-22400.00")  # 389,000 - 411,400


# --- Choosing the number of steps -------------------------------------------------------------


def test_percent_steps_grow_until_each_is_within_the_cap() -> None:
    rules = policy("4", steps=2, free_months=2, index=("6", "1", "4"))
    options = by_form(propose(request("10000.00", "11248.64", rules=rules)))

    percent = options[ProposalForm.PERCENT_STEP]
    # n = 2: sqrt(1.124864) = 1.0606, 6.06 % > 4 %. n = 3: 1.04 ** 3 = 1.124864, 4 % each:
    # 10,400.00, 10,816.00, 11,248.64
    assert amounts(percent) == [D("10400.00"), D("10816.00"), D("11248.64")]
    assert percent.largest_step_percent == D("4.00")
    assert percent.reaches_market
    # 12 * (10,400 + 10,816 + 11,248.64) = 12 * 32,464.64 = 389,575.68; free 2 * 10,400 = 20,800
    assert percent.summary.total_rent == D("368775.68")  # 389,575.68 - 20,800
    assert percent.note == "3 steps of 4.00 % to market 11,248.64 by 2027-01-01"

    fixed = options[ProposalForm.FIXED_STEP]
    # d <= 4 % of 10,000 = 400 needs n >= 1,248.64 / 400 = 3.12, i.e. 4, but only 3 fit in
    # 36 months: 3 steps of 400 (the cap) end at 11,200, below market.
    assert amounts(fixed) == [D("10400.00"), D("10800.00"), D("11200.00")]
    assert not fixed.reaches_market
    assert fixed.largest_step_percent == D("4.00")
    # 12 * (10,400 + 10,800 + 11,200) = 388,800; free 20,800
    assert fixed.summary.total_rent == D("368000.00")
    assert fixed.note == (
        "3 steps of 400.00 (4.00 % of current, the cap) to 11,200.00 by 2027-01-01,"
        " below market 11,248.64"
    )

    index = options[ProposalForm.INDEX_LINKED]
    # index 6 % is capped at 4 %: 11,248.64 * 1.04 = 11,698.5856 -> 11,698.59;
    # 11,698.59 * 1.04 = 12,166.5336 -> 12,166.53
    assert amounts(index) == [D("11248.64"), D("11698.59"), D("12166.53")]
    assert index.note.endswith("(index 6.00 % capped at 4.00 %)")


def test_both_stepped_forms_stop_at_the_cap_when_the_term_is_too_short() -> None:
    options = by_form(propose(request("10000.00", "15000.00", term=24, rules=policy(steps=1))))

    # 24 months hold 1 + 23 // 12 = 2 steps. Percent: 1.1 ** 2 = 1.21 < 1.5.
    percent = options[ProposalForm.PERCENT_STEP]
    assert amounts(percent) == [D("11000.00"), D("12100.00")]  # 10 % of the level before
    assert not percent.reaches_market
    assert percent.note == (
        "2 steps of 10.00 % (the cap) to 12,100.00 by 2026-01-01, below market 15,000.00"
    )
    # Fixed: d = 5,000 / 2 = 2,500 = 25 % > 10 %, so 10 % of 10,000 = 1,000 a step.
    fixed = options[ProposalForm.FIXED_STEP]
    assert amounts(fixed) == [D("11000.00"), D("12000.00")]
    assert not fixed.reaches_market
    # totals: flat 24 * 15,000 = 360,000; percent 12 * (11,000 + 12,100) = 277,200;
    # fixed 12 * (11,000 + 12,000) = 276,000
    assert options[ProposalForm.FLAT_MARKET].summary.total_rent == D("360000.00")
    assert percent.difference_vs_flat_market == D("-82800.00")
    assert fixed.difference_vs_flat_market == D("-84000.00")


def test_one_step_is_enough_when_market_is_close() -> None:
    options = by_form(propose(request("10000.00", "10500.00", rules=policy(steps=1))))

    # 5 % in one step is within the 10 % cap: the renewal starts at market.
    for form in (ProposalForm.FIXED_STEP, ProposalForm.PERCENT_STEP):
        assert options[form].levels == ((JAN_2025, D("10500.00")),)
        assert options[form].largest_step_percent == D("5.00")
    assert options[ProposalForm.PERCENT_STEP].note == (
        "1 step of 5.00 % to market 10,500.00 by 2025-01-01"
    )


def test_rounding_to_cents_can_need_one_more_step() -> None:
    rules = policy("8", steps=2)
    option = by_form(propose(request("0.19", "0.22", rules=rules)))[ProposalForm.PERCENT_STEP]

    # n = 2 passes unrounded (1.08 ** 2 = 1.1664 >= 0.22 / 0.19 = 1.1579), but
    # 0.19 * 1.1579 ** (1/2) = 0.2045 -> 0.20, and 0.22 / 0.20 = 10 % > 8 %.
    # n = 3: 0.19 * 1.0501 = 0.1995 -> 0.20, 0.19 * 1.1027 = 0.2095 -> 0.21, then 0.22:
    # 5.26 %, 5.00 %, 4.76 %.
    assert amounts(option) == [D("0.20"), D("0.21"), D("0.22")]
    assert option.largest_step_percent == D("5.26")


def test_a_level_that_repeats_the_one_before_is_dropped() -> None:
    rules = policy(steps=3)
    option = by_form(propose(request("10000.00", "10000.02", rules=rules)))[ProposalForm.FIXED_STEP]

    # d = 0.02 / 3: 10,000.0067 -> 10,000.01, 10,000.0133 -> 10,000.01 (a repeat), 10,000.02
    assert option.levels == ((JAN_2025, D("10000.01")), (date(2027, 1, 1), D("10000.02")))
    assert option.reaches_market


def test_steps_every_six_months_from_a_month_end() -> None:
    start = date(2024, 1, 31)
    rules = policy("5", steps=4, every=6)
    options = by_form(propose(RenewalRequest(D("10000"), D("12000"), start, 24, rules)))
    fixed = options[ProposalForm.FIXED_STEP]

    # d = 2,000 / 4 = 500 = 5 % of 10,000, within the cap; steps counted from 31 Jan each time.
    assert fixed.levels == (
        (date(2024, 1, 31), D("10500.00")),
        (date(2024, 7, 31), D("11000.00")),
        (date(2025, 1, 31), D("11500.00")),
        (date(2025, 7, 31), D("12000.00")),
    )
    assert fixed.terms.end == date(2026, 1, 30)  # 31 Jan 2024 + 24 months - 1 day
    # each level covers 6 whole periods: 6 * (10,500 + 11,000 + 11,500 + 12,000) = 270,000
    assert fixed.summary.total_rent == D("270000.00")


# --- Market at or below current ---------------------------------------------------------------


@pytest.mark.parametrize("market", ["12000.00", "11000.00"])
def test_stepped_forms_renew_flat_at_market_when_it_is_not_above_current(market: str) -> None:
    options = by_form(propose(request("12000.00", market)))

    for form in (ProposalForm.FIXED_STEP, ProposalForm.PERCENT_STEP):
        option = options[form]
        assert option.levels == ((JAN_2025, D(market)),)
        assert option.reaches_market
        assert option.difference_vs_flat_market == D("0.00")
        assert option.note == (
            f"Market {D(market):,.2f} is not above current 12,000.00: renews flat at market"
        )


def test_a_fall_to_market_is_a_negative_largest_step() -> None:
    flat = propose(request("12000.00", "11000.00"))[0]
    assert flat.largest_step_percent == D("-8.33")  # 11,000 / 12,000 - 1 = -8.333 %


# --- Index-linked edge cases ------------------------------------------------------------------


def test_index_below_the_floor_is_raised_to_it() -> None:
    option = propose(request("10000.00", "10000.00", rules=policy(index=("0.5", "1", "4"))))[3]
    # 10,000 * 1.01 = 10,100; 10,100 * 1.01 = 10,201
    assert amounts(option) == [D("10000.00"), D("10100.00"), D("10201.00")]
    assert option.note.endswith("(index 0.50 % raised to the floor 1.00 %)")


def test_a_negative_index_lowers_the_rent_when_the_floor_allows() -> None:
    option = propose(request("10000.00", "10000.00", rules=policy(index=("-1", "-2", "4"))))[3]
    # 10,000 * 0.99 = 9,900; 9,900 * 0.99 = 9,801
    assert amounts(option) == [D("10000.00"), D("9900.00"), D("9801.00")]
    assert option.note.startswith("Market 10,000.00, then -1.00 % a year from 2026-01-01")


def test_an_index_clamped_to_zero_is_flat() -> None:
    option = propose(request("10000.00", "11000.00", rules=policy(index=("-1", "0", "4"))))[3]
    assert option.terms.steps == ()
    assert option.levels == ((JAN_2025, D("11000.00")),)
    assert option.note == "Flat at market 11,000.00: the index rate -1.00 % clamps to 0.00 %"


def test_no_index_rise_inside_a_one_year_term() -> None:
    option = propose(request("10000.00", "11000.00", term=12, rules=policy(steps=1)))[3]
    # the first anniversary, 1 Jan 2026, is the day after the term ends (31 Dec 2025)
    assert option.terms.steps == ()
    assert option.note == "Flat at market 11,000.00: no anniversary falls inside the term"


# --- Validation -------------------------------------------------------------------------------


def test_steps_that_fit() -> None:
    assert steps_that_fit(36, 12) == 3  # months 0, 12, 24
    assert steps_that_fit(37, 12) == 4  # month 36 is inside a 37-month term
    assert steps_that_fit(12, 12) == 1
    assert steps_that_fit(1, 1) == 1


def test_a_good_request_has_no_violations() -> None:
    assert validate_request(request("10000.00", "12100.00")) == []


def test_every_bad_field_is_reported() -> None:
    rules = RenewalPolicy(
        max_step_percent=D("0"),
        steps=0,
        step_every_months=0,
        free_months=-1,
        incentive=D("-1"),
        index_rate_percent=D("2.555"),
        index_floor_percent=D("5"),
        index_cap_percent=D("-100"),
    )
    bad = RenewalRequest(D("0"), D("1.234"), JAN_2025, 0, rules)

    assert validate_request(bad) == [
        Violation("current_rent", "must be greater than 0"),
        Violation("market_rent", "must have at most 2 decimal places"),
        Violation("term_months", "must be at least 1"),
        Violation("policy.max_step_percent", "must be greater than 0"),
        Violation("policy.step_every_months", "must be at least 1"),
        Violation("policy.steps", "must be at least 1"),
        Violation("policy.free_months", "must not be negative"),
        Violation("policy.incentive", "must not be negative"),
        Violation("policy.index_rate_percent", "must have at most 2 decimal places"),
        Violation("policy.index_cap_percent", "must be greater than -100"),
        Violation("policy.index_floor_percent", "must not exceed index_cap_percent"),
    ]
    with pytest.raises(ValueError, match="invalid renewal request: current_rent"):
        propose(bad)


def test_more_steps_than_fit_and_free_rent_over_the_whole_term_are_refused() -> None:
    bad = request("10000.00", "12100.00", term=24, rules=policy(steps=3, free_months=24))
    assert validate_request(bad) == [
        Violation(
            "policy.steps",
            "must be at most 2: no more steps every 12 months fit in a 24-month term",
        ),
        Violation("policy.free_months", "must be shorter than the term"),
    ]


def test_a_term_past_the_calendar_is_refused() -> None:
    bad = RenewalRequest(D("1"), D("1"), date(9999, 1, 1), 12, policy(steps=1))
    assert validate_request(bad) == [
        Violation("term_months", "runs past the last date the calendar can hold")
    ]


def test_infinite_amounts_are_refused() -> None:
    bad = request("Infinity", "NaN", rules=policy(max_step="Infinity"))
    assert [v.field for v in validate_request(bad)] == [
        "current_rent",
        "market_rent",
        "policy.max_step_percent",
    ]


# --- Properties -------------------------------------------------------------------------------


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda minor: D(minor).scaleb(-2))


def percents(low: str, high: str) -> st.SearchStrategy[Decimal]:
    return st.decimals(D(low), D(high), places=2)


@st.composite
def renewal_requests(draw: st.DrawFn) -> RenewalRequest:
    current = draw(cents(1_00, 200_000_00))  # 1.00 to 200,000.00 a month
    market = draw(
        st.one_of(
            st.just(current),
            st.integers(1, 300).map(lambda cts: current + D(cts).scaleb(-2)),  # cents above
            st.decimals(D("0.5"), D("2.5"), places=3).map(
                lambda factor: max((current * factor).quantize(D("0.01")), D("0.01"))
            ),
        )
    )
    term = draw(st.integers(1, 120))
    every = draw(st.sampled_from([1, 3, 6, 12, 24]))
    floor = draw(percents("0", "3"))
    rules = RenewalPolicy(
        max_step_percent=draw(percents("0.01", "25")),
        steps=draw(st.integers(1, min(steps_that_fit(term, every), 6))),
        step_every_months=every,
        free_months=draw(st.integers(0, min(6, term - 1))),
        incentive=draw(cents(0, 5_000_000)),
        index_rate_percent=draw(percents("-2", "10")),
        index_floor_percent=floor,
        index_cap_percent=floor + draw(percents("0", "6")),
    )
    start = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    return RenewalRequest(current, market, start, term, rules)


STEPPED = (ProposalForm.FIXED_STEP, ProposalForm.PERCENT_STEP)


@settings(deadline=None)
@given(renewal_requests())
def test_stepped_options_respect_the_cap_and_end_at_market_when_they_reach_it(
    r: RenewalRequest,
) -> None:
    assert validate_request(r) == []
    fit = steps_that_fit(r.term_months, r.policy.step_every_months)
    for option in propose(r):
        if option.form not in STEPPED:
            continue
        assert option.largest_step_percent <= r.policy.max_step_percent
        assert len(option.levels) <= fit
        if option.reaches_market:
            assert option.levels[-1][1] == r.market_rent
        else:
            assert all(amount < r.market_rent for amount in amounts(option))


@settings(deadline=None)
@given(renewal_requests())
def test_levels_never_fall_when_market_is_above_current(r: RenewalRequest) -> None:
    for option in propose(r):
        rents = [r.current_rent, *amounts(option)]
        if r.market_rent > r.current_rent:
            assert all(before <= after for before, after in pairwise(rents))
        assert days(option) == sorted(set(days(option)))


@settings(deadline=None)
@given(renewal_requests())
def test_options_are_valid_terms_whose_totals_and_levels_agree_with_the_rent_rules(
    r: RenewalRequest,
) -> None:
    options = propose(r)
    flat_total = options[0].summary.total_rent
    for option in options:
        assert validate_terms(option.terms) == []
        assert option.summary == summarize(option.terms)
        assert option.difference_vs_flat_market == option.summary.total_rent - flat_total
        for day, amount in option.levels:
            assert rent_on(option.terms, day) == amount
        assert option.terms.start == r.start
        free = [step for step in option.terms.steps if step.kind is StepKind.FREE]
        assert sum(step.months or 0 for step in free) == r.policy.free_months
