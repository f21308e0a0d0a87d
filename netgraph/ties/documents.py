"""The JSON shape of a tie as ``show --format json`` prints it: built here and nowhere else."""

from __future__ import annotations

from netgraph.ties.describe import PersonTie


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
