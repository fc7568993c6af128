"""The database handle: one proxy, bound to SQLite or PostgreSQL from a URL."""

from __future__ import annotations

from pathlib import Path

from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import parse

db = DatabaseProxy()

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'commons.db'}"

# WAL lets the web and worker processes read while one writes; IMMEDIATE transactions take the
# write lock up front, so two writers queue on busy_timeout instead of failing to upgrade a read
# lock ("database is locked").
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 30_000,
}


def open_database(url: str | None) -> Database:
    """Build a database for `url` (sqlite:///path or postgresql://...) and bind the proxy to it."""
    url = url or DEFAULT_URL
    params = parse(url)
    if url.startswith("sqlite"):
        path = params.pop("database")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        database: Database = SqliteDatabase(
            path, pragmas=SQLITE_PRAGMAS, timeout=30, lock_type="IMMEDIATE"
        )
    elif url.startswith(("postgres://", "postgresql://")):
        name = params.pop("database")
        database = PostgresqlDatabase(name, **params)
    else:
        raise ValueError(f"DATABASE_URL must be sqlite:/// or postgresql://, not {url!r}")
    db.initialize(database)
    return database


def is_sqlite() -> bool:
    """Tell whether the bound database is SQLite."""
    return isinstance(db.obj, SqliteDatabase)
