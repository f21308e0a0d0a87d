"""The polars side of a columnar import, timed: read, normalise keys, resolve by a join.

    python benchmarks/columnar_budget.py FILES      # FILES: a folder generate.py wrote

What issue 16's columnar import would spend before writing anything, on bench.py's generated
files: every Connections.csv of the manifest read with ``pl.read_csv`` into one frame (the
owner as a column), keys normalised by polars expressions of the kind netgraph's normalisers
apply (trimmed, lower-cased URL without its trailing slash; name folded by NFKD with the
accents dropped; email and company lower-cased), then people resolved by one ``unique`` and
one join on the URL key. These are not netgraph's exact rules (the columnar import must prove
its own equal to them): they bound what the polars stages cost. Prints wall and CPU seconds
(CPU of all polars threads) per stage as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import polars as pl


def clock() -> tuple[float, float]:
    """Wall and process CPU time now."""
    return time.perf_counter(), time.process_time()


def since(started: tuple[float, float]) -> dict[str, float]:
    """Wall and CPU seconds since ``started``."""
    wall, cpu = clock()
    return {"wall_s": wall - started[0], "cpu_s": cpu - started[1]}


def budget(folder: Path) -> dict[str, Any]:
    """Read, normalise and resolve every Connections.csv of ``folder``'s manifest."""
    started = clock()
    manifest = pl.read_csv(folder / "manifest.csv", infer_schema=False)
    frames = []
    linkedin = manifest.filter(pl.col("kind") == "linkedin").select("path", "owner")
    for path, owner in linkedin.iter_rows():
        csv_path = folder / path / "Connections.csv"
        with csv_path.open("rb") as handle:
            preamble = handle.read(9).removeprefix(b"\xef\xbb\xbf").startswith(b"Notes:")
        frame = pl.read_csv(csv_path, skip_lines=3 if preamble else 0, infer_schema=False)
        frames.append(frame.with_columns(pl.lit(owner or "").alias("owner")))
    rows = pl.concat(frames)
    read = since(started)
    started = clock()
    name = pl.concat_str(
        [pl.col("First Name").str.strip_chars(), pl.col("Last Name").str.strip_chars()],
        separator=" ",
    )
    keyed = rows.with_columns(
        pl.col("URL").str.strip_chars().str.to_lowercase().str.strip_chars_end("/").alias("url"),
        name.str.to_lowercase().str.normalize("NFKD").str.replace_all(r"\p{M}", "").alias("name"),
        pl.col("Email Address").str.strip_chars().str.to_lowercase().alias("email"),
        pl.col("Company").str.strip_chars().str.to_lowercase().alias("company"),
    )
    normalised = since(started)
    started = clock()
    people = keyed.select("url").drop_nulls().unique().with_row_index("person")
    placed = keyed.join(people, on="url").select("owner", "person")
    resolved = since(started)
    return {
        "rows": rows.height,
        "people": people.height,
        "pairs": placed.height,
        "read": read,
        "normalise": normalised,
        "resolve": resolved,
    }


def main() -> None:
    """Command line: print the stages' figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder written by generate.py")
    print(json.dumps(budget(parser.parse_args().folder)))


if __name__ == "__main__":
    main()
