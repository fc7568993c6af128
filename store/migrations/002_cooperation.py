"""Peewee migrations -- 002_cooperation.py: tasks, the ledger, follows, tags and the board."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your migrations here."""
    
    @migrator.create_model
    class BoardItem(pw.Model):
        id = pw.AutoField()
        kind = pw.CharField(max_length=255)
        author = pw.ForeignKeyField(column_name='author_id', field='id', model=migrator.orm['member'])
        text = pw.TextField()
        tags = pw.CharField(max_length=255)
        status = pw.CharField(default='open', index=True, max_length=255)
        helper = pw.ForeignKeyField(column_name='helper_id', field='id', model=migrator.orm['member'], null=True)
        message = pw.ForeignKeyField(column_name='message_id', field='id', model=migrator.orm['message'], null=True)
        created_at = pw.DateTimeField()
        done_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "board_item"

    @migrator.create_model
    class BoardTag(pw.Model):
        id = pw.AutoField()
        item = pw.ForeignKeyField(column_name='item_id', field='id', model=migrator.orm['board_item'], on_delete='CASCADE')
        tag = pw.CharField(index=True, max_length=255)

        class Meta:
            table_name = "board_tag"
            indexes = [(('item', 'tag'), True)]

    @migrator.create_model
    class Task(pw.Model):
        id = pw.AutoField()
        group = pw.ForeignKeyField(column_name='group_id', field='id', model=migrator.orm['group'], on_delete='CASCADE')
        number = pw.IntegerField()
        text = pw.TextField()
        creator = pw.ForeignKeyField(column_name='creator_id', field='id', model=migrator.orm['member'])
        assignee = pw.ForeignKeyField(column_name='assignee_id', field='id', model=migrator.orm['member'], null=True)
        status = pw.CharField(default='open', max_length=255)
        due_at = pw.DateTimeField(null=True)
        due_time = pw.BooleanField(default=False)
        done_by = pw.ForeignKeyField(column_name='done_by_id', field='id', model=migrator.orm['member'], null=True)
        done_at = pw.DateTimeField(null=True)
        inbound = pw.ForeignKeyField(column_name='inbound_id', field='id', model=migrator.orm['inbound'], null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "task"
            indexes = [(('group', 'number'), True)]

    @migrator.create_model
    class Contribution(pw.Model):
        id = pw.AutoField()
        member = pw.ForeignKeyField(column_name='member_id', field='id', model=migrator.orm['member'])
        kind = pw.CharField(max_length=255)
        points = pw.IntegerField()
        group = pw.ForeignKeyField(column_name='group_id', field='id', model=migrator.orm['group'], null=True)
        giver = pw.ForeignKeyField(column_name='giver_id', field='id', model=migrator.orm['member'], null=True)
        task = pw.ForeignKeyField(column_name='task_id', field='id', model=migrator.orm['task'], null=True)
        need = pw.ForeignKeyField(column_name='need_id', field='id', model=migrator.orm['board_item'], null=True)
        reverses = pw.ForeignKeyField(column_name='reverses_id', field='id', model='self', null=True)
        reason = pw.TextField(default='')
        message = pw.ForeignKeyField(column_name='message_id', field='id', model=migrator.orm['message'], null=True)
        inbound = pw.ForeignKeyField(column_name='inbound_id', field='id', model=migrator.orm['inbound'], null=True)
        created_at = pw.DateTimeField(index=True)

        class Meta:
            table_name = "contribution"

    @migrator.create_model
    class Follow(pw.Model):
        id = pw.AutoField()
        follower = pw.ForeignKeyField(column_name='follower_id', field='id', model=migrator.orm['member'], on_delete='CASCADE')
        member = pw.ForeignKeyField(column_name='member_id', field='id', model=migrator.orm['member'], null=True, on_delete='CASCADE')
        tag = pw.CharField(index=True, max_length=255, null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "follow"
            indexes = [(('follower', 'member'), True), (('follower', 'tag'), True)]

    @migrator.create_model
    class MessageTag(pw.Model):
        id = pw.AutoField()
        message = pw.ForeignKeyField(column_name='message_id', field='id', model=migrator.orm['message'], on_delete='CASCADE')
        tag = pw.CharField(index=True, max_length=255)

        class Meta:
            table_name = "message_tag"
            indexes = [(('message', 'tag'), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your rollback migrations here."""
    
    migrator.remove_model('message_tag')

    migrator.remove_model('follow')

    migrator.remove_model('contribution')

    migrator.remove_model('task')

    migrator.remove_model('board_tag')

    migrator.remove_model('board_item')
