"""The pipeline: where the user stands with each target, and what to do next.

Each target gets its latest outreach step, who was asked and when, how often that referrer has
been asked, its best route, and the next step. Targets are ordered so that the user always sees
the next one worth working on first: open targets by their best route's score, then targets
whose referrer or person has not answered for ``no_answer_days``, then targets that declined or
never answered. When a referrer declined or went silent, the next step names the next-best
referrer for the same target. A target someone suggested when the user met them
(``log ... met --referred``) says who (``referred_by``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, SupportsInt, cast

from netgraph.outreach.log import (
    AWAITING_ANSWER,
    CLOSED,
    DEFAULT_NO_ANSWER_DAYS,
    OutreachEvent,
    check_day_count,
    conversation,
    current_step,
    events,
    referrer_asks,
)
from netgraph.routes.index import RouteIndex
from netgraph.routes.introductions import require_me
from netgraph.routes.model import Route
from netgraph.routes.search import find_routes
from netgraph.suggest import command, person_ref
from netgraph.vocabulary import OutreachStatus
from netgraph.workspace import Workspace
from netgraph.workspace.outreach import ReferrerAsks
from netgraph.workspace.targets import Referral, Target

__all__ = ["PipelineRow", "PipelineState", "ReferrerAsks", "pipeline", "referrer_asks"]

PipelineState = OutreachStatus | Literal["not-started", "waiting-for-import"]
"""Where the user stands with a target: its latest logged step, or nothing logged yet, or the
target waits for an import that brings the person in."""

#: What to run for a target that is not in the workspace yet.
IMPORT_COMMAND = command("import", "linkedin", "FILE")


@dataclass(frozen=True)
class PipelineRow:
    """One target's place in the pipeline (its columns: ``outreach.documents.PIPELINE_COLUMNS``).

    Beside the columns: ``via`` and ``suggested``, the referrer of the best route (without those
    the user gave up on) and their name, ``moved_on``, whether the user gave up on a referrer
    of this target, and ``referrer_id``, the id of the ``referrer`` column.
    """

    position: int
    person_id: int | None
    name: str
    company: str | None
    title: str | None
    degree: int | None
    state: PipelineState
    since: str | None
    referrer: str | None
    asked_on: str | None
    referrer_asks: int
    referrer_last_ask: str | None
    days_waiting: int | None
    route_score: float | None
    next_step: str
    referred_by: str | None = None
    via: int | None = None
    suggested: str | None = None
    moved_on: bool = False
    referrer_id: int | None = None


@dataclass(frozen=True)
class _Standing:
    """Where the user stands with one target in the workspace, before names are looked up."""

    target: Target
    person: int
    history: list[OutreachEvent]
    state: PipelineState
    waiting: int | None
    stale: bool
    said_no: bool
    gave_up_on: frozenset[int]
    referrer: int | None
    best: Route | None
    score: float | None
    referral: Referral | None

    @property
    def via(self) -> int | None:
        """The referrer of the best route, if it has one."""
        if self.best is None or self.best.referrer is None:
            return None
        return int(cast(SupportsInt, self.best.referrer))

    @property
    def bucket(self) -> int:
        """Where the target sorts (0 first): open, then unanswered or closed, then refused."""
        return 2 if self.said_no else 1 if (self.stale or self.state in CLOSED) else 0


def pipeline(
    workspace: Workspace,
    index: RouteIndex,
    *,
    no_answer_days: int = DEFAULT_NO_ANSWER_DAYS,
    today: date | None = None,
) -> list[PipelineRow]:
    """Every target with its state and next step, the one to work on next first."""
    today = today or date.today()
    check_day_count(no_answer_days, "the days without an answer")
    me = require_me(workspace)
    by_person: dict[int, list[OutreachEvent]] = {}
    for event in events(workspace):
        by_person.setdefault(event.person_id, []).append(event)
    targets = workspace.targets.all()
    referrals = workspace.targets.referrals()
    standings = [
        _standing(
            index,
            me,
            target,
            by_person.get(target.person_id, []),
            (no_answer_days, today),
            referrals.get(target.id),
        )
        for target in targets
        if target.person_id is not None
    ]
    named = {person for s in standings for person in (s.via, s.referrer) if person is not None}
    names = {pid: row.name for pid, row in workspace.people.rows(sorted(named)).items()}
    asks = referrer_asks(workspace)
    rows = [
        ((s.bucket, -(s.score or 0.0)), _row(s, asks, names, no_answer_days)) for s in standings
    ]
    rows += [
        ((3, 0.0), _waiting_row(target, referrals.get(target.id)))
        for target in targets
        if target.person_id is None
    ]
    rows.sort(key=lambda item: item[0])
    return [replace(row, position=position) for position, (_, row) in enumerate(rows, start=1)]


def _waiting_row(target: Target, referral: Referral | None) -> PipelineRow:
    """The row of a target that waits for an import."""
    step = f"import an export that lists them ({IMPORT_COMMAND})"
    if referral is not None:
        step = (
            f"{referral.referrer} suggested them: ask {referral.referrer} to introduce you; {step}"
        )
    return PipelineRow(
        0, None, target.name, target.company, None, None, "waiting-for-import", None, None, None,
        0, None, None, None, step, referral.referrer if referral else None,
    )  # fmt: skip


def _standing(
    index: RouteIndex,
    me: int,
    target: Target,
    history: list[OutreachEvent],
    waits: tuple[int, date],
    referral: Referral | None,
) -> _Standing:
    """Where the user stands with ``target`` (a person in the workspace), and its best route
    avoiding the referrers the user gave up on (``waits``: the days without an answer after
    which a step is unanswered, and today)."""
    no_answer_days, today = waits
    person = cast(int, target.person_id)
    latest = current_step(history)
    state: PipelineState = latest.status if latest else "not-started"
    waiting = (today - latest.on_date).days if latest and state in AWAITING_ANSWER else None
    stale = waiting is not None and waiting >= no_answer_days
    steps = conversation(history)
    gave_up_on = {e.referrer_id for e in steps if e.status in CLOSED and e.referrer_id}
    if stale and latest is not None and state == "asked-referrer" and latest.referrer_id:
        gave_up_on.add(latest.referrer_id)
    routes = find_routes(index, me, person, max_hops=3, avoid=gave_up_on, k=1)
    best = routes[0] if routes else None
    if best is None and gave_up_on:  # dropped: keep the score of the route the user tried
        tried = find_routes(index, me, person, max_hops=3, k=1)
        score = tried[0].score if tried else None
    else:
        score = best.score if best else None
    return _Standing(
        target=target,
        person=person,
        history=history,
        state=state,
        waiting=waiting,
        stale=stale,
        # A closing step with a referrer is the referrer's no; without one it is the person's.
        said_no=latest is not None and state in CLOSED and latest.referrer_id is None,
        gave_up_on=frozenset(gave_up_on),
        referrer=next((e.referrer_id for e in reversed(steps) if e.referrer_id), None),
        best=best,
        score=score,
        referral=referral,
    )


def _row(
    standing: _Standing, asks: dict[int, ReferrerAsks], names: dict[int, str], no_answer_days: int
) -> PipelineRow:
    """The row of one target in the workspace (``position`` is set once all are ordered)."""
    s = standing
    suggested = names.get(s.via) if s.via is not None else None
    referrer = names.get(s.referrer) if s.referrer else None
    moved_on = bool(s.gave_up_on) and s.state in (*CLOSED, "asked-referrer")
    step = _advice(
        s.state,
        s.person,
        said_no=s.said_no,
        moved_on=moved_on,
        silent_days=no_answer_days if s.stale else None,
        via=s.via if suggested else None,
        suggested=suggested,
        referrer=referrer,
        direct=s.best is not None and s.best.hops == 1,
        referred_by=s.referral.referrer if s.referral else None,
    )
    asked = [e for e in s.history if e.status == "asked-referrer"]
    ask = asks.get(s.referrer) if s.referrer else None
    latest = current_step(s.history)
    return PipelineRow(
        position=0,
        person_id=s.person,
        name=s.target.name,
        company=s.target.company,
        title=s.target.title,
        degree=s.target.degree,
        state=s.state,
        since=latest.on_date.isoformat() if latest else None,
        referrer=referrer,
        asked_on=asked[-1].on_date.isoformat() if asked else None,
        referrer_asks=ask.count if ask else 0,
        referrer_last_ask=ask.last.isoformat() if ask else None,
        days_waiting=s.waiting,
        route_score=s.score,
        next_step=step,
        referred_by=s.referral.referrer if s.referral else None,
        via=s.via if suggested else None,
        suggested=suggested,
        moved_on=moved_on and not s.said_no,
        referrer_id=s.referrer,
    )


def _advice(
    state: PipelineState,
    person: int,
    *,
    said_no: bool,
    moved_on: bool,
    silent_days: int | None,
    via: int | None,
    suggested: str | None,
    referrer: str | None,
    direct: bool,
    referred_by: str | None = None,
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
    if state == "not-started" and suggested and suggested == referred_by:
        ask = command("ask", person_ref(person))
        return f"ask {suggested}, who suggested them, for the introduction ({ask})"
    return _next_step(state, person=person, referrer=referrer, suggested=suggested, direct=direct)


def _next_step(
    state: PipelineState, *, person: int, referrer: str | None, suggested: str | None, direct: bool
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
        "introduced": f"thank {referrer or 'the referrer'} ({command('thank', ref)}), then ask "
        f"for 20 minutes in the next two to four weeks; be flexible ({command('ask', ref)})",
        "requested": "wait for their answer; offer two or three times",
        "scheduled": "prepare: research the organisation, bring 12-14 questions "
        f"({command('prep', ref)})",
        "met": "send a thank-you note today that picks up a point from the conversation "
        f"({command('thank', ref)})",
        "thanked": f"connect on LinkedIn, offer help, keep in touch ({command('followups')})",
        "in-touch": f"keep in touch ({command('followups')})",
    }
    return steps[state]
