"""Which tenants could do business together, and why: the scoring of suggested ties.

Pure: no I/O, no framework types, no clock. Works on plain facts (``TenantFacts``) and keeps
every portfolio-wide computation vectorised (sparse matrix products, numpy arrays): scoring one
tenant against 50,000 is a handful of sparse products, never a Python loop over tenants.

Text
    A tenant's offers and needs are lists of short phrases, in English, Chinese or both. They are
    tokenised (``tokenize``: Latin words lower-cased with a plural ``s`` dropped and a few
    stop-words removed; runs of CJK characters as overlapping character pairs, since Chinese is
    not written with spaces) and weighted by TF-IDF (scikit-learn's ``TfidfVectorizer``,
    sublinear term frequency), fitted on every offer and need phrase of the portfolio, so rare,
    specific terms weigh more than common ones. Each phrase is a unit vector; one sparse product
    of a tenant's need phrases with every offer phrase of the portfolio gives all the cosines,
    and the best per tenant is taken with ``np.maximum.reduceat`` (phrases are stored grouped by
    tenant). So one phrase that matches well counts fully, however many unrelated phrases
    either side lists, and a phrase that shares only some terms counts less. Markets and tags
    together form a binary vector, L2-normalised, compared by cosine.

Score of candidate ``j`` for tenant ``i`` (each part between 0 and 1)::

    need_offer   = max cos(a need of i, an offer of j)  # its needs meet their offers   0.40
    offer_need   = max cos(an offer of i, a need of j)  # their needs meet its offers   0.25
    value_chain  = 1 if the industries are neighbours in ``VALUE_CHAIN``, else 0  weight 0.15
    market       = cos(markets_i, markets_j)  # shared markets and tags           weight 0.10
    proximity    = 0.5 x same building + 0.5 x same floor of that building        weight 0.10
    anchor       = 1 if j is an anchor tenant (an anchor's pull), else 0          weight 0.05

    base  = sum(weight x part)                (0 to 1)
    score = round(100 x min(1, base x feedback[industry_i, industry_j]), 2)

Only candidates with a business reason (need_offer, offer_need, value_chain or market above 0)
are suggested; proximity and the anchor's pull only order them. The tenant itself and every
pair that already has an introduction (suggested, introduced, met, doing business, no fit or
dismissed) are left out. Ties are broken by the candidate's position in the index (stable).

Feedback
    Outcomes of introductions teach which industry pairs work. For an industry pair with
    ``s`` successes (met or doing business) and ``f`` failures (no fit or dismissed), the
    multiplier is ``2 x (s + 1) / (s + f + 2)``: 1 with no history, 4/3 after one success,
    2/3 after one failure, tending to 2 or to 0 with many. It is symmetric in the pair.

Across a building
    The best new ties among a building's tenants: for each unordered pair the higher of its
    two directed scores, the same exclusions, best first.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import MultiLabelBinarizer, normalize

WEIGHTS = {
    "need_offer": 0.40,
    "offer_need": 0.25,
    "value_chain": 0.15,
    "market": 0.10,
    "proximity": 0.10,
    "anchor": 0.05,
}

VALUE_CHAIN: dict[str, frozenset[str]] = {
    industry: frozenset(neighbours)
    for industry, neighbours in {
        "banking": {"legal", "accounting", "consulting", "technology", "real_estate", "trading"},
        "insurance": {"legal", "healthcare", "technology", "logistics", "real_estate"},
        "asset_management": {"banking", "legal", "accounting", "technology", "real_estate"},
        "legal": {"banking", "insurance", "asset_management", "real_estate", "trading"},
        "accounting": {"banking", "asset_management", "consulting", "manufacturing"},
        "consulting": {"banking", "technology", "manufacturing", "energy", "government"},
        "technology": {"banking", "telecom", "media", "consulting", "education", "healthcare"},
        "telecom": {"technology", "media", "manufacturing", "government"},
        "media": {"technology", "telecom", "consumer", "education"},
        "pharma": {"healthcare", "logistics", "legal", "manufacturing"},
        "healthcare": {"pharma", "insurance", "technology"},
        "manufacturing": {"logistics", "trading", "energy", "technology", "accounting"},
        "energy": {"manufacturing", "consulting", "government", "logistics"},
        "trading": {"logistics", "manufacturing", "banking", "consumer", "legal"},
        "logistics": {"trading", "manufacturing", "consumer", "pharma", "energy"},
        "consumer": {"logistics", "media", "trading", "real_estate"},
        "real_estate": {"banking", "legal", "asset_management", "consumer", "insurance"},
        "education": {"technology", "media", "nonprofit", "government"},
        "government": {"consulting", "telecom", "education", "energy"},
        "nonprofit": {"education", "government", "healthcare"},
    }.items()
}
"""Upstream and downstream neighbours by industry (read both ways: a pair is neighbours when
either lists the other)."""

SUCCESS_STATES = frozenset({"met", "doing_business"})
FAILURE_STATES = frozenset({"no_fit", "dismissed"})

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "with",
        "by",
        "at",
        "as",
        "from",
        "our",
        "their",
        "its",
        "we",
        "us",
        "your",
        "per",
        "other",
        "all",
        "any",
        "new",
        "good",
    ]
)
_LATIN = re.compile(r"[a-z0-9][a-z0-9+#&]*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def tokenize(text: str) -> list[str]:
    """Terms of a phrase: Latin words (lower case, plural s dropped, no stop-words) and
    overlapping pairs of CJK characters (a single character stays as it is)."""
    lowered = text.lower()
    terms = []
    for word in _LATIN.findall(_CJK.sub(" ", lowered)):
        if word in _STOP or len(word) < 2:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        terms.append(word)
    for run in _CJK.findall(lowered):
        terms += [run] if len(run) == 1 else [run[k : k + 2] for k in range(len(run) - 1)]
    return terms


def feedback_multiplier(successes: int, failures: int) -> float:
    """``2 (s + 1) / (s + f + 2)``: 1 without history, above 1 when introductions worked."""
    return 2.0 * (successes + 1) / (successes + failures + 2)


def are_neighbours(a: str, b: str) -> bool:
    return b in VALUE_CHAIN.get(a, frozenset()) or a in VALUE_CHAIN.get(b, frozenset())


@dataclass(frozen=True, slots=True)
class TenantFacts:
    """What the scoring knows of a tenant."""

    key: Hashable  # the tenant's id
    industry: str
    offers: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()  # markets served and tags, compared as labels
    building: Hashable | None = None  # where it mainly sits, if it has space now
    floor: int | None = None
    is_anchor: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """An introduction's state between two industries, for the feedback."""

    industry_a: str
    industry_b: str
    state: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A candidate ``other`` (position in the index) for ``tenant``, its score and parts."""

    tenant: int
    other: int
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    multiplier: float = 1.0


class Feedback:
    """Multipliers by industry pair, learned from the outcomes of introductions."""

    def __init__(self, industries: Sequence[str], outcomes: Iterable[Outcome] = ()) -> None:
        self.code = {name: k for k, name in enumerate(industries)}
        size = len(industries)
        self.successes = np.zeros((size, size), dtype=np.int64)
        self.failures = np.zeros((size, size), dtype=np.int64)
        for outcome in outcomes:
            a, b = self.code.get(outcome.industry_a), self.code.get(outcome.industry_b)
            if a is None or b is None:
                continue
            if outcome.state in SUCCESS_STATES:
                self.successes[a, b] += 1
                if a != b:
                    self.successes[b, a] += 1
            elif outcome.state in FAILURE_STATES:
                self.failures[a, b] += 1
                if a != b:
                    self.failures[b, a] += 1
        self.matrix = 2.0 * (self.successes + 1) / (self.successes + self.failures + 2)


class MatchIndex:
    """The portfolio's tenants as matrices, ready to score one tenant against all."""

    def __init__(self, facts: Sequence[TenantFacts]) -> None:
        self.facts = list(facts)
        self.position = {f.key: k for k, f in enumerate(self.facts)}
        self.vectorizer = TfidfVectorizer(
            tokenizer=tokenize, lowercase=False, token_pattern=None, sublinear_tf=True
        )
        self.offers, self.needs = self._phrases()
        labels = [sorted({m.strip().lower() for m in f.markets if m.strip()}) for f in self.facts]
        binarizer = MultiLabelBinarizer(sparse_output=True)
        markets = binarizer.fit_transform(labels) if any(labels) else None
        self.markets = (
            normalize(sparse.csr_matrix(markets, dtype=np.float64))
            if markets is not None
            else sparse.csr_matrix((len(self.facts), 1))
        )
        self.industries = sorted({f.industry for f in self.facts} | set(VALUE_CHAIN))
        code = {name: k for k, name in enumerate(self.industries)}
        self.industry = np.array([code[f.industry] for f in self.facts], dtype=np.int64)
        size = len(self.industries)
        chain = np.zeros((size, size))
        for a in self.industries:
            for b in self.industries:
                chain[code[a], code[b]] = 1.0 if are_neighbours(a, b) else 0.0
        self.chain = chain
        places: dict[Hashable, int] = {}
        floors: dict[tuple[Hashable, int], int] = {}
        self.building = np.array(
            [
                -1 if f.building is None else places.setdefault(f.building, len(places))
                for f in self.facts
            ],
            dtype=np.int64,
        )
        self.floor = np.array(
            [
                -1
                if f.building is None or f.floor is None
                else floors.setdefault((f.building, f.floor), len(floors))
                for f in self.facts
            ],
            dtype=np.int64,
        )
        self.anchor = np.array([f.is_anchor for f in self.facts], dtype=np.float64)

    def _phrases(self) -> tuple[_Phrases, _Phrases]:
        """Unit TF-IDF vectors of every offer and every need phrase, grouped by tenant."""
        offers = [list(f.offers) for f in self.facts]
        needs = [list(f.needs) for f in self.facts]
        flat = [p for group in offers for p in group] + [p for group in needs for p in group]
        vectors: sparse.csr_matrix | None = None
        if flat:
            try:
                vectors = sparse.csr_matrix(self.vectorizer.fit_transform(flat))
            except ValueError:  # nothing but stop-words: no vocabulary
                vectors = None
        split = sum(len(group) for group in offers)
        if vectors is None:
            vectors = sparse.csr_matrix((len(flat), 1))
        return (
            _Phrases.of(offers, sparse.csr_matrix(vectors[:split])),
            _Phrases.of(needs, sparse.csr_matrix(vectors[split:])),
        )

    def __len__(self) -> int:
        return len(self.facts)

    # --- scoring ----------------------------------------------------------------------------

    def parts(self, rows: np.ndarray, cols: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Each score part for tenants ``rows`` (positions) against ``cols`` (default: all),
        as dense arrays of shape (len(rows), len(cols))."""
        markets_c = self.markets if cols is None else self.markets[cols]
        take = slice(None) if cols is None else cols
        offers_c = self.offers if cols is None else self.offers.subset(cols)
        needs_c = self.needs if cols is None else self.needs.subset(cols)
        width = len(self.facts) if cols is None else len(cols)
        industry_c = self.industry[take]
        building_c, floor_c = self.building[take], self.floor[take]
        building_r = self.building[rows][:, None]
        floor_r = self.floor[rows][:, None]
        same_building = (building_c[None, :] == building_r) & (building_r >= 0)
        same_floor = (floor_c[None, :] == floor_r) & (floor_r >= 0)
        return {
            "need_offer": self.needs.best_match(rows, offers_c, width),
            "offer_need": self.offers.best_match(rows, needs_c, width),
            "value_chain": self.chain[self.industry[rows][:, None], industry_c[None, :]],
            "market": _dense(self.markets[rows] @ markets_c.T),
            "proximity": 0.5 * same_building + 0.5 * same_floor,
            "anchor": np.broadcast_to(self.anchor[take][None, :], same_building.shape),
        }

    def scores(
        self,
        rows: np.ndarray,
        feedback: Feedback | None = None,
        cols: np.ndarray | None = None,
    ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
        """Scores (0 to 100) of ``rows`` against ``cols``, with the parts and multipliers;
        candidates without a business reason score 0."""
        parts = self.parts(rows, cols)
        base = sum(WEIGHTS[name] * value for name, value in parts.items())
        industry_c = self.industry if cols is None else self.industry[cols]
        multiplier = (
            np.ones_like(base)
            if feedback is None
            else feedback.matrix[
                self._feedback_codes(feedback, self.industry[rows])[:, None],
                self._feedback_codes(feedback, industry_c)[None, :],
            ]
        )
        reason = (
            (parts["need_offer"] > 0)
            | (parts["offer_need"] > 0)
            | (parts["value_chain"] > 0)
            | (parts["market"] > 0)
        )
        score = np.where(reason, 100.0 * np.minimum(1.0, base * multiplier), 0.0)
        return score, parts, multiplier

    def _feedback_codes(self, feedback: Feedback, codes: np.ndarray) -> np.ndarray:
        mapping = np.array([feedback.code.get(name, 0) for name in self.industries])
        return mapping[codes]

    def top(
        self,
        tenant: int,
        k: int,
        excluded: Iterable[int] = (),
        feedback: Feedback | None = None,
    ) -> list[Suggestion]:
        """The best ``k`` candidates for one tenant (position), best first."""
        return self.top_many(np.array([tenant]), k, {tenant: set(excluded)}, feedback)[0]

    def top_many(
        self,
        tenants: np.ndarray,
        k: int,
        excluded: dict[int, set[int]] | None = None,
        feedback: Feedback | None = None,
        chunk: int = 64,
    ) -> list[list[Suggestion]]:
        """The best ``k`` candidates for each of several tenants, scored ``chunk`` at a time."""
        found: list[list[Suggestion]] = []
        excluded = excluded or {}
        for begin in range(0, len(tenants), chunk):
            rows = tenants[begin : begin + chunk]
            score, parts, multiplier = self.scores(rows, feedback)
            score = score.copy()
            for r, tenant in enumerate(rows):
                score[r, tenant] = 0.0
                skip = list(excluded.get(int(tenant), ()))
                if skip:
                    score[r, skip] = 0.0
            for r, tenant in enumerate(rows):
                found.append(_best(score[r], parts, multiplier, r, int(tenant), k))
        return found

    def building_ties(
        self,
        members: np.ndarray,
        k: int,
        excluded_pairs: set[tuple[int, int]] | None = None,
        feedback: Feedback | None = None,
    ) -> list[Suggestion]:
        """The best ``k`` new ties among ``members`` (positions): each unordered pair once,
        scored by the better of its two directions, best first."""
        if len(members) < 2:
            return []
        score, parts, multiplier = self.scores(members, feedback, cols=members)
        forward_wins = score >= score.T
        pair = np.where(forward_wins, score, score.T)
        upper = np.triu(np.ones_like(pair, dtype=bool), 1)
        pair = np.where(upper, pair, 0.0)
        position = {int(m): r for r, m in enumerate(members)}
        for a, b in excluded_pairs or set():
            if a in position and b in position:
                pair[position[a], position[b]] = pair[position[b], position[a]] = 0.0
        flat = pair.ravel()
        count = min(k, int(np.count_nonzero(flat)))
        if count == 0:
            return []
        best = np.argpartition(-flat, count - 1)[:count]
        best = best[np.lexsort((best, -flat[best]))]
        ties = []
        for index in best:
            r, c = divmod(int(index), len(members))
            if not forward_wins[r, c]:
                r, c = c, r
            ties.append(
                Suggestion(
                    tenant=int(members[r]),
                    other=int(members[c]),
                    score=round(float(score[r, c]), 2),
                    parts={name: float(value[r, c]) for name, value in parts.items()},
                    multiplier=float(multiplier[r, c]),
                )
            )
        return ties


@dataclass(frozen=True, slots=True)
class _Phrases:
    """Phrase vectors (one unit row each) in tenant order, and where each tenant's lie."""

    vectors: sparse.csr_matrix
    bounds: np.ndarray  # tenant k's phrases are rows bounds[k] to bounds[k + 1]
    owners: np.ndarray  # tenants with at least one phrase, ascending
    starts: np.ndarray  # first row of each of those tenants

    @classmethod
    def of(cls, groups: list[list[str]], vectors: sparse.csr_matrix) -> _Phrases:
        return cls.sized(np.array([len(g) for g in groups], dtype=np.int64), vectors)

    @classmethod
    def sized(cls, sizes: np.ndarray, vectors: sparse.csr_matrix) -> _Phrases:
        bounds = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        owners = np.flatnonzero(sizes > 0)
        return cls(vectors, bounds, owners, bounds[owners])

    def subset(self, tenants: np.ndarray) -> _Phrases:
        """The phrases of ``tenants`` only, re-numbered 0.. in that order."""
        sizes = self.bounds[tenants + 1] - self.bounds[tenants]
        rows = [np.arange(self.bounds[t], self.bounds[t + 1]) for t in tenants]
        index = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        return _Phrases.sized(sizes, sparse.csr_matrix(self.vectors[index]))

    def best_match(
        self, rows: np.ndarray, other: _Phrases, count: int, block: int = 16
    ) -> np.ndarray:
        """For each tenant of ``rows``, the best cosine between one of its phrases and one of
        each tenant's ``other`` phrases: shape (len(rows), count). Vectorised by blocks of
        ``block`` tenants: one sparse product, then two ``np.maximum.reduceat`` (over each
        tenant's own phrases, then over each other tenant's phrases)."""
        out = np.zeros((len(rows), count))
        if other.vectors.shape[0] == 0 or self.vectors.shape[0] == 0 or other.owners.size == 0:
            return out
        for begin in range(0, len(rows), block):
            part = np.asarray(rows[begin : begin + block])
            sizes = self.bounds[part + 1] - self.bounds[part]
            present = np.flatnonzero(sizes > 0)
            if present.size == 0:
                continue
            index = np.concatenate(
                [np.arange(self.bounds[t], self.bounds[t + 1]) for t in part[present]]
            )
            products = _dense(self.vectors[index] @ other.vectors.T)
            starts = np.concatenate(([0], np.cumsum(sizes[present])[:-1]))
            per_row = np.maximum.reduceat(products, starts, axis=0)
            per_owner = np.maximum.reduceat(per_row, other.starts, axis=1)
            out[np.ix_(begin + present, other.owners)] = per_owner
        return out


def _dense(matrix: Any) -> np.ndarray:
    return np.asarray(matrix.toarray() if sparse.issparse(matrix) else matrix)


def _best(
    row: np.ndarray,
    parts: dict[str, np.ndarray],
    multiplier: np.ndarray,
    r: int,
    tenant: int,
    k: int,
) -> list[Suggestion]:
    count = min(k, int(np.count_nonzero(row)))
    if count == 0:
        return []
    best = np.argpartition(-row, count - 1)[:count]
    best = best[np.lexsort((best, -row[best]))]
    return [
        Suggestion(
            tenant=tenant,
            other=int(c),
            score=round(float(row[c]), 2),
            parts={name: float(value[r, c]) for name, value in parts.items()},
            multiplier=float(multiplier[r, c]),
        )
        for c in best
    ]


# --- reasons --------------------------------------------------------------------------------


def matching_phrases(
    wanted: Sequence[str], offered: Sequence[str], limit: int = 2
) -> list[tuple[str, str]]:
    """Pairs (wanted phrase, offered phrase) sharing the most terms, best first."""
    pairs = []
    for want in wanted:
        terms = set(tokenize(want))
        for offer in offered:
            shared = len(terms & set(tokenize(offer)))
            if shared:
                pairs.append((-shared, want, offer))
    pairs.sort()
    return [(want, offer) for _, want, offer in pairs[:limit]]


def reasons(
    tenant: TenantFacts, other: TenantFacts, suggestion: Suggestion, feedback: Feedback | None
) -> list[str]:
    """Human-readable reasons for a suggestion, strongest first."""
    said: list[tuple[float, str]] = []
    parts = suggestion.parts
    if parts.get("need_offer", 0) > 0:
        matches = matching_phrases(tenant.needs, other.offers)
        shown = "; ".join(f"needs “{w}”, they offer “{o}”" for w, o in matches)
        said.append(
            (
                WEIGHTS["need_offer"] * parts["need_offer"],
                f"Its needs meet their offers: {shown}" if shown else "Its needs meet their offers",
            )
        )
    if parts.get("offer_need", 0) > 0:
        matches = matching_phrases(other.needs, tenant.offers)
        shown = "; ".join(f"they need “{w}”, it offers “{o}”" for w, o in matches)
        said.append(
            (
                WEIGHTS["offer_need"] * parts["offer_need"],
                f"Their needs meet its offers: {shown}" if shown else "Their needs meet its offers",
            )
        )
    if parts.get("value_chain", 0) > 0:
        said.append(
            (
                WEIGHTS["value_chain"],
                f"Value-chain neighbours: {tenant.industry} and {other.industry}",
            )
        )
    if parts.get("market", 0) > 0:
        shared = sorted(
            {m.strip().lower() for m in tenant.markets} & {m.strip().lower() for m in other.markets}
        )
        said.append((WEIGHTS["market"] * parts["market"], f"Shared markets: {', '.join(shared)}"))
    proximity = parts.get("proximity", 0)
    if proximity >= 1:
        said.append((WEIGHTS["proximity"], f"Same building, same floor ({tenant.floor})"))
    elif proximity > 0:
        said.append((WEIGHTS["proximity"] / 2, "Same building"))
    if parts.get("anchor", 0) > 0:
        said.append((WEIGHTS["anchor"], "An anchor tenant: its pull brings business"))
    said.sort(key=lambda pair: -pair[0])
    lines = [text for _, text in said]
    if feedback is not None and suggestion.multiplier != 1.0:
        a, b = feedback.code[tenant.industry], feedback.code[other.industry]
        s, f = int(feedback.successes[a, b]), int(feedback.failures[a, b])
        verdict = "went well" if suggestion.multiplier > 1 else "did not fit"
        lines.append(
            f"Past introductions between {tenant.industry} and {other.industry} {verdict} "
            f"({s} worked, {f} did not): score x {suggestion.multiplier:.2f}"
        )
    return lines
