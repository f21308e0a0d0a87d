"""The benchmarks still run: bench.py end to end at size S, the generator, and routes_bench.py.

Timings are never checked (CI machines are shared); what is checked is that every step ran,
that the import produced exactly the network the generator describes, and that the baselines
agree with netgraph (bench.py asserts that itself).
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT

BENCHMARKS = REPO_ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from generate import PREAMBLE, AddressBooks, generate  # noqa: E402

from netgraph.ingest.readers.vcard import read_vcard  # noqa: E402


def _run_bench(tmp_path: Path) -> dict[str, Any]:
    """Run bench.py at size S with few queries; return its JSON report."""
    report_path = tmp_path / "bench-S.json"
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "bench.py"),
            "--size",
            "S",
            "--queries",
            "3",
            "--cold-queries",
            "2",
            "--targets",
            "3",
            "--baseline-queries",
            "2",
            "--workdir",
            str(tmp_path / "work"),
            "--json",
            str(report_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "route search (library)" in result.stdout  # the table was printed
    assert "naive import: polars + networkx (shell)" in result.stdout
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    return report


@pytest.fixture(scope="module")
def bench_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One bench.py run at size S, shared by the checks below."""
    return _run_bench(tmp_path_factory.mktemp("bench"))


def test_bench_reports_the_run(bench_report: dict[str, Any]) -> None:
    report = bench_report
    assert report["size"] == "S" and report["shape"] == "pooled"
    assert {"commit", "dirty"} <= set(report["git"])
    assert {"cpu", "cores", "ram_gb", "python", "sqlite", "libraries"} <= set(report["machine"])
    assert report["peak_rss_mb"] > 0
    assert report["disk"]["total_bytes"] > report["disk"]["routes_bytes"] > 0


def test_bench_imports_one_large_export_into_the_workspace(bench_report: dict[str, Any]) -> None:
    """Issue 16 item 4's figure: a new 30,000-row export, half of it people already known,
    imported with the saved route index patched and with it read whole."""
    single = bench_report["single_import"]
    said = re.search(r"(\d+) records, (\d+) new people, (\d+) matched", single["output"])
    assert said, single["output"]
    records, new, matched = map(int, said.groups())
    # S's largest export is small: the rows past its end are all new people; a generated
    # export's few date-only rows are skipped, as in any import.
    assert records >= 29_900 and new + matched == records and matched > 0
    assert single["patched"]["count"] == single["index_read_whole"]["count"] == 1


def test_bench_import_gives_the_generated_network(bench_report: dict[str, Any]) -> None:
    imported = bench_report["import"]
    assert imported["matches_truth"], (imported["imported"], imported["expected"])
    assert bench_report["network"]["people"] == 1000
    assert bench_report["network"]["ties"] > 4000
    # Every export's owner shared it, so knows the user: the third degree are the people known
    # only by the relations friends' cards name (spouse, manager, colleague), a fifth at S.
    by_degree = bench_report["network"]["by_degree"]
    assert all(by_degree[d] > 0 for d in ("1", "2"))
    assert 150 <= by_degree["3"] <= 300
    assert imported["seconds"] > 0 and imported["peak_rss_mb"] > 0


def test_bench_sets_the_naive_import_beside_netgraphs(bench_report: dict[str, Any]) -> None:
    naive, imported = bench_report["naive_import"], bench_report["import"]
    # The same Connections.csv files, every row read; the owner-contact edges are the ties
    # the LinkedIn exports give (netgraph's ties add the vCards' on top, none are lost).
    assert 0 < naive["files"] < bench_report["network"]["files"]  # no vCard files
    assert naive["rows"] == imported["connections_rows"]
    assert 0 < naive["edges"] <= imported["imported"]["ties"]
    assert naive["nodes"] <= imported["imported"]["people"]
    assert naive["seconds"] > 0 and naive["peak_rss_mb"] > 0
    assert naive["netgraph_ratio"] == imported["seconds"] / naive["seconds"]


def test_bench_measures_queries_rank_and_maps(bench_report: dict[str, Any]) -> None:
    cold, warm = bench_report["cold"], bench_report["warm"]
    # Second- and third-degree targets (the third by the name a friend's card gave them)
    # always have a route within three ties.
    assert cold["who_can_introduce"]["with_routes"] == {"2": 2, "3": 2}
    assert cold["who_can_introduce"]["all"]["count"] == 4
    assert warm["route_search_ms"]["count"] == 6
    assert warm["route_search_ms"]["by_degree"]["3"]["count"] == 3
    assert warm["reached"] > 0
    assert cold["target_add"]["count"] == 3
    for ranks in (cold["rank"], warm["rank"]):
        assert ranks["targets"]["rows"] == 3
        assert ranks["top100"]["rows"] == 100
        assert ranks["company"]["rows"] > 0
    for kind in ("default", "company", "targets"):
        assert bench_report["map"][kind]["html_bytes"] > 0
        assert bench_report["map"][kind]["nodes"] > 0
    assert bench_report["map"]["pyvis"]["generate_html_s"] > 0


def test_bench_compares_readers_and_baselines(bench_report: dict[str, Any]) -> None:
    readers = bench_report["readers"]
    assert readers["linkedin"]["contacts"] > 0
    assert readers["linkedin"]["records"] == readers["linkedin"]["contacts"]
    assert readers["vcard"]["cards"] > 0
    assert all(
        readers[kind][rate] > 0
        for kind, rate in (
            ("linkedin", "netgraph_rows_per_s"),
            ("linkedin", "csv_module_rows_per_s"),
            ("linkedin", "polars_rows_per_s"),
            ("vcard", "netgraph_cards_per_s"),
            ("vcard", "vobject_cards_per_s"),
        )
    )
    found = bench_report["baselines"]
    assert found["targets"] == 4  # two second-degree targets and two third-degree ones
    for name in ("networkx-yen", "rustworkx-all-simple-paths", "scipy-csgraph"):
        assert found[name]["finished"] > 0  # at S every baseline finishes its queries...
        assert found[name]["agreeing"] == found[name]["finished"]  # ...with netgraph's scores


def test_generator_is_seeded_and_writes_real_export_layouts(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", "S", "hub", seed=3)
    second = generate(tmp_path / "b", "S", "hub", seed=3)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.*"))
    for name in files:
        if name.name != "truth.json":
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert {k: v for k, v in first.items() if k != "seconds"} == {
        k: v for k, v in second.items() if k != "seconds"
    }
    manifest = list(csv.DictReader((tmp_path / "a" / "manifest.csv").open(encoding="utf-8")))
    assert manifest[0] == {"path": "exports/me", "kind": "linkedin", "owner": ""}
    assert {row["kind"] for row in manifest} == {"linkedin", "vcard"}
    assert all((tmp_path / "a" / row["path"]).exists() for row in manifest)
    text = (tmp_path / "a" / "exports" / "me" / "Connections.csv").read_text(encoding="utf-8")
    assert text.startswith(PREAMBLE)
    header, row = text[len(PREAMBLE) :].splitlines()[:2]
    assert header == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    assert row.split(",")[-1][2:3] == " " and row.endswith(tuple(str(y) for y in range(2010, 2027)))
    assert first["files"]["hubs"] > 0
    assert first["targets"]["second_degree"] and first["targets"]["third_degree"]
    assert all(t["query"] == t["url"] for t in first["targets"]["second_degree"])
    # Third-degree people are known only by the name a friend's card gives as a relation.
    assert all(t["url"] is None for t in first["targets"]["third_degree"])
    books = [tmp_path / "a" / path for path in first["files"]["vcard_paths"]]
    text = "".join(book.read_text(encoding="utf-8") for book in books)
    assert "X-ABRELATEDNAMES" in text and "vnd.android.cursor.item/relation" in text
    named = {
        relation.name
        for book in books
        for contact in read_vcard(book).contacts
        for relation in contact.relations
    }
    assert all(t["query"] == t["name"] for t in first["targets"]["third_degree"])
    assert {t["name"] for t in first["targets"]["third_degree"]} <= named


def test_generating_again_into_a_folder_leaves_none_of_the_earlier_files(tmp_path: Path) -> None:
    """A messages.csv an earlier generation left beside an export would add ties the truth of
    the new one does not count."""
    generate(tmp_path, "S", "pooled", seed=3)
    stale = tmp_path / "exports" / "someone-gone" / "messages.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("stale", encoding="utf-8")
    (tmp_path / "vcards" / "old-book.vcf").write_text("stale", encoding="utf-8")
    generate(tmp_path, "S", "pooled", seed=3)
    assert not stale.exists()
    assert not (tmp_path / "vcards" / "old-book.vcf").exists()
    assert (tmp_path / "manifest.csv").exists() and (tmp_path / "truth.json").exists()
    # A folder nothing generated keeps what it holds.
    other = tmp_path / "other"
    (other / "exports").mkdir(parents=True)
    (other / "exports" / "mine.txt").write_text("keep", encoding="utf-8")
    generate(other, "S", "pooled", seed=3)
    assert (other / "exports" / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_generated_phone_numbers_stay_distinct_past_an_l_sized_set_of_cards() -> None:
    """L's address books hold over 200,000 cards; two cards with one number are one person to
    netgraph (a phone number is an identity key), which once merged people the generator
    meant to be different and made L's counts differ from its truth."""
    books = AddressBooks()
    numbers = [books.phone() for _ in range(300_000)]
    assert len(set(numbers)) == len(numbers)


def test_route_benchmark_runs_at_size_s(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "routes_bench.py"),
            "--size",
            "S",
            "--queries",
            "3",
            "--no-baseline",
            "--workdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["people"] == 1000
    assert report["route_search_ms"]["queries"] >= 3
    assert report["reached"] > 0
    assert set(report["rank_s"]) == {"top100", "company", "everyone"}
