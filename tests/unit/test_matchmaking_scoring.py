"""Scoring of suggested ties on small portfolios, worked out by hand."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenantcrm.matchmaking.scoring import (
    Feedback,
    MatchIndex,
    Outcome,
    TenantFacts,
    feedback_multiplier,
    reasons,
    tokenize,
)

# A needs legal advice and offers cloud hosting; B offers legal advice; C needs cloud hosting and
# is a media firm (a neighbour of technology); D has nothing to say but is an anchor.
A = TenantFacts("A", "technology", offers=("cloud hosting",), needs=("legal advice",))
B = TenantFacts("B", "legal", offers=("legal advice",))
C = TenantFacts("C", "media", offers=("video production",), needs=("cloud hosting",))
D = TenantFacts("D", "energy", is_anchor=True)


def test_tokens_of_mixed_phrases() -> None:
    assert tokenize("Cloud Hosting Services 云服务器 and the") == [
        "cloud",
        "hosting",
        "service",
        "云服",
        "服务",
        "务器",
    ]
    assert tokenize("法") == ["法"]


def test_feedback_multiplier() -> None:
    assert feedback_multiplier(0, 0) == 1.0  # 2 x 1/2
    assert feedback_multiplier(1, 0) == pytest.approx(4 / 3)  # 2 x 2/3
    assert feedback_multiplier(0, 1) == pytest.approx(2 / 3)  # 2 x 1/3
    assert feedback_multiplier(3, 1) == pytest.approx(4 / 3)  # 2 x 4/6


def test_scores_by_hand() -> None:
    index = MatchIndex([A, B, C, D])
    top = index.top(0, 10)
    # A -> B: identical "legal advice" documents, cos 1: 0.40 x 1 = 0.40 -> 40.00.
    # A -> C: their need is A's offer (cos 1): 0.25, technology-media neighbours 0.15 -> 40.00.
    # Equal scores keep index order; D has no business reason and is not suggested.
    assert [(index.facts[s.other].key, s.score) for s in top] == [("B", 40.0), ("C", 40.0)]


def test_proximity_and_anchor_order_the_candidates() -> None:
    a = TenantFacts("A", "technology", ("cloud hosting",), ("legal advice",), (), "T1", 12)
    b = TenantFacts("B", "legal", ("legal advice",), (), (), "T1", 12)
    c = TenantFacts("C", "media", ("video production",), ("cloud hosting",), (), "T1", 3, True)
    index = MatchIndex([a, b, c])
    # B: 0.40 + same building and floor 0.10 = 0.50; C: 0.40 + same building 0.05 + anchor
    # 0.05 = 0.50: a tie, kept in index order.
    assert [(s.other, s.score) for s in index.top(0, 5)] == [(1, 50.0), (2, 50.0)]
    said = reasons(a, c, index.top(0, 5)[1], None)
    assert (
        said[0]
        == "Their needs meet its offers: they need “cloud hosting”, it offers “cloud hosting”"
    )
    assert "Same building" in said
    assert "An anchor tenant: its pull brings business" in said


def test_excluded_pairs_are_not_suggested() -> None:
    index = MatchIndex([A, B, C, D])
    assert [s.other for s in index.top(0, 10, excluded={1})] == [2]


def test_outcomes_change_the_ranking() -> None:
    index = MatchIndex([A, B, C, D])
    feedback = Feedback(
        index.industries,
        [
            Outcome("media", "technology", "doing_business"),
            Outcome("technology", "legal", "no_fit"),
        ],
    )
    top = index.top(0, 10, feedback=feedback)
    # C: 40 x 4/3 = 53.33; B: 40 x 2/3 = 26.67.
    assert [(s.other, s.score) for s in top] == [(2, 53.33), (1, 26.67)]
    said = reasons(A, C, top[0], feedback)
    assert said[-1] == (
        "Past introductions between technology and media went well (1 worked, 0 did not): "
        "score x 1.33"
    )


def test_best_ties_across_a_building() -> None:
    index = MatchIndex([A, B, C, D])
    ties = index.building_ties(np.array([0, 1, 2, 3]), 5)
    # A-C: C -> A is 0.40 (its need, A's offer) + 0.15 (neighbours) = 55, better than A -> C 40.
    # A-B: A -> B 40 beats B -> A 25 (B's offer meets A's need: 0.25). B-C and D: no reason.
    assert [(t.tenant, t.other, t.score) for t in ties] == [(2, 0, 55.0), (0, 1, 40.0)]
    assert index.building_ties(np.array([0, 1, 2, 3]), 5, {(2, 0)})[0].other == 1


phrases = st.lists(st.sampled_from(["cloud hosting", "legal advice", "法律服务", "catering"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(phrases, phrases, st.booleans()), min_size=2, max_size=8))
def test_scores_are_bounded_and_never_suggest_self(rows: list) -> None:
    facts = [
        TenantFacts(k, "technology", tuple(o), tuple(n), (), None, None, anchor)
        for k, (o, n, anchor) in enumerate(rows)
    ]
    index = MatchIndex(facts)
    for k in range(len(facts)):
        top = index.top(k, 3)
        assert all(s.other != k and 0 < s.score <= 100 for s in top)
        assert [s.score for s in top] == sorted((s.score for s in top), reverse=True)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(phrases, phrases), min_size=1, max_size=6))
def test_text_parts_are_the_best_pair_of_phrases(rows: list) -> None:
    facts = [TenantFacts(k, "other", tuple(o), tuple(n)) for k, (o, n) in enumerate(rows)]
    index = MatchIndex(facts)
    parts = index.parts(np.arange(len(facts)), cols=np.arange(len(facts))[::-1])
    everyone = index.parts(np.arange(len(facts)))

    def cosine(a: str, b: str) -> float:
        va, vb = index.vectorizer.transform([a]), index.vectorizer.transform([b])
        return float((va @ vb.T).toarray()[0, 0])

    for i, me in enumerate(facts):
        for j, them in enumerate(facts):
            best = max((cosine(n, o) for n in me.needs for o in them.offers), default=0.0)
            assert everyone["need_offer"][i, j] == pytest.approx(best)
            assert parts["need_offer"][i, len(facts) - 1 - j] == pytest.approx(best)
