"""Peewee migrations -- 010_replies.py: needs and offers numbered apart; a mail's subject kept."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Number needs and offers each on their own (need 1, offer 1); keep a mail's subject."""
    migrator.add_fields("board_item", number=pw.IntegerField(null=True))
    migrator.sql("UPDATE board_item SET number = (SELECT COUNT(*) FROM board_item AS b "
                 "WHERE b.kind = board_item.kind AND b.id <= board_item.id)")
    migrator.add_index("board_item", "kind", "number", unique=True)
    migrator.add_fields("inbound", subject=pw.CharField(max_length=255, null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Remove them again."""
    migrator.remove_fields("inbound", "subject")
    migrator.drop_index("board_item", "kind", "number")
    migrator.remove_fields("board_item", "number")
