"""Peewee migrations -- 014_recap.py: how far `recap` has listed each group's missed posts."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Remember, per membership, up to when `recap` listed the posts its member missed."""
    migrator.add_fields("membership", recap_at=pw.DateTimeField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Forget it again."""
    migrator.remove_fields("membership", "recap_at")
