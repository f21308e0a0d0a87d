"""``netgraph who-can-introduce``, ``target``, ``rank`` and ``export graph`` through CliRunner.

Read-only tests run against a copy of the sample workspace (imported once per module with
``netgraph.demo.run_demo``) placed where ``NETGRAPH_WORKSPACE`` points; the others build their
own small networks from hand-made LinkedIn exports.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner, Result
from conftest import SAMPLE_DATA

from netgraph.cli import cli
from netgraph.routes.search import best_routes

EXPECTED: dict[str, Any] = json.loads((SAMPLE_DATA / "expected.json").read_text("utf-8"))
ME = EXPECTED["me"]["name"]

PERSON_KEYS = {
    "id",
    "name",
    "company",
    "title",
    "emails",
    "phones",
    "linkedin_url",
    "willingness",
    "degree",
    "is_me",
    "sources",
    "name_prefix",
    "name_suffix",
}
ROUTE_KEYS = {
    "rank",
    "group",
    "group_routes",
    "score",
    "warmth",
    "hops",
    "referrer",
    "path",
    "steps",
}
STEP_KEYS = {"from", "to", "strength", "evidence", "inferred"}
# who-can-introduce's document: the contract's keys, plus what says "first-degree" and "what
# would help" in JSON (documented in netgraph.routes.introductions.who_can_introduce).
DOCUMENT_KEYS = {
    "target",
    "routes",
    "routes_offered",
    "organisation",
    "colleagues",
    "first_degree",
    "max_hops",
    "suggestions",
}
RANK_COLUMNS = [
    "name",
    "company",
    "title",
    "linkedin_url",
    "email",
    "degree",
    "score",
    "referrer",
    "route",
    "routes_found",
    "person_id",
    "warmth",
]
FACTOR = {"willing": 1.0, "unknown": 0.6, "unwilling": 0.0}
NODE_ATTRIBUTES = {"name", "company", "title", "willingness", "factor", "degree", "is_me"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


# --- helpers ---------------------------------------------------------------------------------


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def ok(*args: object) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def json_of(*args: object) -> Any:
    return json.loads(ok(*args).stdout)


def write_connections(path: Path, rows: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def private(path: Path) -> bool:
    return stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Path]:
    """Me - Ada (shares her export) - Grace, Me - Bo (unknown), Bo - Cy, and a cold Dan.

    Ada's export lists Grace, Cy, the Navy contacts and Bo; Bo is a connection of mine.
    """
    mine = write_connections(
        tmp_path / "me" / "Connections.csv",
        [
            "Ada,Friend,https://www.linkedin.com/in/ada-friend,,Acme,Engineer,05 Jan 2020",
            "Bo,Contact,https://www.linkedin.com/in/bo-contact,,Globex,Analyst,05 Jan 2021",
            "Wei,Zhang,https://www.linkedin.com/in/wei-zhang-1,,Northwind,Engineer,05 Jan 2021",
            "Wei,Zhang,https://www.linkedin.com/in/wei-zhang-2,,Halcyon,Designer,05 Jan 2021",
        ],
    )
    ok("me", "Noor Haddad")
    ok("import", "linkedin", mine)
    friends = write_connections(
        tmp_path / "ada" / "Connections.csv",
        [
            "Grace,Hopper,https://www.linkedin.com/in/grace-h,,Navy Labs,Admiral,05 Jan 2019",
            "Bo,Contact,https://www.linkedin.com/in/bo-contact,,Globex,Analyst,05 Jan 2021",
            "Cy,Far,https://www.linkedin.com/in/cy-far,,Initech,CTO,05 Jan 2021",
        ],
    )
    ok("import", "linkedin", friends, "--owner", "Ada Friend")
    bos = write_connections(
        tmp_path / "bo" / "Connections.csv",
        ["Dan,Deep,https://www.linkedin.com/in/dan-deep,,Umbrella,Chemist,05 Jan 2021"],
    )
    ok("import", "linkedin", bos, "--owner", "Bo Contact")
    yield tmp_path


# --- who-can-introduce -----------------------------------------------------------------------


def _check_document(document: dict[str, Any], target_name: str) -> None:
    assert set(document) == DOCUMENT_KEYS
    assert set(document["target"]) == PERSON_KEYS
    assert document["target"]["name"] == target_name
    people = {}
    for route in document["routes"]:
        assert set(route) == ROUTE_KEYS
        path = route["path"]
        for person in path:
            assert set(person) == PERSON_KEYS
            people[person["id"]] = person
        assert path[0]["is_me"] is True and path[0]["name"] == ME
        assert path[-1]["id"] == document["target"]["id"]
        assert route["hops"] == len(path) - 1 == len(route["steps"])
        ids = [p["id"] for p in path]
        assert len(set(ids)) == len(ids)
        if route["hops"] == 1:
            assert route["referrer"] is None
        else:
            assert set(route["referrer"]) == PERSON_KEYS
            assert route["referrer"]["id"] == path[1]["id"]
        for i, step in enumerate(route["steps"]):
            assert set(step) == STEP_KEYS
            assert step["from"]["id"] == path[i]["id"]
            assert step["to"]["id"] == path[i + 1]["id"]
            assert step["from"]["name"] == path[i]["name"]
            assert step["to"]["name"] == path[i + 1]["name"]
            assert 0 < step["strength"] <= 1
            assert isinstance(step["evidence"], list) and step["evidence"]
            assert all(isinstance(line, str) and line for line in step["evidence"])
        expected = math.prod(s["strength"] for s in route["steps"]) * math.prod(
            FACTOR[p["willingness"]] for p in path[1:-1]
        )
        assert math.isclose(route["score"], expected, rel_tol=1e-12), route
    assert [r["rank"] for r in document["routes"]] == list(range(1, len(document["routes"]) + 1))


@pytest.mark.parametrize("target", [t["name"] for t in EXPECTED["targets"]])
def test_who_can_introduce_json_contract(sample: Path, target: str) -> None:
    expected = next(t for t in EXPECTED["targets"] if t["name"] == target)
    document = json_of("who-can-introduce", target, "--format", "json", "--top", "8")
    _check_document(document, target)
    assert document["first_degree"] is False
    assert document["max_hops"] == 3
    assert document["suggestions"] == []
    assert 1 <= len(document["routes"]) <= 8
    assert document["routes"][0]["referrer"]["name"] == expected["best_referrer"]
    assert document["target"]["degree"] == expected["degree"]


def test_who_can_introduce_top_k_lists_k_routes(sample: Path) -> None:
    everything = json_of(
        "who-can-introduce", "Oluwaseun Bakare", "--format", "json", "--top", "500"
    )
    total = len(everything["routes"])
    # Adaeze, Tomás, and Dmitri (a colleague at Halcyon: an inferred tie); every other route
    # to Oluwaseun is a detour through someone who knows one of them
    assert total == everything["routes_offered"] == 3
    assert [r["referrer"]["name"] for r in everything["routes"]] == [
        "Adaeze Nwosu",
        "Tomás Ferreira",
        "Dmitri Volkov",
    ]
    assert [r["warmth"] for r in everything["routes"]] == ["warm", "warm", "cold"]
    for k in (1, 2, 3):
        document = json_of("who-can-introduce", "Oluwaseun Bakare", "--format", "json", "--top", k)
        assert len(document["routes"]) == k
        assert [r["path"] for r in document["routes"]] == [
            r["path"] for r in everything["routes"][:k]
        ]
    unknow_marek()  # Ayşe is third degree: many routes
    ayse = json_of("who-can-introduce", "Ayşe Demir", "--format", "json", "--top", "500")
    assert ayse["routes_offered"] == len(ayse["routes"]) > 5
    default = json_of("who-can-introduce", "Ayşe Demir", "--format", "json")
    assert len(default["routes"]) == 5
    assert [r["rank"] for r in default["routes"]] == [1, 2, 3, 4, 5]


def test_who_can_introduce_table(sample: Path) -> None:
    out = ok("who-can-introduce", "Oluwaseun Bakare").stdout
    assert "Routes to Oluwaseun Bakare" in out
    assert "1. ask Adaeze Nwosu: 1 route\n   #1 score 0.3" in out
    assert "2. ask Tomás Ferreira: 1 route\n   #2 score 0.2" in out
    assert "Noor Haddad - Adaeze Nwosu" in out
    assert "Adaeze Nwosu - Oluwaseun Bakare" in out
    document = json_of("who-can-introduce", "Oluwaseun Bakare", "--format", "json")
    first = document["routes"][0]
    assert f"score {first['score']:.3f} warm, 2 hops" in out
    assert first["warmth"] == "warm"
    for line in first["steps"][1]["evidence"]:
        assert line in out


def test_who_can_introduce_via_and_avoid(sample: Path) -> None:
    via = json_of(
        "who-can-introduce",
        "Oluwaseun Bakare",
        "--via",
        "Tomás Ferreira",
        "--format",
        "json",
        "--top",
        "50",
    )
    _check_document(via, "Oluwaseun Bakare")
    assert via["routes"]
    for route in via["routes"]:
        assert "Tomás Ferreira" in [p["name"] for p in route["path"][1:-1]]
    avoid = json_of(
        "who-can-introduce",
        "Oluwaseun Bakare",
        "--avoid",
        "Adaeze Nwosu",
        "--avoid",
        "Tomás Ferreira",
        "--format",
        "json",
        "--top",
        "50",
    )
    _check_document(avoid, "Oluwaseun Bakare")
    for route in avoid["routes"]:
        middle = {p["name"] for p in route["path"][1:-1]}
        assert not middle & {"Adaeze Nwosu", "Tomás Ferreira"}


def unknow_marek() -> None:
    """Noor says she does not know Marek Nowak, whose export she has: Ayşe Demir is third
    degree again (Noor, Tomás Ferreira, Marek, Ayşe)."""
    ok("tie", "Noor Haddad", "Marek Nowak", "--remove")


def test_who_can_introduce_max_hops(sample: Path) -> None:
    unknow_marek()
    four = json_of(
        "who-can-introduce", "Ayşe Demir", "--max-hops", "4", "--format", "json", "--top", "500"
    )
    _check_document(four, "Ayşe Demir")
    assert four["max_hops"] == 4
    assert max(r["hops"] for r in four["routes"]) == 4
    three = json_of("who-can-introduce", "Ayşe Demir", "--format", "json", "--top", "500")
    assert all(r["hops"] <= 3 for r in three["routes"])
    for bad in ("0", "5"):
        result = run("who-can-introduce", "Ayşe Demir", "--max-hops", bad)
        assert result.exit_code == 2


def test_who_can_introduce_first_degree(sample: Path) -> None:
    out = ok("who-can-introduce", "Tomás Ferreira").stdout
    assert "first-degree" in out
    assert "ask them directly" in out
    document = json_of("who-can-introduce", "Tomás Ferreira", "--format", "json", "--top", "100")
    _check_document(document, "Tomás Ferreira")
    assert document["first_degree"] is True
    direct = [r for r in document["routes"] if r["hops"] == 1]
    assert len(direct) == 1 and direct[0]["referrer"] is None


def test_who_can_introduce_no_route_says_what_would_help(sample: Path) -> None:
    unknow_marek()
    out = ok("who-can-introduce", "Ayşe Demir", "--max-hops", "2").stdout
    assert "No route to Ayşe Demir within 2 hops." in out
    assert "What would help:" in out
    # the suggested command shows the route: who-can-introduce looks 3 hops out by default
    assert re.search(r"a route of 3 hops exists \(netgraph who-can-introduce '#\d+'\)$", out, re.M)
    document = json_of("who-can-introduce", "Ayşe Demir", "--max-hops", "2", "--format", "json")
    _check_document(document, "Ayşe Demir")
    assert document["routes"] == []
    assert document["first_degree"] is False
    target = document["target"]["id"]
    assert (
        f"a route of 3 hops exists (netgraph who-can-introduce '#{target}')"
        in (document["suggestions"])
    )
    # Marek Nowak is the only one who knows her
    avoided = ok("who-can-introduce", "Ayşe Demir", "--avoid", "Marek Nowak").stdout
    assert "No route to Ayşe Demir within 3 hops." in avoided
    assert "without your --via/--avoid" in avoided


def test_who_can_introduce_suggests_include_unwilling(sample: Path) -> None:
    ok("referrer", "Marek Nowak", "--unwilling")
    out = ok("who-can-introduce", "Ayşe Demir").stdout
    assert "No route to Ayşe Demir" in out
    assert "--include-unwilling" in out
    document = json_of("who-can-introduce", "Ayşe Demir", "--include-unwilling", "--format", "json")
    assert document["routes"]
    for route in document["routes"]:
        marek = [p for p in route["path"][1:-1] if p["name"] == "Marek Nowak"]
        assert marek and marek[0]["willingness"] == "unwilling"
        expected = math.prod(s["strength"] for s in route["steps"]) * math.prod(
            0.1 if p["willingness"] == "unwilling" else FACTOR[p["willingness"]]
            for p in route["path"][1:-1]
        )
        assert math.isclose(route["score"], expected, rel_tol=1e-12)


def test_who_can_introduce_unknown_and_ambiguous_people(sample: Path) -> None:
    unknown = run("who-can-introduce", "Nobody Atall")
    assert unknown.exit_code == 5
    assert "Error:" in unknown.stderr and "Traceback" not in unknown.output
    ambiguous = run("who-can-introduce", "Wei Zhang")
    assert ambiguous.exit_code == 6
    assert "Error:" in ambiguous.stderr
    assert run("who-can-introduce", "Oluwaseun Bakare", "--via", "Nobody Atall").exit_code == 5
    assert run("who-can-introduce", "Oluwaseun Bakare", "--avoid", "Wei Zhang").exit_code == 6


def test_who_can_introduce_on_a_small_network(small: Path) -> None:
    document = json_of("who-can-introduce", "Grace Hopper", "--format", "json")
    _check_document(document, "Grace Hopper")
    paths = [[p["name"] for p in r["path"]] for r in document["routes"]]
    assert paths[0] == ["Noor Haddad", "Ada Friend", "Grace Hopper"]
    # asking Bo to ask Ada, whom you know better than Bo does, is a pointless detour
    assert ["Noor Haddad", "Bo Contact", "Ada Friend", "Grace Hopper"] not in paths
    dan = json_of("who-can-introduce", "Dan Deep", "--format", "json")
    _check_document(dan, "Dan Deep")
    assert next([p["name"] for p in r["path"]] for r in dan["routes"]) == [
        "Noor Haddad",
        "Bo Contact",
        "Dan Deep",
    ]


# --- target ----------------------------------------------------------------------------------


def test_target_add_list_remove(sample: Path) -> None:
    for target in json_of("target", "list", "--format", "json"):  # the demo's own targets
        ok("target", "remove", str(target["person_id"]))
    assert json_of("target", "list", "--format", "json") == []
    out = ok("target", "add", "Oluwaseun Bakare").stdout
    assert "Added Oluwaseun Bakare" in out
    ok("target", "add", "Ayşe Demir")
    targets = json_of("target", "list", "--format", "json")
    assert [t["name"] for t in targets] == ["Oluwaseun Bakare", "Ayşe Demir"]
    assert all(t["person_id"] is not None for t in targets)
    table = ok("target", "list").stdout
    assert "Oluwaseun Bakare" in table and "Ayşe Demir" in table
    ok("target", "remove", "Ayşe Demir")
    assert [t["name"] for t in json_of("target", "list", "--format", "json")] == [
        "Oluwaseun Bakare"
    ]
    assert run("target", "remove", "Ayşe Demir").exit_code == 5
    assert run("target", "add", "Wei Zhang").exit_code == 6
    assert run("target", "add", "Nobody Atall").exit_code == 5
    assert run("target", "add", "Noor Haddad").exit_code == 2
    assert run("target", "add", "Oluwaseun Bakare", "--name", "X").exit_code == 2


def test_target_waiting_then_matched_by_an_import(tmp_path: Path, workspace_path: Path) -> None:
    out = ok("target", "add", "--name", "Grace Hopper", "--company", "Navy Labs").stdout
    assert "not in your network yet" in out
    waiting = json_of("target", "list", "--format", "json")
    assert [(t["name"], t["person_id"]) for t in waiting] == [("Grace Hopper", None)]
    assert "waiting" in ok("target", "list").stdout
    mine = write_connections(
        tmp_path / "me" / "Connections.csv",
        ["Ada,Friend,https://www.linkedin.com/in/ada-friend,,Acme,Engineer,05 Jan 2020"],
    )
    ok("me", "Noor Haddad")
    ok("import", "linkedin", mine)
    assert json_of("target", "list", "--format", "json")[0]["person_id"] is None
    friends = write_connections(
        tmp_path / "ada" / "Connections.csv",
        ["Grace,Hopper,https://www.linkedin.com/in/grace-h,,Navy Labs,Admiral,05 Jan 2019"],
    )
    ok("import", "linkedin", friends, "--owner", "Ada Friend")
    matched = json_of("target", "list", "--format", "json")
    assert len(matched) == 1
    assert matched[0]["person_id"] is not None
    assert matched[0]["degree"] == 2
    grace = json_of("people", "Grace", "--format", "json")
    assert matched[0]["person_id"] == grace[0]["id"]
    rows = json_of("rank", "--targets", "--format", "json")
    assert [(r["name"], r["referrer"]) for r in rows] == [("Grace Hopper", "Ada Friend")]
    ok("target", "remove", "Grace Hopper")
    assert json_of("target", "list", "--format", "json") == []


# --- rank ------------------------------------------------------------------------------------


def test_rank_json_and_jsonl_columns(sample: Path) -> None:
    rows = json_of("rank", "--format", "json")
    by_degree = EXPECTED["people_by_degree"]
    assert len(rows) == by_degree["2"] + by_degree["3"]
    for row in rows:
        assert list(row) == RANK_COLUMNS
        assert row["degree"] != 1
    scores = [r["score"] for r in rows if r["score"] is not None]
    assert scores == sorted(scores, reverse=True)
    lines = ok("rank", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows
    by_name = {r["name"]: r for r in rows}
    for target in EXPECTED["targets"]:
        assert by_name[target["name"]]["referrer"] == target["best_referrer"]
    top = json_of("rank", "--format", "json", "--top", "3")
    assert top == rows[:3]


def test_rank_csv_columns_and_filters(sample: Path) -> None:
    text = ok("rank", "--format", "csv", "--company", "Halcyon").stdout
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == RANK_COLUMNS
    assert table[1:]
    assert all(len(row) == len(RANK_COLUMNS) for row in table)
    assert "Oluwaseun Bakare" in {row[0] for row in table[1:]}
    assert all("halcyon" in row[1].casefold() for row in table[1:])
    # three decimals, the warmth in words and the person's id (two people can share a name)
    for row in table[1:]:
        record = dict(zip(RANK_COLUMNS, row, strict=True))
        assert record["score"] == "" or len(record["score"].split(".")[1]) <= 3
        assert record["warmth"] in {"", "warm", "lukewarm", "cold"}
        assert record["person_id"].isdigit()
    titled = json_of("rank", "--format", "json", "--title", "Head of ML")
    assert [r["name"] for r in titled] == ["Ayşe Demir"]


def test_rank_table(sample: Path) -> None:
    out = ok("rank", "--top", "5").stdout
    first = json_of("rank", "--format", "json", "--top", "1")[0]
    assert first["name"] in out
    assert f"{first['score']:.3f}" in out


def test_rank_best_route_is_who_can_introduce_top_route(sample: Path) -> None:
    rows = json_of("rank", "--format", "json")
    for target in EXPECTED["targets"]:
        row = next(r for r in rows if r["name"] == target["name"])
        document = json_of("who-can-introduce", target["name"], "--format", "json", "--top", "1")
        top = document["routes"][0]
        assert math.isclose(row["score"], top["score"], rel_tol=1e-12)
        assert row["route"] == " > ".join(p["name"] for p in top["path"])
        assert row["referrer"] == top["referrer"]["name"]


@pytest.mark.parametrize("output_format", ["csv", "json", "jsonl"])
def test_rank_output_file_is_private(sample: Path, tmp_path: Path, output_format: str) -> None:
    target = tmp_path / f"ranked.{output_format}"
    result = ok("rank", "--format", output_format, "-o", target)
    assert str(target) in result.stdout
    assert target.exists()
    assert private(target)
    stdout = ok("rank", "--format", output_format).stdout
    assert target.read_text("utf-8") == stdout


def test_rank_table_refuses_an_output_file(sample: Path, tmp_path: Path) -> None:
    assert run("rank", "-o", tmp_path / "x.txt").exit_code == 2
    assert not (tmp_path / "x.txt").exists()


def test_rank_csv_neutralises_formulas(tmp_path: Path) -> None:
    evil_company = "=cmd|' /C calc'!A0"
    mine = write_connections(
        tmp_path / "me" / "Connections.csv",
        ["Ada,Friend,https://www.linkedin.com/in/ada-friend,,Acme,Engineer,05 Jan 2020"],
    )
    ok("me", "Noor Haddad")
    ok("import", "linkedin", mine)
    friends = write_connections(
        tmp_path / "ada" / "Connections.csv",
        [
            f'Eve,Vil,https://www.linkedin.com/in/eve-vil,,"{evil_company}",+1-2,05 Jan 2019',
            '@SUM(1+1),Person,https://www.linkedin.com/in/at-sum,,"-2+3",'
            '"=HYPERLINK(""http://x"")",05 Jan 2019',
        ],
    )
    ok("import", "linkedin", friends, "--owner", "Ada Friend")
    rows = json_of("rank", "--format", "json")
    assert evil_company in {r["company"] for r in rows}  # JSON keeps the text as it is
    text = ok("rank", "--format", "csv").stdout
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == RANK_COLUMNS
    assert len(table) == 3
    cells = [cell for row in table[1:] for cell in row]
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            float(cell)  # only a plain number may start like a formula
    eve = next(row for row in table[1:] if row[0] == "Eve Vil")
    assert eve[1] == "'" + evil_company
    assert eve[2] == "'+1-2"


# --- export graph ----------------------------------------------------------------------------


def _check_graph(G: nx.Graph, conn: sqlite3.Connection) -> None:
    people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    edges = conn.execute("SELECT count(*) FROM edges").fetchone()[0]
    assert G.number_of_nodes() == people
    assert G.number_of_edges() == edges
    seen: set[str] = set()
    for _node, data in G.nodes(data=True):
        assert {"name", "willingness", "factor", "is_me"} <= set(data)
        assert set(data) - {"label"} <= NODE_ATTRIBUTES  # read_gexf adds the GEXF label
        assert math.isclose(float(data["factor"]), FACTOR[data["willingness"]])
        seen |= set(data)
    assert seen - {"label"} == NODE_ATTRIBUTES
    assert sum(1 for _, d in G.nodes(data=True) if d["is_me"] in (True, "true")) == 1
    for _u, _v, data in G.edges(data=True):
        assert set(data) >= {"strength", "evidence"}
        assert 0 < float(data["strength"]) <= 1
        assert isinstance(data["evidence"], str) and data["evidence"]


def _load(path: Path, output_format: str) -> nx.Graph:
    if output_format == "graphml":
        return nx.read_graphml(path)
    if output_format == "gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")


@pytest.mark.parametrize("output_format", ["graphml", "gexf", "json"])
def test_export_graph_loads_with_networkx(sample: Path, tmp_path: Path, output_format: str) -> None:
    path = tmp_path / f"network.{output_format}"
    ok("export", "graph", "--format", output_format, "-o", path)
    assert private(path)
    G = _load(path, output_format)
    conn = sqlite3.connect(sample)
    try:
        _check_graph(G, conn)
        by_name = {d["name"]: (n, d) for n, d in G.nodes(data=True)}
        _, tomas = by_name["Tomás Ferreira"]
        assert tomas["company"] == "Northwind Analytics"
        assert tomas["willingness"] == "willing"
        assert int(tomas["degree"]) == 1
        _, ayse = by_name["Ayşe Demir"]
        assert int(ayse["degree"]) == 2  # Marek Nowak shared his export: he is first degree
        assert ayse["title"] == "Head of ML Infrastructure"
    finally:
        conn.close()
    stdout = ok("export", "graph", "--format", output_format).stdout
    assert stdout == path.read_text("utf-8")


@pytest.mark.parametrize("output_format", ["graphml", "gexf", "json"])
def test_export_graph_with_control_characters_still_loads(
    tmp_path: Path, output_format: str
) -> None:
    """Contact data is untrusted: a control character in a company (here U+0001, kept by the
    importer) must not make the export unreadable."""
    mine = write_connections(
        tmp_path / "me" / "Connections.csv",
        ["Bell,Ringer,https://www.linkedin.com/in/bell,,Acme\x01Corp,Chief,05 Jan 2020"],
    )
    ok("me", "Noor Haddad")
    ok("import", "linkedin", mine)
    path = tmp_path / f"network.{output_format}"
    ok("export", "graph", "--format", output_format, "-o", path)
    G = _load(path, output_format)
    assert {d["name"] for _, d in G.nodes(data=True)} == {"Noor Haddad", "Bell Ringer"}
    assert G.number_of_edges() == 1


def test_export_graph_default_is_graphml(sample: Path) -> None:
    out = ok("export", "graph").stdout
    assert out.lstrip().startswith("<?xml")
    assert "graphml" in out[:500]


@pytest.mark.parametrize("output_format", ["graphml", "gexf", "json"])
def test_ranking_recomputed_from_the_export_equals_the_cli(
    sample: Path, tmp_path: Path, output_format: str
) -> None:
    path = tmp_path / f"network.{output_format}"
    ok("export", "graph", "--format", output_format, "-o", path)
    G = _load(path, output_format)
    me = next(n for n, d in G.nodes(data=True) if d["is_me"] in (True, "true"))
    for target in EXPECTED["targets"]:
        node = next(n for n, d in G.nodes(data=True) if d["name"] == target["name"])
        document = json_of("who-can-introduce", target["name"], "--format", "json", "--no-inferred")
        mine = list(best_routes(G, me, node, k=5))
        assert [[G.nodes[n]["name"] for n in r.path] for r in mine] == [
            [p["name"] for p in route["path"]] for route in document["routes"]
        ]
        for route, cli_route in zip(mine, document["routes"], strict=True):
            assert math.isclose(route.score, cli_route["score"], rel_tol=1e-9)
        # the exported factor attribute gives the same ranking
        by_factor = list(best_routes(G, me, node, k=1, factor="factor"))
        assert math.isclose(by_factor[0].score, document["routes"][0]["score"], rel_tol=1e-9)


def test_rank_needs_to_know_who_you_are() -> None:
    ok("target", "add", "--name", "Grace Hopper")
    result = run("rank")
    assert result.exit_code == 2
    assert "netgraph me" in result.stderr


def test_route_index_is_saved_privately_and_forget_leaves_no_tie_of_the_person(
    sample: Path,
) -> None:
    """forget deletes the saved index (it holds the person's ties) and saves one built from
    what is left: private again, and without a single tie of theirs."""
    ok("who-can-introduce", "Oluwaseun Bakare")
    folder = sample.with_name(sample.name + ".routes")
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(private(f) for f in folder.iterdir())
    before = (folder / "token").read_text()
    adaeze = json_of("show", "Adaeze Nwosu", "--format", "json")["id"]
    ok("forget", "Adaeze Nwosu", "--yes")
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(private(f) for f in folder.iterdir())
    assert (folder / "token").read_text() != before
    indptr, indices = np.load(folder / "indptr.npy"), np.load(folder / "indices.npy")
    assert adaeze not in indices.tolist()
    assert adaeze >= len(indptr) - 1 or indptr[adaeze] == indptr[adaeze + 1]
    document = json_of("who-can-introduce", "Oluwaseun Bakare", "--format", "json")
    assert all("Adaeze Nwosu" not in [p["name"] for p in r["path"]] for r in document["routes"])
