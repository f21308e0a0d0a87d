"""The printed table of a ``bench.py`` report: one line per figure, with ratios to baselines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def _ms(seconds: float) -> str:
    """Milliseconds below a second, seconds above."""
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _wall_cpu(figures: dict[str, Any], key: str = "seconds", cpu: str = "cpu_s") -> str:
    """Wall time with the CPU time beside it."""
    return f"{_ms(figures[key])} ({_ms(figures[cpu])} CPU)"


def _ratio(ratio: float) -> str:
    """A ratio with two significant digits below 10 ("0.15x", "3.2x", "898x")."""
    if ratio >= 10:
        return f"{ratio:,.0f}x"
    return f"{ratio:.2g}x"


def _mb(size: float) -> str:
    """Bytes as megabytes."""
    return f"{size / 1e6:.1f} MB"


def table_rows(report: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(figure, value) lines of the printed table."""
    net, imp = report["network"], report["import"]
    yield (
        "network",
        (
            f"{net['people']:,} people, {net['ties']:,} ties, degrees "
            f"{'/'.join(str(net['by_degree'][d]) for d in ('1', '2', '3'))} (1st/2nd/3rd); "
            f"{net['files']} files"
        ),
    )
    match = "matches" if imp["matches_truth"] else f"DIFFERS from expected {imp['expected']}"
    yield (
        "import batch (shell)",
        (
            f"{_wall_cpu(imp)}, {imp['rows_per_s']:,.0f} Connections rows/s, "
            f"peak {imp['peak_rss_mb']:,.0f} MB; counts {match}"
        ),
    )
    naive = report.get("naive_import")
    if naive:
        yield (
            "naive import: polars + networkx (shell)",
            (
                f"{_wall_cpu(naive)} ({_ms(naive['work_s'])} after its imports), "
                f"{naive['rows_per_s']:,.0f} Connections rows/s, "
                f"peak {naive['peak_rss_mb']:,.0f} MB; {naive['nodes']:,} nodes, "
                f"{naive['edges']:,} edges; netgraph/naive {_ratio(naive['netgraph_ratio'])} "
                f"wall, {_ratio(naive['netgraph_cpu_ratio'])} CPU"
            ),
        )
    single = report.get("single_import")
    if single:
        patched, whole = single["patched"], single["index_read_whole"]
        yield (
            "one 30,000-row export into it (shell)",
            (
                f"median {_wall_cpu(patched, 'median_s', 'median_cpu_s')} (route index "
                f"patched); {_wall_cpu(whole, 'median_s', 'median_cpu_s')} with it read "
                f"whole ({_ratio(single['ratio_to_index_read_whole'])}); naive "
                f"{_ms(single['naive']['median_s'])} (netgraph/naive "
                f"{_ratio(single['ratio_to_naive'])}); {single['repeats']} runs each"
            ),
        )
    cold = report["cold"]["who_can_introduce"]
    for degree in ("2", "3"):
        if degree in cold:
            c = cold[degree]
            yield (
                f"who-can-introduce, degree {degree} (shell)",
                (
                    f"median {_wall_cpu(c, 'median_s', 'median_cpu_s')}, max {_ms(c['max_s'])} "
                    f"({c['count']} runs), "
                    f"peak {c['peak_rss_mb']:,.0f} MB"
                ),
            )
    warm = report["warm"]
    search = warm["route_search_ms"]
    yield (
        "route search (library)",
        (
            f"median {search['median']:.2f} ms, p99 {search['p99']:.2f} ms "
            f"({search['count']} targets; medians by degree "
            + ", ".join(f"{d}: {v['median']:.2f} ms" for d, v in search["by_degree"].items())
            + ")"
        ),
    )
    document = warm["who_can_introduce_ms"]
    yield (
        "who-can-introduce document (library)",
        f"median {document['median']:.1f} ms, p99 {document['p99']:.1f} ms",
    )
    yield (
        "route index build / load",
        (
            f"{_ms(warm['index_build_s'])} / {warm['index_load_ms']:.1f} ms, "
            f"{warm['index_bytes_per_tie']:.1f} bytes per tie"
        ),
    )
    yield (
        "best route to everyone (library)",
        (f"{_ms(warm['best_route_to_everyone_s'])}, {warm['reached']:,} people reached"),
    )
    add = report["cold"]["target_add"]
    yield (
        "target add (shell)",
        (f"median {_wall_cpu(add, 'median_s', 'median_cpu_s')} ({add['count']} targets)"),
    )
    for label in ("targets", "company", "top100"):
        c, w = report["cold"]["rank"][label], warm["rank"][label]
        yield (
            f"rank {label} (shell / library)",
            (
                f"{_wall_cpu(c)} / {_ms(w['seconds'])}, {c['rows']:,} rows, "
                f"peak {c['peak_rss_mb']:,.0f} MB"
            ),
        )
    for label, m in report["map"].items():
        if label == "pyvis":
            yield (
                "pyvis generate_html, default map",
                (f"{_ms(m['generate_html_s'])} ({m['nodes']:,} nodes, {m['edges']:,} ties)"),
            )
            continue
        yield (
            f"map {label} (shell)",
            (
                f"{_wall_cpu(m)}, {_mb(m['html_bytes'])} HTML, {m['nodes']} people, "
                f"peak {m['peak_rss_mb']:,.0f} MB"
            ),
        )
    readers = report["readers"]
    li, vc = readers["linkedin"], readers["vcard"]
    yield (
        "Connections.csv reader",
        (
            f"netgraph {li['netgraph_rows_per_s']:,.0f} rows/s read and made records "
            f"(read alone {li['netgraph_read_rows_per_s']:,.0f}, as Contact objects "
            f"{li['netgraph_contacts_rows_per_s']:,.0f}); csv module "
            f"{li['csv_module_rows_per_s']:,.0f}; polars {li['polars_rows_per_s']:,.0f} "
            f"({li['rows']:,} rows)"
        ),
    )
    yield (
        "vCard reader",
        (
            f"netgraph {vc['netgraph_cards_per_s']:,.0f} cards/s; vobject "
            f"{vc['vobject_cards_per_s']:,.0f} ({vc['cards']:,} cards)"
        ),
    )
    for name, b in report.get("baselines", {}).items():
        if isinstance(b, dict) and "stopped" in b:
            yield f"baseline {name}", f"{b['stopped']}: no result"
        elif isinstance(b, dict):
            yield (
                f"baseline {name}",
                (
                    f"load {_ms(b['load_s'])}, median {_ms(b['median_s'])} "
                    f"({_ratio(b['ratio_to_netgraph_median'])} netgraph's median), "
                    f"{b['capped']} capped, {b['agreeing']} agree"
                ),
            )
    disk = report["disk"]
    yield (
        "workspace on disk",
        (
            f"{_mb(disk['total_bytes'])} (SQLite {_mb(disk['sqlite_bytes'])}, WAL "
            f"{_mb(disk['wal_bytes'])}, route index {_mb(disk['routes_bytes'])}), "
            f"{disk['bytes_per_tie']:.0f} bytes per tie"
        ),
    )
    yield "peak RSS of any command", f"{report['peak_rss_mb']:,.0f} MB"


def print_table(report: dict[str, Any]) -> None:
    """The report as an aligned two-column table."""
    rows = list(table_rows(report))
    width = max(len(label) for label, _ in rows)
    shape = "" if report["shape"] == "pooled" else f", {report['shape']} shape"
    print(f"\nnetgraph bench: size {report['size']}{shape}, commit {report['git']['commit']}")
    print(f"{'figure'.ljust(width)}  value")
    print(f"{'-' * width}  {'-' * 60}")
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
