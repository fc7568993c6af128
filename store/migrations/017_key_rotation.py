"""Peewee migrations -- 017_key_rotation.py: a rotated SECRET_KEY, until members are told."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the table of key rotations."""

    @migrator.create_model
    class KeyRotation(pw.Model):
        id = pw.AutoField()
        fingerprint = pw.CharField(max_length=255, unique=True)
        created_at = pw.DateTimeField()
        announced_at = pw.DateTimeField(null=True)
        told = pw.IntegerField(null=True)

        class Meta:
            table_name = "key_rotation"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop it again."""
    migrator.remove_model("key_rotation")
