"""``netgraph import batch``: many files from one manifest, each whole or not at all."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run
from conftest import SAMPLE_DATA

from netgraph.errors import InputError
from netgraph.ingest import apply as imports
from netgraph.ingest import batch
from netgraph.ingest.batch import import_batch
from netgraph.ties.evidence import refresh_strengths
from netgraph.workspace import Workspace

HEADER = "path,kind,owner,region\n"


def sample_manifest(tmp_path: Path) -> Path:
    """The sample data's imports (demo.json) as a manifest, with paths relative to it."""
    demo = json.loads((SAMPLE_DATA / "demo.json").read_text(encoding="utf-8"))
    rows = [
        f"{SAMPLE_DATA / item['path']},{item['kind']},{item.get('owner', '')},"
        f"{item.get('region', '')}\n"
        for item in demo["imports"]
    ]
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(HEADER + "".join(rows), encoding="utf-8")
    return manifest


def introduce_noor() -> None:
    demo = json.loads((SAMPLE_DATA / "demo.json").read_text(encoding="utf-8"))["me"]
    args = ["me", demo["name"], "--linkedin", demo["linkedin"]]
    for email in demo["emails"]:
        args += ["--email", email]
    assert run(*args).exit_code == 0


def degree_counts(workspace_path: Path) -> dict[str, int]:
    with Workspace.open(workspace_path) as workspace:
        rows = workspace.conn.execute(
            "SELECT degree, count(*) FROM people WHERE degree > 0 GROUP BY degree"
        )
        return {str(degree): count for degree, count in rows}


def test_a_manifest_of_the_sample_data_builds_the_expected_network(
    tmp_path: Path, workspace_path: Path
) -> None:
    introduce_noor()
    result = run("import", "batch", sample_manifest(tmp_path))

    assert result.exit_code == 0, result.output
    assert "Imported 5 of 5 files" in result.output
    expected = json.loads((SAMPLE_DATA / "expected.json").read_text(encoding="utf-8"))
    assert degree_counts(workspace_path) == {
        degree: count for degree, count in expected["people_by_degree"].items() if count
    }
    with Workspace.open(workspace_path) as workspace:
        people = workspace.conn.execute("SELECT count(*) FROM people").fetchone()[0]
    assert people == expected["distinct_people"]


def test_a_bad_manifest_is_refused_before_anything_is_imported(
    tmp_path: Path, workspace_path: Path
) -> None:
    good = SAMPLE_DATA / "friends" / "marek-nowak" / "Connections.csv"
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"{HEADER}{good},linkedin,Marek Nowak,\nmissing.csv,linkedin,,\n")

    result = run("import", "batch", manifest)

    assert result.exit_code == 3
    assert f"{manifest}: line 3: no such file or folder: missing.csv" in result.output
    assert "Traceback" not in result.output
    assert not workspace_path.exists() or degree_counts(workspace_path) == {}


def test_an_unknown_kind_names_the_manifest_line(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"{HEADER}{SAMPLE_DATA / 'me' / 'contacts.vcf'},outlook,,\n")

    result = run("import", "batch", manifest)

    assert result.exit_code == 3
    assert "line 2: kind must be linkedin, vcard or csv, not 'outlook'" in result.output


def test_a_manifest_without_the_columns_is_refused(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,type\nx.csv,linkedin\n")

    result = run("import", "batch", manifest)

    assert result.exit_code == 3
    assert "line 1: the header must name the columns path, kind and owner" in result.output


def test_a_failing_file_keeps_nothing_of_itself_and_does_not_stop_the_others(
    tmp_path: Path, workspace_path: Path
) -> None:
    broken = tmp_path / "broken.vcf"
    broken.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Only Half\r\n", encoding="utf-8")
    good = SAMPLE_DATA / "friends" / "marek-nowak" / "Connections.csv"
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"{HEADER}broken.vcf,vcard,,\n{good},linkedin,Marek Nowak,\n")

    result = run("import", "batch", manifest, "--new-owners")  # Marek is new to netgraph

    assert result.exit_code == 3
    assert "broken.vcf" in result.output
    assert "Imported 1 of 2 files" in result.output
    with Workspace.open(workspace_path) as workspace:
        names = {row[0] for row in workspace.conn.execute("SELECT name FROM people")}
    assert "Only Half" not in names
    assert "Marek Nowak" in names


def test_an_ambiguous_owner_fails_that_file_with_the_manifest_line(
    tmp_path: Path, workspace_path: Path
) -> None:
    marek = SAMPLE_DATA / "friends" / "marek-nowak" / "Connections.csv"
    first = tmp_path / "a.csv"
    first.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Sam,Lee,https://www.linkedin.com/in/sam-lee-1,,Kestrel,Engineer,01 Jan 2024\n"
        "Sam,Lee,https://www.linkedin.com/in/sam-lee-2,,Northwind,Designer,01 Jan 2024\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"{HEADER}a.csv,linkedin,,\n{marek},linkedin,Sam Lee,\n")

    result = run("import", "batch", manifest)

    assert result.exit_code == 3
    assert f"{manifest}: line 3: owner of Connections.csv: 2 people match 'Sam Lee'" in (
        result.output
    )
    assert "Imported 1 of 2 files" in result.output


def test_a_file_failing_after_its_writes_is_undone_while_its_group_lands(
    tmp_path: Path, workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files share a transaction; a failure late in one file undoes that file alone."""
    friends = SAMPLE_DATA / "friends"
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f"{HEADER}{friends / 'marek-nowak' / 'Connections.csv'},linkedin,Marek Nowak,\n"
        f"{friends / 'adaeze-nwosu' / 'Connections.csv'},linkedin,Adaeze Nwosu,\n"
        f"{SAMPLE_DATA / 'me' / 'contacts.vcf'},vcard,,GB\n"
    )
    real_refresh = imports.refresh_strengths

    def fail_for_adaeze(workspace: Workspace, *args: Any, **kwargs: Any) -> None:
        real_refresh(workspace, *args, **kwargs)
        owner = workspace.conn.execute(
            "SELECT p.name FROM sources s JOIN people p ON p.id = s.owner_id "
            "ORDER BY s.id DESC LIMIT 1"
        ).fetchone()[0]
        if owner == "Adaeze Nwosu":
            raise InputError("adaeze.csv", "failed after writing her connections")

    monkeypatch.setattr(imports, "refresh_strengths", fail_for_adaeze)
    with Workspace.open(workspace_path) as workspace:
        result = import_batch(workspace, manifest, new_owners=True)

    assert [failure.path for failure in result.failures] == ["adaeze.csv"]
    assert len(result.summaries) == 2
    with Workspace.open(workspace_path) as workspace:
        ties = workspace.conn.execute("SELECT count(*) FROM edges").fetchone()[0]
        owners = {
            row[0]
            for row in workspace.conn.execute(
                "SELECT coalesce(p.name, '') FROM sources s JOIN people p ON p.id = s.owner_id"
            )
        }
    assert "Adaeze Nwosu" not in owners
    assert "Marek Nowak" in owners
    assert len(owners) == 2  # Marek's file and the user's own vCards
    assert ties == sum(s.new_ties for s in result.summaries)


def test_files_committed_in_many_small_groups_build_the_same_network(
    tmp_path: Path, workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "GROUP_RECORDS", 1)  # a commit after every file
    introduce_noor()
    result = run("import", "batch", sample_manifest(tmp_path))

    assert result.exit_code == 0, result.output
    expected = json.loads((SAMPLE_DATA / "expected.json").read_text(encoding="utf-8"))
    assert degree_counts(workspace_path) == {
        degree: count for degree, count in expected["people_by_degree"].items() if count
    }


def test_strengths_set_while_importing_equal_a_full_recomputation(
    tmp_path: Path, workspace_path: Path
) -> None:
    """New ties get their strength as they are written; recomputing them all changes nothing."""
    introduce_noor()
    assert run("import", "batch", sample_manifest(tmp_path)).exit_code == 0
    with Workspace.open(workspace_path) as workspace:
        conn = workspace.conn
        stored = conn.execute("SELECT a, b, strength FROM edges ORDER BY a, b").fetchall()
        with workspace.transaction():
            refresh_strengths(workspace, None, date.today())
        recomputed = conn.execute("SELECT a, b, strength FROM edges ORDER BY a, b").fetchall()
    assert len(stored) > 100
    assert len({strength for _a, _b, strength in stored}) > 10
    assert stored == recomputed


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError])
def test_a_batch_stopped_midway_keeps_the_files_it_finished(
    tmp_path: Path,
    workspace_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stop: type[BaseException],
) -> None:
    manifest = sample_manifest(tmp_path)
    real_import = imports.import_linkedin
    started: list[str] = []

    def stopping_at_the_third_linkedin_file(*args: Any, **kwargs: Any) -> Any:
        started.append(str(args[1]))
        if len(started) == 3:
            raise stop()
        return real_import(*args, **kwargs)

    monkeypatch.setattr(batch, "import_linkedin", stopping_at_the_third_linkedin_file)
    finished: list[str] = []
    with pytest.raises(stop), Workspace.open(workspace_path) as workspace:
        import_batch(workspace, manifest, on_file=lambda summary: finished.append(summary.path))
    monkeypatch.undo()

    with Workspace.open(workspace_path) as workspace:
        kept = workspace.conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        again = import_batch(workspace, manifest)
    assert len(finished) == kept == 3  # two LinkedIn exports and the vCard file between them
    assert [s.new_ties for s in again.summaries][:3] == [0, 0, 0]
    assert sum(s.people_created for s in again.summaries[:3]) == 0
