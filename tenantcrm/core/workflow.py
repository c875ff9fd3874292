"""State machines of the workflows (renewals, space requests, later complaints and referrals).

Pure: a workflow is a table of allowed moves; services ask it before they change a state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class IllegalMove:
    current: str
    target: str
    allowed: tuple[str, ...]

    @property
    def message(self) -> str:
        allowed = ", ".join(self.allowed) or "none: it is closed"
        return f"cannot move from {self.current} to {self.target}; allowed: {allowed}"


@dataclass(frozen=True, slots=True)
class Workflow(Generic[S]):
    """Which state may follow which; a state with no moves is terminal."""

    moves: Mapping[S, frozenset[S]]

    def allowed(self, current: S) -> tuple[S, ...]:
        return tuple(sorted(self.moves.get(current, frozenset()), key=list(type(current)).index))

    def check(self, current: S, target: S) -> IllegalMove | None:
        """None when the move is allowed, otherwise what was refused and what is allowed."""
        if target in self.moves.get(current, frozenset()):
            return None
        allowed = tuple(state.value for state in self.allowed(current))
        return IllegalMove(current.value, target.value, allowed)

    def is_terminal(self, state: S) -> bool:
        return not self.moves.get(state)
