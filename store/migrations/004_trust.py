"""Peewee migrations -- 004_trust.py: held texts kept with their fate, and kicks that hold."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Keep each held text as a row of its own; remember who was kicked from where."""

    @migrator.create_model
    class HeldText(pw.Model):
        id = pw.AutoField()
        member = pw.ForeignKeyField(column_name="member_id", field="id",
                                    model=migrator.orm["member"], on_delete="CASCADE")
        inbound = pw.ForeignKeyField(column_name="inbound_id", field="id",
                                     model=migrator.orm["inbound"], null=True)
        body = pw.TextField()
        status = pw.CharField(default="held", max_length=255)
        held_at = pw.DateTimeField()
        settled_at = pw.DateTimeField(null=True)
        reason = pw.CharField(max_length=255, null=True)
        message = pw.ForeignKeyField(column_name="message_id", field="id",
                                     model=migrator.orm["message"], null=True)

        class Meta:
            table_name = "held_text"
            indexes = [(("member", "status"), False), (("status", "held_at"), False)]

    @migrator.create_model
    class Removal(pw.Model):
        id = pw.AutoField()
        group = pw.ForeignKeyField(column_name="group_id", field="id",
                                   model=migrator.orm["group"], on_delete="CASCADE")
        member = pw.ForeignKeyField(column_name="member_id", field="id",
                                    model=migrator.orm["member"], on_delete="CASCADE")
        remover = pw.ForeignKeyField(column_name="remover_id", field="id",
                                     model=migrator.orm["member"])
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "removal"
            indexes = [(("group", "member"), True)]

    migrator.remove_fields("member", "held_text", "held_at")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Remove them again."""
    migrator.add_fields("member", held_text=pw.TextField(null=True),
                        held_at=pw.DateTimeField(null=True))
    migrator.remove_model("removal")
    migrator.remove_model("held_text")
