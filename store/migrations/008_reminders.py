"""Peewee migrations -- 008_reminders.py: reminders, digests and quiet hours."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the reminder table and each member's digest and quiet hours."""
    migrator.add_fields(
        "member",
        quiet_start=pw.IntegerField(null=True),
        quiet_end=pw.IntegerField(null=True),
        digest=pw.CharField(max_length=255, null=True),
        digest_offered=pw.BooleanField(default=False),
        digest_since=pw.DateTimeField(null=True),
    )

    @migrator.create_model
    class Reminder(pw.Model):
        id = pw.AutoField()
        member = pw.ForeignKeyField(column_name="member_id", field="id",
                                    model=migrator.orm["member"], on_delete="CASCADE")
        group = pw.ForeignKeyField(column_name="group_id", field="id",
                                   model=migrator.orm["group"], null=True, on_delete="CASCADE")
        task = pw.ForeignKeyField(column_name="task_id", field="id",
                                  model=migrator.orm["task"], null=True, on_delete="CASCADE")
        kind = pw.CharField(max_length=255, default="me")
        number = pw.IntegerField(null=True)
        text = pw.TextField(default="")
        due_at = pw.DateTimeField()
        every = pw.CharField(max_length=255, null=True)
        status = pw.CharField(max_length=255, default="pending")
        claim = pw.CharField(max_length=255, null=True, index=True)
        fired_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "reminder"
            indexes = [(("status", "due_at"), False), (("member", "number"), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Remove them again."""
    migrator.remove_model("reminder")
    migrator.remove_fields("member", "quiet_start", "quiet_end", "digest", "digest_offered",
                           "digest_since")
