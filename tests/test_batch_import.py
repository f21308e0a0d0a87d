"""``netgraph import batch``: many files from one manifest, each whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run
from conftest import SAMPLE_DATA

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
    assert degree_counts(workspace_path) == expected["people_by_degree"]
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
    assert "line 2: kind must be linkedin or vcard, not 'outlook'" in result.output


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

    result = run("import", "batch", manifest)

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
