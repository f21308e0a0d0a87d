"""A person's id is theirs for good (``m016``): once they are forgotten, merged into someone or
removed with an undone import, no one new is given it, so an id the user noted or a tracker
kept (``netgraph log '#12' met``, an exported target list) never comes to name a stranger.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import ok_in, one_line_error, run_in
from conftest import migrate_only_before
from records_helpers import contact, linkedin_export, load, the_person

from netgraph.identity.facts import details
from netgraph.identity.forget import forget_person
from netgraph.workspace import Workspace
from netgraph.workspace.migrations_person_ids import RETIRED_IDS_KEY
from netgraph.workspace.people import PeopleTable
from netgraph.workspace.staging import STAGE_FROM_ROWS


def _cards(path: Path, *names: str) -> Path:
    path.write_text(
        "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEND:VCARD\r\n" for name in names),
        encoding="utf-8",
    )
    return path


def _ids(workspace_path: Path) -> dict[str, int]:
    listed = json.loads(ok_in(workspace_path, "people", "--format", "json").output)
    return {str(p["name"]): int(p["id"]) for p in listed}


def _export(word: str, size: int) -> Any:
    return linkedin_export(
        *(
            contact(f"{word} Person{n}", url=f"https://www.linkedin.com/in/{word}-{n}")
            for n in range(size)
        ),
        path=f"exports/{word}/Connections.csv",
    )


def test_a_forgotten_persons_id_goes_to_no_one_new(tmp_path: Path, workspace_path: Path) -> None:
    ok_in(workspace_path, "me", "Pat Quinn")
    ok_in(workspace_path, "import", "vcard", _cards(tmp_path / "a.vcf", "Ann Alpha", "Bob Beta"))
    bob = _ids(workspace_path)["Bob Beta"]
    assert bob == max(_ids(workspace_path).values())  # the id SQLite would hand out again

    ok_in(workspace_path, "forget", f"#{bob}", "--yes")
    ok_in(workspace_path, "import", "vcard", _cards(tmp_path / "b.vcf", "Cat Gamma"))

    assert _ids(workspace_path)["Cat Gamma"] > bob
    gone = run_in(workspace_path, "log", f"#{bob}", "met")
    line = one_line_error(gone, f"no person '#{bob}' any more: forgotten, .*", code=5)
    assert "never given to anyone else" in line


def test_an_id_never_given_says_no_one_matches(workspace_path: Path) -> None:
    ok_in(workspace_path, "me", "Pat Quinn")
    one_line_error(run_in(workspace_path, "show", "#99"), "no person matches '#99'.*", code=5)


def test_a_large_import_numbers_its_people_above_a_forgotten_id(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk_inserts: list[int] = []
    insert_many = PeopleTable.insert_many

    def counted(self: PeopleTable, people: Any) -> range:
        bulk_inserts.append(len(people))
        return insert_many(self, people)

    monkeypatch.setattr(PeopleTable, "insert_many", counted)
    size = STAGE_FROM_ROWS + 10
    load(workspace, _export("first", size), owner="Ola Berg")
    conn = workspace.conn
    (highest,) = conn.execute("SELECT max(id) FROM people").fetchone()
    forget_person(workspace, highest)

    load(workspace, _export("second", size), owner="Ola Berg")  # no one else new first

    assert bulk_inserts and max(bulk_inserts) >= size  # the bulk path numbered them
    second = [row[0] for row in conn.execute("SELECT id FROM people WHERE name LIKE 'second %'")]
    assert len(second) == size and min(second) > highest


def test_an_undone_import_leaves_its_ids_to_no_one(tmp_path: Path, workspace_path: Path) -> None:
    ok_in(workspace_path, "me", "Pat Quinn")
    cards = _cards(tmp_path / "friend.vcf", "Dee Delta", "Eli Epsilon")
    ok_in(workspace_path, "import", "vcard", cards)
    before = _ids(workspace_path)
    ok_in(workspace_path, "undo-import", "friend.vcf", "--yes")

    ok_in(workspace_path, "import", "vcard", cards)

    after = _ids(workspace_path)
    assert min(after["Dee Delta"], after["Eli Epsilon"]) > max(before.values())


def test_undoing_a_merge_gives_the_person_back_their_own_id(
    tmp_path: Path, workspace_path: Path
) -> None:
    ok_in(workspace_path, "me", "Pat Quinn")
    ok_in(workspace_path, "import", "vcard", _cards(tmp_path / "a.vcf", "Hana Novak", "H. Novak"))
    ids = _ids(workspace_path)
    hana, initial = ids["Hana Novak"], ids["H. Novak"]
    assert initial == max(ids.values())
    ok_in(workspace_path, "merge", f"#{hana}", f"#{initial}")
    ok_in(workspace_path, "import", "vcard", _cards(tmp_path / "b.vcf", "Zed Zeta"))
    assert _ids(workspace_path)["Zed Zeta"] > initial  # the merged-away id waits for its person
    one_line_error(
        run_in(workspace_path, "show", f"#{initial}"),
        rf"no person '#{initial}' any more: merged into #{hana} Hana Novak by decision 1 "
        r"\('netgraph undo 1' takes it back\)",
        code=5,
    )

    ok_in(workspace_path, "undo")

    assert _ids(workspace_path)["H. Novak"] == initial
    assert "H. Novak" in ok_in(workspace_path, "show", f"#{initial}").output


def test_a_person_brought_back_whose_id_was_taken_gets_a_new_one(workspace: Workspace) -> None:
    # Only a workspace from before m016 can have given a removed person's id to someone else.
    people = workspace.people
    with workspace.transaction():
        taken = people.insert(details("Ann Alpha", None, None))
        back = people.insert(details("Bob Beta", None, None), former_id=taken)
        free = people.insert(details("Cat Gamma", None, None), former_id=back + 5)
    assert back not in (taken, free) and free == back + 5


def test_a_workspace_written_before_retires_ids_from_then_on(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate_only_before(monkeypatch, "m016_person_ids_never_reused")
    with Workspace.open(workspace_path) as workspace:
        load(workspace, _export("first", 3), owner="Ola Berg")
        assert not workspace.conn.execute(
            "SELECT 1 FROM sqlite_schema WHERE name = 'person_id_retired'"
        ).fetchone()
    monkeypatch.undo()

    with Workspace.open(workspace_path) as workspace:
        conn = workspace.conn
        (retired,) = conn.execute("SELECT value FROM meta WHERE key = ?", (RETIRED_IDS_KEY,))
        assert retired == ("0",)
        last = the_person(conn, "first Person2")
        forget_person(workspace, last)
        load(workspace, _export("second", 1), owner="Ola Berg")
        assert the_person(conn, "second Person0") > last
