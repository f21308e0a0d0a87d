"""Import throughput: the bundled sample data and a generated export, through the real CLI.

    python benchmarks/import_bench.py --rows 100000 --cards 10000

Prints rows/s for Connections.csv and cards/s for vCard, for the reader alone and for the whole
import (reader, identity resolution, SQLite), next to a baseline measured in the same run: the
stdlib ``csv`` module reading the same file, and vobject's own ``readComponents`` on the same
cards.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from generate import CONNECTION_COLUMNS, PREAMBLE

REPO = Path(__file__).resolve().parent.parent
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def write_connections(path: Path, rows: int, seed: int = 5) -> None:
    """A current-layout Connections.csv with the real preamble, 2% emails, quoted commas."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CONNECTION_COLUMNS)
        for i in range(rows):
            email = f"person{i}@example.com" if rng.random() < 0.02 else ""
            company = f"Company {rng.randrange(5000)}" + (", Inc." if rng.random() < 0.08 else "")
            day = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2008, 2026)}"
            writer.writerow(
                [
                    f"First{i}",
                    f"Last{i}",
                    f"https://www.linkedin.com/in/person-{i}",
                    email,
                    company,
                    "Engineer",
                    day,
                ]
            )


def write_vcards(path: Path, cards: int) -> None:
    """Simple vCard 3.0 cards with a name, an organisation, an email and a phone."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        for i in range(cards):
            handle.write(
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"FN:Card Person {i}\r\nN:Person {i};Card;;;\r\n"
                f"ORG:Company {i % 700}\r\nEMAIL;TYPE=INTERNET:card{i}@example.org\r\n"
                f"TEL;TYPE=CELL:+1 415 555 {i % 10000:04d}\r\nEND:VCARD\r\n"
            )


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def netgraph(workspace: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "netgraph", "--workspace", str(workspace), *args]


def parse_stage_rates(connections: Path, rows: int) -> dict[str, float]:
    """Rows/s of the reader's polars stage alone (parse, clean, names, dates: a frame) against
    ``pl.read_csv`` on the same file; the rest of the reader turns the frame into records."""
    import polars as pl

    from netgraph.ingest.readers import linkedin
    from netgraph.ingest.readers.linkedin_csv import read_table
    from netgraph.ingest.records import ReadResult

    started = time.perf_counter()
    frame = pl.read_csv(connections, skip_rows=3, infer_schema=False)
    polars_seconds = time.perf_counter() - started
    assert frame.height == rows
    started = time.perf_counter()
    source = linkedin._Source(
        linkedin.CONNECTIONS, connections.name, str(connections), "", connections.read_bytes
    )
    table = read_table(source.load(), source.path, source.spec)
    prepared = linkedin.connection_frame(
        table, source, ReadResult(str(connections), "linkedin"), False
    )
    stage_seconds = time.perf_counter() - started
    assert prepared.height == rows
    return {
        "connections_polars_stage_rows_per_s": rows / stage_seconds,
        "polars_read_csv_rows_per_s": rows / polars_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument(
        "--readers-only", action="store_true", help="skip the imports through the CLI"
    )
    args = parser.parse_args()
    from netgraph.ingest.readers.linkedin import read_linkedin
    from netgraph.ingest.readers.vcard import read_vcard

    work = Path(tempfile.mkdtemp(prefix="netgraph-import-bench-"))
    connections = work / "Connections.csv"
    vcards = work / "contacts.vcf"
    write_connections(connections, args.rows)
    write_vcards(vcards, args.cards)
    results: dict[str, Any] = {"rows": args.rows, "cards": args.cards}

    started = time.perf_counter()
    with connections.open(encoding="utf-8", newline="") as handle:
        baseline_rows = sum(1 for _ in csv.DictReader(io.StringIO("".join(handle.readlines()[3:]))))
    csv_seconds = time.perf_counter() - started
    started = time.perf_counter()
    read = read_linkedin(connections)
    reader_seconds = time.perf_counter() - started
    assert len(read.contacts) == baseline_rows == args.rows
    results["connections_reader_rows_per_s"] = args.rows / reader_seconds
    results["stdlib_csv_dictreader_rows_per_s"] = args.rows / csv_seconds
    results.update(parse_stage_rates(connections, args.rows))

    import vobject

    text = vcards.read_text(encoding="utf-8")
    started = time.perf_counter()
    baseline_cards = sum(1 for _ in vobject.readComponents(text))
    vobject_seconds = time.perf_counter() - started
    started = time.perf_counter()
    cards = read_vcard(vcards)
    vcard_seconds = time.perf_counter() - started
    assert len(cards.contacts) == baseline_cards == args.cards
    results["vcard_reader_cards_per_s"] = args.cards / vcard_seconds
    results["vobject_readComponents_cards_per_s"] = args.cards / vobject_seconds

    if args.readers_only:
        print(json.dumps(results, indent=2))
        return
    workspace = work / "workspace.sqlite3"
    subprocess.run(netgraph(workspace, "me", "Bench User"), check=True, stdout=subprocess.DEVNULL)
    seconds = timed(netgraph(workspace, "import", "linkedin", str(connections)))
    results["connections_import_rows_per_s"] = args.rows / seconds
    seconds = timed(netgraph(workspace, "import", "linkedin", str(connections)))
    results["connections_reimport_rows_per_s"] = args.rows / seconds
    seconds = timed(netgraph(workspace, "import", "vcard", str(vcards)))
    results["vcard_import_cards_per_s"] = args.cards / seconds

    sample = REPO / "sample_data"
    demo_workspace = work / "demo.sqlite3"
    seconds = timed(netgraph(demo_workspace, "demo"))
    records = 300 + 151 + 217 + 160 + 129
    results["sample_data_demo_s"] = seconds
    results["sample_data_records_per_s"] = records / seconds
    started = time.perf_counter()
    sample_cards = read_vcard(sample / "me" / "contacts.vcf")
    results["sample_vcard_reader_cards_per_s"] = len(sample_cards.contacts) / (
        time.perf_counter() - started
    )
    started = time.perf_counter()
    sample_rows = read_linkedin(sample / "me" / "linkedin" / "Connections.csv")
    results["sample_connections_reader_rows_per_s"] = len(sample_rows.contacts) / (
        time.perf_counter() - started
    )
    print(json.dumps(results, indent=2))
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "import.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
