"""Every command netgraph suggests can be pasted into a shell: it runs netgraph and nothing else.

People are named by other people's files, so a name can hold `` `...` ``, ``$(...)``, quotes,
``;`` or ``|``. The workspace built here is full of such names (and companies, and a workspace
path). Every output that suggests a command is collected: follow-ups as a table, CSV, JSON and
a calendar; the pipeline as a table, CSV and JSON; who-can-introduce with its hints; the ask
and prep drafts; errors; the demo. Each suggested ``netgraph ...`` command is cut out of its
line (a command ends at the end of its line, or at the ``)`` or backtick that closes the one
just before it), pasted into ``bash -c`` with a fake ``netgraph`` first on PATH that records
its arguments, and then:

- no payload ran (the folder it was pasted in stays empty: every payload creates a file there);
- the fake netgraph was called once, and every person it was given is an existing person's id
  (``#12``) or their exact name;
- every hostile person that has something to do is named in some suggestion;
- the real netgraph accepts the command (run on a copy of the workspace).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import click
import pytest
from cli_helpers import ok_in, run_in
from icalendar import Calendar

from netgraph.cli import cli
from netgraph.workspace import Workspace

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
# Each payload creates a file named m<NN> (or writes to one) in the folder it is pasted in.
PAYLOADS = (
    "Bob `touch m01`",
    "Carol $(touch m02)",
    "Dan; touch m03",
    "Erin | touch m04",
    "Finn && touch m05",
    "Gus\ttouch m06",
    "Hal' ; touch m07 ; '",
    'Ivy" ; touch m08 ; "',
    "'$(touch m09)'",
    "Jo O'Neil $(touch m10)",
    "Kim > m11",
    "Lee ${IFS}$(touch${IFS}m12)",
    "Mo <(touch m13) x",
    'Ned "`touch m14`"',
    'Oz \\"; touch m15; \\"',
    "Pia \\`touch m16\\`",
    "Quinn #x $(touch m17)",
    "Ray & touch m18 &",
    "Sol )$(touch m19)(",
    "Tia `touch m20` '\"'\"' $(touch m21)",
)
COMPANY_PAYLOADS = ("Acme $(touch c01)", "Beta `touch c02` Ltd", "Gamma' ; touch c03 ; '")
# A workspace folder for the demo; the demo prints a command naming it.
DEMO_FOLDER = "demo $(touch d01) `touch d02` ; touch d03"
# A first-degree target from a vCard: a name with a line break in it.
DIRECT_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Direct\\n`touch m31`\\; touch m32\r\n"
    "N:Direct;Dee;;;\r\nEMAIL:direct@example.com\r\nORG:Initech\r\nEND:VCARD\r\n"
)
TODAY = date.today()
COMMANDS = frozenset(cli.list_commands(click.Context(cli)))
PERSON_ARGUMENT = {"log", "ask", "prep", "who-can-introduce", "referrer", "show", "forget", "tie"}
PERSON_OPTIONS = {"--via", "--avoid", "--owner"}
PLACEHOLDER = re.compile(r"[A-Z][A-Z-]*|\.\.\.")
START = re.compile(r"(?<![\w-])netgraph (?=([-a-z]+))")
CLOSERS = {"(": ")", "`": "`"}
FAKE_NETGRAPH = """#!/bin/bash
{ printf 'CALL\\0'; printf '%s\\0' "$@"; } >> "$NETGRAPH_ARGV_LOG"
"""


# --- the hostile workspace ---------------------------------------------------------------------


@dataclass
class Hostile:
    """The workspace, its people by role, and every output that may suggest a command."""

    path: Path
    ids: dict[str, int]
    targets: list[int]
    referrers: list[int]
    texts: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, kind: str, text: str) -> None:
        """Split one output into the lines a user could copy a command from."""
        for line in output_lines(kind, text):
            self.texts.append((label, line))


def connections_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def contact_row(first: str, slug: str, company: str = "Initech") -> list[str]:
    return [first, "Zed", f"https://www.linkedin.com/in/{slug}", "", company, "Analyst", ""]


def build_workspace(folder: Path) -> Hostile:
    """Me; six hostile first-degree referrers, each sharing an export of hostile targets; one
    hostile first-degree target; targets at every stage of the outreach log."""
    path = folder / "workspace.sqlite3"
    ok_in(path, "me", "Noor Test", "--email", "noor@example.com")
    referrer_names = PAYLOADS[:6]
    target_names = PAYLOADS[6:]
    mine = [
        contact_row(name, f"ref-{i}", COMPANY_PAYLOADS[i % len(COMPANY_PAYLOADS)])
        for i, name in enumerate(referrer_names)
    ]
    mine.append(contact_row("Lonely $(touch m30)", "lonely", "Nowhere Co"))
    # Enough colleagues at a target's company for the brief to point to the rest of them.
    mine.extend(contact_row(f"Col{i} $(touch m4{i})", f"col-{i}", COMPANY_PAYLOADS[0])
                for i in range(14))  # fmt: skip
    ok_in(path, "import", "linkedin", connections_csv(folder / "mine.csv", mine))
    card = folder / "direct.vcf"
    card.write_text(DIRECT_CARD, encoding="utf-8")
    ok_in(path, "import", "vcard", card)
    ids = people_ids(path)
    referrers = [ids[f"ref-{i}"] for i in range(len(referrer_names))]
    # Target i is known by referrers i % 5 and (i + 1) % 5; the last target only by referrer 5.
    known_by: dict[int, list[list[str]]] = {r: [] for r in range(len(referrer_names))}
    for i, name in enumerate(target_names[:-1]):
        row = contact_row(name, f"target-{i}", COMPANY_PAYLOADS[i % len(COMPANY_PAYLOADS)])
        known_by[i % 5].append(row)
        known_by[(i + 1) % 5].append(row)
    last = len(target_names) - 1
    # (at an organisation none of your contacts works at: no inferred colleague tie either)
    known_by[5].append(contact_row(target_names[last], f"target-{last}", "Omega $(touch c01)"))
    for r, rows in known_by.items():
        export = connections_csv(folder / f"friend-{r}.csv", rows)
        ok_in(path, "import", "linkedin", export, "--owner", f"#{referrers[r]}")
    ids = people_ids(path)
    targets = [ids[f"target-{i}"] for i in range(len(target_names))]
    log_outreach(path, targets, referrers)
    ok_in(path, "target", "add", f"#{ids['direct']}")
    ok_in(path, "target", "add", "--name", "Zoe $(touch m33)", "--company", "Zed `touch m34`")
    ok_in(path, "referrer", f"#{referrers[5]}", "--unwilling")
    return Hostile(path, ids, targets, referrers)


def people_ids(path: Path) -> dict[str, int]:
    """Person id by the slug of their LinkedIn URL, or the name of their email address."""
    with closing(sqlite3.connect(path)) as conn:  # (sqlite3's own "with" does not close)
        rows = conn.execute("SELECT person_id, value FROM identities")
        return {re.split(r"[/@]", value.rstrip("/"))[-1 if "/" in value else 0]: int(pid)
                for pid, value in rows}  # fmt: skip


def log_outreach(path: Path, targets: list[int], referrers: list[int]) -> None:
    """Put the targets at every stage: each kind of follow-up and pipeline step appears."""

    def day(offset: int) -> str:
        return (TODAY + timedelta(days=offset)).isoformat()

    for i, target in enumerate(targets[:-1]):
        person, via = f"#{target}", f"#{referrers[i % 5]}"
        stage = i % 6
        if stage == 0:
            ok_in(path, "log", person, "scheduled", "--date", day(3))
        elif stage == 1:
            ok_in(path, "log", person, "scheduled", "--date", day(-2))
        elif stage == 2:
            ok_in(path, "log", person, "thanked", "--date", day(-70))
        elif stage == 3:
            ok_in(path, "log", person, "asked-referrer", "--via", via, "--date", day(-20))
        elif stage == 4:
            ok_in(path, "log", person, "declined", "--via", via, "--date", day(-1))
        else:
            ok_in(path, "target", "add", person)
    ok_in(path, "target", "add", f"#{targets[-1]}")


# --- collecting what netgraph prints ----------------------------------------------------------


def output_lines(kind: str, text: str) -> Iterator[str]:
    """The lines of an output a command could be copied from, format by format."""
    if kind == "csv":
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                yield from cell.splitlines()
    elif kind == "json":
        yield from (line for value in json_strings(json.loads(text)) for line in value.splitlines())
    elif kind == "ics":
        for event in Calendar.from_ical(text.encode("utf-8")).walk("VEVENT"):
            for key in ("SUMMARY", "DESCRIPTION"):
                yield from str(event[key]).splitlines()
    elif kind == "table":
        for line in text.splitlines():
            yield from (cell.strip() for cell in line.split("│"))
    else:
        yield from text.splitlines()


def json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def collect(hostile: Hostile, *args: object, kind: str = "text", fails: bool = False) -> None:
    """Run a command and keep its standard output (in ``kind``) and its error lines."""
    result = run_in(hostile.path, *args)
    assert (result.exit_code != 0) == fails, (args, result.output, result.exception)
    label = " ".join(str(a) for a in args)
    hostile.add(label, kind, result.stdout)
    hostile.add(label + " (stderr)", "text", result.stderr)


# --- cutting commands out and pasting them -----------------------------------------------------


def suggested_commands(line: str) -> Iterator[list[str]]:
    """For each ``netgraph COMMAND`` in ``line``, the places the suggestion may end: at the
    closing ``)`` or backtick when one opens just before it, else at the end of the line."""
    for match in START.finditer(line):
        word = match.group(1)
        if word not in COMMANDS and not word.startswith("-"):
            continue  # prose: "by netgraph from your workspace"
        rest = line[match.start() :]
        closer = CLOSERS.get(line[match.start() - 1 : match.start()])
        if closer:
            yield [rest[:i] for i, char in enumerate(rest) if char == closer]
        else:
            yield [rest.rstrip()]


@dataclass
class Shell:
    """bash with a fake ``netgraph`` first on PATH, run in a folder that must stay empty."""

    folder: Path
    argv_log: Path
    env: dict[str, str]

    @classmethod
    def make(cls, root: Path) -> Shell:
        bin_dir = root / "bin"
        bin_dir.mkdir(parents=True)
        fake = bin_dir / "netgraph"
        fake.write_text(FAKE_NETGRAPH)
        fake.chmod(0o755)
        folder = root / "pasted-here"
        folder.mkdir()
        argv_log = root / "argv.log"
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
        env["NETGRAPH_ARGV_LOG"] = str(argv_log)
        return cls(folder, argv_log, env)

    def paste(self, command: str) -> list[list[str]] | None:
        """The arguments of each call of netgraph, or None if bash refused the text."""
        self.argv_log.unlink(missing_ok=True)
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=self.folder,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=20,
            check=False,
        )
        if not self.argv_log.exists():
            return None if done.returncode else []
        fields = self.argv_log.read_bytes().decode("utf-8").split("\0")[:-1]
        calls: list[list[str]] = []
        for value in fields:
            if value == "CALL":
                calls.append([])
            else:
                calls[-1].append(value)
        return calls if done.returncode == 0 else None


Pasted = list[tuple[str, str, list[str]]]


def paste_every_suggestion(hostile: Hostile, shell: Shell) -> tuple[Pasted, list[str]]:
    """Paste each suggestion: (where it was, the text pasted, netgraph's arguments) for each,
    and the lines where no cut ran netgraph once, cleanly."""
    tried: dict[str, list[list[str]] | None] = {}
    pasted: Pasted = []
    unpasteable = []
    for label, line in hostile.texts:
        for cuts in suggested_commands(line):
            chosen = None
            for cut in cuts:
                if cut not in tried:
                    tried[cut] = shell.paste(cut)
                calls = tried[cut]
                if calls is not None and len(calls) == 1 and chosen is None:
                    chosen = (label, cut, calls[0])
            if chosen is None:
                unpasteable.append(f"{line!r} ({label})")
            else:
                pasted.append(chosen)
    return pasted, unpasteable


# --- checking what netgraph received -----------------------------------------------------------


def person_arguments(argv: list[str]) -> list[str]:
    """The arguments that name a person (after any ``--workspace PATH``)."""
    words = list(argv)
    while words[:1] == ["--workspace"]:
        words = words[2:]
    found = [b for a, b in pairwise(words) if a in PERSON_OPTIONS]
    if words[:1] and words[0] in PERSON_ARGUMENT and len(words) > 1:
        found.append(words[1])
    if words[:2] == ["target", "add"] and len(words) > 2:
        found.append(words[2])
    if words[:1] == ["tie"] and len(words) > 2:
        found.append(words[2])  # the second person of a tie
    return found


def check_received(hostile: Hostile, pasted: Pasted) -> set[int]:
    """Every person argument is an existing id or an exact name; returns the ids named."""
    with closing(sqlite3.connect(hostile.path)) as conn:
        names = {name: int(pid) for pid, name in conn.execute("SELECT id, name FROM people")}
        companies = {c for (c,) in conn.execute("SELECT DISTINCT company FROM people") if c}
    named: set[int] = set()
    for label, text, argv in pasted:
        assert argv and (argv[0] in COMMANDS or argv[0].startswith("-")), (label, text, argv)
        for person in person_arguments(argv):
            if PLACEHOLDER.fullmatch(person):
                continue
            if re.fullmatch(r"#\d+", person):
                assert int(person[1:]) in names.values(), (label, text, argv)
                named.add(int(person[1:]))
            else:
                assert person in names, f"{text!r} ({label}) gave netgraph {person!r}"
                named.add(names[person])
        for word in argv:
            if re.search(r"touch\W", word):  # a payload reached netgraph: only whole, as data
                assert word in names or word in companies or DEMO_FOLDER in word, (
                    label,
                    text,
                    argv,
                )
    return named


def replay(hostile: Hostile, pasted: Pasted, copy: Path) -> None:
    """The real netgraph accepts each command given in full (on a copy of the workspace)."""
    # The backup API copies what the WAL holds too, whoever still has the workspace open.
    with closing(sqlite3.connect(hostile.path)) as source, closing(sqlite3.connect(copy)) as to:
        source.backup(to)
    seen = set()
    for label, text, argv in pasted:
        if tuple(argv) in seen or any(PLACEHOLDER.fullmatch(word) for word in argv):
            continue
        seen.add(tuple(argv))
        result = run_in(copy, *argv)
        assert result.exit_code == 0, (label, text, result.output)


# --- the test ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    return build_workspace(tmp_path_factory.mktemp("hostile"))


def collect_everything(hostile: Hostile, root: Path) -> None:
    """Every output that can suggest a command, from the hostile workspace."""
    collect(hostile, "followups", "--all", kind="table")
    collect(hostile, "followups", "--days", "0", kind="table")
    for kind in ("csv", "json", "ics"):
        collect(hostile, "followups", "--all", "--format", kind, kind=kind)
    collect(hostile, "pipeline", kind="table")
    for kind in ("csv", "json"):
        collect(hostile, "pipeline", "--format", kind, kind=kind)
    for target in hostile.targets:
        person = f"#{target}"
        collect(hostile, "who-can-introduce", person, kind="text")
        collect(hostile, "who-can-introduce", person, "--format", "json", kind="json")
        collect(hostile, "who-can-introduce", person, "--max-hops", "1", kind="text")
        collect(hostile, "who-can-introduce", person, "--max-hops", "1", "--format", "json",
                kind="json")  # fmt: skip
        collect(hostile, "prep", person, kind="markdown")
        collect(hostile, "ask", person, "--max-hops", "1", fails=True)
    for target in hostile.targets[:-1]:
        collect(hostile, "ask", f"#{target}", kind="markdown")
        collect(hostile, "ask", f"#{target}", "--via", f"#{hostile.referrers[5]}", fails=True)
        collect(hostile, "who-can-introduce", f"#{target}", "--avoid",
                f"#{hostile.referrers[0]}", "--avoid", f"#{hostile.referrers[1]}",
                "--avoid", f"#{hostile.referrers[2]}", "--avoid", f"#{hostile.referrers[3]}",
                "--avoid", f"#{hostile.referrers[4]}", kind="text")  # fmt: skip
    last = f"#{hostile.targets[-1]}"
    collect(hostile, "ask", last, fails=True)
    collect(hostile, "ask", last, "--via", f"#{hostile.referrers[5]}", fails=True)
    collect(hostile, "ask", f"#{hostile.ids['direct']}", kind="markdown")
    collect(hostile, "prep", f"#{hostile.ids['direct']}", kind="markdown")
    collect(hostile, "templates", kind="table")
    # The day's plan, a meeting logged with a point and a referral, the thank-you notes, an
    # ask without a referrer (refused, naming whom to ask), a meeting before its day (a
    # warning with the command that takes it back).
    for kind in ("csv", "json"):
        collect(hostile, "next", "--asks", "100", "--days", "7", "--format", kind, kind=kind)
    collect(hostile, "next", "--asks", "100", "--days", "7", kind="text")
    met, early = f"#{hostile.targets[1]}", f"#{hostile.targets[0]}"
    referred = ("--referred", f"#{hostile.targets[-1]}", "--referred", f"{PAYLOADS[3]}, Omega")
    collect(hostile, "log", met, "met", "--note", PAYLOADS[2], *referred, kind="text")
    collect(hostile, "thank", met, kind="markdown")
    collect(hostile, "thank", early, fails=True)
    collect(hostile, "log", met, "asked-referrer", fails=True)
    collect(hostile, "log", early, "met", kind="text")
    collect(hostile, "next", "--asks", "100", kind="text")
    collect(hostile, "pipeline", kind="table")
    # Your word on a tie (last: it changes routes): each message says how to take it back.
    ends = f"#{hostile.referrers[0]}", f"#{hostile.targets[-1]}"
    collect(hostile, "tie", *ends, "--note", PAYLOADS[2], kind="text")
    collect(hostile, "tie", *ends, "--remove", kind="text")
    collect(hostile, "tie", *ends, "--restore", "--format", "json", kind="json")
    collect(hostile, "tie", *ends, "--remove", "--note", PAYLOADS[3], kind="text")
    collect(hostile, "show", ends[1], kind="table")
    # Repairs: probable duplicates with the merge to run, why (with the split to run), and a
    # split refused naming the sources to choose from.
    collect(hostile, "duplicates", kind="table")
    for kind in ("csv", "json"):
        collect(hostile, "duplicates", "--format", kind, kind=kind)
    collect(hostile, "why", ends[0], kind="text")
    collect(hostile, "why", *ends, kind="text")
    collect(hostile, "why", *ends, "--format", "json", kind="json")
    collect(hostile, "split", ends[1], "--source", PAYLOADS[0], fails=True)
    # New workspaces: the errors and hints before anything is there.
    empty = Hostile(root / "empty.sqlite3", {}, [], [])
    collect(empty, "pipeline", fails=True)
    Workspace.open(empty.path).close()
    collect(empty, "pipeline", fails=True)
    ok_in(empty.path, "me", "Someone New")
    collect(empty, "pipeline", kind="table")
    collect(empty, "followups", kind="table")
    unnamed = Hostile(root / "unnamed.sqlite3", {}, [], [])
    contacts = connections_csv(root / "one.csv", [contact_row(PAYLOADS[1], "one")])
    ok_in(unnamed.path, "import", "linkedin", contacts)
    collect(unnamed, "ask", "#2", kind="markdown")
    ok_in(unnamed.path, "log", "#2", "thanked")
    collect(unnamed, "followups", kind="table")
    hostile.texts.extend(empty.texts + unnamed.texts)
    folder = root / DEMO_FOLDER
    folder.mkdir()
    demo = Hostile(folder / "ws $(touch d04).sqlite3", {}, [], [])
    collect(demo, "demo", kind="table")
    hostile.texts.extend(demo.texts)


def test_every_suggested_command_is_safe_to_paste(hostile: Hostile, tmp_path: Path) -> None:
    collect_everything(hostile, tmp_path)
    shell = Shell.make(tmp_path / "shell")

    pasted, unpasteable = paste_every_suggestion(hostile, shell)

    assert sorted(p.name for p in shell.folder.iterdir()) == [], "a payload ran"
    assert unpasteable == []
    assert len(pasted) > 100
    named = check_received(hostile, pasted)
    assert set(hostile.targets) <= named, "a target is never named in a suggestion"
    assert hostile.referrers[5] in named  # the unwilling referrer: mark them willing again
    replay(hostile, pasted, tmp_path / "copy.sqlite3")


def test_the_cut_finds_commands_in_prose_parentheses_and_code() -> None:
    line = "meet X (netgraph log '#3' met) or (netgraph prep '#3'); `netgraph show '#3'`"
    assert list(suggested_commands(line)) == [
        ["netgraph log '#3' met", "netgraph log '#3' met) or (netgraph prep '#3'"],
        ["netgraph prep '#3'"],
        ["netgraph show '#3'"],
    ]
    assert list(suggested_commands("then netgraph log '#3' in-touch  ")) == [
        ["netgraph log '#3' in-touch"]
    ]
    assert list(suggested_commands("Prepared by netgraph from your workspace")) == []
