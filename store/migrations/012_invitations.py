"""Peewee migrations -- 012_invitations.py: every invitation to a number, kept for the caps;
and `block @x`."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the invitation log and the blocks members set.

    The log: who invited which number, by which door, and whether it was texted.

    A number is texted an invitation at most once a week, and a member names a few numbers a
    day: both are counted here, whichever door the invitation came by.
    """

    @migrator.create_model
    class Invitation(pw.Model):
        id = pw.AutoField()
        phone = pw.CharField(max_length=255, null=True)
        member = pw.ForeignKeyField(column_name="member_id", field="id", null=True,
                                    model=migrator.orm["member"], on_delete="CASCADE")
        group = pw.ForeignKeyField(column_name="group_id", field="id", null=True,
                                   model=migrator.orm["group"], on_delete="CASCADE")
        inviter = pw.ForeignKeyField(column_name="inviter_id", field="id", null=True,
                                     model=migrator.orm["member"], on_delete="CASCADE")
        door = pw.CharField(max_length=255)
        counted = pw.BooleanField(default=True)
        texted = pw.BooleanField(default=False)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "invitation"
            indexes = [(("phone", "created_at"), False), (("inviter", "created_at"), False)]


    @migrator.create_model
    class Block(pw.Model):
        id = pw.AutoField()
        member = pw.ForeignKeyField(column_name="member_id", field="id",
                                    model=migrator.orm["member"], on_delete="CASCADE")
        blocked = pw.ForeignKeyField(column_name="blocked_id", field="id",
                                     model=migrator.orm["member"], on_delete="CASCADE")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "block"
            indexes = [(("member", "blocked"), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop them again."""
    migrator.remove_model("block")
    migrator.remove_model("invitation")
