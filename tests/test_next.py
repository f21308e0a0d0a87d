"""``netgraph next``: one list of what to do now, in the order that matters, each with the
command that does it."""

from __future__ import annotations

import csv
import io
import json
import shlex
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import ok

COLUMNS = ["position", "kind", "person_id", "person", "what", "command", "due", "overdue"]
TODAY = date.today()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def actions(*options: object) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(ok("next", "--format", "json", *options).stdout)
    return found


def plan(*options: object) -> list[tuple[str, str]]:
    """(kind, person) of each action, in order."""
    return [(a["kind"], a["person"]) for a in actions(*options)]


def referrer_of(name: str, *avoid: str, ids: bool = False) -> str | None:
    """The referrer of the best route to ``name`` (avoiding ``avoid``), if any: their name,
    or with ``ids`` their ``#id``."""
    options = [option for person in avoid for option in ("--avoid", person)]
    document = json.loads(ok("who-can-introduce", name, "--format", "json", *options).output)
    routes = [r for r in document["routes"] if r["referrer"]]
    if not routes:
        return None
    referrer = routes[0]["referrer"]
    return f"#{referrer['id']}" if ids else str(referrer["name"])


SAMPLE_TARGETS = ("Oluwaseun Bakare", "Thiago Albuquerque", "Ayşe Demir", "Camila Rocha")


def target_whose_best_referrer(*, can_be_replaced: bool) -> tuple[str, str]:
    """A sample target, and its best referrer, with a route that avoids that referrer; with
    False, one whose every route needs it (the others are marked unwilling if need be)."""
    for name in SAMPLE_TARGETS:
        first = referrer_of(name)
        assert first is not None
        if (referrer_of(name, first) is not None) == can_be_replaced:
            return name, first
    assert not can_be_replaced, "no target with two referrers in the sample"
    name = SAMPLE_TARGETS[1]  # every other referrer marked unwilling
    first = referrer_of(name)
    assert first is not None
    while other := referrer_of(name, first, ids=True):
        ok("referrer", other, "--unwilling")
    return name, first


def test_nothing_to_do_without_targets(workspace_path: Path) -> None:
    ok("me", "Alex Kim")

    result = ok("next")

    assert result.stdout.startswith("Nothing to do right now. Add someone you want to meet")
    assert actions() == []


@pytest.mark.usefixtures("sample")
def test_at_the_start_it_suggests_the_best_three_asks_in_pipeline_order() -> None:
    order = [
        r["name"]
        for r in json.loads(ok("pipeline", "--format", "json").stdout)
        if r["state"] == "not-started" and r["route_score"] is not None
    ]

    found = actions()

    assert [a["person"] for a in found] == order[:3]
    assert {a["kind"] for a in found} == {"ask"}
    assert [a["command"] for a in found] == [f"netgraph ask '#{a['person_id']}'" for a in found]
    text = ok("next").stdout
    assert f"And {len(order) - 3} more targets ready to ask for" in text
    assert [a["person"] for a in actions("--asks", 1)] == order[:1]


@pytest.mark.usefixtures("sample")
def test_the_order_is_meeting_prepare_thank_referrer_nudge_ask_keep_in_touch() -> None:
    camila, ayse = referrer_of("Camila Rocha"), referrer_of("Ayşe Demir")
    assert camila is not None and ayse is not None
    ok("log", "Thiago Albuquerque", "scheduled", "--date", day(0))  # a meeting today
    ok("log", "Oluwaseun Bakare", "scheduled", "--date", day(2))  # prepare
    ok("log", "Adaeze Nwosu", "met", "--date", day(-1))  # a thank-you
    ok("log", "Camila Rocha", "asked-referrer", "--via", camila, "--date", day(-4))
    ok("log", "Camila Rocha", "introduced", "--date", day(-1))  # thank the referrer
    ok("log", "Ayşe Demir", "asked-referrer", "--via", ayse, "--date", day(-12))  # silence
    ok("log", "Aditya Krishnan", "thanked", "--date", day(-70))  # keep in touch

    kinds = [kind for kind, _person in plan()]

    assert plan()[:5] == [
        ("meeting", "Thiago Albuquerque"),
        ("prepare", "Oluwaseun Bakare"),
        ("thank-you", "Adaeze Nwosu"),
        ("thank-referrer", "Camila Rocha"),
        ("nudge", "Ayşe Demir"),
    ]
    assert kinds[-1] == "keep-in-touch"
    assert set(kinds[5:-1]) <= {"ask"}


@pytest.mark.usefixtures("sample")
def test_a_thank_you_and_the_referrers_are_one_action() -> None:
    referrer = referrer_of("Camila Rocha")
    assert referrer is not None
    ok("log", "Camila Rocha", "asked-referrer", "--via", referrer, "--date", day(-5))
    ok("log", "Camila Rocha", "introduced", "--date", day(-3))
    ok("log", "Camila Rocha", "thanked-referrer", "--date", day(-3))
    ok("log", "Camila Rocha", "met", "--date", day(-1))

    (thanks,) = [a for a in actions() if a["person"] == "Camila Rocha"]

    assert thanks["kind"] == "thank-you"
    assert thanks["what"] == (
        f"send Camila Rocha a thank-you note, connect on LinkedIn; tell {referrer} how it went"
    )
    assert thanks["command"] == f"netgraph thank '#{thanks['person_id']}'"
    assert (thanks["due"], thanks["overdue"]) == (day(0), False)


@pytest.mark.usefixtures("sample")
def test_silence_names_the_next_referrer_with_a_command_that_drafts_through_them() -> None:
    name, first = target_whose_best_referrer(can_be_replaced=True)
    ok("log", name, "asked-referrer", "--via", first, "--date", day(-15))

    (nudge,) = [a for a in actions() if a["person"] == name]

    assert nudge["kind"] == "nudge"
    assert nudge["what"].startswith(f"{first} did not help with {name}: ask ")
    other = nudge["what"].split(": ask ")[1].removesuffix(" instead")
    words = shlex.split(nudge["command"])
    assert words[:2] == ["netgraph", "ask"] and words[3] == "--via"
    assert ok(*words[1:]).stdout.startswith(f"# Asking {other} for an introduction to {name}")


@pytest.mark.usefixtures("sample")
def test_every_command_runs_as_printed() -> None:
    ok("log", "Adaeze Nwosu", "met", "--date", day(-1), "--note", "robots")
    ok("log", "Oluwaseun Bakare", "scheduled", "--date", day(1))

    lines = ok("next").stdout.splitlines()

    commands = [line.strip() for line in lines if line.startswith("   netgraph ")]
    assert len(commands) == len(actions())
    for each in commands:
        ok(*shlex.split(each)[1:])


@pytest.mark.usefixtures("sample")
def test_csv_and_json_have_the_fixed_columns(tmp_path: Path) -> None:
    ok("log", "Adaeze Nwosu", "met", "--date", day(-3))

    rows = list(csv.DictReader(io.StringIO(ok("next", "--format", "csv").stdout)))
    ok("next", "--format", "json", "-o", tmp_path / "next.json")

    assert list(rows[0]) == COLUMNS
    assert (rows[0]["kind"], rows[0]["overdue"], rows[0]["position"]) == ("thank-you", "true", "1")
    document = json.loads((tmp_path / "next.json").read_text(encoding="utf-8"))
    assert list(document[0]) == COLUMNS


@pytest.mark.usefixtures("sample")
def test_days_looks_ahead() -> None:
    ok("log", "Oluwaseun Bakare", "scheduled", "--date", day(5))

    assert ("prepare", "Oluwaseun Bakare") not in plan()
    assert ("prepare", "Oluwaseun Bakare") in plan("--days", 3)


@pytest.mark.usefixtures("sample")
def test_silence_with_no_other_route_says_remind_or_let_go() -> None:
    name, only = target_whose_best_referrer(can_be_replaced=False)
    ok("log", name, "asked-referrer", "--via", only, "--date", day(-12))

    (nudge,) = [a for a in actions() if a["person"] == name]

    assert nudge["what"] == (
        f"no answer from {only} about {name} for 12 days, and no other route: send one "
        "short reminder, or let it go"
    )
    words = shlex.split(nudge["command"])
    assert words[1:4] == ["log", f"#{nudge['person_id']}", "no-response"]
    ok(*words[1:])
    assert [a for a in actions() if a["person"] == name] == []
