"""Peewee migrations -- 020_expiring_texts.py: held texts that are over once their moment is."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """When a held text stops being worth sending (an event's reminder: its start)."""
    migrator.add_fields("outbox", expires_at=pw.DateTimeField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Forget when held texts expire."""
    migrator.remove_fields("outbox", "expires_at")
