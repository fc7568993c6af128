"""Peewee migrations -- 011_mail_drafts.py: a mail's body kept as it came until it is cleaned."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the draft a worker cleans a member's mail from (the door no longer cleans it)."""
    migrator.add_fields("inbound", draft=pw.TextField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop it again."""
    migrator.remove_fields("inbound", "draft")
