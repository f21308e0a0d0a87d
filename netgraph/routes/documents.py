"""The JSON shapes of routes (``who-can-introduce --format json``) and the records of a ranking
(``rank --format csv/json/jsonl``), built here and nowhere else."""

from __future__ import annotations

from netgraph.identity.documents import person_document
from netgraph.routes.introductions import IntroductionRoute, Introductions, Step
from netgraph.routes.rank import RankedPerson
from netgraph.routes.warmth import warmth

#: The columns of a ranking, in order: fixed for spreadsheets and job trackers.
RANK_COLUMNS = (
    "name",
    "company",
    "title",
    "linkedin_url",
    "email",
    "degree",
    "score",
    "referrer",
    "route",
    "routes_found",
    "person_id",
    "warmth",
)


def introductions_document(found: Introductions) -> dict[str, object]:
    """Who can introduce the user to the target: ``target``, ``first_degree``, ``max_hops``,
    ``routes`` (grouped by the person to ask, see :func:`route_document`), ``routes_offered``
    (how many in all), ``organisation`` (the target's, or null) with ``colleagues`` (id and
    name of the user's first-degree contacts there) and ``suggestions`` (when no route was
    found)."""
    return {
        "target": person_document(found.target),
        "first_degree": found.first_degree,
        "max_hops": found.max_hops,
        "routes": [route_document(route) for route in found.routes],
        "routes_offered": found.routes_offered,
        "organisation": found.organisation,
        "colleagues": [{"id": c.id, "name": c.name} for c in found.colleagues],
        "suggestions": [str(hint) for hint in found.suggestions],
    }


def route_document(route: IntroductionRoute) -> dict[str, object]:
    """One route: ``rank`` (its place in the list), ``group`` (the number of its referrer's
    group: routes are listed one group per person to ask, groups in the order of their best
    route, each best first), ``group_routes`` (how many routes that person offers), ``score``,
    ``warmth`` (the score in words), ``hops``, ``referrer`` (null on a direct tie), ``path``
    (the user first, the target last) and ``steps`` (one per tie, with its evidence)."""
    return {
        "rank": route.rank,
        "group": route.group,
        "group_routes": route.group_routes,
        "score": route.score,
        "warmth": route.warmth,
        "hops": route.hops,
        "referrer": person_document(route.referrer) if route.referrer else None,
        "path": [person_document(person) for person in route.path],
        "steps": [step_document(step) for step in route.steps],
    }


def step_document(step: Step) -> dict[str, object]:
    """One tie of a route: ``from`` and ``to`` (id and name), ``strength``, ``evidence`` and
    ``inferred`` (true for a tie inferred between colleagues: "inferred: both at Globex")."""
    return {
        "from": {"id": step.source.id, "name": step.source.name},
        "to": {"id": step.target.id, "name": step.target.name},
        "strength": step.strength,
        "evidence": list(step.evidence),
        "inferred": step.inferred,
    }


def rank_records(
    rows: list[RankedPerson], *, decimals: int | None = None
) -> list[dict[str, object]]:
    """One record per row of a ranking, with the :data:`RANK_COLUMNS` in order; scores rounded
    to ``decimals`` when given (CSV: three)."""
    return [
        {
            "name": row.name,
            "company": row.company,
            "title": row.title,
            "linkedin_url": row.linkedin_url,
            "email": row.email,
            "degree": row.degree,
            "score": _rounded(row.score, decimals),
            "referrer": row.referrer,
            "route": row.route,
            "routes_found": row.routes_found,
            "person_id": row.id,
            "warmth": warmth(row.score) if row.score is not None else None,
        }
        for row in rows
    ]


def _rounded(score: float | None, decimals: int | None) -> float | None:
    return round(score, decimals) if score is not None and decimals is not None else score
