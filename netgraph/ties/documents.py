"""The JSON shapes of a tie as ``show --format json`` prints it, of a tie the user removed, and
of the user's word on a tie as ``tie --format json`` prints it: built here and nowhere else."""

from __future__ import annotations

from netgraph.ties.describe import PersonTie
from netgraph.ties.stated import RemovedTie, TieWord


def tie_document(tie: PersonTie) -> dict[str, object]:
    """A tie as JSON: the other person, the tie's strength and its evidence lines."""
    return {
        "id": tie.id,
        "name": tie.name,
        "company": tie.company,
        "is_me": tie.is_me,
        "strength": tie.strength,
        "evidence": list(tie.evidence),
    }


def removed_tie_document(tie: RemovedTie) -> dict[str, object]:
    """A tie the user removed, as JSON: the other person, the user's note, when they said it,
    and the imported evidence that does not count."""
    return {
        "id": tie.id,
        "name": tie.name,
        "company": tie.company,
        "is_me": tie.is_me,
        "note": tie.note,
        "said_at": tie.said_at,
        "withheld_evidence": list(tie.withheld),
    }


def tie_word_document(word: TieWord) -> dict[str, object]:
    """What ``tie`` did, as JSON: the two people, the user's word now (``state`` null once taken
    back) and before, and the tie's strength now (null when there is no tie)."""
    return {
        "a": {"id": word.a, "name": word.names[0]},
        "b": {"id": word.b, "name": word.names[1]},
        "state": word.state,
        "strength_given": word.strength_given,
        "note": word.note,
        "said_at": word.said_at,
        "strength": None if word.strength is None else round(word.strength, 4),
        "withheld_evidence": word.withheld,
        "previous": word.previous,
    }
