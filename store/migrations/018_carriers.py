"""Peewee migrations -- 018_carriers.py: carriers' word on texts kept; opt-outs Twilio handled."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Keep failures per member, unreachable members, paused senders and Twilio's OptOutType.

    A post may reach a member twice, by text and then by mail when the text failed: the
    outbox's one row per (message, member) becomes one per channel.
    """
    migrator.add_fields(
        "member",
        failed_texts=pw.IntegerField(default=0),
        unreachable_at=pw.DateTimeField(null=True),
    )
    migrator.add_fields("inbound", opt_out_type=pw.CharField(max_length=255, null=True))
    migrator.drop_index("outbox", "message", "member")
    migrator.add_index("outbox", "message", "member", "channel", unique=True)

    @migrator.create_model
    class DeliveryFailure(pw.Model):
        id = pw.AutoField()
        member = pw.ForeignKeyField(column_name="member_id", field="id", null=True,
                                    model=migrator.orm["member"], on_delete="CASCADE")
        outbox = pw.ForeignKeyField(column_name="outbox_id", field="id", null=True,
                                    model=migrator.orm["outbox"], on_delete="SET NULL")
        code = pw.IntegerField(null=True)
        sender = pw.CharField(max_length=255, null=True)
        at = pw.DateTimeField()

        class Meta:
            table_name = "delivery_failure"
            indexes = [(("member", "at"), False), (("code", "sender", "at"), False)]

    @migrator.create_model
    class OpsAlert(pw.Model):
        id = pw.AutoField()
        kind = pw.CharField(max_length=255)
        subject = pw.CharField(max_length=255)
        detail = pw.TextField(default="")
        created_at = pw.DateTimeField()
        until = pw.DateTimeField(null=True)

        class Meta:
            table_name = "ops_alert"
            indexes = [(("kind", "created_at"), False), (("kind", "until"), False)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Remove them again (a post sent by text and by mail keeps both rows: drop one first)."""
    migrator.remove_model("ops_alert")
    migrator.remove_model("delivery_failure")
    migrator.drop_index("outbox", "message", "member", "channel")
    migrator.add_index("outbox", "message", "member", unique=True)
    migrator.remove_fields("inbound", "opt_out_type")
    migrator.remove_fields("member", "failed_texts", "unreachable_at")
