"""Peewee migrations -- 005_mail_tokens.py: mail tokens derived, not stored; session epochs;
login codes bound to the browser that asked for them."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the stored mail tokens; add the epochs tokens and sessions hang on, codes' client."""
    migrator.remove_fields("member", "email_token")
    migrator.add_fields(
        "member",
        mail_epoch=pw.IntegerField(default=0),
        session_epoch=pw.IntegerField(default=0),
    )
    migrator.add_fields("one_time_code", client=pw.CharField(max_length=255, null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Bring the stored token column back (empty: tokens are made again when mail is sent)."""
    migrator.remove_fields("one_time_code", "client")
    migrator.remove_fields("member", "mail_epoch", "session_epoch")
    migrator.add_fields("member", email_token=pw.CharField(max_length=255, null=True, unique=True))
