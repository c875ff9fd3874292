"""Lettings to space events and occupancy at the close of a day; figures worked out by hand."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.analytics.absorption import Grain, SpaceEvent, net_absorption, periods
from tenantcrm.analytics.absorption import SpaceEventKind as K
from tenantcrm.analytics.lettings import (
    Arrival,
    Departure,
    Letting,
    occupied_at_close,
    space_events,
)

D = Decimal


def letting(start: str, end: str, area: str = "100.00", **more: object) -> Letting:
    return Letting(
        unit=more.pop("unit", "U1"),
        area=D(area),
        start=date.fromisoformat(start),
        end=date.fromisoformat(end),
        **more,  # type: ignore[arg-type]
    )


def events(*lettings: Letting) -> list[tuple[str, K, str]]:
    return [(e.day.isoformat(), e.kind, str(e.area)) for e in space_events(lettings)]


def test_a_new_tenant_moves_in_and_out_at_expiry() -> None:
    assert events(letting("2025-01-01", "2025-12-31")) == [
        ("2025-01-01", K.MOVE_IN, "100.00"),
        ("2025-12-31", K.MOVE_OUT, "100.00"),
    ]


def test_a_renewal_that_keeps_the_unit_is_no_event() -> None:
    first = letting("2025-01-01", "2025-12-31", continued=True, lease_renewed=True)
    second = letting(
        "2026-01-01", "2026-12-31", arrival=Arrival.RENEWAL, renewal_cycle=True, continues=True
    )
    assert events(first, second) == [
        ("2025-01-01", K.MOVE_IN, "100.00"),
        ("2026-12-31", K.MOVE_OUT, "100.00"),
    ]


def test_units_added_or_dropped_around_a_renewal_are_expansions_and_contractions() -> None:
    # The next cycle leaves U1 out and takes U2: a sitting tenant shrinks and grows.
    dropped = letting("2025-01-01", "2025-12-31", lease_renewed=True)
    added = letting("2026-01-01", "2026-12-31", "40.00", unit="U2", renewal_cycle=True)
    assert events(dropped, added) == [
        ("2025-01-01", K.MOVE_IN, "100.00"),
        ("2025-12-31", K.CONTRACTION, "100.00"),
        ("2026-01-01", K.EXPANSION, "40.00"),
        ("2026-12-31", K.MOVE_OUT, "40.00"),
    ]


def test_recorded_releases_and_expansions() -> None:
    assert events(
        letting(
            "2025-03-01", "2025-06-30", arrival=Arrival.EXPANSION, departure=Departure.CONTRACTION
        ),
        letting("2025-01-01", "2025-09-30", "50.00", unit="U2", departure=Departure.MOVE_OUT),
    ) == [
        ("2025-03-01", K.EXPANSION, "100.00"),
        ("2025-06-30", K.CONTRACTION, "100.00"),
        ("2025-01-01", K.MOVE_IN, "50.00"),
        ("2025-09-30", K.MOVE_OUT, "50.00"),
    ]


def test_occupied_at_the_close_of_a_day() -> None:
    leaving = letting("2025-01-01", "2025-06-30")
    renewed = letting("2025-01-01", "2025-06-30", unit="U2", continued=True)
    arriving = letting("2025-06-30", "2025-12-31", unit="U3")
    lettings = [leaving, renewed, arriving]
    # The tenant leaving on 06-30 has gone at its close; the renewed one stays; the one
    # arriving that day is in.
    assert occupied_at_close(lettings, date(2025, 6, 29)) == [leaving, renewed]
    assert occupied_at_close(lettings, date(2025, 6, 30)) == [renewed, arriving]
    assert occupied_at_close(lettings, date(2025, 12, 31)) == []


def test_bad_lettings_are_refused() -> None:
    for bad in (letting("2025-02-01", "2025-01-31"), letting("2025-01-01", "2025-01-31", "-1")):
        try:
            list(space_events([bad]))
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad}")


# --- the change in occupancy between two closes is the net absorption between them ----------

START = date(2024, 1, 1)


@st.composite
def unit_histories(draw: st.DrawFn) -> list[Letting]:
    """Lettings of a few units: each unit's lettings in order, never overlapping; a letting
    that begins the day after the unit's previous one ends may continue it (a renewal)."""
    lettings: list[Letting] = []
    for unit in range(draw(st.integers(1, 4))):
        area = D(draw(st.integers(1, 500))) + D("0.25")
        day = START + timedelta(days=draw(st.integers(0, 60)))
        for number in range(draw(st.integers(0, 4))):
            end = day + timedelta(days=draw(st.integers(0, 200)))
            continues = number > 0 and lettings[-1].end + timedelta(days=1) == day
            continues = continues and draw(st.booleans())
            if continues:
                lettings[-1] = replace(lettings[-1], continued=True, lease_renewed=True)
            lettings.append(
                Letting(
                    unit=unit,
                    area=area,
                    start=day,
                    end=end,
                    arrival=draw(st.sampled_from(Arrival)),
                    departure=draw(st.sampled_from([None, *Departure])),
                    renewal_cycle=continues or draw(st.booleans()),
                    continues=continues,
                    lease_renewed=draw(st.booleans()),
                )
            )
            day = end + timedelta(days=draw(st.integers(1, 3)))
    return lettings


def occupied_area(lettings: list[Letting], day: date) -> Decimal:
    return sum((x.area for x in occupied_at_close(lettings, day)), D(0))


@given(unit_histories(), st.sampled_from(Grain))
def test_net_absorption_is_the_change_in_occupied_area(
    lettings: list[Letting], grain: Grain
) -> None:
    spans = periods(START, date(2026, 6, 30), grain)
    rows = net_absorption(list(space_events(lettings)), spans)
    for row in rows:
        before = occupied_area(lettings, row.start - timedelta(days=1))
        assert occupied_area(lettings, row.end) - before == row.net, row


def test_events_are_space_events() -> None:
    (event, _) = space_events([letting("2025-01-01", "2025-01-01")])
    assert event == SpaceEvent(date(2025, 1, 1), K.MOVE_IN, D("100.00"))
