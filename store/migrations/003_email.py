"""Peewee migrations -- 003_email.py: linked email addresses, their secret tokens, codes."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add what the email bridge and one-time codes need."""
    migrator.add_fields(
        "member",
        email=pw.CharField(max_length=255, null=True, unique=True),
        email_token=pw.CharField(max_length=255, null=True, unique=True),
        via=pw.CharField(max_length=255, default="sms"),
    )
    migrator.add_fields("inbound", address=pw.CharField(max_length=255, null=True))
    migrator.add_fields("outbox", subject=pw.CharField(max_length=255, null=True))

    @migrator.create_model
    class OneTimeCode(pw.Model):
        id = pw.AutoField()
        member = pw.ForeignKeyField(column_name="member_id", field="id",
                                    model=migrator.orm["member"], on_delete="CASCADE")
        purpose = pw.CharField(max_length=255)
        address = pw.CharField(max_length=255, null=True)
        code_hash = pw.CharField(max_length=255)
        attempts = pw.IntegerField(default=0)
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField()
        used_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "one_time_code"
            indexes = [(("member", "purpose"), False)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Remove them again."""
    migrator.remove_model("one_time_code")
    migrator.remove_fields("outbox", "subject")
    migrator.remove_fields("inbound", "address")
    migrator.remove_fields("member", "email", "email_token", "via")
