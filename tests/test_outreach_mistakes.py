"""The outreach workflow's silent mistakes, now said out loud: an ask without a referrer, a
meeting logged before its day, a step logged by mistake, a dropped target without a score, a
card nobody can reach you from, ``info`` on a new workspace; and referrals (``log ... met
--referred``)."""

from __future__ import annotations

import json
import os
import shlex
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import ok, one_line_error, run

from netgraph.workspace import Workspace

TODAY = date.today()


def day(offset: int) -> str:
    """The day ``offset`` days from today, as the command line takes it."""
    return (TODAY + timedelta(days=offset)).isoformat()


def pipeline() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok("pipeline", "--format", "json").output)
    return rows


def row_of(name: str) -> dict[str, Any]:
    return next(r for r in pipeline() if r["name"] == name)


def _open() -> Workspace:
    """This test's workspace (the one ``NETGRAPH_WORKSPACE`` names)."""
    return Workspace.open(Path(os.environ["NETGRAPH_WORKSPACE"]))


def steps(name: str) -> list[tuple[str, str | None]]:
    """(status, referrer) of each step logged for ``name``, oldest first."""
    person = json.loads(ok("show", name, "--format", "json").output)["id"]
    with _open() as workspace:
        return [(e.status, e.referrer) for e in workspace.outreach.events(person=person)]


def referrers(name: str, *avoid: str) -> list[str]:
    options = [option for person in avoid for option in ("--avoid", person)]
    document = json.loads(ok("who-can-introduce", name, "--format", "json", *options).output)
    return [r["referrer"]["name"] for r in document["routes"] if r["referrer"]]


SAMPLE_TARGETS = ("Oluwaseun Bakare", "Thiago Albuquerque", "Ayşe Demir", "Camila Rocha")


def target_whose_best_referrer(*, can_be_replaced: bool) -> str:
    """A sample target with a route that avoids its best referrer; with False, one whose
    every route needs its best referrer (the others are marked unwilling if need be)."""
    for name in SAMPLE_TARGETS:
        if bool(referrers(name, referrers(name)[0])) == can_be_replaced:
            return name
    assert not can_be_replaced, "no target with two referrers in the sample"
    name = SAMPLE_TARGETS[1]
    first = referrers(name)[0]
    while others := referrer_ids(name, first):
        ok("referrer", others[0], "--unwilling")
    return name


def referrer_ids(name: str, *avoid: str) -> list[str]:
    """Like :func:`referrers`, as ``#id`` (names may be shared)."""
    options = [option for person in avoid for option in ("--avoid", person)]
    document = json.loads(ok("who-can-introduce", name, "--format", "json", *options).output)
    return [f"#{r['referrer']['id']}" for r in document["routes"] if r["referrer"]]


# asked-referrer needs --via


@pytest.mark.usefixtures("sample")
def test_asked_referrer_without_via_is_refused_naming_the_best_referrers() -> None:
    best = referrers("Camila Rocha")[:3]

    line = one_line_error(run("log", "Camila Rocha", "asked-referrer"), code=2)

    assert line.startswith(
        "Error: --via: say whom you asked to introduce you to Camila Rocha; the best routes go "
        f"through {best[0]} (netgraph log '#"
    )
    for name in best:
        assert f"{name} (netgraph log '#" in line
    assert steps("Camila Rocha") == []
    # Each suggested command logs the ask through that referrer, as it is.
    suggested = line.split("(", 1)[1].split(")", 1)[0]
    logged = ok(*shlex.split(suggested)[1:])
    assert f"you asked {best[0]} to introduce you to Camila Rocha." in logged.stdout
    assert steps("Camila Rocha") == [("asked-referrer", best[0])]


# a meeting logged before its day


@pytest.mark.usefixtures("sample")
def test_met_before_the_scheduled_day_warns_and_says_how_to_take_it_back() -> None:
    ok("log", "Camila Rocha", "scheduled", "--date", day(3))

    result = ok("log", "Camila Rocha", "met")

    assert result.stdout.startswith(f"Logged {day(0)}: you met Camila Rocha.")
    (warning,) = result.stderr.strip().splitlines()
    assert warning.startswith(
        f"Warning: the meeting with Camila Rocha is scheduled for {day(3)}, after {day(0)}: "
        "if it took place early, all is well; if not, take this step back (netgraph log '#"
    )
    undo = warning.rsplit("(", 1)[1].rstrip(").")
    assert shlex.split(undo)[-1] == "--undo"
    ok(*shlex.split(undo)[1:])
    assert steps("Camila Rocha") == [("scheduled", None)]


@pytest.mark.usefixtures("sample")
def test_met_on_or_after_the_scheduled_day_says_nothing_more() -> None:
    ok("log", "Camila Rocha", "scheduled", "--date", day(-2))

    result = ok("log", "Camila Rocha", "met", "--date", day(-2))

    assert result.stderr == ""


# log --undo


@pytest.mark.usefixtures("sample")
def test_undo_takes_back_the_last_step_of_that_person_only() -> None:
    referrer = referrers("Camila Rocha")[0]
    ok("log", "Camila Rocha", "asked-referrer", "--via", referrer, "--date", day(-3))
    ok("log", "Ayşe Demir", "requested", "--date", day(-2))
    ok("log", "Camila Rocha", "introduced", "--date", day(-1))

    result = ok("log", "Camila Rocha", "--undo")

    assert result.stdout.strip() == (
        f"Took back the step of {day(-1)}: {referrer} introduced you to Camila Rocha."
    )
    assert steps("Camila Rocha") == [("asked-referrer", referrer)]
    assert steps("Ayşe Demir") == [("requested", None)]
    assert row_of("Camila Rocha")["state"] == "asked-referrer"


@pytest.mark.usefixtures("sample")
def test_undo_of_a_no_says_who_stays_unwilling() -> None:
    referrer = referrers("Camila Rocha")[0]
    ok("log", "Camila Rocha", "declined", "--via", referrer, "--unwilling")

    result = ok("log", "Camila Rocha", "--undo")

    assert result.stdout.splitlines()[1] == (
        f"Note: {referrer} stays marked unwilling; to change it: netgraph referrer '#"
        + result.stdout.splitlines()[1].split("'#")[1]
    )
    assert result.stdout.rstrip().endswith("--willing.")


@pytest.mark.usefixtures("sample")
def test_undo_with_nothing_logged_or_with_a_status_is_refused() -> None:
    one_line_error(
        run("log", "Camila Rocha", "--undo"),
        "nothing is logged for Camila Rocha: there is no step to take back",
        code=2,
    )
    one_line_error(
        run("log", "Camila Rocha", "met", "--undo"),
        "--undo takes only PERSON: it removes their step logged last",
        code=2,
    )
    one_line_error(run("log", "Camila Rocha"), "say what happened: one of .*", code=2)


# a dropped target keeps its score


@pytest.mark.usefixtures("sample")
def test_a_target_dropped_after_no_answer_keeps_a_route_score() -> None:
    only = target_whose_best_referrer(can_be_replaced=False)
    other = target_whose_best_referrer(can_be_replaced=True)
    before = {r["name"]: r["route_score"] for r in pipeline()}
    for name in (only, other):
        ok("log", name, "asked-referrer", "--via", referrers(name)[0], "--date", day(-15))

    rows = {r["name"]: r for r in pipeline()}

    # Every route to the first needs the silent referrer: the score of the route tried stays.
    assert rows[only]["next_step"].endswith("no other route: move on to your next target")
    assert rows[only]["route_score"] == before[only]
    # The other has another route: its score shows, and the next step names its referrer.
    assert rows[other]["route_score"] is not None
    assert 0 < rows[other]["route_score"] <= before[other]
    assert "instead" in rows[other]["next_step"]
    table = ok("pipeline").stdout
    row = next(line for line in table.splitlines() if f"│ {only}" in line)
    assert f"{before[only]:.3f}" in row


# the card


@pytest.mark.usefixtures("sample")
def test_a_card_with_no_email_or_phone_warns(tmp_path: Path) -> None:
    with _open() as workspace, workspace.transaction() as conn:
        conn.execute("DELETE FROM identities WHERE person_id = (SELECT id FROM people "
                     "WHERE is_me = 1) AND kind IN ('email', 'phone')")  # fmt: skip
    me = json.loads(ok("me", "--format", "json").stdout)
    assert me["emails"] == [] and me["phones"] == []

    result = ok("card", "-o", tmp_path / "me.vcf")

    assert result.stderr.strip() == (
        "Warning: your card has no email and no phone, so nobody can reach you from it; add one "
        "(netgraph me --email you@example.com, or --phone)."
    )
    assert (tmp_path / "me.vcf").read_text(encoding="utf-8").startswith("BEGIN:VCARD")
    ok("me", "--email", "noor@example.org")
    assert ok("card", "-o", tmp_path / "me.vcf").stderr == ""


@pytest.mark.usefixtures("sample")
def test_a_card_with_an_email_does_not_warn() -> None:
    result = ok("card")

    assert result.stderr == ""


# info on a new workspace


def test_info_on_a_new_workspace_says_so_and_creates_nothing(workspace_path: Path) -> None:
    assert not workspace_path.exists()

    result = ok("info")

    assert result.stdout.splitlines()[:2] == [
        f"Workspace: {workspace_path} (not created yet)",
        "You: not set (netgraph me NAME)",
    ]
    document = json.loads(ok("info", "--format", "json").stdout)
    assert (document["people"], document["sources"], document["me"]) == (0, [], None)
    assert not workspace_path.exists()
    ok("me", "Alex Kim")
    assert "You: Alex Kim" in ok("info").stdout


# log prints what happened, not "requested via"


@pytest.mark.usefixtures("sample")
def test_log_says_what_happened_in_words() -> None:
    referrer = referrers("Camila Rocha")[0]
    ok("log", "Camila Rocha", "asked-referrer", "--via", referrer)

    result = ok("log", "Camila Rocha", "requested")

    assert result.stdout.splitlines()[0] == (
        f"Logged {day(0)}: you asked Camila Rocha for a short meeting."
    )
    assert "via" not in result.stdout


# referrals


@pytest.mark.usefixtures("sample")
def test_met_with_referred_people_makes_targets_with_the_person_as_referrer() -> None:
    assert json.loads(ok("show", "Camila Rocha", "--format", "json").stdout)["degree"] == 2

    result = ok(
        "log", "Camila Rocha", "met",
        "--referred", "Ananya Chatterjee, Northwind Analytics",
        "--referred", "Ines Navarro, Solenne Health",
    )  # fmt: skip

    lines = result.stdout.splitlines()
    assert lines[1] == "Camila Rocha is now a willing referrer to the people they suggested:"
    assert lines[2].startswith(
        "  Ananya Chatterjee, Northwind Analytics: ask them through Camila Rocha (netgraph ask '#"
    )
    assert lines[3] == "  Ines Navarro, Solenne Health: waiting for an import that lists them"
    camila = json.loads(ok("show", "Camila Rocha", "--format", "json").stdout)
    assert (camila["willingness"], camila["degree"]) == ("willing", 1)  # you met
    rows = {r["name"]: r for r in pipeline()}
    assert rows["Ananya Chatterjee"]["referred_by"] == "Camila Rocha"
    assert rows["Ines Navarro"]["referred_by"] == "Camila Rocha"
    assert rows["Ines Navarro"]["state"] == "waiting-for-import"
    assert rows["Ines Navarro"]["next_step"].startswith(
        "Camila Rocha suggested them: ask Camila Rocha to introduce you"
    )
    routes = json.loads(ok("who-can-introduce", "Ananya Chatterjee", "--format", "json").stdout)
    assert any(r["referrer"]["name"] == "Camila Rocha" for r in routes["routes"] if r["referrer"])
    assert "│ Camila Rocha │" in ok("pipeline").stdout  # the "from" column


@pytest.mark.usefixtures("sample")
def test_referred_goes_with_a_meeting_and_never_names_you_or_them() -> None:
    one_line_error(
        run("log", "Camila Rocha", "requested", "--referred", "Ines Navarro"),
        "--referred: --referred goes with met, thanked, in-touch: the people they suggested "
        "when you met",
        code=2,
    )
    one_line_error(
        run("log", "Camila Rocha", "met", "--referred", "Camila Rocha, Northwind Analytics"),
        "--referred: 'Camila Rocha, Northwind Analytics' is Camila Rocha: name the people they "
        "suggested",
        code=2,
    )
    one_line_error(
        run("log", "Camila Rocha", "met", "--referred", ", Acme"),
        "--referred: ', Acme' is not a name: write 'Name' or 'Name, Company'",
        code=2,
    )
    assert steps("Camila Rocha") == []  # nothing half-logged


@pytest.mark.usefixtures("sample")
def test_referred_by_your_own_name_is_refused_and_a_name_given_twice_is_one_target() -> None:
    one_line_error(
        run("log", "Camila Rocha", "met", "--referred", "Noor Haddad"),
        "--referred: 'Noor Haddad' is you: name the people they suggested",
        code=2,
    )
    one_line_error(
        run("target", "add", "--name", "Noor Haddad"),
        "'Noor Haddad' is your own name: you cannot target yourself",
        code=2,
    )
    assert steps("Camila Rocha") == []
    result = ok(
        "log", "Camila Rocha", "met",
        "--referred", "Ines Navarro, Solenne Health",
        "--referred", "ines navarro, Solenne Health",
    )  # fmt: skip
    assert result.stdout.count("Ines Navarro") == 1
    assert [r["name"] for r in pipeline()].count("Ines Navarro") == 1


@pytest.mark.usefixtures("sample")
def test_a_referred_target_waiting_for_an_import_gets_its_tie_once_it_arrives(
    tmp_path: Path,
) -> None:
    ok("log", "Camila Rocha", "met", "--referred", "Ines Navarro, Solenne Health")
    card = tmp_path / "adaeze.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ines Navarro\r\nORG:Solenne Health\r\n"
        "EMAIL:ines@example.org\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )

    ok("import", "vcard", card, "--owner", "Adaeze Nwosu")

    ines = next(r for r in pipeline() if r["name"] == "Ines Navarro")
    assert ines["state"] == "not-started" and ines["referred_by"] == "Camila Rocha"
    routes = json.loads(ok("who-can-introduce", "Ines Navarro", "--format", "json").stdout)
    referrers_found = [r["referrer"]["name"] for r in routes["routes"] if r["referrer"]]
    assert "Camila Rocha" in referrers_found


@pytest.mark.usefixtures("sample")
def test_forgetting_a_referrer_erases_the_referral_and_its_ties() -> None:
    ok("log", "Camila Rocha", "met", "--note", "a private point", "--referred", "Ines Navarro")
    ok("ask", "Camila Rocha", "--about", "my private goal")

    ok("forget", "Camila Rocha", "--yes")

    assert {r["referred_by"] for r in pipeline()} == {None}
    assert "Camila Rocha" not in ok("pipeline", "--format", "csv").stdout
    with _open() as workspace:
        assert workspace.targets.referrals() == {}
        assert all(target.name != "Camila Rocha" for target in workspace.targets.all())
        dump = "\n".join(workspace.conn.iterdump())
    assert "a private point" not in dump and "my private goal" not in dump


@pytest.mark.usefixtures("sample")
def test_asking_the_person_who_suggested_a_target_says_so_in_a_plain_tone() -> None:
    ok("log", "Camila Rocha", "met", "--referred", "Ananya Chatterjee, Northwind Analytics")

    page = ok("ask", "Ananya Chatterjee", "--about", "I build data platforms").stdout

    assert page.startswith("# Asking Camila Rocha for an introduction to Ananya Chatterjee")
    assert "When we met, you kindly suggested I talk to Ananya Chatterjee" in page
    # Met once: a plain note, not a close friend's "A favour".
    assert "**Subject:** Could you introduce me to Ananya Chatterjee?" in page
    assert "A favour" not in page
