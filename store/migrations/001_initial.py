"""Peewee migrations -- 001_initial.py: the first schema, generated from store/models.py."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your migrations here."""
    
    @migrator.create_model
    class DeliveryEvent(pw.Model):
        id = pw.AutoField()
        sid = pw.CharField(max_length=255)
        status = pw.CharField(max_length=255)
        error_code = pw.IntegerField(null=True)
        received_at = pw.DateTimeField()

        class Meta:
            table_name = "delivery_event"
            indexes = [(('sid', 'status'), True)]

    @migrator.create_model
    class Member(pw.Model):
        id = pw.AutoField()
        phone = pw.CharField(max_length=255, null=True, unique=True)
        handle = pw.CharField(max_length=255, null=True, unique=True)
        bio = pw.TextField(default='')
        tz = pw.CharField(max_length=255, null=True)
        opted_out = pw.BooleanField(default=False)
        phone_invalid = pw.BooleanField(default=False)
        muted_until = pw.DateTimeField(null=True)
        conv_kind = pw.CharField(max_length=255, null=True)
        conv_id = pw.IntegerField(null=True)
        conv_at = pw.DateTimeField(null=True)
        held_text = pw.TextField(null=True)
        held_at = pw.DateTimeField(null=True)
        pages = pw.TextField(null=True)
        created_at = pw.DateTimeField()
        last_seen_at = pw.DateTimeField()

        class Meta:
            table_name = "member"

    @migrator.create_model
    class Group(pw.Model):
        id = pw.AutoField()
        handle = pw.CharField(max_length=255, unique=True)
        description = pw.TextField(default='')
        owner = pw.ForeignKeyField(column_name='owner_id', field='id', model=migrator.orm['member'])
        private = pw.BooleanField(default=False)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "group"

    @migrator.create_model
    class Handle(pw.Model):
        name = pw.CharField(max_length=255, primary_key=True)
        kind = pw.CharField(max_length=255)

        class Meta:
            table_name = "handle"

    @migrator.create_model
    class Inbound(pw.Model):
        id = pw.AutoField()
        channel = pw.CharField(max_length=255)
        provider_id = pw.CharField(max_length=255, unique=True)
        sender = pw.CharField(max_length=255)
        member = pw.ForeignKeyField(column_name='member_id', field='id', model=migrator.orm['member'], null=True)
        body = pw.TextField()
        media = pw.TextField(default='[]')
        status = pw.CharField(default='received', max_length=255)
        error = pw.TextField(null=True)
        received_at = pw.DateTimeField(index=True)

        class Meta:
            table_name = "inbound"
            indexes = [(('sender', 'received_at'), False)]

    @migrator.create_model
    class Invite(pw.Model):
        id = pw.AutoField()
        group = pw.ForeignKeyField(column_name='group_id', field='id', model=migrator.orm['group'], on_delete='CASCADE')
        member = pw.ForeignKeyField(column_name='member_id', field='id', model=migrator.orm['member'], on_delete='CASCADE')
        inviter = pw.ForeignKeyField(column_name='inviter_id', field='id', model=migrator.orm['member'])
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "invite"
            indexes = [(('group', 'member'), True)]

    @migrator.create_model
    class Membership(pw.Model):
        id = pw.AutoField()
        member = pw.ForeignKeyField(column_name='member_id', field='id', model=migrator.orm['member'], on_delete='CASCADE')
        group = pw.ForeignKeyField(column_name='group_id', field='id', model=migrator.orm['group'], on_delete='CASCADE')
        role = pw.CharField(default='member', max_length=255)
        muted_until = pw.DateTimeField(null=True)
        joined_at = pw.DateTimeField()

        class Meta:
            table_name = "membership"
            indexes = [(('member', 'group'), True)]

    @migrator.create_model
    class Message(pw.Model):
        id = pw.AutoField()
        author = pw.ForeignKeyField(column_name='author_id', field='id', model=migrator.orm['member'])
        group = pw.ForeignKeyField(column_name='group_id', field='id', model=migrator.orm['group'], null=True)
        recipient = pw.ForeignKeyField(column_name='recipient_id', field='id', model=migrator.orm['member'], null=True)
        body = pw.TextField()
        inbound = pw.ForeignKeyField(column_name='inbound_id', field='id', model=migrator.orm['inbound'], null=True)
        fanned_out = pw.BooleanField(default=False, index=True)
        created_at = pw.DateTimeField(index=True)

        class Meta:
            table_name = "message"

    @migrator.create_model
    class Outbox(pw.Model):
        id = pw.AutoField()
        member = pw.ForeignKeyField(column_name='member_id', field='id', model=migrator.orm['member'], null=True)
        channel = pw.CharField(default='sms', max_length=255)
        to = pw.CharField(max_length=255)
        body = pw.TextField()
        segments = pw.IntegerField(default=1)
        kind = pw.CharField(default='reply', max_length=255)
        status = pw.CharField(default='queued', index=True, max_length=255)
        provider_sid = pw.CharField(max_length=255, null=True, unique=True)
        error_code = pw.IntegerField(null=True)
        error = pw.TextField(null=True)
        attempts = pw.IntegerField(default=0)
        claim = pw.CharField(index=True, max_length=255, null=True)
        inbound = pw.ForeignKeyField(column_name='inbound_id', field='id', model=migrator.orm['inbound'], null=True)
        message = pw.ForeignKeyField(column_name='message_id', field='id', model=migrator.orm['message'], null=True)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField(index=True)
        next_attempt_at = pw.DateTimeField()
        sent_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "outbox"
            indexes = [(('message', 'member'), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your rollback migrations here."""
    
    migrator.remove_model('outbox')

    migrator.remove_model('message')

    migrator.remove_model('membership')

    migrator.remove_model('invite')

    migrator.remove_model('inbound')

    migrator.remove_model('handle')

    migrator.remove_model('group')

    migrator.remove_model('member')

    migrator.remove_model('delivery_event')
