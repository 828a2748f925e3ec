"""The index page: every contract of the database (v_contracts_reviewed),
filtered, sorted, counted and paged. Filters come from the query string and
are checked here; every value reaches SQL as a parameter, and the sort is
picked from a fixed table (never text from the request)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import duckdb

from hetong.extractors.parsers.money import parse_money
from hetong.pipeline.serve import i18n
from hetong.pipeline.serve.db import rows

__all__ = ["Filters", "IndexPage", "load_index", "neighbours", "options"]

PAGE_SIZE = 50

ORDER_BY = {
    "source": "source, sha256",
    "amount_desc": "total_amount DESC NULLS LAST, source, sha256",
    "amount": "total_amount ASC NULLS LAST, source, sha256",
    "signed_desc": "signed_on DESC NULLS LAST, source, sha256",
    "flags_desc": "n_flags DESC, source, sha256",
    "open_desc": "n_flags_open DESC, n_flags DESC, source, sha256",
}
STATUSES = ("ok", "partial")
SEVERITIES = ("error", "warning", "info")
REVIEW_STATES = tuple(i18n.REVIEW_STATE)


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    kind: str | None = None
    severity: str | None = None
    region: str | None = None
    party: str | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    review: str | None = None
    sort: str = "source"
    page: int = 1

    @classmethod
    def from_params(cls, params: Any) -> tuple[Filters, list[str]]:
        """Filters from a query string (a mapping); a value that cannot be
        used is left out, and said (as an English key for i18n-free logs and
        the page's notice)."""
        problems: list[str] = []

        def text(name: str, limit: int = 200) -> str | None:
            value = " ".join(str(params.get(name) or "").split())[:limit]
            return value or None

        def choice(name: str, allowed: tuple[str, ...]) -> str | None:
            value = text(name)
            if value is not None and value not in allowed:
                problems.append(name)
                return None
            return value

        def code(name: str) -> str | None:  # a flag kind: known ones and any a newer hetong adds
            value = text(name, 60)
            if value is not None and not re.fullmatch(r"[a-z][a-z0-9_]*", value):
                problems.append(name)
                return None
            return value

        def money(name: str) -> Decimal | None:
            value = text(name)
            if value is None:
                return None
            amount = parse_money(value)
            if amount is None:
                problems.append(name)
            return amount

        page = 1
        raw_page = text("page")
        if raw_page is not None:
            if raw_page.isdigit() and 0 < int(raw_page) < 1_000_000:
                page = int(raw_page)
            else:
                problems.append("page")
        sort = text("sort") or "source"
        if sort not in ORDER_BY:
            problems.append("sort")
            sort = "source"
        return (
            cls(
                status=choice("status", STATUSES),
                kind=code("kind"),
                severity=choice("severity", SEVERITIES),
                region=text("region", 60),
                party=text("party", 100),
                amount_min=money("amount_min"),
                amount_max=money("amount_max"),
                review=choice("review", REVIEW_STATES),
                sort=sort,
                page=page,
            ),
            problems,
        )

    def params(self, **changes: Any) -> dict[str, str]:
        """The filters as query parameters (defaults left out)."""
        f = replace(self, **changes)
        out: dict[str, str] = {}
        for fld in fields(f):
            value = getattr(f, fld.name)
            if value is None or (fld.name == "sort" and value == "source") or (fld.name == "page" and value == 1):
                continue
            out[fld.name] = format(value, "f") if isinstance(value, Decimal) else str(value)
        return out

    def query(self, **changes: Any) -> str:
        """The filters as a query string ('' when there are none)."""
        params = self.params(**changes)
        return ("?" + urlencode(params)) if params else ""

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.status:
            clauses.append("status = ?")
            args.append(self.status)
        if self.kind:
            clauses.append("list_contains(flag_kinds, ?)")
            args.append(self.kind)
        if self.severity:
            clauses.append("list_contains(flag_severities, ?)")
            args.append(self.severity)
        if self.region:
            clauses.append("(province = ? OR contains(coalesce(region, ''), ?))")
            args += [self.region, self.region]
        if self.party:
            clauses.append("(contains(lower(coalesce(party_a, '')), lower(?)) OR contains(lower(coalesce(party_b, '')), lower(?)))")
            args += [self.party, self.party]
        if self.amount_min is not None:
            clauses.append("total_amount >= ?")
            args.append(self.amount_min)
        if self.amount_max is not None:
            clauses.append("total_amount <= ?")
            args.append(self.amount_max)
        if self.review:
            clauses.append("review_state = ?")
            args.append(self.review)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


@dataclass
class IndexPage:
    filters: Filters
    rows: list[dict[str, Any]]
    total: int
    counts: dict[str, int]
    pages: int
    first: int
    last: int


_COLUMNS = (
    "source, title, party_a, party_b, total_amount, signed_on, region, status, n_flags, n_flags_open, "
    "flag_kinds, flag_severities, review_state, sha256"
)


def load_index(conn: duckdb.DuckDBPyConnection, filters: Filters, relation: str = "v_contracts_reviewed") -> IndexPage:
    """One page of the contracts that pass `filters`, with the counts of the
    whole filtered set (how many, by review state, open flags). `relation`
    is v_contracts_reviewed of a database, or the table `idx` of an
    IndexCache (the same columns)."""
    relation = _relation(relation)
    where, args = filters.where()
    offset = (filters.page - 1) * PAGE_SIZE
    counted = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE review_state = 'unreviewed'), "
        "count(*) FILTER (WHERE review_state = 'in_progress'), count(*) FILTER (WHERE review_state = 'reviewed'), "
        f"coalesce(sum(n_flags_open), 0) FROM {relation}{where}",  # sql-identifier-checked: constant tables
        args,
    ).fetchall()[0]
    total = int(counted[0])
    counts = {"unreviewed": int(counted[1]), "in_progress": int(counted[2]), "reviewed": int(counted[3]),
              "open_flags": int(counted[4])}
    found = rows(
        conn,
        f"SELECT {_COLUMNS} FROM {relation}{where} ORDER BY {ORDER_BY[filters.sort]} LIMIT ? OFFSET ?",  # sql-identifier-checked
        [*args, PAGE_SIZE, offset],
    )
    pages = max(1, -(-total // PAGE_SIZE))
    return IndexPage(
        filters=filters,
        rows=found,
        total=total,
        counts=counts,
        pages=pages,
        first=offset + 1 if found else 0,
        last=offset + len(found),
    )


def _relation(name: str) -> str:
    if name not in ("v_contracts_reviewed", "idx"):
        raise ValueError(f"not an index relation: {name!r}")
    return name


def neighbours(
    conn: duckdb.DuckDBPyConnection, filters: Filters, sha256: str, relation: str = "v_contracts_reviewed"
) -> dict[str, Any]:
    """Where `sha256` stands in the filtered, sorted list: its position, the
    count, and the sha256 of the contracts before and after it (None at the
    ends, and all None when the filter leaves it out)."""
    relation = _relation(relation)
    where, args = filters.where()
    sql = (
        f"WITH f AS (SELECT sha256, row_number() OVER (ORDER BY {ORDER_BY[filters.sort]}) AS rn, count(*) OVER () AS n "  # sql-identifier-checked
        f"FROM {relation}{where}), me AS (SELECT rn FROM f WHERE sha256 = ?) "
        "SELECT f.sha256, f.rn, f.n, me.rn AS at FROM f, me WHERE f.rn BETWEEN me.rn - 1 AND me.rn + 1 ORDER BY f.rn"
    )
    found = rows(conn, sql, [*args, sha256])
    out: dict[str, Any] = {"prev": None, "next": None, "position": None, "total": None}
    for r in found:
        out["position"], out["total"] = int(r["at"]), int(r["n"])
        if r["rn"] == r["at"] - 1:
            out["prev"] = r["sha256"]
        elif r["rn"] == r["at"] + 1:
            out["next"] = r["sha256"]
    return out


def options(conn: duckdb.DuckDBPyConnection, relation: str = "v_contracts_reviewed") -> dict[str, list[str]]:
    """Values for the filter menus: the provinces and flag kinds present."""
    relation = _relation(relation)
    provinces = [r[0] for r in conn.execute(
        f"SELECT DISTINCT province FROM {relation} WHERE province IS NOT NULL ORDER BY province").fetchall()]  # sql-identifier-checked
    kinds = [r[0] for r in conn.execute(
        f"SELECT DISTINCT unnest(flag_kinds) AS k FROM {relation} ORDER BY k").fetchall()]  # sql-identifier-checked
    return {"provinces": provinces, "kinds": kinds}


# -- the cache that makes the index fast ---------------------------------------------------------

_CACHED = (
    ("source", "VARCHAR"), ("title", "VARCHAR"), ("party_a", "VARCHAR"), ("party_b", "VARCHAR"),
    ("total_amount", "DECIMAL(18,2)"), ("signed_on", "DATE"), ("region", "VARCHAR"), ("province", "VARCHAR"),
    ("status", "VARCHAR"), ("n_flags", "BIGINT"), ("n_flags_open", "BIGINT"), ("flag_kinds", "VARCHAR[]"),
    ("flag_severities", "VARCHAR[]"), ("review_state", "VARCHAR"), ("sha256", "VARCHAR"),
)


class IndexCache:
    """v_contracts_reviewed, copied into an in-memory DuckDB table (`idx`)
    that the index, its menus and previous/next query. The view joins a
    dozen tables and aggregates every flag and decision: seconds at 10,000
    contracts, for every page. The copy answers in milliseconds.

    `sync(conn)` keeps it true, cheaply, on every request: when the
    documents changed (an import: their count, latest run and import time)
    it is copied again whole; when only decisions were added (by this
    workbench or any other process: the highest review_id), just the
    contracts they are about are recomputed (their open flags and review
    state), by the same rules as the view."""

    def __init__(self) -> None:
        self.mem = duckdb.connect(":memory:")
        self._documents: tuple[Any, ...] | None = None
        self._last_review: int | None = None
        self.rebuilds = 0
        self.refreshed = 0

    def sync(self, conn: duckdb.DuckDBPyConnection) -> None:
        documents = tuple(conn.execute("SELECT count(*), max(run_id), max(imported_at) FROM documents").fetchall()[0])
        last = int(conn.execute("SELECT coalesce(max(review_id), 0) FROM reviews").fetchall()[0][0])
        if documents != self._documents:
            self._rebuild(conn)
        elif last != self._last_review:
            for (sha,) in conn.execute(
                "SELECT DISTINCT sha256 FROM reviews WHERE review_id > ?", [self._last_review or 0]
            ).fetchall():
                self._refresh(conn, sha)
        self._documents, self._last_review = documents, last

    def _rebuild(self, conn: duckdb.DuckDBPyConnection) -> None:
        names = [n for n, _ in _CACHED]
        found = conn.execute(f"SELECT {', '.join(names)} FROM v_contracts_reviewed").fetchall()  # sql-identifier-checked
        columns = [list(col) for col in zip(*found)] if found else [[] for _ in names]
        select = ", ".join(f"unnest(?::{t}[]) AS {n}" for n, t in _CACHED)
        self.mem.execute(f"CREATE OR REPLACE TABLE idx AS SELECT {select}", columns)  # sql-identifier-checked: constants
        self.rebuilds += 1

    def _refresh(self, conn: duckdb.DuckDBPyConnection, sha256: str) -> None:
        from hetong.pipeline.serve.decisions import decisions_for, targets_for

        targets = targets_for(conn, sha256)
        applying = {(d.target, d.evidence_key): d.decision for d in decisions_for(conn, sha256, targets) if d.applies}
        flags = [applying.get((t["target"], t["evidence_key"])) for t in targets if t["kind"] == "flag"]
        n_open = sum(1 for d in flags if d not in ("dismiss", "confirm"))
        state = "unreviewed" if not applying else ("in_progress" if n_open else "reviewed")
        self.mem.execute("UPDATE idx SET n_flags_open = ?, review_state = ? WHERE sha256 = ?", [n_open, state, sha256])
        self.refreshed += 1
