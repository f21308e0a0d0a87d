"""One friend's export into a big workspace: the import a user waits for at the terminal.

    python benchmarks/single_import.py WORKSPACE FILES      # as bench.py --keep leaves them

Issue 16 item 4: a 30,000-row Connections.csv (LinkedIn's cap) into an L-sized workspace in
at most 2 s. The export is made from the largest export of FILES (a folder ``generate.py``
wrote): every other row a person the workspace knows (the same profile URL), the others new
people (a new URL and family name), owned by a new friend. It is imported through the CLI
(``import linkedin --owner ... --new-owner``) into copies of WORKSPACE:

- as ``bench.py`` left it, its saved route index current, so the import patches the index;
- with the saved index removed, so the import reads every tie back, as every import did before
  the index was patched (the same run's figure for the way it was);

alternating, three times each (``--repeats``), a fresh copy each time; medians.

The baseline, in the same run: the naive polars + networkx load of the same file
(``naive_import.py``). ``bench.py`` runs this after its batch import; run alone it prints JSON.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measuring import CliRun, cli_summary, fresh_workspace, measure, run_cli  # noqa: E402

OWNER = "Quinta Newfriend"


def make_export(files: Path, folder: Path, rows: int = 30_000) -> Path:
    """A new export of ``rows`` rows in ``folder`` (with a one-file manifest for the naive
    load): half people already known, half new ones."""
    exports = sorted(
        (files / "exports").glob("*/Connections.csv"), key=lambda path: path.stat().st_size
    )
    lines = exports[-1].read_text(encoding="utf-8").splitlines(keepends=True)
    preamble, body = lines[:3], list(csv.reader(lines[3:]))
    header, people = body[0], body[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for position in range(rows):
        row = list(people[position % len(people)])
        if position % 2 or position >= len(people):
            row[1] = f"{row[1]}son{position}"  # a new person: another family name and URL
            row[2] = f"{row[2]}-n{position}"
        writer.writerow(row)
    export = folder / "exports" / "newfriend" / "Connections.csv"
    export.parent.mkdir(parents=True, exist_ok=True)
    export.write_text("".join(preamble) + out.getvalue(), encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,kind,owner\nexports/newfriend,linkedin,\n", encoding="utf-8"
    )
    return export


def copy_workspace(workspace: Path, copy: Path, *, with_index: bool) -> None:
    """A consistent copy of the workspace (SQLite's backup), with its saved route index or not."""
    fresh_workspace(copy)
    source, target = sqlite3.connect(workspace), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    copy.chmod(0o600)
    if with_index:
        shutil.copytree(f"{workspace}.routes", f"{copy}.routes")


def single_import(
    workspace: Path, files: Path, scratch: Path, *, repeats: int = 3
) -> dict[str, Any]:
    """Import the new export into fresh copies of ``workspace``, the two ways alternating,
    ``repeats`` times each; medians of both and the naive baseline's."""
    scratch.mkdir(parents=True, exist_ok=True)
    export = make_export(files, scratch / "newfriend-files")
    copy = scratch / "single-import.sqlite3"
    runs: dict[str, list[CliRun]] = {"patched": [], "index_read_whole": []}
    for _ in range(repeats):
        for label, with_index in (("patched", True), ("index_read_whole", False)):
            copy_workspace(workspace, copy, with_index=with_index)
            command = ("import", "linkedin", str(export), "--owner", OWNER, "--new-owner")
            runs[label].append(run_cli(copy, *command))
    fresh_workspace(copy)
    folder = export.parent.parent.parent
    naive = [
        measure([sys.executable, str(HERE / "naive_import.py"), str(folder), "--me", "me"])
        for _ in range(repeats)
    ]
    result: dict[str, Any] = {"rows": 30_000, "repeats": repeats}
    for label, label_runs in (*runs.items(), ("naive", naive)):
        result[label] = cli_summary(label_runs)
    result["output"] = runs["patched"][0].stdout.strip()[-300:]
    patched = result["patched"]["median_s"]
    result["ratio_to_naive"] = patched / result["naive"]["median_s"]
    result["ratio_to_index_read_whole"] = patched / result["index_read_whole"]["median_s"]
    return result


def main() -> None:
    """Command line: print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path, help="a workspace bench.py --keep left")
    parser.add_argument("files", type=Path, help="the folder generate.py wrote for it")
    parser.add_argument("--scratch", type=Path, default=None, help="where to put the copies")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each way")
    args = parser.parse_args()
    scratch = args.scratch or args.workspace.parent / "single-import"
    figures = single_import(args.workspace, args.files, scratch, repeats=args.repeats)
    json.dump(figures, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
