"""``netgraph tie A B``, ``--remove`` and ``--restore``: the user's word on a tie, through the CLI.

The network: you know Ann Lee, Bob Ray and two people named Sam Park; Ann shared her export,
which lists Tara Quinn (a second-degree target) and Ivo Vale. Bob does not know Tara, as far as
any file says.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import ok_in, one_line_error, run_in

from netgraph.identity.resolve import merge_people
from netgraph.text import clean_text
from netgraph.workspace import Workspace
from netgraph.workspace.ties import TiesTable

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
TERMINAL_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def row(first: str, last: str, slug: str, company: str = "Acme", email: str = "") -> list[str]:
    return [
        first,
        last,
        f"https://www.linkedin.com/in/{slug}",
        email,
        company,
        "Eng",
        "01 Jan 2020",
    ]


def connections(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


class Network:
    """The workspace and its files; people by the slug of their LinkedIn URL."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "workspace.sqlite3"
        ok_in(self.path, "me", "Noor Test", "--email", "noor@example.com")
        self.mine = connections(
            folder / "mine.csv",
            [
                row("Ann", "Lee", "ann-lee", email="ann@acme.example"),
                row("Bob", "Ray", "bob-ray", "Beta"),
                row("Sam", "Park", "sam-park-1", "Gamma"),
                row("Sam", "Park", "sam-park-2", "Delta"),
                row("Tia", "Quinn", "tia-quinn", "Target Co"),
            ],
        )
        ok_in(self.path, "import", "linkedin", self.mine)
        self.ids = self.people()
        self.anns = connections(
            folder / "ann.csv",
            [
                row("Tara", "Quinn", "tara-quinn", "Quux Co"),
                row("Ivo", "Vale", "ivo-vale", "Vale Ltd"),
            ],
        )
        self.import_anns()

    def import_anns(self) -> None:
        ok_in(self.path, "import", "linkedin", self.anns, "--owner", f"#{self.ids['ann-lee']}")
        self.ids = self.people()

    def people(self) -> dict[str, int]:
        with sqlite3.connect(self.path) as conn:
            rows = conn.execute("SELECT person_id, value FROM identities WHERE kind = 'linkedin'")
            found = {value.rstrip("/").rsplit("/", 1)[-1]: int(pid) for pid, value in rows}
            found["me"] = int(conn.execute("SELECT id FROM people WHERE is_me = 1").fetchone()[0])
        return found

    def ref(self, slug: str) -> str:
        return f"#{self.ids[slug]}"

    def tie(self, *args: str) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(
            ok_in(self.path, "tie", *args, "--format", "json").stdout
        )
        return document

    def referrers(self, slug: str) -> set[int]:
        """Whom the routes to a person go through (their first step from you)."""
        result = run_in(self.path, "who-can-introduce", self.ref(slug), "--format", "json")
        document = json.loads(result.stdout)
        return {route["path"][1]["id"] for route in document["routes"]}

    def show(self, slug: str) -> dict[str, Any]:
        shown: dict[str, Any] = json.loads(
            ok_in(self.path, "show", self.ref(slug), "--format", "json").stdout
        )
        return shown

    def tie_with(self, slug: str, other: str) -> dict[str, Any] | None:
        """The tie ``show`` lists between two people, or None."""
        ties = [t for t in self.show(slug)["ties"] if t["id"] == self.ids[other]]
        return ties[0] if ties else None


@pytest.fixture
def net(tmp_path: Path) -> Network:
    return Network(tmp_path)


def test_a_tie_you_state_gives_a_route_at_once_and_the_route_index_is_up_to_date(
    net: Network,
) -> None:
    assert net.referrers("tara-quinn") == {net.ids["ann-lee"]}

    said = net.tie("Bob Ray", "Tara Quinn", "--strength", "close", "--note", "old friends")

    assert said["state"] == "tied" and said["strength_given"] == "close"
    assert said["strength"] == pytest.approx(0.8)
    assert net.referrers("tara-quinn") == {net.ids["ann-lee"], net.ids["bob-ray"]}
    tie = net.tie_with("tara-quinn", "bob-ray")
    assert tie is not None and tie["evidence"] == ["you said so (close): old friends"]
    with Workspace.open(net.path) as workspace:
        token = workspace.graph.token("graph_state")
        saved = (workspace.routes_dir / "token").read_text(encoding="ascii").strip()
    assert token == saved, "the tie command left the route index stale"


def test_remove_takes_the_tie_out_of_routes_and_a_reimport_does_not_bring_it_back(
    net: Network,
) -> None:
    assert net.tie_with("tara-quinn", "ann-lee") is not None

    removed = net.tie("#" + str(net.ids["ann-lee"]), "Tara Quinn", "--remove", "--note", "wrong")

    assert removed["state"] == "removed" and removed["strength"] is None
    assert removed["withheld_evidence"] == 1
    assert net.referrers("tara-quinn") == set()
    assert net.tie_with("tara-quinn", "ann-lee") is None
    shown = net.show("tara-quinn")
    assert shown["degree"] is None
    assert [(t["id"], t["note"]) for t in shown["removed_ties"]] == [(net.ids["ann-lee"], "wrong")]
    assert shown["removed_ties"][0]["withheld_evidence"] == [
        "in Ann Lee's LinkedIn export, connected Jan 2020"
    ]

    net.import_anns()  # the export that shows the tie, again
    ok_in(net.path, "import", "linkedin", net.mine)

    assert net.tie_with("tara-quinn", "ann-lee") is None
    assert net.referrers("tara-quinn") == set()
    assert net.show("tara-quinn")["degree"] is None
    rank = json.loads(ok_in(net.path, "rank", "--format", "json").stdout)
    routes = {entry["name"]: (entry["score"], entry["referrer"]) for entry in rank}
    assert routes["Tara Quinn"] == (None, None)  # listed, with no route
    assert routes["Ivo Vale"][1] == "Ann Lee"  # Ann's other tie still counts


def test_restore_brings_back_what_the_imports_show(net: Network) -> None:
    before = net.tie_with("tara-quinn", "ann-lee")
    net.tie("Ann Lee", "Tara Quinn", "--remove")
    net.import_anns()

    restored = net.tie("Ann Lee", "Tara Quinn", "--restore")

    assert restored["state"] is None and restored["previous"] == "removed"
    assert net.tie_with("tara-quinn", "ann-lee") == before
    assert net.referrers("tara-quinn") == {net.ids["ann-lee"]}
    assert net.show("tara-quinn")["removed_ties"] == []
    text = ok_in(net.path, "tie", "Ann Lee", "Tara Quinn", "--remove").stdout
    assert "To undo: netgraph tie" in text and "--restore" in text


def test_a_stated_tie_survives_reimports(net: Network) -> None:
    net.tie("Bob Ray", "Tara Quinn", "--strength", "weak")

    ok_in(net.path, "import", "linkedin", net.mine)
    net.import_anns()

    tie = net.tie_with("tara-quinn", "bob-ray")
    assert tie is not None and tie["evidence"] == ["you said so (weak)"]
    assert tie["strength"] == pytest.approx(0.2)
    assert net.ids["bob-ray"] in net.referrers("tara-quinn")


def test_remove_undoes_a_tie_and_restore_takes_either_word_back(net: Network) -> None:
    net.tie("Bob Ray", "Tara Quinn")
    net.tie("Bob Ray", "Tara Quinn", "--remove")
    assert net.tie_with("tara-quinn", "bob-ray") is None
    assert net.ids["bob-ray"] not in net.referrers("tara-quinn")

    restored = net.tie("Bob Ray", "Tara Quinn", "--restore")
    assert restored["strength"] is None  # no import shows them together
    assert net.tie_with("tara-quinn", "bob-ray") is None
    assert net.show("tara-quinn")["removed_ties"] == []

    net.tie("Bob Ray", "Tara Quinn")
    net.tie("Bob Ray", "Tara Quinn", "--restore")
    assert net.tie_with("tara-quinn", "bob-ray") is None

    # On a tie the imports show, a stated tie adds to it and taking it back leaves it as it was.
    before = net.tie_with("tara-quinn", "ann-lee")
    assert before is not None
    raised = net.tie("Ann Lee", "Tara Quinn", "--strength", "close")
    assert raised["strength"] > before["strength"]
    net.tie("Ann Lee", "Tara Quinn", "--restore")
    assert net.tie_with("tara-quinn", "ann-lee") == before


def test_a_stated_tie_with_you_makes_them_first_degree(net: Network) -> None:
    assert net.show("tara-quinn")["degree"] == 2
    net.tie("Noor Test", "Tara Quinn")
    assert net.show("tara-quinn")["degree"] == 1
    net.tie("Noor Test", "Tara Quinn", "--remove")
    assert net.show("tara-quinn")["degree"] == 2
    removed = net.show("tara-quinn")["removed_ties"]
    assert [(t["id"], t["is_me"]) for t in removed] == [(net.ids["me"], True)]


@pytest.mark.parametrize(
    ("given", "expected"),
    [("weak", 0.2), ("known", 0.5), ("close", 0.8), ("0.6", 0.6), ("1", 0.9905), ("0.01", 0.05)],
)
def test_strength_takes_a_word_or_a_number(net: Network, given: str, expected: float) -> None:
    said = net.tie("Bob Ray", "Ivo Vale", "--strength", given)
    assert said["strength"] == pytest.approx(expected)


def test_saying_it_again_changes_the_strength_and_keeps_the_note(net: Network) -> None:
    net.tie("Bob Ray", "Ivo Vale", "--note", "climbing club")
    assert net.tie("Bob Ray", "Ivo Vale")["strength"] == pytest.approx(0.5)  # known by default
    again = net.tie("Bob Ray", "Ivo Vale", "--strength", "CLOSE")
    assert again["strength_given"] == "close" and again["note"] == "climbing club"
    tie = net.tie_with("ivo-vale", "bob-ray")
    assert tie is not None and tie["evidence"] == ["you said so (close): climbing club"]
    table = ok_in(net.path, "show", "Ivo Vale").stdout
    assert "you said so (close): climbing club" in table


@pytest.mark.parametrize("bad", ["2", "0", "-0.5", "strong", "nan", "inf", ""])
def test_a_strength_out_of_range_is_refused_naming_the_flag(net: Network, bad: str) -> None:
    result = run_in(net.path, "tie", "Bob Ray", "Ivo Vale", "--strength", bad)
    one_line_error(result, r"--strength: .*close, known, weak.*", code=2)
    assert net.tie_with("ivo-vale", "bob-ray") is None


def test_options_that_do_not_go_together_are_refused(net: Network) -> None:
    result = run_in(net.path, "tie", "Bob Ray", "Ivo Vale", "--remove", "--strength", "close")
    one_line_error(result, r".*--strength.*--remove.*", code=2)
    result = run_in(net.path, "tie", "Bob Ray", "Ivo Vale", "--restore", "--note", "x")
    one_line_error(result, r".*--note.*--restore.*", code=2)
    result = run_in(net.path, "tie", "Bob Ray", "Ivo Vale", "--restore")
    one_line_error(
        result, r"you have not tied or removed a tie between Bob Ray and Ivo Vale.*", code=2
    )


def test_people_are_named_as_other_commands_take_them(net: Network) -> None:
    by_url = net.tie("https://www.linkedin.com/in/bob-ray", "ann@acme.example")
    assert {by_url["a"]["id"], by_url["b"]["id"]} == {net.ids["bob-ray"], net.ids["ann-lee"]}
    one_line_error(run_in(net.path, "tie", "Sam Park", "Bob Ray"), r"2 people match .*", code=6)
    one_line_error(run_in(net.path, "tie", "Nobody Here", "Bob Ray"), r"no person .*", code=5)
    one_line_error(run_in(net.path, "tie", "Bob Ray", "#" + str(net.ids["bob-ray"])), code=2)
    one_line_error(run_in(net.path, "tie", "Bob Ray", "#99999"), code=5)


def test_a_merge_keeps_the_word_on_the_merged_persons_ties(net: Network) -> None:
    """Tia Quinn (your contact) turns out to be Tara Quinn: the removed tie stays removed."""
    net.tie("Ann Lee", "Tara Quinn", "--remove", "--note", "not her")
    net.tie("Bob Ray", "Tara Quinn", "--strength", "close")
    with Workspace.open(net.path) as workspace, workspace.transaction():
        kept = merge_people(workspace, net.ids["tia-quinn"], net.ids["tara-quinn"])
    assert kept == net.ids["tia-quinn"]
    net.import_anns()  # Tara's URL now belongs to Tia: Ann's export shows Ann and Tia

    assert net.tie_with("tia-quinn", "ann-lee") is None
    assert net.tie_with("tia-quinn", "bob-ray") is not None
    shown = net.show("tia-quinn")
    assert [(t["id"], t["note"]) for t in shown["removed_ties"]] == [
        (net.ids["ann-lee"], "not her")
    ]
    assert net.ids["ann-lee"] not in net.referrers("tia-quinn")
    net.tie("Ann Lee", "Tia Quinn", "--restore")
    assert net.tie_with("tia-quinn", "ann-lee") is not None


# --- hostile names and notes ---------------------------------------------------------------------

HOSTILE = ("Eve $(touch p01)", "Mal `touch p02`", "Rex\x1b[31m \u202eevil", "Oz'; touch p03; '")


def test_output_is_terminal_safe_and_the_undo_command_is_safe_to_paste(tmp_path: Path) -> None:
    path = tmp_path / "workspace.sqlite3"
    ok_in(path, "me", "Noor Test")
    rows = [row(name, "Zed", f"hostile-{i}") for i, name in enumerate(HOSTILE)]
    ok_in(path, "import", "linkedin", connections(tmp_path / "mine.csv", rows))
    note = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ $(touch p04)"
    outputs = []
    for args in (
        ("tie", "#2", "#3", "--note", note),
        ("show", "#2"),
        ("tie", "#2", "#4", "--remove", "--note", note),
        ("show", "#4"),
        ("tie", "#2", "#4", "--restore"),
    ):
        result = ok_in(path, *args)
        assert not TERMINAL_UNSAFE.search(result.stdout + result.stderr), (args, result.stdout)
        outputs.append(result.stdout)
    suggested = [
        match.group(0)
        for text in outputs
        for match in re.finditer(r"netgraph tie .*$", text, flags=re.MULTILINE)
    ]
    assert suggested == ["netgraph tie '#2' '#3' --restore", "netgraph tie '#2' '#4' --restore"]
    shown = json.loads(ok_in(path, "show", "#3", "--format", "json").stdout)
    tie = next(t for t in shown["ties"] if t["id"] == 2)
    # Stored as cleaned text (no control characters), given back exactly as stored.
    assert tie["evidence"] == [f"you said so (known): {clean_text(note)}"]
    assert "$(touch p04)" in tie["evidence"][0]
    assert list(tmp_path.glob("p0*")) == []


def test_a_large_export_stored_in_bulk_keeps_a_removed_tie_out(
    net: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export big enough to be stored through staging tables: its evidence of a removed tie
    is set aside too, on its first import and again on a re-import; its other ties count."""
    bulk = []
    real = TiesTable._withhold_staged

    def spy(self: TiesTable) -> None:
        bulk.append(1)
        real(self)

    monkeypatch.setattr(TiesTable, "_withhold_staged", spy)
    net.tie("Bob Ray", "Tia Quinn", "--remove", "--note", "never met")
    rows = [row(f"Friend{i}", "Bulk", f"bulk-{i}") for i in range(100)]
    rows.append(row("Tia", "Quinn", "tia-quinn", "Target Co"))
    bobs = connections(tmp_path / "bob.csv", rows)

    for _ in range(2):
        ok_in(net.path, "import", "linkedin", bobs, "--owner", net.ref("bob-ray"))
        net.ids = net.people()
        assert net.tie_with("tia-quinn", "bob-ray") is None
        assert net.tie_with("bulk-7", "bob-ray") is not None
        assert net.ids["bob-ray"] not in net.referrers("tia-quinn")
    assert bulk, "the import did not go through the staged path"
    (removed,) = net.show("tia-quinn")["removed_ties"]
    assert removed["id"] == net.ids["bob-ray"] and removed["withheld_evidence"]

    net.tie("Bob Ray", "Tia Quinn", "--restore")
    assert net.tie_with("tia-quinn", "bob-ray") is not None


def test_removed_partners_names_the_people_a_person_does_not_know(net: Network) -> None:
    """What the route search reads to leave out an inferred tie the user removed."""
    net.tie("Tia Quinn", "Tara Quinn", "--remove")
    net.tie("Ann Lee", "Tara Quinn", "--remove")
    net.tie("Bob Ray", "Tara Quinn")
    with Workspace.open(net.path) as workspace:
        partners = workspace.ties.removed_partners(net.ids["tara-quinn"])
        assert partners == {net.ids["tia-quinn"], net.ids["ann-lee"]}
        assert workspace.ties.removed_partners(net.ids["tia-quinn"]) == {net.ids["tara-quinn"]}
