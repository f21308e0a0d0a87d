"""Colleagues: a shared current employer is an inferred tie (issue 14, item 3).

The network: Maya (the user) knows Kim (company "Globex Corp.") and Omar (no company, an email
at globex.com) and Lena (Initech). Jane works at "Globex" and nobody recorded a tie between her
and Kim or Omar; Lena knows Jane through her export.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from cli_helpers import ok_in

from netgraph.identity.names import domain_name
from netgraph.routes import reference
from netgraph.routes.colleagues import colleague_strength, email_organisation

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _write(path: Path, rows: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def _network(tmp_path: Path, extra_globex: int = 0) -> Path:
    workspace = tmp_path / "ws.sqlite3"
    ok_in(workspace, "me", "Maya User")
    mine = [
        "Kim,Lee,https://www.linkedin.com/in/kim-lee,,Globex Corp.,Engineer,05 Jan 2020",
        "Omar,Haddad,https://www.linkedin.com/in/omar-h,omar@globex.com,,,05 Jan 2021",
        "Lena,Ito,https://www.linkedin.com/in/lena-ito,,Initech,Analyst,05 Jan 2021",
    ]
    ok_in(workspace, "import", "linkedin", _write(tmp_path / "me" / "Connections.csv", mine))
    lenas = [
        "Jane,Doe,https://www.linkedin.com/in/jane-doe,,Globex,Director,05 Jan 2019",
        *(
            f"Staff,Member{i},https://www.linkedin.com/in/staff-{i},,Globex,Staff,05 Jan 2019"
            for i in range(extra_globex)
        ),
    ]
    lena_file = _write(tmp_path / "lena" / "Connections.csv", lenas)
    ok_in(workspace, "import", "linkedin", lena_file, "--owner", "Lena Ito")
    return workspace


def _routes(workspace: Path, *options: str) -> dict[str, object]:
    document: dict[str, object] = json.loads(
        ok_in(workspace, "who-can-introduce", "Jane Doe", "--format", "json", *options).stdout
    )
    return document


def _paths(document: dict[str, object]) -> list[list[str]]:
    routes = document["routes"]
    assert isinstance(routes, list)
    return [[p["name"] for p in r["path"]] for r in routes]


def test_first_degree_contacts_at_the_target_company_are_named_and_give_inferred_routes(
    tmp_path: Path,
) -> None:
    workspace = _network(tmp_path)
    document = _routes(workspace)
    assert document["organisation"] == "Globex"
    colleagues = document["colleagues"]
    assert isinstance(colleagues, list)
    # by company key ("Globex Corp." is "Globex") and by email domain (omar@globex.com)
    assert sorted(p["name"] for p in colleagues) == ["Kim Lee", "Omar Haddad"]
    paths = _paths(document)
    assert ["Maya User", "Kim Lee", "Jane Doe"] in paths
    assert ["Maya User", "Omar Haddad", "Jane Doe"] in paths
    routes = document["routes"]
    assert isinstance(routes, list)
    kim = next(r for r in routes if r["path"][1]["name"] == "Kim Lee")
    last = kim["steps"][-1]
    assert last["inferred"] is True
    assert last["evidence"] == ["inferred: both at Globex"]
    assert all(step["inferred"] is False for step in kim["steps"][:-1])
    table = ok_in(workspace, "who-can-introduce", "Jane Doe").stdout
    assert "Your first-degree contacts at Globex: Kim Lee, Omar Haddad" in table
    assert "Kim Lee - Jane Doe (0.300): inferred: both at Globex" in table


def test_no_inferred_switches_the_ties_off_but_still_names_the_colleagues(tmp_path: Path) -> None:
    workspace = _network(tmp_path)
    document = _routes(workspace, "--no-inferred")
    assert _paths(document) == [["Maya User", "Lena Ito", "Jane Doe"]]
    colleagues = document["colleagues"]
    assert isinstance(colleagues, list)
    assert sorted(p["name"] for p in colleagues) == ["Kim Lee", "Omar Haddad"]


def test_no_inferred_tie_where_the_user_said_they_do_not_know_each_other(tmp_path: Path) -> None:
    workspace = _network(tmp_path)
    ok_in(workspace, "tie", "Kim Lee", "Jane Doe", "--remove")
    paths = _paths(_routes(workspace))
    assert ["Maya User", "Kim Lee", "Jane Doe"] not in paths
    assert ["Maya User", "Omar Haddad", "Jane Doe"] in paths
    full = json.loads(ok_in(workspace, "export", "graph", "--format", "json", "--inferred").stdout)
    names = {node["id"]: node["name"] for node in full["nodes"]}
    inferred = {
        frozenset((names[e["source"]], names[e["target"]])) for e in full["edges"] if e["inferred"]
    }
    assert frozenset(("Kim Lee", "Jane Doe")) not in inferred
    assert frozenset(("Omar Haddad", "Jane Doe")) in inferred


def test_the_bigger_the_company_the_weaker_the_inferred_tie(tmp_path: Path) -> None:
    small = _routes(_network(tmp_path / "small"))
    big = _routes(_network(tmp_path / "big", extra_globex=60))

    def inferred_strength(document: dict[str, object]) -> float:
        routes = document["routes"]
        assert isinstance(routes, list)
        return float(next(r["steps"][-1]["strength"] for r in routes if r["steps"][-1]["inferred"]))

    assert inferred_strength(small) == pytest.approx(0.3)
    assert inferred_strength(big) < inferred_strength(small) / 4
    assert colleague_strength(2) > colleague_strength(50) > colleague_strength(5000)


def test_inferred_ties_are_never_stored_and_exported_only_when_asked(tmp_path: Path) -> None:
    workspace = _network(tmp_path)
    _routes(workspace)
    plain = json.loads(ok_in(workspace, "export", "graph", "--format", "json").stdout)
    assert not any(edge["inferred"] for edge in plain["edges"])
    names = {node["id"]: node["name"] for node in plain["nodes"]}
    pairs = {frozenset((names[e["source"]], names[e["target"]])) for e in plain["edges"]}
    assert frozenset(("Kim Lee", "Jane Doe")) not in pairs
    full = json.loads(ok_in(workspace, "export", "graph", "--format", "json", "--inferred").stdout)
    inferred = [e for e in full["edges"] if e["inferred"]]
    assert {frozenset((names[e["source"]], names[e["target"]])) for e in inferred} >= {
        frozenset(("Kim Lee", "Jane Doe")),
        frozenset(("Omar Haddad", "Jane Doe")),
    }
    assert all(e["evidence"].startswith("inferred: both at Globex") for e in inferred)
    assert len(full["edges"]) == len(plain["edges"]) + len(inferred)


def test_email_domains_name_organisations_but_mail_providers_do_not() -> None:
    assert email_organisation("kim@globex.com") == "globex"
    assert email_organisation("kim@eu.globex.co.uk") == "globex"
    assert email_organisation("kim@gmail.com") is None
    assert email_organisation("kim@outlook.com") is None


def test_reference_model_infers_ties_only_to_the_source_first_degree_contacts() -> None:
    G = nx.Graph()
    G.add_edge("me", "kim", strength=0.9)
    G.add_edge("kim", "ann", strength=0.9)
    for node, organisation in (("kim", "globex"), ("jane", "globex"), ("ann", "globex")):
        G.add_node(node, organisation=organisation)
    network = reference.Network.from_networkx(G)
    assert network.inferred_ties("me", "jane") == {"kim": reference.colleague_strength(3)}
    found = reference.routes(network, "me", "jane")
    assert [r.path for r in found] == [("me", "kim", "jane")]
    assert reference.routes(network, "me", "jane", inferred=False) == []


def test_colleagues_and_the_matcher_read_one_list_of_mail_providers() -> None:
    """Two people with addresses at a mail provider are not colleagues, whichever of the two
    readers of email domains (routes or identity) knew the provider first."""
    for address in ("ana@uol.com.br", "kim@posteo.de", "jo@sales.example.com", "bo@duck.com"):
        assert email_organisation(address) is None, address
        assert domain_name(address) is None, address
    assert email_organisation("kim@globex-corp.com") == "globexcorp"
