"""The statements that read the whole network at once: the route index's ties and willingness, the
graph export, the ``meta`` tokens that say when those change, and the people a ranking or a map
covers.

The route index reads millions of ties: :meth:`GraphTable.read_network` has SQLite join each
chunk of ties into one text that numpy parses, and, when the caller holds the write lock, reads
the two ends of the table at once on two connections. numpy is imported by the methods that
need it, so opening a workspace does not load it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from netgraph.workspace.people import PersonRow

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]
IndexToken = Literal["graph_state", "willingness_state"]
"""The ``meta`` keys whose tokens say which ties (and which willingness) an index was built on."""
SearchableColumn = Literal["company", "title"]

_COMPACT_KEY = "replace(p.company_key, ' ', '')"
_JSON_VALUES = "(SELECT value FROM json_each(?))"
# Ties read per query (smaller texts stay in cache; measured best around here).
_CHUNK = 250_000


@dataclass(frozen=True)
class NetworkArrays:
    """The whole network as arrays, read in one snapshot.

    ``keys[i]`` is tie ``i`` as ``a << 32 | b`` (``a < b``, ascending, the order of the
    ``edges`` table) and ``strengths[i]`` its strength; ``size`` is the largest person id + 1.
    """

    size: int
    keys: IntArray
    strengths: FloatArray
    willing: IntArray  # ids of the people marked willing
    unwilling: IntArray  # and unwilling (everyone else is unknown)


@dataclass(frozen=True)
class EmployerFacts:
    """What says where a person works: their company (as written and as a key) and emails."""

    id: int
    company: str | None
    company_key: str
    emails: tuple[str, ...]


@dataclass(frozen=True)
class Colleague:
    """Someone at a person's company, with their degree and whether they shared an export."""

    id: int
    name: str
    degree: int
    shared_export: bool


@dataclass(frozen=True)
class RankFilter:
    """Which people a ranking covers: everyone but the user and first-degree contacts, then
    only targets (``targets_only``), only people with a company (``has_company``) or with one
    of ``companies``, and the same for titles."""

    me: int
    targets_only: bool = False
    has_company: bool = False
    companies: tuple[str, ...] | None = None
    has_title: bool = False
    titles: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PeopleColumns:
    """People as columns (row ``i`` of each is one person), for rankings of a million."""

    ids: IntArray
    names: list[str]
    name_keys: list[str]
    companies: list[str | None]
    titles: list[str | None]
    degrees: list[int | None]

    def concatenated(self, other: PeopleColumns) -> PeopleColumns:
        """These rows then the other's."""
        import numpy as np

        return PeopleColumns(
            np.concatenate((self.ids, other.ids)),
            self.names + other.names,
            self.name_keys + other.name_keys,
            self.companies + other.companies,
            self.titles + other.titles,
            self.degrees + other.degrees,
        )


class GraphTable:
    """Reads of the whole network (``edges``, ``people``) and the route index's tokens."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # --- the route index: ties, willingness and tokens ----------------------------------------

    def read_network(self, *, locked: bool = False) -> NetworkArrays:
        """Every tie and willingness, in one snapshot.

        With ``locked`` (the caller holds the write lock, so nobody can change the tables
        meanwhile), a big table is read by two connections at once, from both ends.
        """
        import numpy as np

        with self._snapshot():
            size = int(self._one("SELECT coalesce(max(id), 0) + 1 FROM people"))
            if size > 2**31:
                raise sqlite3.DataError("person ids beyond 2**31 do not fit the route index")
            count = int(self._one("SELECT count(*) FROM edges"))
            path = self._database_file() if locked else None
            if path is None or count < 4 * _CHUNK:
                keys, strengths = _read_ties(self._conn, count, descending=False)
                willing, unwilling = self.willingness_ids(size)
            else:
                # This thread also reads the people, about as long as reading a third as many
                # ties.
                from concurrent.futures import ThreadPoolExecutor  # threads: only at this size

                first = max(count // 2 - size // 6, 1)
                with ThreadPoolExecutor(max_workers=1) as helper:
                    later = helper.submit(_read_ties_elsewhere, path, count - first)
                    willing, unwilling = self.willingness_ids(size)
                    keys, strengths = _read_ties(self._conn, first, descending=False)
                    later_keys, later_strengths = later.result()
                keys = np.concatenate((keys, later_keys[::-1]))
                strengths = np.concatenate((strengths, later_strengths[::-1]))
            for i in np.flatnonzero(strengths < 0).tolist():  # below 2**-8: read as they are
                strengths[i] = self._one(
                    "SELECT strength FROM edges WHERE a = ? AND b = ?",
                    (int(keys[i] >> 32), int(keys[i] & 0xFFFFFFFF)),
                )
        return NetworkArrays(size, keys, strengths, willing, unwilling)

    def willingness_ids(self, size: int) -> tuple[IntArray, IntArray]:
        """The ids below ``size`` of the people marked willing, and of those marked unwilling."""
        texts = self._conn.execute(
            "SELECT group_concat(CASE willingness WHEN 'willing' THEN id END), "
            "count(CASE willingness WHEN 'willing' THEN id END), "
            "group_concat(CASE willingness WHEN 'unwilling' THEN id END), "
            "count(CASE willingness WHEN 'unwilling' THEN id END) "
            "FROM people WHERE id >= 0 AND id < ?",
            (size,),
        ).fetchone()
        return ints_from_text(texts[0], texts[1]), ints_from_text(texts[2], texts[3])

    def token(self, key: IndexToken) -> str:
        """The token of the ties (``graph_state``) or of willingness; "dirty" when unset."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else "dirty"

    def set_tokens(self, token: str, *, ties: bool) -> None:
        """Record the token an index was built under: of the ties and willingness (``ties``),
        or of willingness only."""
        keys = ("graph_state", "willingness_state") if ties else ("willingness_state",)
        self._conn.execute(
            f"UPDATE meta SET value = ? WHERE key IN ({','.join('?' * len(keys))})",
            (token, *keys),
        )

    @contextmanager
    def write_lock_now(self) -> Iterator[None]:
        """Hold the write lock for a block, taken without waiting (a busy workspace raises
        ``sqlite3.OperationalError`` at once: answer now, save later); committed after."""
        conn = self._conn
        (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # --- the graph export ---------------------------------------------------------------------

    def everyone(self) -> list[PersonRow]:
        """Every person, by id."""
        rows = self._conn.execute(
            "SELECT id, name, company, title, willingness, degree, is_me FROM people ORDER BY id"
        )
        return [
            PersonRow(pid, name, company, title, willingness, degree, bool(is_me))
            for pid, name, company, title, willingness, degree, is_me in rows
        ]

    def ties(self) -> list[tuple[int, int, float]]:
        """Every tie ``(a, b, strength)`` with ``a < b``, by ``a`` then ``b``."""
        return self._conn.execute("SELECT a, b, strength FROM edges ORDER BY a, b").fetchall()

    def tie_count(self) -> int:
        """How many ties the network has."""
        return int(self._one("SELECT count(*) FROM edges"))

    # --- the people a map or a ranking covers -------------------------------------------------

    def person_ids(self) -> list[int]:
        """Every person's id (the user's too)."""
        return [int(pid) for (pid,) in self._conn.execute("SELECT id FROM people")]

    def willing_ids(self) -> set[int]:
        """The people marked willing."""
        rows = self._conn.execute("SELECT id FROM people WHERE willingness = 'willing'")
        return {int(pid) for (pid,) in rows}

    def first_degree_ids(self) -> IntArray:
        """The people the workspace counts as first-degree."""
        import numpy as np

        cursor = self._conn.execute("SELECT id FROM people WHERE degree = 1")
        return np.fromiter(chain.from_iterable(cursor), dtype=np.int64)

    def distinct_values(self, column: SearchableColumn) -> list[str]:
        """Every distinct company or title."""
        if column not in ("company", "title"):
            raise ValueError(f"not a searchable column: {column}")
        rows = self._conn.execute(
            f"SELECT DISTINCT {column} FROM people WHERE {column} IS NOT NULL"
        )
        return [str(value) for (value,) in rows]

    def at_companies(self, companies: Sequence[str]) -> list[int]:
        """Everyone but the user whose company is one of ``companies``, by id."""
        rows = self._conn.execute(
            "SELECT id FROM people WHERE is_me = 0 AND company IN (SELECT value FROM json_each(?)) "
            "ORDER BY id",
            (json.dumps(list(companies), ensure_ascii=False),),
        )
        return [int(pid) for (pid,) in rows]

    def colleagues(self, person: int, me: int, *, limit: int = 5) -> list[Colleague]:
        """The nearest people (not ``person``, not the user, within three degrees) at
        ``person``'s company, by company key; none when the company is unknown."""
        row = self._conn.execute(
            "SELECT company_key FROM people WHERE id = ?", (person,)
        ).fetchone()
        if not (row and row[0]):
            return []
        rows = self._conn.execute(
            """
            SELECT p.id, p.name, p.degree,
                   EXISTS (SELECT 1 FROM sources s WHERE s.owner_id = p.id) AS shared
            FROM people p
            WHERE p.company_key = ? AND p.id NOT IN (?, ?) AND p.degree IS NOT NULL
            ORDER BY p.degree, p.name_key LIMIT ?
            """,
            (row[0], person, me, limit),
        )
        return [Colleague(pid, name, degree, bool(shared)) for pid, name, degree, shared in rows]

    def employer_facts(
        self, *, person: int | None = None, organisations: Sequence[str] | None = None
    ) -> list[EmployerFacts]:
        """Where ``person`` works, or (None) the user's first-degree contacts (with
        ``organisations``, company keys without spaces: those there or with no company).
        Emails only where the company key cannot decide. Never stored as colleague pairs."""
        where = "p.id = ?" if person is not None else "p.degree = 1 AND p.is_me = 0"
        extra: tuple[object, ...] = ()
        if person is None and organisations is not None:
            where += f" AND (p.company_key = '' OR {_COMPACT_KEY} IN {_JSON_VALUES})"
            extra = (json.dumps(list(organisations)),)
        rows = self._conn.execute(
            f"""
            SELECT p.id, p.company, p.company_key,
                   CASE WHEN p.company_key = '' OR p.id = ? THEN
                       (SELECT group_concat(i.value, char(10)) FROM identities i
                        WHERE i.person_id = p.id AND i.kind = 'email')
                   END
            FROM people p WHERE {where}
            """,
            (person, person) if person is not None else (-1, *extra),
        )
        return [
            EmployerFacts(pid, company, key or "", tuple(emails.split("\n")) if emails else ())
            for pid, company, key, emails in rows
        ]

    def company_size(self, company_key: str) -> int:
        """How many people of the workspace have this company key."""
        return int(self._one("SELECT count(*) FROM people WHERE company_key = ?", (company_key,)))

    def people_at_organisations(self, keys: Sequence[str]) -> list[tuple[int, str]]:
        """``(person, key)`` of everyone whose company key without spaces is in ``keys``."""
        sql = f"SELECT p.id, {_COMPACT_KEY} AS k FROM people p WHERE k IN {_JSON_VALUES}"
        rows = self._conn.execute(sql, (json.dumps(list(keys)),))
        return [(int(pid), str(key)) for pid, key in rows]

    def names(self, ids: Sequence[int]) -> dict[int, str]:
        """The names of these people, by id."""
        rows = self._conn.execute(
            "SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        )
        return {int(pid): str(name) for pid, name in rows}

    def contact_keys(self, ids: Sequence[int] | None) -> list[tuple[int, str, str]]:
        """``(person, kind, value)``: the smallest LinkedIn key and email of each of these
        people (of everyone when ``ids`` is None: reading them all beats looking up many)."""
        wanted = ""
        params: tuple[str, ...] = ()
        if ids is not None:
            wanted = "person_id IN (SELECT value FROM json_each(?)) AND "
            params = (json.dumps(list(ids)),)
        return self._conn.execute(
            "SELECT person_id, kind, min(value) FROM identities "
            f"WHERE {wanted}kind IN ('linkedin', 'email') GROUP BY person_id, kind",
            params,
        ).fetchall()

    def candidate_ids(self, wanted: RankFilter) -> IntArray:
        """Every id a ranking covers, ascending."""
        import numpy as np

        where, params = _rank_where(wanted)
        cursor = self._conn.execute(f"SELECT p.id FROM people p WHERE {where}", params)
        return np.sort(np.fromiter(chain.from_iterable(cursor), dtype=np.int64))

    def candidate_rows(
        self,
        wanted: RankFilter,
        *,
        among: IntArray | None = None,
        outside: IntArray | None = None,
        limit: int = -1,
    ) -> PeopleColumns:
        """The people a ranking covers, by id: all of them or those ``among`` some ids; or the
        first ``limit`` by name key, then id, of those ``outside`` some ids."""
        where, params = _rank_where(wanted)
        if among is not None:
            where += " AND p.id IN (SELECT value FROM json_each(:among))"
            params["among"] = json.dumps(among.tolist())
        if outside is not None:
            where += " AND p.id NOT IN (SELECT value FROM json_each(:outside))"
            params["outside"] = json.dumps(outside.tolist())
        params["limit"] = limit
        rows = self._conn.execute(
            "SELECT p.id, p.name, p.name_key, p.company, p.title, p.degree FROM people p "
            f"WHERE {where} ORDER BY {'p.name_key, ' if limit >= 0 else ''}p.id LIMIT :limit",
            params,
        ).fetchall()
        return _columns(rows)

    # --- helpers ------------------------------------------------------------------------------

    def _one(self, sql: str, params: tuple[object, ...] = ()) -> Any:
        return self._conn.execute(sql, params).fetchone()[0]

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """One read transaction around a block (unless the caller is in one already)."""
        opened = not self._conn.in_transaction
        if opened:
            self._conn.execute("BEGIN")
        try:
            yield
        finally:
            if opened:
                self._conn.execute("COMMIT")

    def _database_file(self) -> str | None:
        """The file of the main database, or None (in memory, temporary)."""
        for _seq, name, file in self._conn.execute("PRAGMA database_list"):
            if name == "main":
                return str(file) or None
        return None


def _columns(rows: list[tuple[Any, ...]]) -> PeopleColumns:
    """Columns of ``(id, name, name_key, company, title, degree)`` rows."""
    import numpy as np

    columns = list(zip(*rows, strict=True)) if rows else [()] * 6
    ids, names, keys, companies, titles, degrees = columns
    return PeopleColumns(
        np.array(ids, dtype=np.int64),
        list(names),
        list(keys),
        list(companies),
        list(titles),
        list(degrees),
    )


def _rank_where(wanted: RankFilter) -> tuple[str, dict[str, Any]]:
    """The condition on ``people p`` of a ranking, and its parameters."""
    clauses = ["p.id != :me", "coalesce(p.degree, 0) != 1"]
    params: dict[str, Any] = {"me": wanted.me}
    if wanted.targets_only:
        clauses.append("p.id IN (SELECT person_id FROM targets WHERE person_id IS NOT NULL)")
    for column, present, values in (
        ("company", wanted.has_company, wanted.companies),
        ("title", wanted.has_title, wanted.titles),
    ):
        if present or values is not None:
            clauses.append(f"p.{column} IS NOT NULL")
        if values is not None:
            clauses.append(f"p.{column} IN (SELECT value FROM json_each(:{column}))")
            params[column] = json.dumps(list(values), ensure_ascii=False)
    return " AND ".join(clauses), params


# Each tie is read as the integers a * 2**32 + b and strength * 2**60. The second is exact for
# every double from 2**-8 to 1 (a power-of-two scaling only moves the exponent), so it survives
# the trip through text; smaller strengths (below 2**52 once scaled) are read again.
_TIES_CHUNK = """
    SELECT count(*), group_concat(a * 4294967296 + b),
           group_concat(CAST(strength * 1152921504606846976 AS INTEGER))
    FROM (SELECT a, b, strength FROM edges WHERE (a, b) {after} (?, ?)
          ORDER BY a {order}, b {order} LIMIT ?)
"""
_EXACT_FROM = 2**52


def _read_ties(
    conn: sqlite3.Connection, count: int, *, descending: bool
) -> tuple[IntArray, FloatArray]:
    """The first ``count`` ties from one end of the table, as keys ``a << 32 | b`` and
    strengths (-1 where they must be read again).

    Fetching ten million rows costs a Python tuple and three objects per row. Instead SQLite
    joins each column of a chunk of ties into one text, and numpy parses it: about three times
    faster. Chunks follow the primary key, so each is one range scan.
    """
    import numpy as np

    query = _TIES_CHUNK.format(
        after="<" if descending else ">", order="DESC" if descending else "ASC"
    )
    after = (2**63 - 1,) * 2 if descending else (-(2**63),) * 2
    keys: list[IntArray] = []
    scaled: list[IntArray] = []
    while count > 0:
        found, key_text, strength_text = conn.execute(
            query, (*after, min(count, _CHUNK))
        ).fetchone()
        if not found:
            break
        keys.append(ints_from_text(key_text, found))
        scaled.append(ints_from_text(strength_text, found))
        after = (int(keys[-1][-1] >> 32), int(keys[-1][-1] & 0xFFFFFFFF))
        count -= found
    if not keys:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    exact = np.concatenate(scaled)
    strength = exact.astype(np.float64)
    strength *= 2.0**-60
    strength[exact < _EXACT_FROM] = -1.0
    return np.concatenate(keys), strength


def _read_ties_elsewhere(path: str, count: int) -> tuple[IntArray, FloatArray]:
    """The last ``count`` ties (last first), read by a connection of this thread's own."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        return _read_ties(conn, count, descending=True)
    finally:
        conn.close()


def ints_from_text(text: str | None, count: int) -> IntArray:
    """The integers of a comma-separated text from ``group_concat``."""
    import numpy as np

    if not count:
        return np.empty(0, dtype=np.int64)
    values = np.fromstring(text or "", dtype=np.int64, sep=",")
    if len(values) != count:
        raise sqlite3.DataError("unexpected text while reading the workspace")
    return values
