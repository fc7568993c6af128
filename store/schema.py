"""Create and migrate the schema with peewee-migrate, from store/migrations."""

from __future__ import annotations

from pathlib import Path

from peewee_migrate import Router

from store.db import db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def migrate() -> list[str]:
    """Apply every migration not yet applied; return the names applied."""
    router = Router(db, migrate_dir=str(MIGRATIONS), ignore=["basemodel"])
    return router.run()
