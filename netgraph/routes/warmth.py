"""Warmth in words: every route score also reads as warm, lukewarm or cold.

The thresholds (``docs/scoring.md``) come from the score distributions of the sample data and
the benchmark networks: a two-hop route through a willing friend over ties of typical strength
(about 0.35 each way, or one warm tie and one LinkedIn-only tie) is **warm**; a route whose
every tie is LinkedIn-only, or that runs through someone whose willingness is unknown, is
**lukewarm**; longer or colder routes are **cold**. Drafts, tables and maps say the word; JSON
keeps the number and adds the word.
"""

from __future__ import annotations

from netgraph.vocabulary import Warmth

#: A score at least this high is warm.
WARM_FROM = 0.2
#: A score at least this high (and below :data:`WARM_FROM`) is lukewarm; below, cold.
LUKEWARM_FROM = 0.08


def warmth(score: float) -> Warmth:
    """The word for a route's score.

    >>> warmth(0.243), warmth(0.114), warmth(0.041)
    ('warm', 'lukewarm', 'cold')
    >>> warmth(0.2), warmth(0.08)
    ('warm', 'lukewarm')
    """
    if score >= WARM_FROM:
        return "warm"
    if score >= LUKEWARM_FROM:
        return "lukewarm"
    return "cold"


def scored(score: float) -> str:
    """A score as tables print it: three decimals and its word.

    >>> scored(0.24317)
    '0.243 warm'
    """
    return f"{score:.3f} {warmth(score)}"
