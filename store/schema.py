"""Create and migrate the schema with peewee-migrate, from store/migrations."""

from __future__ import annotations

from pathlib import Path

from peewee_migrate import Router

from store.db import db, is_sqlite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Web and worker processes on several machines may start together against one PostgreSQL:
# they take turns, and each after the first finds nothing left to do.
MIGRATION_LOCK = 0x436F6D6D6F6E73  # "Commons"


def migrate() -> list[str]:
    """Apply every migration not yet applied; return the names applied."""
    router = Router(db, migrate_dir=str(MIGRATIONS), ignore=["basemodel"])
    if is_sqlite():  # IMMEDIATE transactions already serialise SQLite's writers
        return router.run()
    db.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    try:
        return router.run()
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))


def pending() -> list[str]:
    """Return the names of the migrations not yet applied, applying (and creating) nothing."""
    router = Router(db, migrate_dir=str(MIGRATIONS), ignore=["basemodel"])
    if router.migrate_table not in db.get_tables():
        return list(router.todo)
    return list(router.diff)
