"""``netgraph log`` and ``netgraph pipeline`` on the sample network."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import ok, run

from netgraph.routes.warmth import warmth
from netgraph.workspace import Workspace

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
    "referred_by",
    "route_warmth",
]
TODAY = date.today()

# Every test starts from a copy of the sample workspace.
pytestmark = pytest.mark.usefixtures("sample")


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def pipeline(*options: object) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok("pipeline", "--format", "json", *options).output)
    return rows


def row_of(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(r for r in rows if r["name"] == name)


def referrers(name: str, *avoid: str) -> list[str]:
    # recorded ties only, as the pipeline's next steps (no tie inferred between colleagues)
    options = ["--no-inferred", *(option for person in avoid for option in ("--avoid", person))]
    document = json.loads(ok("who-can-introduce", name, "--format", "json", *options).output)
    return [r["referrer"]["name"] for r in document["routes"] if r["referrer"]]


def person_id(name: str) -> int:
    found: int = json.loads(ok("show", name, "--format", "json").output)["id"]
    return found


def run_suggestion(next_step: str) -> str:
    """Run the command a next step suggests (in parentheses at its end); its output."""
    match = re.search(r"\((netgraph [^()]*)\)$", next_step)
    assert match, next_step
    words = shlex.split(match.group(1))
    assert words[0] == "netgraph"
    return ok(*words[1:]).stdout


def test_before_any_step_every_target_is_open_with_its_best_referrer() -> None:
    rows = pipeline()

    assert [list(r) for r in rows] == [PIPELINE_COLUMNS] * len(rows)
    assert {r["name"] for r in rows} >= {"Camila Rocha", "Ayşe Demir", "Oluwaseun Bakare"}
    assert all(r["state"] == "not-started" for r in rows)
    camila = row_of(rows, "Camila Rocha")
    best = referrers("Camila Rocha")[0]
    assert camila["next_step"] == (
        f"ask {best} for an introduction (netgraph ask '#{camila['person_id']}')"
    )
    assert run_suggestion(camila["next_step"]).startswith(
        f"# Asking {best} for an introduction to Camila Rocha"
    )
    scores = [r["route_score"] for r in rows if r["route_score"] is not None]
    assert scores == sorted(scores, reverse=True)  # the best route first
    assert [r["position"] for r in rows] == list(range(1, len(rows) + 1))


def test_a_logged_ask_shows_who_was_asked_and_when() -> None:
    referrer = referrers("Camila Rocha")[0]

    result = ok("log", "Camila Rocha", "asked-referrer", "--via", referrer, "--date", days_ago(2))

    assert f"you asked {referrer} to introduce you to Camila Rocha." in result.output
    camila = row_of(pipeline(), "Camila Rocha")
    assert camila["state"] == "asked-referrer"
    assert camila["referrer"] == referrer
    assert camila["asked_on"] == days_ago(2)
    assert camila["referrer_asks"] == 1
    assert camila["days_waiting"] == 2
    assert camila["position"] == 1 or camila["route_score"] is not None


def test_later_steps_keep_the_referrer_and_move_the_state_on() -> None:
    referrer = referrers("Camila Rocha")[0]
    ok("log", "Camila Rocha", "asked-referrer", "--via", referrer, "--date", days_ago(9))
    ok("log", "Camila Rocha", "introduced", "--date", days_ago(7))
    ok("log", "Camila Rocha", "scheduled", "--date", (TODAY + timedelta(days=5)).isoformat())

    camila = row_of(pipeline(), "Camila Rocha")

    assert camila["state"] == "scheduled"
    assert camila["referrer"] == referrer
    assert camila["next_step"].endswith(f"(netgraph prep '#{camila['person_id']}')")
    assert run_suggestion(camila["next_step"]).startswith("# Interview brief: Camila Rocha")
    assert camila["days_waiting"] is None


def test_no_answer_drops_a_target_and_names_the_next_best_referrer() -> None:
    first = referrers("Thiago Albuquerque")[0]
    second = referrers("Thiago Albuquerque", first)[0]  # the best route that does not need them
    ok("log", "Thiago Albuquerque", "asked-referrer", "--via", first, "--date", days_ago(15))

    rows = pipeline()
    thiago = row_of(rows, "Thiago Albuquerque")

    assert thiago["next_step"] == (
        f"no answer for 10+ days: ask {second} instead "
        f"(netgraph ask '#{thiago['person_id']}' --via '#{person_id(second)}')"
    )
    assert run_suggestion(thiago["next_step"]).startswith(
        f"# Asking {second} for an introduction to Thiago Albuquerque"
    )
    open_rows = [r for r in rows if r["state"] == "not-started"]
    assert all(r["position"] < thiago["position"] for r in open_rows)
    # A longer patience keeps it open.
    assert row_of(pipeline("--no-answer-days", "30"), "Thiago Albuquerque")["next_step"].startswith(
        "wait for"
    )


def test_when_every_route_needs_the_silent_referrer_the_user_moves_on() -> None:
    only = referrers("Camila Rocha")[0]
    assert referrers("Camila Rocha", only) == []
    ok("log", "Camila Rocha", "asked-referrer", "--via", only, "--date", days_ago(12))

    camila = row_of(pipeline(), "Camila Rocha")

    assert camila["next_step"] == (
        "no answer for 10+ days: no other route: move on to your next target"
    )


def test_a_referrer_who_declines_can_be_marked_unwilling_in_one_step(sample: Path) -> None:
    first = referrers("Thiago Albuquerque")[0]
    ok("log", "Thiago Albuquerque", "asked-referrer", "--via", first, "--date", days_ago(3))

    result = ok("log", "Thiago Albuquerque", "declined", "--via", first, "--unwilling")

    assert f"{first} is now unwilling" in result.output
    assert first not in referrers("Thiago Albuquerque")  # routes re-ranked without them
    with Workspace.open(sample) as workspace:
        (willingness,) = workspace.conn.execute(
            "SELECT willingness FROM people WHERE name = ?", (first,)
        ).fetchone()
    assert willingness == "unwilling"
    thiago = row_of(pipeline(), "Thiago Albuquerque")
    second = referrers("Thiago Albuquerque")[0]
    assert thiago["next_step"] == (
        f"ask {second} instead (netgraph ask '#{thiago['person_id']}' --via '#{person_id(second)}')"
    )
    assert thiago["position"] > row_of(pipeline(), "Oluwaseun Bakare")["position"]


def test_a_target_who_says_no_goes_to_the_bottom() -> None:
    ok("log", "Camila Rocha", "requested", "--date", days_ago(3))
    ok("log", "Camila Rocha", "declined", "--note", "no time this quarter")

    rows = pipeline()

    assert rows[-1]["name"] == "Camila Rocha"
    assert rows[-1]["state"] == "declined"
    assert "move on to your next target" in rows[-1]["next_step"]


def test_asking_one_referrer_again_and_again_is_visible() -> None:
    referrer = referrers("Camila Rocha")[0]
    ok("log", "Camila Rocha", "asked-referrer", "--via", referrer, "--date", days_ago(4))
    result = ok("log", "Ayşe Demir", "asked-referrer", "--via", referrer)

    assert f"You have asked {referrer} for 2 introductions (the last on {TODAY})" in result.output
    rows = pipeline()
    assert row_of(rows, "Ayşe Demir")["referrer_asks"] == 2
    assert row_of(rows, "Ayşe Demir")["referrer_last_ask"] == TODAY.isoformat()


def test_logging_someone_new_makes_them_a_target() -> None:
    ok("log", "Tomás Ferreira", "met", "--date", days_ago(1))

    tomas = row_of(pipeline(), "Tomás Ferreira")

    assert tomas["state"] == "met"
    assert "thank-you note" in tomas["next_step"]


def test_pipeline_csv_has_the_fixed_columns(tmp_path: Path) -> None:
    out = tmp_path / "pipeline.csv"
    ok("pipeline", "--format", "csv", "-o", out)

    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))

    assert rows[0] == PIPELINE_COLUMNS
    assert len(rows) > 4
    by_id = {str(r["person_id"]): r for r in pipeline()}
    for row in rows[1:]:
        score, word = row[PIPELINE_COLUMNS.index("route_score")], row[-1]
        exact = by_id[row[1]]["route_score"]
        if exact is None:
            assert (score, word) == ("", "")
        else:  # three decimals, and the word for the exact score
            assert (score, word) == (f"{round(exact, 3)}", warmth(exact))
    assert oct(out.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Camila Rocha", "met", "--date", (TODAY + timedelta(days=3)).isoformat()], "future"),
        (["Camila Rocha", "met", "--date", "last tuesday"], "write it as YYYY-MM-DD"),
        (
            ["Camila Rocha", "met", "--unwilling"],
            "--unwilling: marking someone unwilling goes with the status declined",
        ),
        (["Noor Haddad", "met"], "that is you"),
        (["Camila Rocha", "asked-referrer", "--via", "Camila Rocha"], "someone other than"),
        (["Nobody Atall", "met"], "no person matches"),
    ],
)
def test_bad_steps_are_refused_with_one_line(args: list[str], message: str) -> None:
    result = run("log", *args)

    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert row_of(pipeline(), "Camila Rocha")["state"] == "not-started"


def test_an_unknown_status_lists_the_valid_ones() -> None:
    result = run("log", "Camila Rocha", "ghosted")

    assert result.exit_code == 2
    assert "asked-referrer" in result.output and "no-response" in result.output


def test_forgetting_people_erases_their_outreach(sample: Path) -> None:
    referrer = referrers("Camila Rocha")[0]
    ok("log", "Camila Rocha", "asked-referrer", "--via", referrer, "--note", "via the alumni group")
    ok("log", "Ayşe Demir", "asked-referrer", "--via", referrer, "--note", f"{referrer} said yes")

    ok("forget", "Camila Rocha", "--yes")
    ok("forget", referrer, "--yes")

    with Workspace.open(sample) as workspace:
        rows = workspace.conn.execute("SELECT referrer_id, note FROM outreach").fetchall()
    assert rows == [(None, None)]  # Ayşe's ask stays, with nothing left of the referrer


def test_the_outreach_table_moves_a_merged_persons_steps(sample: Path) -> None:
    with Workspace.open(sample) as workspace, workspace.transaction():
        people = workspace.people
        camila, tomas, ayse, marek = (
            people.named(key)[0]
            for key in ("camila rocha", "tomas ferreira", "ayse demir", "marek nowak")
        )
        log = workspace.outreach
        log.add(camila, "asked-referrer", TODAY, referrer=tomas, note=None)
        log.add(ayse, "asked-referrer", TODAY, referrer=camila, note=None)
        log.add(tomas, "requested", TODAY, referrer=camila, note=None)
        log.add(marek, "requested", TODAY, referrer=None, note=None)

        log.move(camila, tomas)  # Camila's record folded into Tomás's
        moved = [(e.person_id, e.referrer_id) for e in log.events()]
        log.forget(tomas)
        kept = [(e.person_id, e.referrer_id) for e in log.events()]

    assert moved == [(tomas, None), (ayse, tomas), (tomas, None), (marek, None)]
    assert kept == [(ayse, None), (marek, None)]


def test_the_pipeline_table_says_each_route_score_in_words() -> None:
    """As every table does (routes.warmth.scored): three decimals and warm, lukewarm or cold."""
    rows = pipeline()
    scored = [r for r in rows if r["route_score"] is not None]
    assert scored
    table = ok("pipeline", "--format", "table").output
    for row in scored:
        score = row["route_score"]
        assert re.search(rf"{score:.3f}\s+{warmth(score)}\b", table), (row["name"], score)
