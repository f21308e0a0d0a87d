"""``netgraph followups``: thank-you notes, keeping in touch, preparing, nudging, the .ics file."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import ok, run
from icalendar import Calendar

from netgraph.outreach.followups import followups
from netgraph.outreach.pipeline import DEFAULT_NO_ANSWER_DAYS
from netgraph.workspace import Workspace

COLUMNS = ["due", "overdue", "kind", "person_id", "person", "referrer", "since", "what", "note"]
TODAY = date.today()

# Every test starts from a copy of the sample workspace.
pytestmark = pytest.mark.usefixtures("sample")


def day(offset: int) -> date:
    """The day ``offset`` days from today (negative: in the past)."""
    return TODAY + timedelta(days=offset)


def log(person: str, status: str, offset: int = 0, *options: str) -> None:
    ok("log", person, status, "--date", day(offset).isoformat(), *options)


def items(*options: object) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(ok("followups", "--format", "json", *options).output)
    return found


def kinds(*options: object) -> list[tuple[str, str, str]]:
    """(kind, person, due) of each follow-up listed."""
    return [(i["kind"], i["person"], i["due"]) for i in items(*options)]


def ics_events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_nothing_is_due_before_anything_is_logged(tmp_path: Path) -> None:
    assert items("--all") == []
    assert "No follow-ups" in ok("followups").output
    # No empty calendar (RFC 5545 wants at least one event), and nothing on stdout.
    result = ok("followups", "--format", "ics")
    assert result.stdout_bytes == b""
    assert "nothing written" in result.stderr
    ok("followups", "--format", "ics", "-o", tmp_path / "f.ics")
    assert not (tmp_path / "f.ics").exists()


def test_a_thank_you_note_is_due_the_day_after_meeting() -> None:
    log("Camila Rocha", "met", 0, "--note", "hiring for the data platform team in spring")

    (thanks,) = items()

    assert thanks["kind"] == "thank-you"
    assert thanks["person"] == "Camila Rocha"
    assert thanks["due"] == day(1).isoformat()
    assert thanks["since"] == TODAY.isoformat()
    assert thanks["overdue"] is False
    assert thanks["note"] == "hiring for the data platform team in spring"
    for advice in ("thank-you note", "point from your conversation", "LinkedIn", "offer help"):
        assert advice in thanks["what"]
    assert "tomorrow" in ok("followups").output


def test_an_unsent_thank_you_becomes_overdue_and_the_referrer_hears_how_it_went() -> None:
    log("Ayşe Demir", "asked-referrer", -20, "--via", "Tomás Ferreira")
    log("Ayşe Demir", "met", -3)

    thanks, referrer = items()

    assert (thanks["kind"], thanks["due"], thanks["overdue"]) == (
        "thank-you",
        day(-2).isoformat(),
        True,
    )
    assert thanks["referrer"] == "Tomás Ferreira"
    assert (referrer["kind"], referrer["due"], referrer["referrer"]) == (
        "thank-referrer",
        day(-2).isoformat(),
        "Tomás Ferreira",
    )
    assert "tell Tomás Ferreira how your meeting with Ayşe Demir went" in referrer["what"]
    assert "overdue 2 days" in ok("followups").output


def test_the_table_shows_the_point_logged_with_the_meeting() -> None:
    log("Camila Rocha", "met", -1, "--note", "their spring data platform team")

    table = ok("followups").stdout

    row = next(line for line in table.splitlines() if "Camila Rocha" in line)
    assert "thank-you" in row and "their spring data platform team" in row
    assert "your note" in table


def test_logging_thanked_ends_the_reminder_and_starts_keeping_in_touch() -> None:
    log("Camila Rocha", "met", -3)
    log("Camila Rocha", "thanked", -2)

    assert items() == []  # nothing in the next 7 days
    assert kinds("--all") == [("keep-in-touch", "Camila Rocha", day(58).isoformat())]
    output = ok("followups").output
    assert "Nothing due in the next 7 days" in output
    assert f"Next, on {day(58).isoformat()}: Keep in touch with Camila Rocha" in output
    # A shorter cadence brings it into this week.
    assert kinds("--cadence", 5) == [("keep-in-touch", "Camila Rocha", day(3).isoformat())]


def test_keeping_in_touch_repeats_from_the_last_contact() -> None:
    log("Oluwaseun Bakare", "met", -75)
    log("Oluwaseun Bakare", "thanked", -70)

    (due,) = items()
    assert (due["kind"], due["due"], due["overdue"]) == (
        "keep-in-touch",
        day(-10).isoformat(),
        True,
    )
    assert "netgraph log" in due["what"] and "in-touch" in due["what"]

    log("Oluwaseun Bakare", "in-touch", 0, "--note", "sent the article on data contracts")

    assert items() == []
    (following,) = items("--all")
    assert (following["due"], following["overdue"]) == (day(60).isoformat(), False)
    assert following["since"] == TODAY.isoformat()
    assert following["note"] == "sent the article on data contracts"


def test_a_scheduled_meeting_brings_preparation_and_the_meeting_day() -> None:
    log("Camila Rocha", "requested", -6)
    log("Camila Rocha", "scheduled", 5)

    assert kinds("--all") == [
        ("prepare", "Camila Rocha", day(3).isoformat()),
        ("meeting", "Camila Rocha", day(5).isoformat()),
    ]
    prepare = items("--all")[0]
    assert "12-14 questions" in prepare["what"] and "netgraph prep" in prepare["what"]
    assert prepare["since"] == day(5).isoformat()  # the meeting day
    assert [k for k, _, _ in kinds("--days", 2)] == []
    assert [k for k, _, _ in kinds("--days", 3)] == ["prepare"]
    assert [k for k, _, _ in kinds("--days", 5)] == ["prepare", "meeting"]
    assert [k for k, _, _ in kinds()] == ["prepare", "meeting"]  # the default: 7 days


def test_a_meeting_day_that_passed_without_met_asks_how_it_went() -> None:
    log("Camila Rocha", "scheduled", -2)

    (meeting,) = items()

    assert (meeting["kind"], meeting["overdue"]) == ("meeting", True)
    assert "log how it went" in meeting["what"]

    log("Camila Rocha", "met", -1)
    assert kinds() == [("thank-you", "Camila Rocha", TODAY.isoformat())]


def test_a_step_logged_after_the_meeting_was_scheduled_replaces_it() -> None:
    log("Camila Rocha", "scheduled", 10)
    log("Camila Rocha", "scheduled", 4)  # moved earlier

    assert kinds("--all") == [
        ("prepare", "Camila Rocha", day(2).isoformat()),
        ("meeting", "Camila Rocha", day(4).isoformat()),
    ]

    log("Camila Rocha", "met", 0)  # they could meet even sooner

    assert kinds("--all") == [("thank-you", "Camila Rocha", day(1).isoformat())]


def test_silence_brings_one_nudge_or_move_on() -> None:
    log("Ayşe Demir", "asked-referrer", -12, "--via", "Tomás Ferreira")
    log("Camila Rocha", "requested", -2)

    (nudge,) = items()

    assert (nudge["kind"], nudge["person"]) == ("nudge", "Ayşe Demir")
    assert (nudge["due"], nudge["overdue"]) == (day(-2).isoformat(), True)
    assert "no answer from Tomás Ferreira" in nudge["what"]
    assert "one short reminder, or move on: netgraph pipeline" in nudge["what"]
    # Camila has until day 10 to answer: listed with --all, or sooner with less patience.
    assert ("nudge", "Camila Rocha", day(8).isoformat()) in kinds("--all")
    assert ("nudge", "Camila Rocha", TODAY.isoformat()) in kinds("--no-answer-days", 2)
    # Any newer step is the answer; an introduction calls for thanking the referrer.
    log("Ayşe Demir", "introduced", 0)
    assert [(i["kind"], i["person"]) for i in items()] == [("thank-referrer", "Ayşe Demir")]
    log("Ayşe Demir", "thanked-referrer", 0)
    assert items() == []


def test_people_who_declined_or_never_answered_have_no_follow_ups() -> None:
    log("Camila Rocha", "met", -5)
    log("Camila Rocha", "declined", -1)
    log("Ayşe Demir", "asked-referrer", -30, "--via", "Tomás Ferreira")
    log("Ayşe Demir", "no-response", -5, "--via", "Tomás Ferreira")

    assert items("--all") == []


def test_the_list_is_ordered_by_due_day_and_the_library_takes_any_today(sample: Path) -> None:
    log("Camila Rocha", "met", 0)
    log("Ayşe Demir", "asked-referrer", -11, "--via", "Tomás Ferreira")
    log("Oluwaseun Bakare", "scheduled", 6)

    listed = items()

    assert [i["due"] for i in listed] == sorted(i["due"] for i in listed)
    assert [i["kind"] for i in listed] == ["nudge", "thank-you", "prepare", "meeting"]
    with Workspace.open(sample) as workspace:
        later = followups(workspace, today=day(3), horizon_days=0)
    assert [(f.kind, f.overdue) for f in later] == [("nudge", True), ("thank-you", True)]


def test_csv_and_json_have_the_fixed_columns(tmp_path: Path) -> None:
    log("Camila Rocha", "met", -3, "--note", '=HYPERLINK("http://x")')
    log("Oluwaseun Bakare", "scheduled", 3)
    out = tmp_path / "followups.csv"

    ok("followups", "--format", "csv", "-o", out)

    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == COLUMNS
    assert [r[2] for r in rows[1:]] == ["thank-you", "prepare", "meeting"]
    assert rows[1][1] == "true" and rows[2][1] == "false"
    assert rows[1][8].startswith("'=")  # a spreadsheet does not run the note as a formula
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert [list(i) for i in items()] == [COLUMNS] * 3


def test_the_ics_file_imports_into_a_calendar(tmp_path: Path) -> None:
    log("Camila Rocha", "met", -1)
    log("Oluwaseun Bakare", "met", -80)
    log("Oluwaseun Bakare", "thanked", -30)  # keep in touch in 30 days: beyond --days
    out = tmp_path / "followups.ics"

    result = ok("followups", "--format", "ics", "-o", out)

    assert "Wrote 2 follow-ups" in result.output
    data = out.read_bytes()
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    events = ics_events(data)
    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert set(by_summary) == {"Thank Camila Rocha", "Keep in touch with Oluwaseun Bakare"}
    thanks = by_summary["Thank Camila Rocha"]
    assert thanks.decoded("DTSTART") == TODAY  # an all-day event on the due day
    assert thanks.decoded("DTEND") == day(1)
    assert b"DTSTART;VALUE=DATE:" + TODAY.strftime("%Y%m%d").encode() in data
    assert "thank-you note" in str(thanks["DESCRIPTION"])
    assert by_summary["Keep in touch with Oluwaseun Bakare"].decoded("DTSTART") == day(30)
    assert all(e.get("DTSTAMP") is not None for e in events)
    assert all(list(e.walk("VALARM")) for e in events)
    # Exported again, the same follow-ups keep their UIDs: a calendar updates, not duplicates.
    again = ics_events(ok("followups", "--format", "ics").stdout_bytes)
    assert sorted(str(e["UID"]) for e in again) == sorted(str(e["UID"]) for e in events)
    assert len({str(e["UID"]) for e in events}) == 2


def test_the_ics_file_follows_rfc_5545() -> None:
    log("Camila Rocha", "met", -1, "--note", "x" * 300)

    data = ok("followups", "--format", "ics").stdout_bytes

    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # every line ends with CRLF
    assert b"VERSION:2.0" in lines
    assert any(line.startswith(b"PRODID:") and b"netgraph" in line for line in lines)
    assert all(len(line) <= 75 for line in lines)  # long lines are folded
    assert any(line.startswith(b" ") for line in lines)


def test_explicit_days_narrow_the_ics_file() -> None:
    log("Camila Rocha", "met", -1)
    log("Oluwaseun Bakare", "scheduled", 20)

    everything = ics_events(ok("followups", "--format", "ics").stdout_bytes)
    this_week = ics_events(ok("followups", "--format", "ics", "--days", 7).stdout_bytes)

    assert len(everything) == 3
    assert [str(e["SUMMARY"]) for e in this_week] == ["Thank Camila Rocha"]


def test_untrusted_names_stay_inert_in_every_format(sample: Path) -> None:
    hostile = '=Rocha, Camila; "CEO"\nBEGIN:VEVENT\x1b[31m'
    with Workspace.open(sample) as workspace, workspace.transaction() as conn:
        (camila,) = conn.execute("SELECT id FROM people WHERE name = 'Camila Rocha'").fetchone()
        conn.execute("UPDATE people SET name = ? WHERE id = ?", (hostile, camila))
    log(f"#{camila}", "met", 0)

    data = ok("followups", "--format", "ics").stdout_bytes
    (event,) = ics_events(data)
    assert str(event["SUMMARY"]).startswith('Thank =Rocha, Camila; "CEO"\nBEGIN:VEVENT')
    assert b"\x1b" not in data
    unfolded = data.replace(b"\r\n ", b"").split(b"\r\n")
    assert unfolded.count(b"BEGIN:VEVENT") == 1  # the name's line break is escaped text
    assert b"=Rocha\\, Camila\\; " in data

    table = ok("followups").output
    assert "\x1b" not in table
    (row,) = list(csv.reader(io.StringIO(ok("followups", "--format", "csv").output)))[1:]
    assert row[4].startswith("'=Rocha")


def test_the_defaults_match_the_pipeline() -> None:
    from netgraph.outreach import followups as module

    assert module.DEFAULT_NO_ANSWER_DAYS == DEFAULT_NO_ANSWER_DAYS


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.txt"], "--output needs --format csv, json or ics"),
        (["--days", "-1"], "-1 is not in the range"),
        (["--cadence", "0"], "0 is not in the range"),
        (["--format", "pdf"], "'pdf' is not one of"),
    ],
)
def test_bad_options_are_refused_with_one_line(args: list[str], message: str) -> None:
    result = run("followups", *args)

    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_without_a_workspace_followups_says_so(tmp_path: Path) -> None:
    result = run("--workspace", tmp_path / "none.sqlite3", "followups")

    assert result.exit_code != 0
    assert result.output.startswith("Error: ")
    assert len(result.output.strip().splitlines()) == 1
