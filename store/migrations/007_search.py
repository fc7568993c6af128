"""Peewee migrations -- 007_search.py: the full-text index of messages, filled from those kept."""

import peewee as pw
from peewee_migrate import Migrator

from store import search


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the search index (FTS5 or tsvector), its triggers, and index every message."""
    migrator.run(search.create_index)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Remove the index again."""
    migrator.run(search.drop_index)
