"""The route model: what a route is, and how willingness becomes an intermediary's factor.

``score(route) = prod(strength of each tie) * prod(factor of each intermediary)``; see
``docs/scoring.md``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from netgraph.vocabulary import WILLINGNESS, willingness_rank

WILLINGNESS_FACTORS = {"willing": 1.0, "unknown": 0.6, "unwilling": 0.0}
# Only with include_unwilling: still far below anyone who might say yes.
UNWILLING_FACTOR_WHEN_INCLUDED = 0.1
MAX_HOPS_LIMIT = 4
#: Scores this close (relative) count as equal when deciding whether a route that skips people
#: of another scores at least as high: rounding never decides whether a route is offered.
DOMINATION_TOLERANCE = 1e-9


def person_id(node: Hashable) -> int:
    """A node of a workspace's route index as the person id it is (the index numbers people by
    their ids); anything else is a ``TypeError``.

    >>> person_id(np.int64(7))
    7
    """
    if isinstance(node, int | np.integer) and not isinstance(node, bool):
        return int(node)
    raise TypeError(f"not a person id: {node!r}")


def factor_table(*, include_unwilling: bool = False) -> npt.NDArray[np.float64]:
    """Intermediary factor by willingness code (see :func:`willingness_code`)."""
    return np.array(
        [
            willingness_factor(w, include_unwilling=include_unwilling)
            for w in sorted(WILLINGNESS, key=willingness_rank)
        ],
        dtype=np.float64,
    )


def willingness_code(willingness: str | None) -> int:
    """A small integer for a willingness (unknown for anything unrecognised)."""
    return willingness_rank(willingness)


def willingness_factor(willingness: str | None, *, include_unwilling: bool = False) -> float:
    """The factor of an intermediary with this willingness (0 means never an intermediary).

    >>> [willingness_factor(w) for w in ("willing", "unknown", "unwilling")]
    [1.0, 0.6, 0.0]
    >>> willingness_factor("unwilling", include_unwilling=True)
    0.1
    """
    if willingness == "unwilling" and include_unwilling:
        return UNWILLING_FACTOR_WHEN_INCLUDED
    return WILLINGNESS_FACTORS.get(willingness or "unknown", WILLINGNESS_FACTORS["unknown"])


@dataclass(frozen=True)
class Route:
    """One route from the source to the target.

    ``strengths[i]`` is the strength of the tie from ``path[i]`` to ``path[i + 1]`` and
    ``factors[j]`` the factor of intermediary ``path[j + 1]``; ``inferred`` says whether the
    last tie is inferred (two colleagues, no recorded tie: see ``docs/scoring.md``).
    """

    path: tuple[Hashable, ...]
    strengths: tuple[float, ...]
    factors: tuple[float, ...]
    inferred: bool = False
    #: Product of the tie strengths times product of the intermediaries' factors.
    score: float = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "score", math.prod(self.strengths) * math.prod(self.factors))

    @property
    def hops(self) -> int:
        """Number of ties on the route."""
        return len(self.path) - 1

    @property
    def referrer(self) -> Hashable | None:
        """The first intermediary (the person to ask), or None for a direct tie."""
        return self.path[1] if len(self.path) > 2 else None
