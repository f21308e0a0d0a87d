"""The bundled sample data, imported as ``netgraph demo`` does, against sample_data/expected.json.

The data is imported once per module through the library (``netgraph.demo.run_demo``); the
``netgraph demo`` command itself is run once through CliRunner at the end.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SAMPLE_DATA
from library_helpers import person_objects

from netgraph.cli import cli
from netgraph.demo import DemoReport, run_demo
from netgraph.identity.people import list_people, me_id, resolve_person
from netgraph.text import fold_text
from netgraph.ties.describe import person_ties
from netgraph.workspace import Workspace, default_workspace_path
from netgraph.workspace.documents import info_document
from netgraph.workspace.summary import workspace_info

EXPECTED: dict[str, Any] = json.loads((SAMPLE_DATA / "expected.json").read_text("utf-8"))
RECORD = re.compile(r"(?P<file>\S+) (?P<locator>line \d+|card \d+ \(line \d+\))")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, DemoReport]]:
    path = tmp_path_factory.mktemp("sample") / "workspace.sqlite3"
    with Workspace.open(path) as workspace:
        report = run_demo(workspace, SAMPLE_DATA)
        yield workspace, report


@pytest.fixture(scope="module")
def ws(demo: tuple[Workspace, DemoReport]) -> Workspace:
    return demo[0]


def person(ws: Workspace, query: str) -> dict[str, Any]:
    found = resolve_person(ws, query)
    assert found is not None
    return person_objects(ws, [found])[0]


def people_at(ws: Workspace, record: str) -> set[int]:
    """The people recorded at e.g. ``me/linkedin/Connections.csv line 40``.

    A file imported on its own is a source whose path is the file (locator ``line 40``); a file
    read from an export folder belongs to the folder's source (locator ``Connections.csv line
    40``). A relation on a card records the person it names at the card's locator too, so the
    name-only relation people are left out.
    """
    match = RECORD.fullmatch(record)
    assert match, record
    file = (SAMPLE_DATA / match["file"]).resolve()
    locator = match["locator"]
    found = set()
    for person_id, path, where in records(ws):
        source = Path(path).resolve() if path else None
        if (source == file and where == locator) or (
            source == file.parent and where == f"{file.name} {locator}"
        ):
            found.add(int(person_id))
    return found - name_only_ids(ws)


def name_only_ids(ws: Workspace) -> set[int]:
    return {person(ws, name)["id"] for name in EXPECTED["name_only_relation_people"]}


def person_at(ws: Workspace, record: str) -> int:
    found = people_at(ws, record)
    assert len(found) == 1, (record, found)
    return found.pop()


def people_from(ws: Workspace, relative: str, locator_prefix: str = "") -> set[int]:
    """Everyone with a record in the source read from ``relative`` (file or folder)."""
    wanted = (SAMPLE_DATA / relative).resolve()
    return {
        person_id
        for person_id, path, locator in records(ws)
        if locator.startswith(locator_prefix) and path and Path(path).resolve() == wanted
    }


def records(ws: Workspace) -> list[tuple[int, str | None, str]]:
    """Every record: its person, its source's path and its locator."""
    rows = ws.conn.execute(
        "SELECT a.person_id, s.path, a.source_id, a.locator, a.raw_line FROM appearances a "
        "JOIN sources s ON s.id = a.source_id ORDER BY a.id"
    ).fetchall()
    locators = ws.record_raws.locators_of((source, own, line) for *_, source, own, line in rows)
    return [(int(row[0]), row[1], locator) for row, locator in zip(rows, locators, strict=True)]


# --- counts ----------------------------------------------------------------------------------


def test_distinct_people(ws: Workspace) -> None:
    total = ws.conn.execute("SELECT count(*) FROM people").fetchone()[0]
    assert total == EXPECTED["distinct_people"]
    assert len(list_people(ws)) == EXPECTED["distinct_people_excluding_me"]


def test_people_by_degree(demo: tuple[Workspace, DemoReport], ws: Workspace) -> None:
    expected = EXPECTED["people_by_degree"]
    for degree, count in expected.items():
        assert len(list_people(ws, degree=int(degree))) == count, degree
    assert info_document(workspace_info(demo[0]))["by_degree"] == expected
    unreachable = [p.name for p in list_people(ws) if p.degree is None]
    assert unreachable == []


def test_people_breakdown(ws: Workspace) -> None:
    expected = EXPECTED["people_breakdown"]
    name_only = name_only_ids(ws)
    connections = people_from(ws, "me/linkedin", "Connections.csv line ")
    address_book = people_from(ws, "me/contacts.vcf") - name_only
    mine = people_from(ws, "me/linkedin") | people_from(ws, "me/contacts.vcf")
    everyone = {p.id for p in list_people(ws)}
    assert len(connections) == expected["in_my_connections"]
    assert len(address_book) == expected["in_address_book"]
    assert len(connections & address_book) == expected["in_both_my_connections_and_address_book"]
    assert len(address_book - connections) == expected["address_book_only"]
    assert len(everyone - mine) == expected["only_in_friends_exports"]
    assert len(name_only) == expected["name_only_from_card_relations"]


def test_date_only_rows_are_counted_as_skipped(demo: tuple[Workspace, DemoReport]) -> None:
    report = demo[1]
    by_file = {}
    for summary in report.imports:
        path = Path(summary.path).resolve()
        if path.is_dir():
            path = path / "Connections.csv"
        by_file[path] = summary
    for relative, facts in EXPECTED["files"].items():
        if not relative.endswith("Connections.csv"):
            continue
        summary = by_file[(SAMPLE_DATA / relative).resolve()]
        date_only = [count for reason, count in summary.skipped.items() if "date-only" in reason]
        assert date_only == [facts["date_only"]], (relative, summary.skipped)
        assert summary.bad == []


def test_not_people(ws: Workspace) -> None:
    assert resolve_person(ws, "LinkedIn Member", allow_missing=True) is None
    blank = ws.conn.execute("SELECT count(*) FROM people WHERE trim(name) = ''").fetchone()[0]
    assert blank == 0


# --- identity --------------------------------------------------------------------------------


@pytest.mark.parametrize("merge", EXPECTED["merges"], ids=lambda m: m["person"])
def test_merges(merge: dict[str, Any], ws: Workspace) -> None:
    ids = {record: person_at(ws, record) for record in merge["records"]}
    assert len(set(ids.values())) == 1, ids
    merged = person_objects(ws, [next(iter(ids.values()))])[0]
    expected_name = re.sub(r"\s*\(.*\)$", "", merge["person"])
    assert merged["name"] == expected_name
    source_paths = {
        Path(path).resolve()
        for (path,) in ws.conn.execute(
            "SELECT DISTINCT s.path FROM appearances a JOIN sources s ON s.id = a.source_id "
            "WHERE a.person_id = ?",
            (merged["id"],),
        )
        if path
    }
    for record in merge["records"]:
        file = (SAMPLE_DATA / RECORD.fullmatch(record)["file"]).resolve()  # type: ignore[index]
        assert file in source_paths or file.parent in source_paths, record
    contact_sources = [s for s in merged["sources"] if s["role"] == "contact"]
    assert len(contact_sources) == len({r.split(" ")[0] for r in merge["records"]})


@pytest.mark.parametrize("pair", EXPECTED["must_stay_separate"], ids=lambda p: p["name"])
def test_must_stay_separate(pair: dict[str, Any], ws: Workspace) -> None:
    ids = [person_at(ws, record) for record in pair["people"]]
    assert len(set(ids)) == len(ids), ids


def test_name_only_relation_people_exist(ws: Workspace) -> None:
    for name in EXPECTED["name_only_relation_people"]:
        found = person(ws, name)
        assert found["name"] == name
        assert found["linkedin_url"] is None
        assert found["emails"] == [] and found["phones"] == []
        assert [s["label"] for s in found["sources"]] == ["contacts.vcf"]
        assert person_ties(ws, found["id"]), name


def test_relations_naming_a_card_add_nobody(ws: Workspace) -> None:
    for name in EXPECTED["relations_linking_cards"]:
        matches = [p for p in list_people(ws, name) if fold_text(p.name) == fold_text(name)]
        assert len(matches) == 1, name


def test_friends_are_owners_with_the_expected_degree(ws: Workspace) -> None:
    for friend in EXPECTED["friends"]:
        found = person(ws, friend["owner"])
        assert found["degree"] == friend["degree"], friend["owner"]
        assert found["willingness"] == "willing"
        owned = [s for s in found["sources"] if s["role"] == "owner"]
        assert len(owned) == 1
        assert people_from(ws, friend["path"]), friend["path"]


def test_the_user(ws: Workspace) -> None:
    me = me_id(ws)
    assert me is not None
    user = person_objects(ws, [me])[0]
    assert user["name"] == EXPECTED["me"]["name"]
    assert user["linkedin_url"] == EXPECTED["me"]["linkedin"]
    assert user["is_me"] is True
    assert resolve_person(ws, EXPECTED["me"]["linkedin"]) == me
    # the friends' exports that list the user were merged into the user, not into a copy
    listed = [f["owner"] for f in EXPECTED["friends"] if f["lists_me"]]
    owners = {s["owner"] for s in user["sources"] if s["role"] == "contact"}
    assert set(listed) <= owners


# --- routes and ties -------------------------------------------------------------------------


@pytest.mark.parametrize("target", EXPECTED["targets"], ids=lambda t: t["name"])
def test_targets(target: dict[str, Any], ws: Workspace) -> None:
    found = person(ws, target["name"])
    assert found["degree"] == target["degree"]
    assert found["title"] == target["title"]
    assert found["company"] == target["company"]
    referrer = person(ws, target["best_referrer"])
    assert referrer["degree"] == 1
    knows = {t.id for t in person_ties(ws, found["id"])}
    if "intermediary" in target:
        intermediary = person(ws, target["intermediary"])
        assert intermediary["id"] in knows
        assert referrer["id"] in {t.id for t in person_ties(ws, intermediary["id"])}
    else:
        assert referrer["id"] in knows


def test_targets_in_demo_report(demo: tuple[Workspace, DemoReport]) -> None:
    report = demo[1]
    assert [t.name for t in report.targets] == [t["name"] for t in EXPECTED["targets"]]
    assert [t.degree for t in report.targets] == [t["degree"] for t in EXPECTED["targets"]]


def test_a_pending_invitation_is_not_a_tie(ws: Workspace) -> None:
    me = me_id(ws)
    dmitri = person(ws, "Dmitri Volkov")
    assert dmitri["degree"] == 1
    camila = person(ws, "Camila Rocha")
    assert camila["degree"] == 2
    assert me not in {t.id for t in person_ties(ws, camila["id"])}


def test_strongest_tie_is_stronger_than_a_plain_connection(ws: Workspace) -> None:
    me = me_id(ws)
    assert me is not None
    ties = person_ties(ws, me)
    tomas = person(ws, "Tomás Ferreira")
    tomas_tie = next(t for t in ties if t.id == tomas["id"])
    plain = [
        t
        for t in ties
        if len(t.evidence) == 1 and t.evidence[0].startswith("in your LinkedIn export")
    ]
    assert plain, "expected some plain LinkedIn connections"
    assert tomas_tie.strength > max(t.strength for t in plain)
    counts = EXPECTED["ties"]["Tomás Ferreira"]
    assert any(
        f"you sent {counts['sent_by_me']}, received {counts['received_by_me']}" in line
        for line in tomas_tie.evidence
    ), tomas_tie.evidence
    adaeze = person(ws, "Adaeze Nwosu")
    dmitri = person(ws, "Dmitri Volkov")
    strength = {t.id: t.strength for t in ties}
    assert strength[tomas["id"]] > strength[dmitri["id"]]
    assert strength[adaeze["id"]] > strength[dmitri["id"]]


def test_best_referrer_for_oluwaseun_is_adaeze(ws: Workspace) -> None:
    target = person(ws, "Oluwaseun Bakare")
    ties = {t.name: t.strength for t in person_ties(ws, target["id"]) if not t.is_me}
    assert ties["Adaeze Nwosu"] > ties["Tomás Ferreira"]


# --- the demo command ------------------------------------------------------------------------


@pytest.fixture
def demo_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the demo's throwaway folder land inside this test's tmp_path."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_demo_command(demo_tmp: Path, workspace_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, (result.output, result.exception)
    for target in EXPECTED["targets"]:
        # names may be folded by the table, so look for every word
        for word in target["name"].split():
            assert word in result.stdout, target["name"]
    printed = re.search(r"^Workspace: (.+)$", result.stdout, re.MULTILINE)
    assert printed, result.stdout
    demo_path = Path(printed.group(1).strip())
    assert demo_path.is_file()
    assert f"--workspace {demo_path}" in result.stdout
    assert "699 people" in result.stdout
    # the demo never touches the user's own workspace, wherever it is configured
    assert not workspace_path.exists(), "netgraph demo wrote into NETGRAPH_WORKSPACE"
    assert not default_workspace_path().exists()
    assert demo_path != workspace_path


def test_demo_command_leaves_an_existing_workspace_alone(
    demo_tmp: Path, workspace_path: Path
) -> None:
    with Workspace.open(workspace_path):
        pass
    before = workspace_path.read_bytes()
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert workspace_path.read_bytes() == before


def test_demo_command_into_an_explicit_new_workspace(tmp_path: Path, workspace_path: Path) -> None:
    chosen = tmp_path / "demo.sqlite3"
    result = CliRunner().invoke(cli, ["--workspace", str(chosen), "demo"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert f"Workspace: {chosen}" in result.stdout
    assert not workspace_path.exists()
    with Workspace.open(chosen) as opened:
        assert len(list_people(opened)) == EXPECTED["distinct_people_excluding_me"]
