"""The outreach tutorial in docs/outreach.md runs as written, and does what it says."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import CliRunner, Result
from conftest import REPO_ROOT

from netgraph.cli import cli
from netgraph.workspace import Workspace

TUTORIAL = REPO_ROOT / "docs" / "outreach.md"


def tutorial_commands() -> list[str]:
    """Every line of the shell blocks in the tutorial section, in order."""
    text = TUTORIAL.read_text(encoding="utf-8")
    section = text[text.index("## Tutorial") :]
    section = section[: section.index("\n## ", 1)]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def run_tutorial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Result]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETGRAPH_WORKSPACE")
    monkeypatch.setenv("COLUMNS", "400")  # tables on one line per row, as on a wide terminal
    results: dict[str, Result] = {}
    for line in tutorial_commands():
        words = shlex.split(line)
        if words[0] == "export":
            name, value = words[1].split("=", 1)
            monkeypatch.setenv(name, value)
            continue
        assert words[0] == "netgraph", line
        result = CliRunner().invoke(cli, words[1:])
        assert result.exit_code == 0, (line, result.output, result.exception)
        results[line] = result
    return results


def output_of(results: dict[str, Result], start: str) -> str:
    return [r.output for line, r in results.items() if line.startswith(start)][-1]


def test_the_tutorial_goes_from_rank_to_a_calendar_of_follow_ups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = run_tutorial(tmp_path, monkeypatch)

    assert "│ 3 │ Camila Rocha" in output_of(results, "netgraph rank --targets")
    ask = (tmp_path / "ask-camila.md").read_text(encoding="utf-8")
    assert "Tomás" in ask and "Camila" in ask and "two to four weeks" in ask
    brief = (tmp_path / "brief-camila.md").read_text(encoding="utf-8")
    assert "Northwind Analytics" in brief
    assert len(re.findall(r"^\d+\. ", brief, flags=re.M)) == 13

    calendar = icalendar.Calendar.from_ical((tmp_path / "followups.ics").read_bytes())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert "Keep in touch with Camila Rocha" in summaries
    card = vobject.readOne((tmp_path / "noor-haddad.vcf").read_text(encoding="utf-8"))
    assert card.fn.value == "Noor Haddad"
    assert card.title.value == "Senior Data Engineer"


def test_the_tutorial_thanks_camila_and_tomas_and_records_her_referrals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = run_tutorial(tmp_path, monkeypatch)

    before = (tmp_path / "thank-tomas.md").read_text(encoding="utf-8")
    assert "## 1. To Tomás Ferreira" in before and "To Camila" not in before
    assert "Thank you for introducing me to Camila Rocha" in before
    thanks = (tmp_path / "thank-camila.md").read_text(encoding="utf-8")
    point = "the data platform team Northwind is building in the spring."
    assert f"I especially enjoyed hearing about {point}" in thanks
    assert "suggesting I talk to Ananya Chatterjee and Ines Navarro" in thanks
    assert "connect on LinkedIn" in thanks and "anything I can do for you" in thanks
    assert "## 2. To Tomás Ferreira" in thanks and "How it went with Camila" in thanks
    logged = output_of(results, 'netgraph log "Camila Rocha" met')
    assert "Ananya Chatterjee, Northwind Analytics: ask them through Camila Rocha" in logged
    assert "Ines Navarro, Solenne Health: waiting for an import" in logged
    pipeline = output_of(results, "netgraph pipeline")
    ananya = next(line for line in pipeline.splitlines() if "Ananya Chatterjee" in line)
    assert "│ Camila Rocha │" in ananya  # where the target came from
    assert "no answer for 10+ days" in pipeline


def test_the_tutorial_moves_on_and_ends_with_the_days_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = run_tutorial(tmp_path, monkeypatch)

    with Workspace.open(tmp_path / "tutorial.sqlite3") as workspace:
        (willingness,) = workspace.conn.execute(
            "SELECT willingness FROM people WHERE name = 'Tomás Ferreira'"
        ).fetchone()
        states = dict(
            workspace.conn.execute(
                "SELECT p.name, o.status FROM outreach o JOIN people p ON p.id = o.person_id "
                "ORDER BY o.id"
            ).fetchall()
        )
    assert willingness == "unwilling"
    assert states == {"Camila Rocha": "thanked-referrer", "Oluwaseun Bakare": "declined"}
    oluwaseun = (tmp_path / "ask-oluwaseun.md").read_text(encoding="utf-8")
    assert "Hi Tomás" not in oluwaseun and "Hi Adaeze" in oluwaseun  # the next-best referrer
    plan = results["netgraph next"].output.splitlines()
    assert plan[0].startswith("What to do now (")
    assert (
        plan[1]
        == "1. Tomás Ferreira did not help with Oluwaseun Bakare: ask "
        + (plan[1].split(": ask ")[1])
    )
    assert re.fullmatch(r"   netgraph ask '#\d+' --via '#\d+'", plan[2])
    assert "2. ask Camila Rocha, who suggested Ananya Chatterjee, for the introduction" in plan
