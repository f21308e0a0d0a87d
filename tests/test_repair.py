"""Repairing who is who through the CLI (issue 13): merge, split, edit, undo, why and
duplicates. Each repair shows in ``show``, is undone by ``undo``, and survives re-imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import ok_in, one_line_error, run_in

from netgraph.workspace import Workspace

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Sam,Lee,https://www.linkedin.com/in/sam-lee,sam@lee.example,Acme,Engineer,05 Jan 2019\n"
    "Hana,Novak,,,Wayne Enterprises,Recruiter,05 Jan 2021\n"
    "Ravi,Mehta,,,Globex,Analyst,05 Jan 2021\n"
)
CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Lee\r\nEMAIL:sam@lee.example\r\n"
    "TEL:+1 415 555 0101\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:H. Novak\r\nORG:Wayne Enterprises\r\n"
    "TEL:+1 415 555 0102\r\nEND:VCARD\r\n"
)


@pytest.fixture
def files(tmp_path: Path, workspace_path: Path) -> tuple[Path, Path]:
    """A LinkedIn export and an address book, both imported: Sam Lee is one person by his
    email (the card may be his namesake's), H. Novak on the card is not merged with Hana."""
    export, cards = tmp_path / "Connections.csv", tmp_path / "phone.vcf"
    export.write_text(CONNECTIONS, encoding="utf-8")
    cards.write_text(CARDS, encoding="utf-8")
    ok_in(workspace_path, "me", "Pat Quinn")
    ok_in(workspace_path, "import", "linkedin", export)
    ok_in(workspace_path, "import", "vcard", cards)
    return export, cards


def people(workspace_path: Path, search: str) -> list[dict[str, object]]:
    output = ok_in(workspace_path, "people", search, "--format", "json").output
    found: list[dict[str, object]] = json.loads(output)
    return found


def shown(workspace_path: Path, person: str) -> dict[str, object]:
    document: dict[str, object] = json.loads(
        ok_in(workspace_path, "show", person, "--format", "json").output
    )
    return document


def reimport(workspace_path: Path, files: tuple[Path, Path]) -> None:
    ok_in(workspace_path, "import", "linkedin", files[0])
    ok_in(workspace_path, "import", "vcard", files[1])


def ids(workspace_path: Path, search: str) -> list[int]:
    return sorted(int(str(p["id"])) for p in people(workspace_path, search))


# --- duplicates ---------------------------------------------------------------------------------


def test_duplicates_lists_an_initial_at_the_same_company_with_the_merge_to_run(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    hana, initial = sorted(ids(workspace_path, "Novak"))
    found = json.loads(ok_in(workspace_path, "duplicates", "--format", "json").output)
    assert [(d["a"], d["b"]) for d in found] == [(hana, initial)]
    (pair,) = found
    assert set(pair) == {"a", "a_name", "b", "b_name", "likeness", "reason", "command"}
    assert "an initial for the given name" in pair["reason"]
    assert pair["command"] == f"netgraph merge '#{hana}' '#{initial}'"
    table = ok_in(workspace_path, "duplicates").output
    assert "1 probable duplicate" in table
    ok_in(workspace_path, "merge", f"#{hana}", f"#{initial}")
    assert ok_in(workspace_path, "duplicates").output == (
        "No probable duplicates: nobody looks like someone else closely enough.\n"
    )
    assert json.loads(ok_in(workspace_path, "duplicates", "--format", "json").output) == []


def test_duplicates_lists_an_owner_named_a_letter_off(
    tmp_path: Path, workspace_path: Path, files: tuple[Path, Path]
) -> None:
    friend = tmp_path / "friend.csv"
    friend.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Eve,Ng,https://www.linkedin.com/in/eve-ng,,,,05 Jan 2021\n",
        encoding="utf-8",
    )
    result = run_in(workspace_path, "import", "linkedin", friend, "--owner", "Ravi Metha")
    if result.exit_code != 0:  # an importer that refuses unknown owner names without --new-owner
        ok_in(workspace_path, "import", "linkedin", friend, "--owner", "Ravi Metha", "--new-owner")
    found = json.loads(ok_in(workspace_path, "duplicates", "--format", "json").output)
    assert any(
        {d["a_name"], d["b_name"]} == {"Ravi Mehta", "Ravi Metha"} and "owner" in d["reason"]
        for d in found
    )


def test_two_rows_of_one_export_are_never_listed(tmp_path: Path, workspace_path: Path) -> None:
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Sam,Lee,,,Acme,,05 Jan 2019\nSam,Lee,,,Acme,,07 Mar 2023\n",
        encoding="utf-8",
    )
    ok_in(workspace_path, "import", "linkedin", export)
    assert json.loads(ok_in(workspace_path, "duplicates", "--format", "json").output) == []


# --- merge --------------------------------------------------------------------------------------


def test_merge_is_shown_kept_through_reimports_and_undone(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    hana, initial = ids(workspace_path, "Novak")
    result = ok_in(workspace_path, "merge", f"#{hana}", f"#{initial}")
    assert "Decision 1: merged" in result.output and "netgraph undo 1" in result.output
    (merged,) = people(workspace_path, "Novak")
    assert merged["phones"] == ["+14155550102"] and merged["title"] == "Recruiter"
    document = shown(workspace_path, f"#{hana}")
    assert [(d["id"], d["kind"], d["undone"]) for d in document["decisions"]] == [  # type: ignore[union-attr]
        (1, "merge", False)
    ]
    assert "your word: merged" in ok_in(workspace_path, "show", f"#{hana}").output
    reimport(workspace_path, files)
    assert ids(workspace_path, "Novak") == [hana]
    why = ok_in(workspace_path, "why", f"#{hana}").output
    assert "your merge (decision 1)" in why
    ok_in(workspace_path, "undo")
    back = people(workspace_path, "Novak")
    assert sorted(p["name"] for p in back) == ["H. Novak", "Hana Novak"]
    restored = next(p for p in back if p["name"] == "H. Novak")
    assert restored["phones"] == ["+14155550102"] and restored["degree"] == 1
    assert [s["label"] for s in restored["sources"]] == ["phone.vcf"]  # type: ignore[index]
    assert "taken back" in ok_in(workspace_path, "show", f"#{hana}").output
    reimport(workspace_path, files)
    assert len(people(workspace_path, "Novak")) == 2


def test_merging_someone_with_themselves_or_undoing_nothing_is_one_line(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    one_line_error(run_in(workspace_path, "merge", "Ravi Mehta", "Ravi Mehta"), code=2)
    one_line_error(run_in(workspace_path, "undo"), r".*no decision to undo", code=2)
    one_line_error(run_in(workspace_path, "undo", "7"), r".*no decision #7", code=2)


# --- split --------------------------------------------------------------------------------------


def test_split_keeps_the_sources_records_apart_through_reimports_and_undo_joins_them(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    (sam,) = ids(workspace_path, "Sam Lee")
    assert shown(workspace_path, f"#{sam}")["phones"] == ["+14155550101"]
    result = ok_in(workspace_path, "split", f"#{sam}", "--source", "phone.vcf")
    assert "split the records of phone.vcf" in result.output
    first, second = ids(workspace_path, "Sam Lee")
    card = shown(workspace_path, f"#{second}")
    # The phone came from the card only; the email both files give stays with the export's.
    assert (card["phones"], card["emails"]) == (["+14155550101"], [])
    assert shown(workspace_path, f"#{first}")["emails"] == ["sam@lee.example"]
    reimport(workspace_path, files)
    assert ids(workspace_path, "Sam Lee") == [first, second]
    assert "a split of yours keeps them apart" in (
        ok_in(workspace_path, "why", f"#{first}", f"#{second}").output
    )
    listed = json.loads(ok_in(workspace_path, "duplicates", "--format", "json").output)
    assert all({d["a"], d["b"]} != {first, second} for d in listed)
    ok_in(workspace_path, "undo", "1")
    assert ids(workspace_path, "Sam Lee") == [first]
    # The decision, undone, still says whom the records went to (not "onto" Sam himself).
    (split,) = shown(workspace_path, f"#{first}")["decisions"]  # type: ignore[misc]
    assert split["undone"] and split["summary"].endswith(f"off #{first} onto #{second}")
    reimport(workspace_path, files)
    assert ids(workspace_path, "Sam Lee") == [first]


def test_split_refuses_a_source_the_person_is_not_in(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    line = one_line_error(
        run_in(workspace_path, "split", "Ravi Mehta", "--source", "phone.vcf"), code=2
    )
    assert "--source" in line and "Connections.csv" in line


# --- edit ---------------------------------------------------------------------------------------


def test_edit_wins_over_reimports_and_undo_restores(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    (ravi,) = ids(workspace_path, "Ravi")
    ok_in(
        workspace_path,
        "edit",
        f"#{ravi}",
        "--name",
        "Ravi K. Mehta",
        "--title",
        "Head of Data",
        "--company",
        "Globex Corporation",
        "--email",
        "Ravi@Globex.example",
    )
    reimport(workspace_path, files)
    edited = shown(workspace_path, f"#{ravi}")
    assert (edited["name"], edited["title"], edited["company"], edited["emails"]) == (
        "Ravi K. Mehta",
        "Head of Data",
        "Globex Corporation",
        ["ravi@globex.example"],
    )
    assert ids(workspace_path, "Ravi") == [ravi]
    ok_in(workspace_path, "undo")
    back = shown(workspace_path, f"#{ravi}")
    assert (back["name"], back["title"], back["company"], back["emails"]) == (
        "Ravi Mehta",
        "Analyst",
        "Globex",
        [],
    )


def test_edit_refuses_a_key_someone_else_holds_and_names_the_merge(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    line = one_line_error(
        run_in(workspace_path, "edit", "Ravi Mehta", "--email", "sam@lee.example"), code=2
    )
    assert "--email" in line and "netgraph merge" in line
    ravi, sam = ids(workspace_path, "Ravi Mehta")[0], ids(workspace_path, "Sam Lee")[0]
    assert line.endswith(f"(netgraph merge '#{ravi}' '#{sam}')")


@pytest.mark.parametrize(
    ("option", "text", "what"),
    [
        ("--email", "not-an-address", "an email address"),
        ("--phone", "call me", "a phone number"),
        ("--linkedin", "not a profile", "a LinkedIn URL"),
    ],
)
def test_edit_says_which_kind_of_value_it_could_not_use(
    files: tuple[Path, Path], workspace_path: Path, option: str, text: str, what: str
) -> None:
    line = one_line_error(run_in(workspace_path, "edit", "Ravi Mehta", option, text), code=2)
    assert line == f"Error: {option}: {text!r} is not {what} netgraph can use"


# --- why and forget -----------------------------------------------------------------------------


def test_why_says_which_key_joined_each_record(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    output = ok_in(workspace_path, "why", "Sam Lee").output
    assert "Connections.csv" in output and "phone.vcf" in output
    assert "sam@lee.example" in output or "linkedin.com/in/sam-lee" in output
    hana, initial = ids(workspace_path, "Novak")
    document = json.loads(
        ok_in(workspace_path, "why", f"#{hana}", f"#{initial}", "--format", "json").output
    )
    assert document["reasons"][0] == "the rule keeps them two people"
    assert "an initial for the given name (1.5)" in document["reasons"]
    assert document["suggestion"] == f"netgraph merge '#{hana}' '#{initial}'"


def test_forget_erases_the_decisions_about_a_person(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    hana, initial = ids(workspace_path, "Novak")
    ok_in(workspace_path, "merge", f"#{hana}", f"#{initial}")
    ok_in(workspace_path, "edit", f"#{hana}", "--title", "Talent lead")
    ok_in(workspace_path, "forget", f"#{hana}", "--yes")
    with Workspace.open(workspace_path) as workspace:
        rows = workspace.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    assert rows == 0


def test_a_split_person_takes_the_name_company_and_keys_their_records_give(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    hana, initial = ids(workspace_path, "Novak")
    ok_in(workspace_path, "merge", f"#{hana}", f"#{initial}")
    ok_in(workspace_path, "split", f"#{hana}", "--source", "phone.vcf")
    found = {p["name"]: p for p in people(workspace_path, "Novak")}
    assert sorted(found) == ["H. Novak", "Hana Novak"]
    assert (found["H. Novak"]["company"], found["H. Novak"]["phones"]) == (
        "Wayne Enterprises",
        ["+14155550102"],
    )
    assert found["Hana Novak"]["phones"] == []
    decisions = shown(workspace_path, f"#{hana}")["decisions"]
    assert [d["kind"] for d in decisions] == ["merge", "split"]  # type: ignore[union-attr]
    # The split-off person may get the id the merged-in person had: the merge is not theirs.
    split_off = shown(workspace_path, f"#{found['H. Novak']['id']}")["decisions"]
    assert [d["kind"] for d in split_off] == ["split"]  # type: ignore[union-attr]


def test_an_edit_that_clears_a_company_says_so_and_undo_brings_it_back(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    output = ok_in(workspace_path, "edit", "Ravi Mehta", "--company", "").output
    assert "company cleared" in output
    assert shown(workspace_path, "Ravi Mehta")["company"] is None
    ok_in(workspace_path, "undo")
    assert shown(workspace_path, "Ravi Mehta")["company"] == "Globex"


def test_a_split_person_takes_a_phone_number_their_card_wrote_nationally(
    tmp_path: Path, workspace_path: Path
) -> None:
    """The number on the card is in the country's own form (020 ...): the key it gave
    (+44 ...) still goes with the card's records, as undo-import reads it."""
    export, cards = tmp_path / "Connections.csv", tmp_path / "phone.vcf"
    export.write_text(CONNECTIONS, encoding="utf-8")
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:R. Mehta\r\nORG:Globex\r\n"
        "EMAIL:ravi@mehta.example\r\nTEL:020 7946 0958\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    ok_in(workspace_path, "me", "Pat Quinn")
    ok_in(workspace_path, "import", "linkedin", export)
    ok_in(workspace_path, "import", "vcard", cards, "--region", "GB")
    ravi, initial = ids(workspace_path, "Mehta")
    ok_in(workspace_path, "merge", f"#{ravi}", f"#{initial}")
    assert people(workspace_path, "Mehta")[0]["phones"] == ["+442079460958"]
    ok_in(workspace_path, "split", f"#{ravi}", "--source", "phone.vcf")
    found = {p["name"]: p["phones"] for p in people(workspace_path, "Mehta")}
    assert found == {"R. Mehta": ["+442079460958"], "Ravi Mehta": []}


def test_split_of_someone_no_record_describes_says_there_is_nothing_to_split(
    files: tuple[Path, Path], tmp_path: Path, workspace_path: Path
) -> None:
    """The owner of a shared export is in the workspace by the user's word alone."""
    shared = tmp_path / "friend" / "Connections.csv"
    shared.parent.mkdir()
    shared.write_text(CONNECTIONS.replace("Globex", "Initech"), encoding="utf-8")
    ok_in(workspace_path, "import", "linkedin", shared, "--owner", "Kim Park", "--new-owner")
    one_line_error(
        run_in(workspace_path, "split", "Kim Park", "--source", "Connections.csv"),
        "--source: no imported record is theirs: there is nothing to split off",
        code=2,
    )


def test_undoing_a_merge_gives_the_kept_person_back_the_fields_it_had(
    files: tuple[Path, Path], workspace_path: Path
) -> None:
    """H. Novak (no title) took Hana's title in the merge; undo takes it back, and a field the
    user changed since stays theirs."""
    hana, initial = ids(workspace_path, "Novak")
    ok_in(workspace_path, "merge", f"#{initial}", f"#{hana}")
    merged = shown(workspace_path, f"#{initial}")
    assert (merged["title"], merged["company"]) == ("Recruiter", "Wayne Enterprises")
    ok_in(workspace_path, "undo")
    kept = shown(workspace_path, f"#{initial}")
    assert (kept["name"], kept["title"], kept["company"]) == (
        "H. Novak",
        None,
        "Wayne Enterprises",
    )
    (hana,) = [i for i in ids(workspace_path, "Novak") if i != initial]  # back, maybe a new id
    ok_in(workspace_path, "merge", f"#{initial}", f"#{hana}")
    ok_in(workspace_path, "edit", f"#{initial}", "--title", "Head of Talent")
    ok_in(workspace_path, "undo", "2")  # the second merge, not the edit
    assert shown(workspace_path, f"#{initial}")["title"] == "Head of Talent"
