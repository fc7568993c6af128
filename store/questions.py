"""The tables of rapid action: questions and events asked of a group, and each member's answer.

A question's delivery is a group Message that the fan-out sends to the group's members; an
answer is one row per (question, member), replaced by a later answer, so a tally is a count.
"""

from __future__ import annotations

import json
from datetime import datetime

from peewee import (
    AutoField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from store.db import db, is_sqlite
from store.models import BaseModel, Group, Inbound, Member, Message, utcnow
from store.tallies import tally

YES_NO_MAYBE = ("yes", "no", "maybe")
NUMBERING_LOCK = 0x517565737473  # "Quests": held while a new question takes the next number
OPEN, CLOSED, CANCELLED = "open", "closed", "cancelled"
QUESTION, EVENT = "question", "event"


class Question(BaseModel):
    """A question (yes/no/maybe or numbered options) or an event (an RSVP) asked of a group.

    Numbered across Commons, as needs are, so `yes 12` names one without its group.
    """

    id: AutoField[int]
    group_id: ForeignKeyField[int]
    asker_id: ForeignKeyField[int]
    message_id: ForeignKeyField[int | None]
    inbound_id: ForeignKeyField[int | None]

    number = IntegerField(unique=True, null=True)  # given on first save
    kind = CharField(default=QUESTION)  # question, event
    group = ForeignKeyField(Group, backref="questions", on_delete="CASCADE")
    asker = ForeignKeyField(Member, backref="questions")
    text = TextField()
    options = TextField(default="[]")  # JSON list of option texts; [] is yes/no/maybe
    starts_at = DateTimeField(null=True)  # events: UTC
    closes_at = DateTimeField(index=True)  # UTC: answers are taken until then
    status = CharField(default=OPEN)  # open, closed, cancelled
    message = ForeignKeyField(Message, null=True, backref="questions")  # what fan-out sends
    all_told_at = DateTimeField(null=True)  # the asker heard that everyone answered
    inbound = ForeignKeyField(Inbound, null=True)
    created_at = DateTimeField(default=utcnow)

    @property
    def choices(self) -> tuple[str, ...]:
        """Return what an answer may be: yes/no/maybe, or "1", "2" ... for options."""
        options = self.option_texts
        return tuple(str(i) for i in range(1, len(options) + 1)) if options else YES_NO_MAYBE

    @property
    def start(self) -> datetime:
        """Return an event's start (UTC); a question, which has none, is a mistake here."""
        if self.starts_at is None:
            raise ValueError(f"question {self.number} is not an event: it has no start")
        return self.starts_at

    @property
    def option_texts(self) -> list[str]:
        """Return the options as typed; empty for yes/no/maybe."""
        return json.loads(self.options or "[]")

    def save(self, *args, **kwargs):
        """Number a new question after the last one; questions asked at once take turns."""
        if self.number is None:
            if not is_sqlite():  # SQLite's writers take turns already
                db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (NUMBERING_LOCK,))
            self.number = Question.select(fn.COALESCE(fn.MAX(Question.number), 0)).scalar() + 1
        return super().save(*args, **kwargs)


class Answer(BaseModel):
    """One member's current answer to a question; answering again replaces it."""

    id: AutoField[int]
    question_id: ForeignKeyField[int]
    member_id: ForeignKeyField[int]
    inbound_id: ForeignKeyField[int | None]

    question = ForeignKeyField(Question, backref="answers", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="answers", on_delete="CASCADE")
    choice = CharField()  # yes, no, maybe, or an option's number "1".."9"
    inbound = ForeignKeyField(Inbound, null=True)
    answered_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("question", "member"), True),)


QUESTION_MODELS = [Question, Answer]

tally("answers", "Answers counted: each member's latest answer to each question or event",
      lambda: Answer.select().count())
