"""The raw fields of a file's records, kept once per file and compressed.

What a user relies on: every record still shows the fields its file gave (``show``, ``split``,
``undo-import`` read them), importing the same file again changes nothing, and forgetting or
removing a record leaves no copy of its fields in the file's text. The invariant checked after
each step: every line of a file's text is held by exactly one record of that file, or blank.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from disk_helpers import disk_bytes
from records_helpers import contact, linkedin_export, load, messages, the_person, vcard_file

from netgraph.errors import InputError
from netgraph.identity.forget import forget_person
from netgraph.identity.people import set_me
from netgraph.identity.repair import merge
from netgraph.ingest import apply as apply_module
from netgraph.ingest.batch import import_batch
from netgraph.ingest.undo import find_source, plan_undo, undo_import
from netgraph.workspace import Workspace


def _texts(workspace: Workspace) -> dict[int, list[str]]:
    rows = workspace.conn.execute("SELECT source_id, lines, raws FROM source_raws").fetchall()
    found = {}
    for source, count, packed in rows:
        lines = zlib.decompress(packed).decode("utf-8").split("\n")
        assert len(lines) == count
        found[source] = lines
    return found


def _assert_each_line_held_once(workspace: Workspace) -> None:
    """Every non-blank line is some record's of that file, and no two records share one."""
    held = workspace.conn.execute(
        "SELECT source_id, raw_line FROM appearances WHERE raw_line IS NOT NULL"
    ).fetchall()
    assert len(held) == len(set(held))
    for source, lines in _texts(workspace).items():
        mine = {line for s, line in held if s == source}
        assert {n for n, text in enumerate(lines) if text != "null"} == mine
    assert not workspace.conn.execute("SELECT count(*) FROM raw_erasures").fetchone()[0]


def _raws_of(workspace: Workspace, name: str) -> list[dict[str, object]]:
    records = workspace.people.records_of(the_person(workspace.conn, name))
    return [json.loads(record.raw) for record in records]


def _export() -> object:
    return linkedin_export(
        contact("Ann Lee", url="linkedin.com/in/ann-lee", company="Globex", title="CTO"),
        contact("Bo Berg", url="linkedin.com/in/bo-berg", company="Initech"),
        contact("Cy Park", company="Initech"),
    )


def test_records_keep_their_fields_in_one_compressed_text_per_file(workspace: Workspace) -> None:
    load(workspace, _export())
    rows = workspace.conn.execute("SELECT raw, raw_line FROM appearances ORDER BY id").fetchall()
    assert [raw for raw, _line in rows] == ["", "", ""]  # no copy per record
    assert sorted(line for _raw, line in rows) == [0, 1, 2]
    assert _raws_of(workspace, "Ann Lee") == [
        {"name": "Ann Lee", "company": "Globex", "title": "CTO", "url": "linkedin.com/in/ann-lee"}
    ]
    _assert_each_line_held_once(workspace)


def test_importing_the_same_file_again_keeps_every_line(workspace: Workspace) -> None:
    load(workspace, _export())
    before = workspace.conn.execute("SELECT * FROM source_raws").fetchall()
    load(workspace, _export())
    assert workspace.conn.execute("SELECT * FROM source_raws").fetchall() == before
    _assert_each_line_held_once(workspace)


def test_forgetting_blanks_the_persons_line_and_keeps_the_others(
    workspace: Workspace, workspace_path: Path
) -> None:
    load(workspace, _export())
    forget_person(workspace, the_person(workspace.conn, "Ann Lee"))
    workspace.purge_free_space()
    (lines,) = _texts(workspace).values()
    assert sum(line == "null" for line in lines) == 1
    assert b"ann-lee" not in disk_bytes(workspace_path)
    assert _raws_of(workspace, "Bo Berg")[0]["company"] == "Initech"
    _assert_each_line_held_once(workspace)


def test_forgetting_everyone_of_a_file_drops_its_text(workspace: Workspace) -> None:
    load(workspace, vcard_file(contact("Di Fox", emails=["di@example.org"])))
    forget_person(workspace, the_person(workspace.conn, "Di Fox"))
    assert _texts(workspace) == {}


def test_a_merge_keeps_both_records_fields(workspace: Workspace) -> None:
    with workspace.transaction():
        set_me(workspace, "Ana Lima")
    load(workspace, _export())
    load(workspace, vcard_file(contact("Bo B.", emails=["bo@example.org"], company="Hooli")))
    keep, other = the_person(workspace.conn, "Bo Berg"), the_person(workspace.conn, "Bo B.")
    merge(workspace, keep, other)
    companies = {raw["company"] for raw in _raws_of(workspace, "Bo Berg")}
    assert companies == {"Initech", "Hooli"}
    _assert_each_line_held_once(workspace)


def test_undoing_an_import_drops_its_text(workspace: Workspace) -> None:
    with workspace.transaction():
        set_me(workspace, "Ana Lima")
    load(workspace, _export())
    load(workspace, vcard_file(contact("Eve Hale", emails=["eve@example.org"])), owner="Bo Berg")
    sources = set(_texts(workspace))
    assert len(sources) == 2
    undo_import(workspace, plan_undo(workspace, find_source(workspace, str(max(sources)))))
    assert set(_texts(workspace)) == {min(sources)}
    _assert_each_line_held_once(workspace)


def test_a_file_that_fails_after_its_records_were_placed_leaves_no_line(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch rolls a failed file back to its savepoint: its lines go with its records."""
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    for name, row in (("good", "Ann,Lee,ann-lee"), ("bad", "Bo,Berg,bo-berg")):
        first, last, slug = row.split(",")
        path = tmp_path / name / "Connections.csv"
        path.parent.mkdir()
        path.write_text(f"{header}{first},{last},https://www.linkedin.com/in/{slug},,Globex,,\n")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,kind,owner\ngood,linkedin,\nbad,linkedin,\n", encoding="utf-8")
    real = apply_module.refresh_strengths
    calls = []

    def fails_the_second_time(*args: object, **options: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise InputError("bad/Connections.csv", "failed after placing its records")
        return real(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(apply_module, "refresh_strengths", fails_the_second_time)
    result = import_batch(workspace, manifest)
    assert len(result.failures) == 1 and len(result.summaries) == 1
    assert [len(lines) for lines in _texts(workspace).values()] == [1]
    _assert_each_line_held_once(workspace)


def test_records_stored_before_keep_reading_their_own_raw(workspace: Workspace) -> None:
    """Workspaces written before raws went per file keep them in each record's row."""
    load(workspace, _export())
    with workspace.transaction():
        workspace.conn.execute(
            'UPDATE appearances SET raw = \'{"name": "Ann Lee (old)"}\', raw_line = NULL '
            "WHERE person_id = ?",
            (the_person(workspace.conn, "Ann Lee"),),
        )
    assert _raws_of(workspace, "Ann Lee") == [{"name": "Ann Lee (old)"}]


def _locators_of(workspace: Workspace, name: str) -> list[str]:
    person = the_person(workspace.conn, name)
    return [record.locator for record in workspace.people.records_of(person)]


def test_records_name_their_line_from_the_files_locators(workspace: Workspace) -> None:
    load(workspace, _export())
    stored = "SELECT count(*) FROM appearances WHERE locator IS NOT NULL"
    assert workspace.conn.execute(stored).fetchone()[0] == 0  # kept once per file
    assert [_locators_of(workspace, name) for name in ("Ann Lee", "Bo Berg", "Cy Park")] == [
        ["line 2"],
        ["line 3"],
        ["line 4"],
    ]
    (source,) = workspace.people.sources([the_person(workspace.conn, "Cy Park")])
    assert source.locator == "line 4"


def test_a_record_that_moved_in_the_file_names_its_new_line(workspace: Workspace) -> None:
    """Its fields keep their line (unchanged), its locator is the new one."""
    load(workspace, _export())
    ann, bo, cy = (
        contact("Ann Lee", url="linkedin.com/in/ann-lee", company="Globex", title="CTO"),
        contact("Bo Berg", url="linkedin.com/in/bo-berg", company="Initech"),
        contact("Cy Park", company="Initech"),
    )
    load(workspace, linkedin_export(cy, ann, bo))
    assert [_locators_of(workspace, name) for name in ("Ann Lee", "Bo Berg", "Cy Park")] == [
        ["line 3"],
        ["line 4"],
        ["line 2"],
    ]
    assert [len(lines) for lines in _texts(workspace).values()] == [3]  # no line added
    _assert_each_line_held_once(workspace)
    load(workspace, _export())  # back where they were: the locators are the file's again
    assert _locators_of(workspace, "Cy Park") == ["line 4"]
    stored = "SELECT count(*) FROM appearances WHERE locator IS NOT NULL"
    assert workspace.conn.execute(stored).fetchone()[0] == 0


def test_a_locator_with_a_line_break_or_backslash_reads_back_whole(workspace: Workspace) -> None:
    """A file name inside an archive may hold either."""
    odd = "odd\nname\\n.csv line 2"
    load(workspace, linkedin_export(contact("Di Fox", url="linkedin.com/in/di-fox", locator=odd)))
    assert _locators_of(workspace, "Di Fox") == [odd]
    (lines,) = _texts(workspace).values()
    assert len(lines) == 1


def test_a_person_in_a_file_twice_is_located_at_their_first_record(workspace: Workspace) -> None:
    """The connection row before the messages with them; someone only messaged, at those."""
    load(workspace, vcard_file(contact("Dee Moss", url="linkedin.com/in/dee-moss")))
    ann = contact("Ann Lee", url="linkedin.com/in/ann-lee", company="Globex")
    talks = [
        messages("Ann Lee", url="linkedin.com/in/ann-lee", sent=2, received=1),
        messages("Dee Moss", url="linkedin.com/in/dee-moss", sent=3, received=2),
    ]
    load(workspace, linkedin_export(ann, interactions=talks))
    found = {}
    for name in ("Ann Lee", "Dee Moss"):
        sources = workspace.people.sources([the_person(workspace.conn, name)])
        found[name] = [(source.kind, source.locator) for source in sources]
    assert found == {
        "Ann Lee": [("linkedin", "line 2")],
        "Dee Moss": [("vcard", "card 1"), ("linkedin", "messages")],
    }
    assert sorted(_locators_of(workspace, "Ann Lee")) == ["line 2", "messages"]


def test_an_exports_locators_are_kept_as_one_run_in_file_order(workspace: Workspace) -> None:
    """People already known and new ones are placed apart; their lines keep the file's order,
    so one record's locator reads without decoding the others'."""
    known = [contact(f"Known {n}", url=f"linkedin.com/in/known-{n}") for n in range(3)]
    load(workspace, vcard_file(*known))
    rows = [
        contact(f"{kind} {n}", url=f"linkedin.com/in/{kind.lower()}-{n}")
        for n in range(3)
        for kind in ("New", "Known")
    ]
    load(workspace, linkedin_export(*rows))
    packed = workspace.conn.execute("SELECT locators FROM source_raws WHERE source_id = 2")
    assert json.loads(zlib.decompress(packed.fetchone()[0])) == [["line ", 2, 6, ""]]
