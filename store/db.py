"""The database handle: one proxy, bound to SQLite or PostgreSQL from a URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import (
    Database,
    DatabaseProxy,
    Expression,
    Field,
    SqliteDatabase,
    Update,
)
from playhouse.db_url import parse
from playhouse.pool import PooledPostgresqlDatabase

from store.sqlite import BUSY_MS, QueuedSqliteDatabase

db = DatabaseProxy()

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'commons.db'}"

# WAL lets the web and worker processes read while one writes; every transaction is IMMEDIATE
# (store/sqlite.py), taking the write lock up front, so two writers queue instead of failing to
# upgrade a read lock ("database is locked").
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": BUSY_MS,
}
# Connections are pooled and reused from request to request and job to job: opening one costs
# more than a webhook's queries (a PostgreSQL backend is a new process). A PostgreSQL connection
# is replaced once this old, so none outlives a server-side change for long.
STALE_SECONDS = 300


def open_database(url: str | None) -> Database:
    """Build a database for `url` (sqlite:///path or postgresql://...) and bind the proxy to it."""
    url = url or DEFAULT_URL
    params = parse(url)
    if url.startswith("sqlite"):
        path = params.pop("database")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        database: Database = QueuedSqliteDatabase(path, pragmas=SQLITE_PRAGMAS)
    elif url.startswith(("postgres://", "postgresql://")):
        name = params.pop("database")
        database = PooledPostgresqlDatabase(name, max_connections=None,
                                            stale_timeout=STALE_SECONDS, **params)
    else:
        raise ValueError(f"DATABASE_URL must be sqlite:/// or postgresql://, not {url!r}")
    db.initialize(database)
    return database


def sqlite_file(url: str | None) -> Path | None:
    """Return the file a sqlite:/// URL names (None for PostgreSQL or an in-memory one)."""
    url = url or DEFAULT_URL
    if not url.startswith("sqlite"):
        return None
    path = parse(url)["database"]
    return None if path == ":memory:" else Path(path)


def is_sqlite() -> bool:
    """Tell whether the bound database is SQLite."""
    return isinstance(db.obj, SqliteDatabase)


def has_returning() -> bool:
    """Tell whether the bound database takes UPDATE ... RETURNING (SQLite since 3.35)."""
    return not is_sqlite() or sqlite3.sqlite_version_info >= (3, 35, 0)


def take_turns(key: str) -> None:
    """Wait, in the caller's transaction, until no other transaction that took `key` is open.

    For a read that decides a write from what concurrent transactions write (a count of failures
    that each adds one to): under READ COMMITTED, each would count without the others' rows and
    none would see the sum. Taking turns, each later one counts the earlier ones' committed rows.
    SQLite's IMMEDIATE transactions already take turns; PostgreSQL's lock ends at commit.
    """
    if not is_sqlite():
        db.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))


def updated_ids(query: Update, key: Field, after: Expression) -> set[int]:
    """Run an UPDATE and return the `key` of each row it changed.

    `after` matches exactly the changed rows once changed: without RETURNING they are read back
    by it in the same transaction.
    """
    if has_returning():
        return {row[0] for row in query.returning(key).tuples().execute()}
    with db.atomic():
        query.execute()
        return {row[0] for row in key.model.select(key).where(after).tuples()}
