"""Peewee migrations -- 019_language.py: the language each member is written to in."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """A member's language ("en", "es"); None: not known yet, English until it is."""
    migrator.add_fields("member", language=pw.CharField(max_length=8, null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Forget the languages."""
    migrator.remove_fields("member", "language")
