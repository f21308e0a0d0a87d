"""The pipeline: where the user stands with each target, and what to do next.

Each target gets its latest outreach step, who was asked and when, how often that referrer has
been asked, its best route, and the next step. Targets are ordered so that the user always sees
the next one worth working on first: open targets by their best route's score, then targets
whose referrer or person has not answered for ``no_answer_days``, then targets that declined or
never answered. When a referrer declined or went silent, the next step names the next-best
referrer for the same target.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from netgraph.outreach.log import (
    AWAITING_ANSWER,
    CLOSED,
    DEFAULT_NO_ANSWER_DAYS,
    OutreachEvent,
    check_day_count,
    events,
)
from netgraph.routes.index import RouteIndex
from netgraph.routes.introductions import require_me
from netgraph.routes.search import find_routes
from netgraph.suggest import command, person_ref
from netgraph.workspace import Workspace

#: What to run for a target that is not in the workspace yet.
IMPORT_COMMAND = command("import", "linkedin", "FILE")

#: The pipeline's columns, in order: a contract for spreadsheets and job trackers.
PIPELINE_COLUMNS = [
    "position",
    "person_id",
    "name",
    "company",
    "title",
    "degree",
    "state",
    "since",
    "referrer",
    "asked_on",
    "referrer_asks",
    "referrer_last_ask",
    "days_waiting",
    "route_score",
    "next_step",
]


@dataclass
class PipelineRow:
    """One target's place in the pipeline (see :data:`PIPELINE_COLUMNS`)."""

    position: int
    person_id: int | None
    name: str
    company: str | None
    title: str | None
    degree: int | None
    state: str
    since: str | None
    referrer: str | None
    asked_on: str | None
    referrer_asks: int
    referrer_last_ask: str | None
    days_waiting: int | None
    route_score: float | None
    next_step: str

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready values, keys in :data:`PIPELINE_COLUMNS` order."""
        values = asdict(self)
        return {column: values[column] for column in PIPELINE_COLUMNS}


@dataclass(frozen=True)
class ReferrerAsks:
    """How often the user has asked one referrer for introductions, and when last."""

    count: int
    last: date


def referrer_asks(workspace: Workspace) -> dict[int, ReferrerAsks]:
    """Referrer id -> how many introductions the user asked of them, and the latest ask."""
    conn = workspace.conn
    rows = conn.execute(
        "SELECT referrer_id, count(*), max(on_date) FROM outreach "
        "WHERE status = 'asked-referrer' AND referrer_id IS NOT NULL GROUP BY referrer_id"
    )
    return {int(r): ReferrerAsks(int(n), date.fromisoformat(last)) for r, n, last in rows}


def pipeline(
    workspace: Workspace,
    index: RouteIndex,
    *,
    no_answer_days: int = DEFAULT_NO_ANSWER_DAYS,
    today: date | None = None,
) -> list[PipelineRow]:
    """Every target with its state and next step, the one to work on next first."""
    conn = workspace.conn
    today = today or date.today()
    check_day_count(no_answer_days, "the days without an answer")
    me = require_me(workspace)
    asks = referrer_asks(workspace)
    by_person: dict[int, list[OutreachEvent]] = {}
    for event in events(workspace):
        by_person.setdefault(event.person_id, []).append(event)
    names = dict(conn.execute("SELECT id, name FROM people"))
    targets = conn.execute(
        "SELECT t.person_id, coalesce(p.name, t.name), coalesce(p.company, t.company), "
        "p.title, p.degree FROM targets t LEFT JOIN people p ON p.id = t.person_id ORDER BY t.id"
    ).fetchall()
    rows: list[tuple[tuple[int, float], PipelineRow]] = []
    for person, name, company, title, degree in targets:
        if person is None:
            row = PipelineRow(
                0, None, name, company, None, None, "waiting-for-import", None, None, None, 0,
                None, None, None, f"import an export that lists them ({IMPORT_COMMAND})",
            )  # fmt: skip
            rows.append(((3, 0.0), row))
            continue
        history = by_person.get(int(person), [])
        row, bucket = _row(
            workspace, index, me, int(person), history, asks, names, no_answer_days, today
        )
        row.name, row.company, row.title, row.degree = name, company, title, degree
        rows.append(((bucket, -(row.route_score or 0.0)), row))
    rows.sort(key=lambda item: item[0])
    ordered = [row for _, row in rows]
    for position, row in enumerate(ordered, start=1):
        row.position = position
    return ordered


def _row(
    workspace: Workspace,
    index: RouteIndex,
    me: int,
    person: int,
    history: list[OutreachEvent],
    asks: dict[int, ReferrerAsks],
    names: dict[int, str],
    no_answer_days: int,
    today: date,
) -> tuple[PipelineRow, int]:
    """The row of one target in the workspace, and its ordering bucket (0 first)."""
    latest = history[-1] if history else None
    state = latest.status if latest else "not-started"
    referrer = next((e.referrer_id for e in reversed(history) if e.referrer_id), None)
    asked = [e for e in history if e.status == "asked-referrer"]
    waiting = (today - latest.on_date).days if latest and state in AWAITING_ANSWER else None
    stale = waiting is not None and waiting >= no_answer_days
    # A closing step with a referrer is the referrer's no; without one it is the person's.
    person_said_no = latest is not None and state in CLOSED and latest.referrer_id is None
    gave_up_on = {e.referrer_id for e in history if e.status in CLOSED and e.referrer_id}
    if stale and latest is not None and state == "asked-referrer" and latest.referrer_id:
        gave_up_on.add(latest.referrer_id)
    routes = find_routes(index, me, person, max_hops=3, avoid=gave_up_on, k=1)
    best = routes[0] if routes else None
    via = int(best.referrer) if best and best.referrer is not None else None  # type: ignore[call-overload]
    suggested = names.get(via) if via is not None else None
    step = _advice(
        state,
        person,
        said_no=person_said_no,
        moved_on=bool(gave_up_on) and state in (*CLOSED, "asked-referrer"),
        silent_days=no_answer_days if stale else None,
        via=via if suggested else None,
        suggested=suggested,
        referrer=names.get(referrer) if referrer else None,
        direct=best is not None and best.hops == 1,
    )
    referrer_ask = asks.get(referrer) if referrer else None
    row = PipelineRow(
        position=0,
        person_id=person,
        name="",
        company=None,
        title=None,
        degree=None,
        state=state,
        since=latest.on_date.isoformat() if latest else None,
        referrer=names.get(referrer) if referrer else None,
        asked_on=asked[-1].on_date.isoformat() if asked else None,
        referrer_asks=referrer_ask.count if referrer_ask else 0,
        referrer_last_ask=referrer_ask.last.isoformat() if referrer_ask else None,
        days_waiting=waiting,
        route_score=best.score if best else None,
        next_step=step,
    )
    bucket = 2 if person_said_no else 1 if (stale or state in CLOSED) else 0
    return row, bucket


def _advice(
    state: str,
    person: int,
    *,
    said_no: bool,
    moved_on: bool,
    silent_days: int | None,
    via: int | None,
    suggested: str | None,
    referrer: str | None,
    direct: bool,
) -> str:
    """A target's next step: move on when they said no, ask ``suggested`` (``via``) when the
    user gave up on a referrer (``moved_on``), nudge after ``silent_days`` without an answer."""
    if said_no:
        return "they said no or never answered: thank them and move on to your next target"
    silence = f"no answer for {silent_days}+ days: " if silent_days is not None else ""
    if moved_on:
        if via is None:
            return f"{silence}no other route: move on to your next target"
        ask = command("ask", person_ref(person), "--via", person_ref(via))
        return f"{silence}ask {suggested} instead ({ask})"
    if silence:
        return f"{silence}one short reminder, then move on"
    return _next_step(state, person=person, referrer=referrer, suggested=suggested, direct=direct)


def _next_step(
    state: str, *, person: int, referrer: str | None, suggested: str | None, direct: bool
) -> str:
    """What to do next on an open target, in a few words."""
    ref = person_ref(person)
    if state == "not-started":
        if direct:
            return f"you know them: ask for a short meeting yourself ({command('ask', ref)})"
        if suggested:
            return f"ask {suggested} for an introduction ({command('ask', ref)})"
        return "no route yet: import a friend's export or look for a colleague of theirs"
    steps = {
        "asked-referrer": f"wait for {referrer or 'the referrer'}; thank them whatever they say",
        "introduced": "ask for 20 minutes over coffee in the next 2-4 weeks; be flexible",
        "requested": "wait for their answer; offer two or three times",
        "scheduled": "prepare: research the organisation, bring 12-14 questions "
        f"({command('prep', ref)})",
        "met": "send a thank-you note today that picks up a point from the conversation",
        "thanked": f"connect on LinkedIn, offer help, keep in touch ({command('followups')})",
        "in-touch": f"keep in touch ({command('followups')})",
    }
    return steps[state]
