"""The tables of cooperation: tasks, the contribution ledger, follows, tags and the board."""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from store.models import BaseModel, Group, Inbound, Member, Message, utcnow


class Task(BaseModel):
    """A piece of work in a group, numbered within that group."""

    id: AutoField[int]
    group_id: ForeignKeyField[int]
    creator_id: ForeignKeyField[int]
    assignee_id: ForeignKeyField[int | None]
    done_by_id: ForeignKeyField[int | None]
    inbound_id: ForeignKeyField[int | None]

    group = ForeignKeyField(Group, backref="tasks", on_delete="CASCADE")
    number = IntegerField()
    text = TextField()
    creator = ForeignKeyField(Member, backref="created_tasks")
    assignee = ForeignKeyField(Member, null=True, backref="tasks")
    status = CharField(default="open")  # open, taken (someone has it), done
    due_at = DateTimeField(null=True)  # UTC
    due_time = BooleanField(default=False)  # a time of day was given, not just a day
    done_by = ForeignKeyField(Member, null=True)
    done_at = DateTimeField(null=True)
    inbound = ForeignKeyField(Inbound, null=True)  # the text that created it
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("group", "number"), True),)


# The statuses `needs`/`offers` list and the web's board and tag pages show: done and withdrawn
# (closed) items are off the board everywhere.
LISTED = ("open", "taken")


class BoardItem(BaseModel):
    """A need or an offer on the public board, numbered within its kind: need 1, offer 1."""

    id: AutoField[int]
    author_id: ForeignKeyField[int]
    helper_id: ForeignKeyField[int | None]
    message_id: ForeignKeyField[int | None]

    kind = CharField()  # need, offer
    number = IntegerField(null=True)  # what people type; given on first save
    author = ForeignKeyField(Member, backref="board_items")
    text = TextField()
    tags = CharField()  # as typed, for showing: "design python"
    status = CharField(default="open", index=True)  # open, taken, done (needs); open (offers)
    helper = ForeignKeyField(Member, null=True)  # who took the need
    message = ForeignKeyField(Message, null=True)  # what its fan-out sends
    created_at = DateTimeField(default=utcnow)
    done_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("kind", "number"), True),)

    def save(self, *args, **kwargs):
        """Number a new item after the last of its kind (a clash on the index: retry)."""
        if self.number is None:
            self.number = (BoardItem.select(fn.COALESCE(fn.MAX(BoardItem.number), 0))
                           .where(BoardItem.kind == self.kind).scalar()) + 1
        return super().save(*args, **kwargs)


class BoardTag(BaseModel):
    """A #tag of a need or an offer: what matching and tag followers look up."""

    id: AutoField[int]
    item_id: ForeignKeyField[int]

    item = ForeignKeyField(BoardItem, backref="tag_rows", on_delete="CASCADE")
    tag = CharField(index=True)

    class Meta:
        indexes = ((("item", "tag"), True),)


class MessageTag(BaseModel):
    """A #tag written in a post: what tag followers and the tag pages look up."""

    id: AutoField[int]
    message_id: ForeignKeyField[int]

    message = ForeignKeyField(Message, backref="tag_rows", on_delete="CASCADE")
    tag = CharField(index=True)

    class Meta:
        indexes = ((("message", "tag"), True),)


class Follow(BaseModel):
    """A member following another member or a #tag."""

    id: AutoField[int]
    follower_id: ForeignKeyField[int]
    member_id: ForeignKeyField[int | None]

    follower = ForeignKeyField(Member, backref="follows", on_delete="CASCADE")
    member = ForeignKeyField(Member, null=True, backref="followers", on_delete="CASCADE")
    tag = CharField(null=True, index=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("follower", "member"), True), (("follower", "tag"), True))


class Contribution(BaseModel):
    """One ledger entry. Entries are never changed: a reversal is a new, negative entry."""

    id: AutoField[int]
    member_id: ForeignKeyField[int]
    group_id: ForeignKeyField[int | None]
    giver_id: ForeignKeyField[int | None]
    task_id: ForeignKeyField[int | None]
    need_id: ForeignKeyField[int | None]
    reverses_id: ForeignKeyField[int | None]
    message_id: ForeignKeyField[int | None]
    inbound_id: ForeignKeyField[int | None]

    member = ForeignKeyField(Member, backref="contributions")  # who earns the points
    kind = CharField()  # task, own_task, thanks, need, reversal
    points = IntegerField()
    group = ForeignKeyField(Group, null=True, backref="contributions")
    giver = ForeignKeyField(Member, null=True)  # who thanked
    task = ForeignKeyField(Task, null=True)
    need = ForeignKeyField(BoardItem, null=True)
    reverses: ForeignKeyField[Contribution | None] = ForeignKeyField("self", null=True)
    reason = TextField(default="")
    message = ForeignKeyField(Message, null=True)  # the post it was written in
    inbound = ForeignKeyField(Inbound, null=True)  # the text it came from
    created_at = DateTimeField(default=utcnow, index=True)


COOPERATION_MODELS = [Task, BoardItem, BoardTag, MessageTag, Follow, Contribution]
