"""The naive import a user would try first: polars reads every Connections.csv, networkx holds it.

    python benchmarks/naive_import.py FILES --me URL      # FILES: a folder generate.py wrote

The baseline of bench.py's import rows (issue 16): read each LinkedIn export of the manifest
with ``pl.read_csv`` and add an owner-contact edge per row with a URL to one ``networkx.Graph``,
nodes keyed by profile URL (the export of the user, whose owner column is empty, gets ``--me``).
No names are normalised, no one is merged across URLs, no vCard or messages.csv is read, nothing
is stored: it is the ten-line script, and what netgraph's import does on top of it is the rest.

Prints one JSON line: the seconds of the work (after the imports of polars and networkx, which
the wall time of the process measured by bench.py includes, as the CLI's includes its own),
the files and rows read, and the graph's nodes and edges.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def naive_load(folder: Path, me: str) -> dict[str, float | int]:
    """Read every Connections.csv of ``folder``'s manifest into one networkx graph."""
    import networkx as nx
    import polars as pl

    started = time.perf_counter()
    manifest = pl.read_csv(folder / "manifest.csv", infer_schema=False).filter(
        pl.col("kind") == "linkedin"
    )
    graph = nx.Graph()
    rows = 0
    for path, owner in manifest.select("path", "owner").iter_rows():
        csv_path = folder / path / "Connections.csv"
        with csv_path.open("rb") as handle:  # LinkedIn's 3-line "Notes:" preamble, if any
            preamble = handle.read(9).removeprefix(b"\xef\xbb\xbf").startswith(b"Notes:")
        frame = pl.read_csv(csv_path, skip_lines=3 if preamble else 0, infer_schema=False)
        rows += frame.height
        contacts = frame.get_column("URL").drop_nulls()
        graph.add_edges_from((owner or me, url) for url in contacts if url)
    return {
        "seconds": time.perf_counter() - started,
        "files": manifest.height,
        "rows": rows,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
    }


def main() -> None:
    """Command line: print the naive load's figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder written by generate.py")
    parser.add_argument("--me", required=True, help="the user's profile URL (owner of 'me')")
    args = parser.parse_args()
    json.dump(naive_load(args.folder, args.me), sys.stdout)
    print()


if __name__ == "__main__":
    main()
