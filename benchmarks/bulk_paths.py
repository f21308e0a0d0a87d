"""Bulk paths into SQLite weighed (issue 16 item 5): one table, one million rows, each way.

    python benchmarks/bulk_paths.py                    # 1,000,000 rows, best of 2 per path
    python benchmarks/bulk_paths.py --rows 100000 --repeats 1 --json out.json

Every path writes the same polars frame of N rows (a, b, kind, source, strength), seeded, into
an empty evidence-like table of a new workspace-like database with the project's pragmas (WAL,
``synchronous=NORMAL``, ``foreign_keys=ON``, ``secure_delete=ON``, the 256 MiB page cache of
an import), in one transaction: ``PRIMARY KEY (a, b, source, kind) WITHOUT ROWID`` and an index
on ``source``, as ``evidence`` has. Each path is timed from the frame to the commit (what a
columnar import starts from; wall and this process's CPU time, the steadier figure on a shared
machine), the rows are counted and checksummed afterwards, and the ratio to the baseline
measured in the same run is printed:

- ``executemany-tuples`` (the baseline): ``executemany`` over Python tuples built beforehand
  (the tuples' own cost is printed apart), what the import does today;
- ``executemany-sorted``: the same, the frame sorted by the primary key first (by polars);
- ``arrow-iter-rows``: ``frame.to_arrow()`` then ``executemany`` over the Arrow table's
  columns as Python lists zipped, and ``executemany`` over ``frame.iter_rows()`` directly;
- ``temp-table`` / ``attached-memory``: ``executemany`` into an index-less staging table (a
  TEMP table, or a table of an attached ``:memory:`` database), then one ``INSERT … SELECT …
  ORDER BY`` the primary key into the real table;
- ``json-each``: polars writes the frame as JSON text (in Rust) and SQLite reads it with one
  ``INSERT … SELECT … FROM json_each(?)`` per 200,000 rows (in C): no Python object per row;
- ``adbc-ingest``: adbc-driver-sqlite's ``adbc_ingest`` of the Arrow table (needs
  ``pip install adbc-driver-sqlite pyarrow``; it brings its own SQLite);
- ``polars-write-database``: ``DataFrame.write_database(engine="adbc")`` (no SQLAlchemy).

A path whose package is missing or that fails says why instead of a figure. Then the SQLite
side alone: the same rows moved by one ``INSERT … SELECT`` from a filled TEMP table into tables
of other shapes (the evidence-like table in file order and sorted, its secondary index built
after the load, a rowid table with both indexes built after, a rowid table without index), to
show what the B-trees cost apart from getting rows out of Python. Prints a table and one JSON
document (machine, versions, figures).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measuring import machine  # noqa: E402

COLUMNS = ("a", "b", "kind", "source", "strength")
KINDS = ("connection", "message", "card")
TABLE = """
    CREATE TABLE evidence (
        a INTEGER NOT NULL,
        b INTEGER NOT NULL,
        kind TEXT NOT NULL,
        source INTEGER NOT NULL,
        strength REAL NOT NULL,
        PRIMARY KEY (a, b, source, kind)
    ) WITHOUT ROWID;
    CREATE INDEX evidence_source ON evidence(source);
"""
STAGE = "(a INTEGER, b INTEGER, kind TEXT, source INTEGER, strength REAL)"
INSERT = "INSERT INTO evidence (a, b, kind, source, strength) VALUES (?, ?, ?, ?, ?)"
ORDER = "ORDER BY a, b, source, kind"
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA cache_size = -262144",  # netgraph.workspace.store.BULK_CACHE_KIB during an import
)
JSON_CHUNK = 200_000


def make_frame(rows: int, seed: int = 16) -> pl.DataFrame:
    """N distinct evidence rows in file order (not sorted): a < b among N/10 people."""
    rng = np.random.default_rng(seed)
    people = max(100, rows // 10)
    a = rng.integers(0, people, size=rows * 2)
    b = rng.integers(0, people, size=rows * 2)
    low, high = np.minimum(a, b), np.maximum(a, b)
    frame = (
        pl.DataFrame({"a": low, "b": high})
        .filter(pl.col("a") < pl.col("b"))
        .unique(maintain_order=True)
        .head(rows)
    )
    count = frame.height
    return frame.with_columns(
        pl.Series("kind", [KINDS[i] for i in rng.integers(0, 3, size=count)]),
        pl.Series("source", rng.integers(1, max(2, rows // 2500), size=count)),
        pl.Series("strength", rng.uniform(0.05, 1.0, size=count).round(4)),
    ).select(COLUMNS)


def connect(path: Path) -> sqlite3.Connection:
    """A new database with the project's pragmas and the evidence-like table."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    conn.executescript(TABLE)
    return conn


def checksum(path: Path) -> tuple[int, int, float]:
    """Rows, a checksum of the keys and the sum of strengths, as read back."""
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT count(*), sum(a * 7 + b * 3 + source + length(kind)), round(sum(strength), 2)"
            " FROM evidence"
        ).fetchone()
    conn.close()
    return int(row[0]), int(row[1]), float(row[2])


def expected_checksum(frame: pl.DataFrame) -> tuple[int, int, float]:
    """What :func:`checksum` must read after any path wrote ``frame``."""
    keys = frame.select(
        (pl.col("a") * 7 + pl.col("b") * 3 + pl.col("source") + pl.col("kind").str.len_bytes())
        .sum()
        .alias("k"),
        pl.col("strength").sum().round(2).alias("s"),
    )
    return frame.height, int(keys.item(0, "k")), float(keys.item(0, "s"))


# --- the paths: each writes ``frame`` into the database at ``path`` and commits ---------------


def executemany_tuples(path: Path, frame: pl.DataFrame, rows: list[tuple[Any, ...]]) -> None:
    """The baseline: executemany over tuples that already exist (today's import)."""
    conn = connect(path)
    conn.execute("BEGIN")
    conn.executemany(INSERT, rows)
    conn.execute("COMMIT")
    conn.close()


def executemany_sorted(path: Path, frame: pl.DataFrame, _rows: object) -> None:
    """Sort by the primary key in polars, then executemany over the frame's rows."""
    conn = connect(path)
    conn.execute("BEGIN")
    conn.executemany(INSERT, frame.sort("a", "b", "source", "kind").iter_rows())
    conn.execute("COMMIT")
    conn.close()


def arrow_columns(path: Path, frame: pl.DataFrame, _rows: object) -> None:
    """polars -> Arrow -> executemany over the Arrow columns as Python lists, zipped."""
    table = frame.to_arrow()
    conn = connect(path)
    conn.execute("BEGIN")
    conn.executemany(INSERT, zip(*(table.column(c).to_pylist() for c in COLUMNS), strict=True))
    conn.execute("COMMIT")
    conn.close()


def iter_rows(path: Path, frame: pl.DataFrame, _rows: object) -> None:
    """executemany straight over ``frame.iter_rows()`` (no Arrow, no list kept)."""
    conn = connect(path)
    conn.execute("BEGIN")
    conn.executemany(INSERT, frame.iter_rows())
    conn.execute("COMMIT")
    conn.close()


def temp_table(path: Path, frame: pl.DataFrame, _rows: object) -> None:
    """executemany into an index-less TEMP table, then one sorted INSERT … SELECT."""
    conn = connect(path)
    conn.execute("BEGIN")
    conn.execute(f"CREATE TEMP TABLE stage {STAGE}")
    conn.executemany(INSERT.replace("evidence", "temp.stage"), frame.iter_rows())
    conn.execute(f"INSERT INTO evidence SELECT * FROM temp.stage {ORDER}")
    conn.execute("DROP TABLE temp.stage")
    conn.execute("COMMIT")
    conn.close()


def attached_memory(path: Path, frame: pl.DataFrame, _rows: object) -> None:
    """executemany into a table of an attached ``:memory:`` database, then INSERT … SELECT."""
    conn = connect(path)
    conn.execute("ATTACH ':memory:' AS staging")
    conn.execute(f"CREATE TABLE staging.stage {STAGE}")
    conn.execute("BEGIN")
    conn.executemany(INSERT.replace("evidence", "staging.stage"), frame.iter_rows())
    conn.execute(f"INSERT INTO main.evidence SELECT * FROM staging.stage {ORDER}")
    conn.execute("COMMIT")
    conn.execute("DETACH staging")
    conn.close()


def json_each(path: Path, frame: pl.DataFrame, _rows: object) -> None:
    """polars writes JSON, SQLite's json_each reads it: one statement per chunk of rows."""
    statement = (
        "INSERT INTO evidence (a, b, kind, source, strength) SELECT value ->> 'a', "
        "value ->> 'b', value ->> 'kind', value ->> 'source', value ->> 'strength' "
        "FROM json_each(?)"
    )
    ordered = frame.sort("a", "b", "source", "kind")
    conn = connect(path)
    conn.execute("BEGIN")
    for start in range(0, ordered.height, JSON_CHUNK):
        conn.execute(statement, (ordered.slice(start, JSON_CHUNK).write_json(),))
    conn.execute("COMMIT")
    conn.close()


def adbc_ingest(path: Path, frame: pl.DataFrame, _rows: object) -> None:
    """adbc-driver-sqlite: ``adbc_ingest`` of the Arrow table into the existing table."""
    import adbc_driver_sqlite.dbapi

    connect(path).close()  # the table and its index, with the pragmas that persist (WAL)
    table = frame.to_arrow()
    # autocommit for the pragmas (synchronous cannot change inside a transaction); the
    # driver wraps the ingest in a transaction of its own
    with (
        adbc_driver_sqlite.dbapi.connect(str(path), autocommit=True) as conn,
        conn.cursor() as cursor,
    ):
        for pragma in PRAGMAS:
            cursor.execute(pragma)
            cursor.fetchall()
        cursor.adbc_ingest("evidence", table, mode="append")


def polars_write_database(path: Path, frame: pl.DataFrame, _rows: object) -> None:
    """``DataFrame.write_database`` through ADBC (polars' path without SQLAlchemy)."""
    connect(path).close()
    frame.write_database("evidence", f"sqlite:///{path}", if_table_exists="append", engine="adbc")


PK_TABLE = TABLE.split(";")[0] + ";"
ROWID_TABLE = f"CREATE TABLE evidence {STAGE};"
INDEXES_AFTER = "CREATE UNIQUE INDEX evidence_key ON evidence(a, b, source, kind);"
SHAPES = {  # label: (table, statements after the load, ORDER BY of the load)
    "primary key + index, file order": (TABLE, "", ""),
    "primary key + index, sorted": (TABLE, "", ORDER),
    "primary key, index built after, sorted": (PK_TABLE, TABLE.split(";")[1] + ";", ORDER),
    "rowid table, both indexes built after": (
        ROWID_TABLE,
        INDEXES_AFTER + TABLE.split(";")[1] + ";",
        "",
    ),
    "rowid table, no index": (ROWID_TABLE, "", ""),
}


def sqlite_side(frame: pl.DataFrame, folder: Path) -> dict[str, Any]:
    """Seconds of one INSERT … SELECT (and the indexes after it) per table shape."""
    figures: dict[str, Any] = {}
    for label, (table, after, order) in SHAPES.items():
        path = folder / "shape.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        for pragma in PRAGMAS:
            conn.execute(pragma)
        conn.executescript(table)
        conn.execute(f"CREATE TEMP TABLE stage {STAGE}")
        conn.executemany(INSERT.replace("evidence", "temp.stage"), frame.iter_rows())
        started, started_cpu = time.perf_counter(), time.process_time()
        conn.execute("BEGIN")
        conn.execute(f"INSERT INTO evidence SELECT * FROM temp.stage {order}")
        for statement in filter(str.strip, after.split(";")):
            conn.execute(statement)
        conn.execute("COMMIT")
        seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        conn.close()
        assert checksum(path)[:2] == expected_checksum(frame)[:2], label
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        figures[label] = {
            "seconds": seconds,
            "cpu_s": cpu,
            "cpu_rows_per_s": frame.height / cpu,
        }
    return figures


PATHS: dict[str, Callable[[Path, pl.DataFrame, Any], None]] = {
    "executemany-tuples": executemany_tuples,
    "executemany-sorted": executemany_sorted,
    "arrow-iter-rows (to_arrow, columns zipped)": arrow_columns,
    "arrow-iter-rows (frame.iter_rows)": iter_rows,
    "temp-table": temp_table,
    "attached-memory": attached_memory,
    "json-each": json_each,
    "adbc-ingest": adbc_ingest,
    "polars-write-database": polars_write_database,
}
BASELINE = "executemany-tuples"


def run_path(
    name: str, frame: pl.DataFrame, rows: list[tuple[Any, ...]], folder: Path, repeats: int
) -> dict[str, Any]:
    """Best of ``repeats`` runs of one path, each on a new database, checked after each."""
    wanted = expected_checksum(frame)
    times, cpu = [], []
    for attempt in range(repeats):
        path = folder / f"{len(times)}-{attempt}-{name.split()[0]}.sqlite3"
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            PATHS[name](path, frame, rows)
        except Exception as error:  # a missing package or an unsupported call: say which
            return {"error": f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"}
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        got = checksum(path)
        if got[:2] != wanted[:2] or abs(got[2] - wanted[2]) > 0.05:
            return {"error": f"wrong rows read back: {got} instead of {wanted}"}
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    seconds = min(times)
    return {
        "seconds": seconds,
        "cpu_s": min(cpu),
        "rows_per_s": frame.height / seconds,
        "cpu_rows_per_s": frame.height / min(cpu),
        "runs": times,
    }


def versions() -> dict[str, str | None]:
    """polars, pyarrow and the ADBC driver (with the SQLite it bundles), when installed."""
    found: dict[str, str | None] = {"sqlite3 module's SQLite": sqlite3.sqlite_version}
    for module in ("pyarrow", "adbc_driver_sqlite"):
        try:
            found[module] = __import__(module).__version__
        except ImportError:
            found[module] = None
    if found["adbc_driver_sqlite"]:
        import adbc_driver_sqlite.dbapi

        with adbc_driver_sqlite.dbapi.connect() as conn, conn.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()")
            found["ADBC driver's SQLite"] = str(cursor.fetchone()[0])
    found["polars"] = pl.__version__
    return found


def main() -> None:
    """Build the frame, run every path, print the table and the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=2, help="runs per path; the best counts")
    parser.add_argument("--json", type=Path, help="also write the JSON report here")
    args = parser.parse_args()
    frame = make_frame(args.rows)
    started = time.perf_counter()
    rows = frame.rows()
    report: dict[str, Any] = {
        "benchmark": "benchmarks/bulk_paths.py",
        "rows": frame.height,
        "machine": machine(),
        "versions": versions(),
        "tuples_from_frame_s": time.perf_counter() - started,
        "paths": {},
    }
    with tempfile.TemporaryDirectory(prefix="netgraph-bulk-") as folder:
        for name in PATHS:
            print(f"  {name}...", file=sys.stderr, flush=True)
            report["paths"][name] = run_path(name, frame, rows, Path(folder), args.repeats)
        print("  the SQLite side alone...", file=sys.stderr, flush=True)
        report["sqlite_side"] = sqlite_side(frame, Path(folder))
    base = report["paths"][BASELINE]
    for figures in report["paths"].values():
        if "seconds" in figures:
            figures["ratio_to_baseline"] = figures["seconds"] / base["seconds"]
            figures["cpu_ratio_to_baseline"] = figures["cpu_s"] / base["cpu_s"]
    print_table(report)
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


def print_table(report: dict[str, Any]) -> None:
    """One line per path: seconds, rows/s, ratio to the baseline (or why it did not run)."""
    print(f"\n{report['rows']:,} rows into an evidence-like table; versions {report['versions']}")
    print(f"tuples built from the frame (frame.rows()): {report['tuples_from_frame_s']:.2f} s")
    width = max(len(name) for name in report["paths"])
    for name, figures in report["paths"].items():
        if "error" in figures:
            print(f"{name.ljust(width)}  not measured: {figures['error']}")
            continue
        print(
            f"{name.ljust(width)}  {figures['seconds']:6.2f} s ({figures['cpu_s']:5.2f} s CPU)  "
            f"{figures['cpu_rows_per_s']:>11,.0f} rows per CPU s  "
            f"{figures['ratio_to_baseline']:.2f}x the baseline "
            f"({figures['cpu_ratio_to_baseline']:.2f}x CPU)"
        )
    print("the SQLite side alone, one INSERT … SELECT from a filled TEMP table:")
    for label, figures in report["sqlite_side"].items():
        print(
            f"  {label:<{width - 2}}  {figures['seconds']:6.2f} s ({figures['cpu_s']:5.2f} s CPU)  "
            f"{figures['cpu_rows_per_s']:>11,.0f} rows per CPU s"
        )


if __name__ == "__main__":
    main()
