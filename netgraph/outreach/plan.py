"""The day's plan (``netgraph next``): one list of what to do now, across the pipeline and the
follow-ups, each with the command that does it.

The order is the one that matters: a meeting today, then preparing for the next one, then the
thank-you notes (due within a day), thanking referrers, reminders or moving on where nobody
answered, new introductions to ask for (the best routes first, a few at a time so the asks are
spread over several people), and keeping in touch.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from netgraph.outreach.followups import DEFAULT_CADENCE_DAYS, FollowUp, followups
from netgraph.outreach.log import DEFAULT_NO_ANSWER_DAYS, check_day_count
from netgraph.outreach.pipeline import PipelineRow, pipeline
from netgraph.routes.index import RouteIndex
from netgraph.suggest import command, person_ref
from netgraph.vocabulary import PLAN_KINDS, PlanKind
from netgraph.workspace import Workspace

__all__ = ["Action", "Plan", "plan"]

#: How many new introductions the plan suggests asking for at once.
DEFAULT_ASKS = 3


@dataclass(frozen=True)
class Action:
    """One thing to do now: ``what`` in words, ``command`` the netgraph command that does it
    (paste-safe, naming people by id), ``due`` the day it is due (None: whenever the user
    is ready), ``overdue`` whether that day has passed."""

    kind: PlanKind
    person_id: int
    person: str
    what: str
    command: str
    due: date | None
    overdue: bool


@dataclass(frozen=True)
class Plan:
    """The day's actions in order, and how many more targets are ready to ask (``more_asks``:
    see ``netgraph pipeline``)."""

    actions: list[Action]
    more_asks: int


def _from_followup(item: FollowUp) -> Action:
    """A follow-up as an action, with the command that answers it."""
    ref = person_ref(item.person_id)
    commands = {
        "prepare": command("prep", ref),
        "meeting": command("log", ref, "met", "--note", "..."),
        "thank-you": command("thank", ref),
        "thank-referrer": command("thank", ref),
        "keep-in-touch": command("log", ref, "in-touch"),
        "nudge": command("log", ref, "no-response"),
    }
    what = {
        "prepare": f"prepare for your meeting with {item.person} on {item.since.isoformat()}",
        "meeting": f"meet {item.person}; afterwards log it with the point to remember",
        "thank-you": f"send {item.person} a thank-you note, connect on LinkedIn",
        "thank-referrer": (
            f"thank {item.referrer or 'the referrer'}, and tell them how it went with {item.person}"
        ),
        "keep-in-touch": f"keep in touch with {item.person}: news of your search, an article",
        "nudge": f"send {item.person} one short reminder, or move on",
    }[item.kind]
    return Action(
        item.kind, item.person_id, item.person, what, commands[item.kind], item.due, item.overdue
    )


def _followup_actions(items: list[FollowUp]) -> list[Action]:
    """The follow-ups as actions; a person's thank-you and their referrer's, due together,
    are one (``thank`` drafts both notes). Nudges come from the pipeline instead, which
    names the next referrer."""
    referrers = {item.person_id: item for item in items if item.kind == "thank-referrer"}
    thanked = {item.person_id for item in items if item.kind == "thank-you"}
    actions = []
    for item in items:
        if item.kind == "nudge" or (item.kind == "thank-referrer" and item.person_id in thanked):
            continue
        action = _from_followup(item)
        other = referrers.get(item.person_id)
        if item.kind == "thank-you" and other is not None:
            told = other.referrer or "the referrer"
            action = replace(action, what=f"{action.what}; tell {told} how it went")
        actions.append(action)
    return actions


def _let_go(row: PipelineRow) -> Action | None:
    """A target whose referrer has not answered, with no other route: one reminder, or let it
    go (logging the referrer's silence drops the target down the pipeline)."""
    if row.state != "asked-referrer" or row.person_id is None or row.referrer_id is None:
        return None  # a no is already logged: nothing left to do
    referrer = row.referrer or "the referrer"
    what = (
        f"no answer from {referrer} about {row.name} for {row.days_waiting} days, and no other "
        "route: send one short reminder, or let it go"
    )
    let_go = command(
        "log", person_ref(row.person_id), "no-response", "--via", person_ref(row.referrer_id)
    )
    return Action("nudge", row.person_id, row.name, what, let_go, None, True)


def _from_row(row: PipelineRow, no_answer_days: int) -> Action | None:
    """The action a target's pipeline row calls for: a new ask, or moving on (None when the
    follow-ups cover it or nothing is to be done)."""
    if row.person_id is None:
        return None
    ref = person_ref(row.person_id)
    if row.moved_on:
        if row.via is None:
            return _let_go(row)
        ask = command("ask", ref, "--via", person_ref(row.via))
        gave_up = row.referrer or "the referrer"
        what = f"{gave_up} did not help with {row.name}: ask {row.suggested} instead"
        return Action("nudge", row.person_id, row.name, what, ask, None, False)
    if row.days_waiting is not None and row.days_waiting >= no_answer_days:
        waited = f"no answer for {row.days_waiting} days"
        what = f"{row.name}: {waited}; send one short reminder, then move on"
        return Action("nudge", row.person_id, row.name, what, command("log", ref, "no-response"),
                      None, True)  # fmt: skip
    if row.state != "not-started" or row.route_score is None:
        return None
    if row.degree == 1:
        what = f"ask {row.name}, whom you know, for 20 minutes"
    elif row.suggested is not None and row.suggested == row.referred_by:
        what = f"ask {row.suggested}, who suggested {row.name}, for the introduction"
    else:
        what = f"ask {row.suggested or 'a referrer'} for an introduction to {row.name}"
    return Action("ask", row.person_id, row.name, what, command("ask", ref), None, False)


def plan(
    workspace: Workspace,
    index: RouteIndex,
    *,
    today: date | None = None,
    horizon_days: int = 0,
    asks: int = DEFAULT_ASKS,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
    no_answer_days: int = DEFAULT_NO_ANSWER_DAYS,
) -> Plan:
    """What to do now: the follow-ups due by ``today + horizon_days`` (overdue ones always),
    reminders or another referrer where nobody answered for ``no_answer_days``, and the
    ``asks`` best targets not asked yet; in the order that matters (see the module)."""
    today = today or date.today()
    check_day_count(horizon_days, "the horizon")
    due = followups(
        workspace,
        today=today,
        horizon_days=horizon_days,
        cadence_days=cadence_days,
        no_answer_days=no_answer_days,
    )
    actions = _followup_actions(due)
    rows = pipeline(workspace, index, no_answer_days=no_answer_days, today=today)
    found = [action for row in rows if (action := _from_row(row, no_answer_days))]
    new_asks = [action for action in found if action.kind == "ask"]
    actions += [action for action in found if action.kind != "ask"] + new_asks[:asks]
    actions.sort(key=lambda a: (PLAN_KINDS.index(a.kind), a.due or today))
    return Plan(actions, max(0, len(new_asks) - asks))
