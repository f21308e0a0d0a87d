"""Regressions found in review: each test is named after what went wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from library_helpers import person_objects
from records_helpers import (
    contact,
    evidence_kinds,
    ids_named,
    linkedin_export,
    load,
    messages,
    the_person,
    vcard_file,
)

from netgraph.cli import cli
from netgraph.errors import PersonNotFound
from netgraph.identity.keys import linkedin_key
from netgraph.identity.people import me_id, set_me
from netgraph.ingest.records import Relation
from netgraph.text import clean_text
from netgraph.workspace import Workspace


def test_a_guessed_owner_profile_never_merges_a_stranger_into_you(workspace: Workspace) -> None:
    with workspace.transaction() as conn:
        set_me(workspace, "Alex Kim", linkedin_url="https://www.linkedin.com/in/alex-kim")
    load(workspace, linkedin_export(contact("Xavier Stone", url="linkedin.com/in/xavier")))
    summary = load(
        workspace,
        linkedin_export(
            interactions=[messages("Xavier Stone", url="linkedin.com/in/xavier", received=4)],
            owner_url="https://www.linkedin.com/in/xavier",
        ),
    )
    conn = workspace.conn
    me = person_objects(workspace, [me_id(workspace) or 0])[0]
    assert me["name"] == "Alex Kim"
    assert me["linkedin_url"] == "https://www.linkedin.com/in/alex-kim"
    assert ids_named(conn, "Xavier Stone")
    assert any("different LinkedIn profile" in note for note in summary.notes)


def test_two_people_of_one_name_in_one_file_stay_two(workspace: Workspace) -> None:
    load(
        workspace,
        vcard_file(contact("John Smith", company="Acme"), contact("John Smith", company="Globex")),
    )
    assert len(ids_named(workspace.conn, "John Smith")) == 2


def test_a_relation_given_as_an_email_links_to_the_person_with_that_email(
    workspace: Workspace,
) -> None:
    load(
        workspace,
        vcard_file(
            contact("Sam Stone", emails=["sam@example.com"]),
            contact("Carl Holder", relations=[Relation("sam@example.com", "friend")]),
        ),
    )
    conn = workspace.conn
    assert not ids_named(conn, "sam@example.com")
    sam, carl = the_person(conn, "Sam Stone"), the_person(conn, "Carl Holder")
    assert evidence_kinds(conn, sam, carl) == ["relation"]


def test_an_owner_given_by_email_keeps_the_email_and_an_unknown_id_is_refused(
    workspace: Workspace,
) -> None:
    load(
        workspace,
        linkedin_export(contact("Jo Park", url="linkedin.com/in/jo")),
        owner="priya@example.com",
    )
    conn = workspace.conn
    owner = conn.execute(
        "SELECT person_id FROM identities WHERE kind = 'email' AND value = 'priya@example.com'"
    ).fetchone()
    assert owner is not None
    with pytest.raises(PersonNotFound):
        load(workspace, linkedin_export(contact("Jo Park")), owner="#999")


def test_control_characters_never_reach_names_or_profile_keys() -> None:
    assert linkedin_key("https://www.linkedin.com/in/eve%1b%5d0%3bpwned%07") is None
    assert clean_text("Eve\u202e\x9b Stone") == "Eve Stone"


def test_rank_output_never_overwrites_the_workspace(tmp_path: Path, workspace_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["me", "Alex Kim"]).exit_code == 0
    before = workspace_path.read_bytes()
    result = runner.invoke(cli, ["rank", "--format", "csv", "-o", str(workspace_path)])
    assert result.exit_code == 2
    assert "workspace itself" in result.output
    assert workspace_path.read_bytes() == before
    result = runner.invoke(cli, ["rank", "--format", "csv", "-o", str(tmp_path / "no" / "x.csv")])
    assert result.exit_code == 2
    assert result.output.startswith("Error: cannot write")


def test_people_search_ignores_case_accents_and_punctuation_everywhere(
    workspace: Workspace,
) -> None:
    load(
        workspace,
        linkedin_export(
            contact("Ana Ruiz", company="Halcyon Robotics, Inc.", title="Científica de Datos"),
            contact("Bo Berg", company="Acme", title="Engineer"),
        ),
    )
    from netgraph.identity.people import list_people

    for query in ("Halcyon Robotics, Inc.", "cientifica", "CIENTÍFICA DE", "ana ruiz"):
        assert [p.name for p in list_people(workspace, query)] == ["Ana Ruiz"], query
