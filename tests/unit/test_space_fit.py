"""Unit suggestions for expansions and contractions; rankings worked out by hand below."""

from decimal import Decimal

from tenantcrm.spacerequests.fit import (
    Space,
    contraction_suggestions,
    expansion_suggestions,
    floor_distance,
)

D = Decimal


def space(code: str, floor: int, area: str) -> Space[str]:
    return Space(code, code, floor, D(area))


def codes(suggestions: list) -> list[tuple[str, ...]]:  # type: ignore[type-arg]
    return [tuple(s.key for s in suggestion.units) for suggestion in suggestions]


def test_floor_distance() -> None:
    assert floor_distance(12, {12, 20}) == 0
    assert floor_distance(15, {12, 20}) == 3
    assert floor_distance(-1, {2}) == 3
    assert floor_distance(7, set()) == 0


A = space("12-05", 12, "80.00")
B = space("12-06", 12, "120.00")
C = space("13-01", 13, "200.00")
DD = space("11-01", 11, "300.00")
E = space("20-01", 20, "200.00")


def test_expansion_ranks_by_floor_distance_then_area() -> None:
    suggestions = expansion_suggestions([E, DD, C, B, A], {12}, D("200.00"))

    # On the tenant's floor 12: 12-05 + 12-06 = 200 (exact), 12-06 alone (80 short), 12-05 (120
    # short). One floor away (13 or 11): 13-01 = 200 (exact); 12-05 + 13-01 = 280 (80 over);
    # 11-01 = 300 (100 over); 12-06 + 13-01 = 320 (120 over); 12-05 + 11-01 = 380 (180 over);
    # 12-05 + 12-06 + 13-01 = 400 (200 over); 12-06 + 11-01 = 420 (220 over). 20-01 is 8 floors
    # away: everything with it ranks after all of these.
    assert codes(suggestions) == [
        ("12-05", "12-06"),
        ("12-06",),
        ("12-05",),
        ("13-01",),
        ("12-05", "13-01"),
        ("11-01",),
        ("12-06", "13-01"),
        ("11-01", "12-05"),
        ("12-05", "12-06", "13-01"),
        ("11-01", "12-06"),
    ]
    best, short = suggestions[0], suggestions[1]
    assert (best.area, best.difference, best.floor_distance) == (D("200.00"), D("0.00"), 0)
    assert best.reasons == (
        "12-05 (80.00 m²) on floor 12, a floor the tenant already occupies",
        "12-06 (120.00 m²) on floor 12, a floor the tenant already occupies",
        "adds 200.00 m²: exactly the 200.00 m² asked",
    )
    assert short.difference == D("-80.00")
    assert short.reasons[-1] == "adds 120.00 m²: 80.00 m² less than the 200.00 m² asked"
    one_up = suggestions[3]
    assert one_up.floor_distance == 1
    assert one_up.reasons == (
        "13-01 (200.00 m²) on floor 13, 1 floor from the tenant's floor 12",
        "adds 200.00 m²: exactly the 200.00 m² asked",
    )
    assert suggestions[4].reasons[-1] == "adds 280.00 m²: 80.00 m² more than the 200.00 m² asked"


def test_expansion_prefers_not_short_then_fewer_units() -> None:
    over = space("12-01", 12, "110.00")
    under = space("12-02", 12, "90.00")
    pair_a, pair_b = space("12-03", 12, "60.00"), space("12-04", 12, "40.00")
    suggestions = expansion_suggestions([under, pair_a, over, pair_b], {12}, D("100.00"))
    # exact: 12-03 + 12-04 (only pair); 10 off: 110 (over) before 90 (short)
    assert codes(suggestions)[:3] == [("12-03", "12-04"), ("12-01",), ("12-02",)]


def test_expansion_far_floors_and_limits() -> None:
    suggestions = expansion_suggestions([E], {12, 15}, D("200.00"))
    assert suggestions[0].floor_distance == 5
    assert suggestions[0].reasons[0] == (
        "20-01 (200.00 m²) on floor 20, 5 floors from the tenant's floor 15"
    )
    assert len(expansion_suggestions([A, B, C], {12}, D("100"), limit=2)) == 2
    # one unit at a time when asked: 3 single suggestions at most
    assert len(expansion_suggestions([A, B, C], {12}, D("100"), max_units=1)) == 3
    # only the nearest candidates are combined: 20-01 is never reached
    far = expansion_suggestions([A, B, E], {12}, D("200"), max_candidates=2)
    assert all(s.units[-1].key != "20-01" for s in far)
    assert expansion_suggestions([], {12}, D("100")) == []


def test_expansion_when_the_tenant_holds_nothing_else() -> None:
    (only,) = expansion_suggestions([C], set(), D("200.00"))
    assert only.floor_distance == 0
    assert only.reasons[0] == (
        "13-01 (200.00 m²) on floor 13; the tenant holds no other unit in the building then"
    )


P = space("12-01", 12, "100.00")
Q = space("12-02", 12, "150.00")
R = space("14-01", 14, "250.00")


def test_contraction_ranks_by_area_to_release() -> None:
    suggestions = contraction_suggestions([P, Q, R], D("250.00"))

    # at most 2 of the 3 units (one stays): exact 250 by 14-01 alone, then by 12-01 + 12-02;
    # 100 off: 12-01 + 14-01 = 350 (over) before 12-02 = 150 (short);
    # 150 off: 12-02 + 14-01 = 400 (over) before 12-01 = 100 (short)
    assert codes(suggestions) == [
        ("14-01",),
        ("12-01", "12-02"),
        ("12-01", "14-01"),
        ("12-02",),
        ("12-02", "14-01"),
        ("12-01",),
    ]
    assert suggestions[0].reasons == (
        "14-01 (250.00 m²) on floor 14",
        "gives back 250.00 m²: exactly the 250.00 m² to release",
        "keeps 250.00 m² on floor 12",
        "gives floor 14 back whole, easier to re-let",
    )
    assert suggestions[3].reasons == (
        "12-02 (150.00 m²) on floor 12",
        "gives back 150.00 m²: 100.00 m² less than the 250.00 m² to release",
        "keeps 350.00 m² on floors 12 and 14",
    )
    assert suggestions[3].difference == D("-100.00")


def test_contraction_prefers_giving_a_floor_back_whole() -> None:
    s = space("12-01", 12, "100.00")
    t = space("15-01", 15, "100.00")
    u = space("12-02", 12, "300.00")
    # both 100 m² units match exactly; giving 15-01 back leaves one floor, 12-01 leaves two
    assert codes(contraction_suggestions([s, t, u], D("100.00")))[:2] == [("15-01",), ("12-01",)]


def test_contraction_never_releases_everything() -> None:
    assert contraction_suggestions([P], D("100.00")) == []
    assert all(len(s.units) == 1 for s in contraction_suggestions([P, Q], D("250.00")))
