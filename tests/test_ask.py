"""``netgraph ask`` and ``netgraph templates`` on the sample network: drafts asking for an
introduction, built from templates the user can replace."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
import stat
from pathlib import Path

import pytest
from cli_helpers import ok, run
from markdown_it import MarkdownIt

from netgraph.outreach.template_files import TEMPLATES

ABOUT = "After six years building data platforms I am moving into ML infrastructure"

# Every test starts from a copy of the sample workspace.
pytestmark = pytest.mark.usefixtures("sample")


def fails(*args: object, code: int = 2) -> str:
    """The one error line of a command that must fail with ``code``."""
    result = run(*args)
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.fixture
def overrides(workspace_path: Path) -> Path:
    """The workspace's template folder (created empty)."""
    folder = workspace_path.with_name(workspace_path.name + ".templates")
    folder.mkdir()
    return folder


def sections(markdown: str) -> dict[str, str]:
    """The document's ``## `` sections by heading."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def best_referrers(name: str) -> list[str]:
    document = json.loads(ok("who-can-introduce", name, "--format", "json").output)
    return [r["referrer"]["name"] for r in document["routes"] if r["referrer"]]


def forbidden_requests(text: str) -> list[str]:
    return re.findall(r"\b(jobs?|résumé|resume|CV|vacanc\w*|opening)\b", text, re.IGNORECASE)


def test_the_referrer_draft_asks_for_a_short_flexible_meeting_with_a_note_to_forward() -> None:
    referrer = best_referrers("Camila Rocha")[0]

    result = ok("ask", "Camila Rocha", "--about", ABOUT)

    page = sections(result.stdout)
    to_referrer = page[f"1. To {referrer}"]
    assert result.stdout.startswith(f"# Asking {referrer} for an introduction to Camila Rocha\n")
    # Tomás is a close friend (messages both ways, a recommendation): a warm, short note.
    assert "**Subject:** A favour: could you introduce me to Camila?" in to_referrer
    assert f"Hi {referrer.split()[0]}," in to_referrer
    assert "Camila Rocha (Director of Data Engineering at Northwind Analytics)" in to_referrer
    assert "you both work at Northwind Analytics." in to_referrer  # what the workspace knows
    assert "connected on LinkedIn" not in to_referrer  # a friend is not told how they know you
    assert to_referrer.rstrip().endswith("Best,\nNoor")
    blurb = [line for line in to_referrer.splitlines() if line.startswith("> ")]
    assert len(blurb) == 1
    assert blurb[0].startswith(f"> Hi Camila, I am Noor Haddad. {ABOUT}.")
    assert "flexible on time" in blurb[0]
    # One time frame everywhere: the forwardable note says the same as the message.
    assert result.stdout.count("in the next two to four weeks") >= 3
    assert "next few weeks" not in result.stdout
    assert "coffee break" in to_referrer
    assert "just say so: no problem at all" in to_referrer
    assert forbidden_requests(to_referrer) == []
    assert "FILL IN" not in result.stdout


def test_a_distant_tie_gets_a_fuller_note_saying_how_you_know_each_other() -> None:
    result = ok("ask", "Aditya Krishnan", "--about", ABOUT)

    direct = sections(result.stdout)["To Aditya Krishnan"]
    assert "we are connected on LinkedIn (since Feb 2026)" in direct
    assert "I hope you do not mind a message out of the blue. I am Noor Haddad." in direct
    assert "flexible on time" in direct
    assert "or you would rather not, just say so: no explanation needed" in direct
    assert direct.rstrip().endswith("Best wishes,\nNoor")


def test_the_target_draft_names_who_put_you_in_touch_and_nothing_they_think() -> None:
    referrer = best_referrers("Camila Rocha")[0]
    first = referrer.split()[0]

    page = sections(ok("ask", "Camila Rocha", "--about", ABOUT).stdout)

    to_target = page[f"2. To Camila Rocha, once {first} has put you in touch"]
    assert f"**Subject:** Following {first}'s introduction: 20 minutes" in to_target
    assert f"Thank you, {first}, for putting us in touch" in to_target
    assert "thought" not in to_target and "suggested" not in to_target
    assert f"I am Noor Haddad. {ABOUT}." in to_target
    assert "in the next two to four weeks" in to_target
    assert "flexible on time" in to_target and "just say so" in to_target
    assert forbidden_requests(to_target) == []


def test_without_about_the_drafts_hold_a_marked_placeholder_and_say_so() -> None:
    result = ok("ask", "Camila Rocha")

    assert result.stdout.count("[FILL IN:") == 3  # referrer message, forwardable note, target
    assert result.stderr.strip() == (
        "Note: fill in the [FILL IN: ...] line about you, or pass --about"
    )


def unknow_marek() -> None:
    """Noor says she does not know Marek Nowak (whose export she has): Ayşe Demir is third
    degree again, through Tomás Ferreira then Marek."""
    ok("tie", "Noor Haddad", "Marek Nowak", "--remove")


def test_a_third_degree_target_asks_the_referrer_for_the_person_who_knows_them() -> None:
    unknow_marek()
    document = json.loads(ok("who-can-introduce", "Ayşe Demir", "--format", "json").output)
    me, referrer, middle, target = (p["name"] for p in document["routes"][0]["path"])
    assert (me, target) == ("Noor Haddad", "Ayşe Demir")
    first = middle.split()[0]

    page = sections(ok("ask", "Ayşe Demir", "--about", ABOUT).stdout)

    to_referrer = page[f"1. To {referrer}"]
    assert f"could you introduce me to {first}?" in to_referrer
    assert f"I see you know {middle}, who works with Ayşe at Kestrel Bio." in to_referrer
    # The double hop is explained once: put me in touch with the middle person, who may
    # introduce me to the target.
    assert (
        f"Would you be comfortable putting me in touch with {first}, so that I can ask about "
        "an introduction to Ayşe?"
    ) in to_referrer
    assert to_referrer.count("introduction to Ayşe") == 1
    assert f"here is a note you could forward to {first}".lower() in to_referrer.lower()
    to_target = page[f"2. To Ayşe Demir, once {first} has put you in touch"]
    assert f"Thank you, {first}, for putting us in touch (and " in to_target
    assert f"{referrer.split()[0]} for the link to {first})" in to_target


def test_via_picks_the_route_through_that_referrer() -> None:
    referrers = best_referrers("Oluwaseun Bakare")  # through Adaeze Nwosu or Tomás Ferreira
    other = next(name for name in referrers[1:] if name != referrers[0])

    result = ok("ask", "Oluwaseun Bakare", "--via", other, "--about", ABOUT)

    assert result.stdout.startswith(f"# Asking {other} for an introduction to Oluwaseun Bakare")
    assert f"## 1. To {other}\n" in result.stdout
    route = next(line for line in result.stdout.splitlines() if line.startswith("Route: "))
    assert route.startswith(f"Route: Noor Haddad → {other} → ")
    # the score also in words, as who-can-introduce says it
    routes = json.loads(
        ok("who-can-introduce", "Oluwaseun Bakare", "--via", other, "--format", "json").output
    )["routes"]
    assert f"(score {routes[0]['score']:.3f}, {routes[0]['warmth']}, " in route


def test_via_someone_on_no_route_fails_with_one_line() -> None:
    document = json.loads(
        ok("who-can-introduce", "Ayşe Demir", "--via", "Abebe Desta", "--format", "json").output
    )
    assert document["routes"] == []

    line = fails("ask", "Ayşe Demir", "--via", "Abebe Desta")

    assert line.startswith("Error: no route to Ayşe Demir through Abebe Desta within 3 ties")
    assert "routes exist without your --via/--avoid choices" in line


def test_via_the_target_or_yourself_is_refused() -> None:
    line = fails("ask", "Camila Rocha", "--via", "Camila Rocha")

    assert line == (
        "Error: --via: the referrer must be someone between you and the person you want to meet"
    )


def test_a_first_degree_contact_gets_one_direct_request() -> None:
    result = ok("ask", "Adaeze Nwosu", "--about", ABOUT)

    page = sections(result.stdout)
    assert result.stdout.startswith("# Asking Adaeze Nwosu for a short meeting\n")
    assert list(page) == ["To Adaeze Nwosu", "Before you send"]
    direct = page["To Adaeze Nwosu"]
    assert "introduc" not in direct
    assert "Hi Adaeze," in direct
    # "Inc." ends the sentence: no doubled full stop.
    assert "your work as Senior Product Manager at Halcyon Robotics, Inc.: could we" in direct
    assert "in the next two to four weeks" in direct
    assert "Whenever suits you" in direct and "no problem at all" in direct
    assert forbidden_requests(direct) == []
    (person_id,) = re.findall(r"`netgraph log '#(\d+)' requested`", result.stdout)
    assert ok("show", person_id, "--format", "json").stdout.count('"name": "Adaeze Nwosu"') == 1


def test_the_log_command_in_the_page_records_the_ask() -> None:
    referrer = best_referrers("Camila Rocha")[0]
    page = ok("ask", "Camila Rocha").stdout
    (command,) = re.findall(r"`netgraph (log '#\d+' asked-referrer --via '#\d+')`", page)

    logged = ok(*shlex.split(command))

    assert f"you asked {referrer} to introduce you to Camila Rocha." in logged.stdout


def test_asking_the_same_referrer_again_and_again_gets_a_note() -> None:
    unknow_marek()
    referrer = best_referrers("Camila Rocha")[0]
    assert best_referrers("Ayşe Demir")[0] == referrer
    ok("log", "Ayşe Demir", "asked-referrer", "--via", referrer, "--date", "2026-01-05")
    ok("log", "Camila Rocha", "asked-referrer", "--via", referrer, "--date", "2026-01-06")

    result = ok("ask", "Camila Rocha", "--about", ABOUT)

    notes = result.stderr.strip().splitlines()
    assert notes == [
        f"Note: you have already asked {referrer} for 2 introductions (the last on "
        "2026-01-06): spread your asks, or choose another --via",
        f"Note: you already asked {referrer} about Camila Rocha on 2026-01-06",
        "Note: your --about line is kept with Camila Rocha for the next drafts and the brief",
    ]
    assert "Note:" not in result.stdout


def test_output_file_is_private(tmp_path: Path) -> None:
    target = tmp_path / "camila.md"

    result = ok("ask", "Camila Rocha", "--about", ABOUT, "-o", target)

    assert result.stdout.strip() == f"Wrote the drafts to {target}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# Asking ")


def test_a_template_in_the_workspace_replaces_the_default(overrides: Path) -> None:
    (overrides / "ask_target.md.j2").write_text(
        "Hello {{ target.first_name }}! {{ introducer.name }} says hi.\n", encoding="utf-8"
    )
    referrer = best_referrers("Camila Rocha")[0]

    page = ok("ask", "Camila Rocha", "--about", ABOUT).stdout

    assert f"Hello Camila! {referrer} says hi." in page
    assert "Following Tomás's introduction" not in page
    assert "could you introduce me to Camila?" in page  # the other defaults still apply


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("Hi {{ referrer.first_name }}\n{% if %}\n", 2, "Expected an expression"),
        ("Hi\n\n{{ referrer.nickname }}\n", 3, "has no attribute 'nickname'"),
        ("Hi\n{{ ''.__class__ }}\n", 2, "unsafe"),
    ],
)
def test_a_broken_template_fails_with_one_line_naming_the_file_and_line(
    overrides: Path, text: str, line: int, reason: str
) -> None:
    broken = overrides / "ask_referrer.md.j2"
    broken.write_text(text, encoding="utf-8")

    error = fails("ask", "Camila Rocha")

    assert error.startswith(f"Error: template {broken}, line {line}: ")
    assert reason in error


def test_a_template_that_is_not_utf8_fails_with_one_line(overrides: Path) -> None:
    (overrides / "ask.md.j2").write_bytes(b"Hi \xff\xfe\n")

    error = fails("ask", "Camila Rocha")

    assert error == f"Error: template {overrides / 'ask.md.j2'} is not UTF-8 text"


def test_hostile_names_cannot_add_structure_to_the_drafts(sample: Path) -> None:
    referrer = best_referrers("Camila Rocha")[0]
    hostile = "[Tom](javascript:alert(1))\n# Pwned <img src=x onerror=alert(1)> \x1b[31m*x*"
    with sqlite3.connect(sample) as conn:
        conn.execute("UPDATE people SET name = ? WHERE name = ?", (hostile, referrer))
        conn.execute(
            "UPDATE people SET title = '- item', company = '1. Evil | Co' "
            "WHERE name = 'Camila Rocha'"
        )

    page = ok("ask", "Camila Rocha", "--about", ABOUT).stdout

    assert "\x1b" not in page
    tokens = MarkdownIt("commonmark").enable("table").parse(page)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(headings) == 4 and not any(h.startswith("Pwned") for h in headings)
    inline = [child for t in tokens if t.children for child in t.children]
    assert not [t for t in inline if t.type in ("link_open", "image", "html_inline", "em_open")]
    assert not [t for t in tokens if t.type in ("html_block", "table_open")]
    assert "[Tom](javascript:alert(1)) # Pwned <img src=x onerror=alert(1)>" in (
        MarkdownIt("commonmark").render(page).replace("&lt;", "<").replace("&gt;", ">")
    )


def test_templates_lists_every_template_and_where_overrides_go(workspace_path: Path) -> None:
    output = ok("templates").stdout

    for name in TEMPLATES:
        assert name in output
    assert f"{workspace_path.name}.templates" in output


def test_templates_copy_writes_the_defaults_and_keeps_edited_files(workspace_path: Path) -> None:
    folder = workspace_path.with_name(workspace_path.name + ".templates")
    folder.mkdir()
    (folder / "questions.md").write_text("## Role\n- Mine?\n## Organisation\n- Ours?\n")

    result = ok("templates", "--copy")

    assert sorted(p.name for p in folder.iterdir()) == sorted(TEMPLATES)
    assert (folder / "questions.md").read_text() == "## Role\n- Mine?\n## Organisation\n- Ours?\n"
    assert "Kept 1 already there (never overwritten): questions.md" in result.stdout
    assert stat.S_IMODE((folder / "ask.md.j2").stat().st_mode) == 0o600
    listing = ok("templates").stdout
    assert re.search(r"questions\.md\s+│\s+yours \(edited\)", listing)
    assert re.search(r"ask\.md\.j2\s+│\s+yours \(as the default\)", listing)
    # The copies render exactly as the defaults do.
    assert "# Asking " in ok("ask", "Camila Rocha").stdout


def test_no_route_within_the_hops_fails_with_one_line_saying_what_would_help() -> None:
    line = fails("ask", "Camila Rocha", "--max-hops", "1")

    assert line.startswith("Error: no route to Camila Rocha within 1 tie; ")
    (command,) = re.findall(r"a route of 2 hops exists \((netgraph [^()]+)\)", line)
    words = shlex.split(command)
    assert words[:2] == ["netgraph", "who-can-introduce"] and words[3:] == ["--max-hops", "2"]
    routes = ok(*words[1:]).stdout
    assert routes.startswith("Routes to Camila Rocha") and "1. ask " in routes


def test_via_someone_unwilling_says_so() -> None:
    ok("referrer", "Marek Nowak", "--unwilling")

    line = fails("ask", "Ayşe Demir", "--via", "Marek Nowak")

    assert line.startswith(
        "Error: no route to Ayşe Demir through Marek Nowak within 3 ties; "
        "Marek Nowak is marked unwilling (netgraph referrer '#"
    )
    (command,) = re.findall(r"\((netgraph referrer [^()]+)\)", line)
    ok(*shlex.split(command)[1:])
    assert "→ Marek Nowak → Ayşe Demir" in ok("ask", "Ayşe Demir", "--via", "Marek Nowak").stdout
