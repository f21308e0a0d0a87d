"""A seeded synthetic workspace shaped like pooled LinkedIn exports, written straight to SQLite.

Exports list only their owner's connections, so the network is a union of stars: the user's
export, friends' exports, friends-of-friends' exports, with heavy-tailed sizes (50 to 30,000
connections, LinkedIn's cap) and overlap between them. Building it with bulk SQL (instead of
importing files) lets route queries be measured at 10 million edges in about a minute; the import
path itself is measured separately.
"""

from __future__ import annotations

import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from netgraph.ties.degrees import refresh_degrees
from netgraph.workspace import Workspace

SIZES = {
    # name: (people, target edges)
    "S": (1_000, 5_000),
    "M": (100_000, 1_000_000),
    "L": (1_000_000, 10_000_000),
}


@dataclass
class SyntheticNetwork:
    """What was built: the workspace file and who is who in it."""

    path: Path
    people: int
    edges: int
    me: int
    owners: list[int]
    seconds: float


def _export_sizes(rng: random.Random, total_edges: int, people: int) -> list[int]:
    """Heavy-tailed export sizes (Pareto, 50 to 30,000, capped by the population)."""
    sizes: list[int] = []
    cap = min(30_000, people - 1)
    while sum(sizes) < total_edges:
        sizes.append(max(50, min(cap, int(50 * rng.paretovariate(0.9)))))
    return sizes


def build(path: Path, size: str = "S", *, seed: int = 7) -> SyntheticNetwork:
    """Create a workspace at ``path`` with the given size's people and edges."""
    started = time.perf_counter()
    people, total_edges = SIZES[size]
    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    workspace = Workspace.open(path)
    conn = workspace.conn
    sizes = _export_sizes(rng, total_edges, people)
    sizes[0] = min(2_000, people // 4)  # the user's own export
    # Person 1 is the user; the next ids are the export owners, nearest first.
    owners = list(range(1, len(sizes) + 1))
    # Companies: clusters of people; a person's connections lean to their own cluster.
    companies = max(10, people // 200)
    with workspace.transaction():
        conn.executemany(
            "INSERT INTO people (id, name, name_key, company, company_key, willingness, "
            "willingness_origin, is_me, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '')",
            (
                (
                    pid,
                    f"Person {pid}",
                    f"person {pid}",
                    f"Company {pid % companies}",
                    f"company {pid % companies}",
                    "willing" if pid in range(2, len(sizes) + 1) else "unknown",
                    "shared" if 1 < pid <= len(sizes) else "default",
                    int(pid == 1),
                )
                for pid in range(1, people + 1)
            ),
        )
        source_rows = [
            (owner, "linkedin", f"linkedin:{owner}", owner, "Connections.csv", size_, "", "")
            for owner, size_ in zip(owners, sizes, strict=True)
        ]
        conn.executemany(
            "INSERT INTO sources (id, kind, source_key, owner_id, label, records, "
            "first_imported_at, last_imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            source_rows,
        )
        edges: dict[tuple[int, int], float] = {}
        for owner, size_ in zip(owners, sizes, strict=True):
            # Owners know earlier owners (friends share, and friends of friends), then a
            # popularity-skewed sample of everyone.
            chain = [o for o in owners[: owner - 1] if rng.random() < 8 / owner]
            picks = set(chain)
            while len(picks) < size_:
                picks.add(1 + int(people * rng.random() ** 1.6))
            picks.discard(owner)
            for other in picks:
                key = (owner, other) if owner < other else (other, owner)
                edges[key] = round(0.2 + 0.75 * rng.random() ** 3, 4)
        conn.executemany(
            "INSERT INTO edges (a, b, strength) VALUES (?, ?, ?)",
            ((a, b, s) for (a, b), s in edges.items()),
        )
        conn.executemany(
            # kind 0 and day 20210504: a connection made on 4 May 2021, as the table stores it
            "INSERT INTO evidence (a, b, source_id, kind, holder_id, on_date) "
            "VALUES (?, ?, ?, 0, ?, 20210504)",
            ((a, b, a if a <= len(owners) else b, a if a <= len(owners) else b) for a, b in edges),
        )
        refresh_degrees(workspace)
    conn.execute("ANALYZE")
    workspace.close()
    return SyntheticNetwork(
        path=path,
        people=people,
        edges=len(edges),
        me=1,
        owners=owners,
        seconds=time.perf_counter() - started,
    )


def sample_targets(path: Path, degree: int, count: int, *, seed: int = 11) -> list[int]:
    """``count`` people at ``degree`` from the user, chosen reproducibly."""
    conn = sqlite3.connect(path)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM people WHERE degree = ?", (degree,))]
    finally:
        conn.close()
    rng = random.Random(seed)
    return rng.sample(ids, min(count, len(ids)))
