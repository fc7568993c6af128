"""The reminder table: every scheduled text is a row here first; RQ only wakes the worker."""

from __future__ import annotations

from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from store.cooperation import Task
from store.models import BaseModel, Group, Member, utcnow
from store.questions import Question

ME, GROUP, DUE, OVERDUE, DIGEST = "me", "group", "due", "overdue", "digest"
# Rapid action: a question closes (to its asker), an event's day-before prompt and its hour-before
# reminder (to each who said yes or maybe).
CLOSES, CONFIRM, SOON = "closes", "confirm", "soon"
PENDING, FIRED, CANCELLED = "pending", "fired", "cancelled"


class Reminder(BaseModel):
    """A text due at a time: a member's own, a group's, a task's due date, or a digest."""

    id: AutoField[int]
    member_id: ForeignKeyField[int]
    group_id: ForeignKeyField[int | None]
    task_id: ForeignKeyField[int | None]
    question_id: ForeignKeyField[int | None]

    member = ForeignKeyField(Member, backref="reminders", on_delete="CASCADE")  # who set it
    group = ForeignKeyField(Group, null=True, backref="reminders", on_delete="CASCADE")
    task = ForeignKeyField(Task, null=True, backref="reminders", on_delete="CASCADE")
    question = ForeignKeyField(Question, null=True, backref="reminders", on_delete="CASCADE")
    kind = CharField(default=ME)  # me, group, due, overdue, digest, closes, confirm, soon
    number = IntegerField(null=True)  # what `unremind` names, per member (me and group only)
    text = TextField(default="")
    due_at = DateTimeField()  # UTC: when it fires next
    # A repeating one's rule in the member's zone: "day 08:00" or "mon 09:00".
    every = CharField(null=True)
    status = CharField(default=PENDING)  # pending, fired, cancelled
    claim = CharField(null=True, index=True)  # the firing that took it, within its transaction
    fired_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("status", "due_at"), False), (("member", "number"), True))


REMINDER_MODELS = [Reminder]
