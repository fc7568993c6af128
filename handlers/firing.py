"""Firing reminders: claim the due rows once, write their texts, set the next time of repeats.

Everything happens in one transaction per batch. The claim is a conditional UPDATE (pending ->
fired, under a token of this firing), so two workers or a worker and the sweeper that wake for
the same minute each take different rows, and a row is fired once. A repeating row goes back to
pending at its next time in the same transaction, so a crash leaves it either not fired at all
(fired again later) or fired and rescheduled, never fired and forgotten.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from handlers import bundles, dates, digests, group_reminders, question_steps, repeats
from handlers.audience import hears
from handlers.language import in_each_language, speaking_to
from handlers.quiet import is_quiet
from handlers.reminders import SAY
from store import outbox
from store.cooperation import Task
from store.db import db
from store.models import Member, Membership
from store.reminders import (
    CANCELLED,
    DIGEST,
    DUE,
    FIRED,
    GROUP,
    ME,
    OVERDUE,
    PENDING,
    Reminder,
)

log = logging.getLogger(__name__)

BATCH = 500  # reminders claimed per transaction


@dataclass
class Fired:
    """What one batch wrote: rows to queue, and the next times of repeating reminders."""

    reminders: int = 0
    outbox_ids: list[int] = field(default_factory=list)
    wake_at: list[datetime] = field(default_factory=list)


def fire_batch(now: datetime) -> Fired:
    """Fire up to BATCH reminders due by `now` (naive UTC); return what was written."""
    token = f"fire:{uuid.uuid4().hex}"
    fired = Fired()
    with db.atomic():
        due = (Reminder.select(Reminder.id)
               .where(Reminder.status == PENDING, Reminder.due_at <= now)
               .order_by(Reminder.due_at).limit(BATCH))
        fired.reminders = (Reminder.update(status=FIRED, claim=token, fired_at=now)
                           .where(Reminder.id.in_(due), Reminder.status == PENDING).execute())
        if not fired.reminders:
            return fired
        rows = (Reminder.select(Reminder, Member).join(Member)
                .where(Reminder.claim == token).order_by(Reminder.due_at, Reminder.id))
        for reminder in rows:
            if reminder.kind == GROUP and not group_reminders.author_may_post(reminder):
                # Its author left the group or was removed: never again, daily or not.
                Reminder.update(status=CANCELLED).where(Reminder.id == reminder.id).execute()
                continue
            try:
                with db.atomic():  # a savepoint: one broken reminder spoils no other
                    fired.outbox_ids += _write(reminder, now)
            except Exception:  # it stays fired: retrying would fail the same way
                log.exception("reminder %s could not be written", reminder.id)
            if reminder.every:
                at = repeats.next_time(reminder.every, reminder.member, max(now, reminder.due_at))
                Reminder.update(status=PENDING, due_at=at).where(Reminder.id == reminder.id) \
                    .execute()
                fired.wake_at.append(at)
    return fired


def _write(reminder: Reminder, now: datetime) -> list[int]:
    """Write a reminder's texts; return the rows to queue (those held for quiet hours are not)."""
    queued = []
    expires = question_steps.over_at(reminder)
    for member, body, kind in texts(reminder, now):
        row = outbox.write(member, body, kind=kind, expires_at=expires)
        if row is None:
            continue
        if kind in bundles.QUIET_KINDS and is_quiet(member, now):
            bundles.hold([row.id])
        else:
            queued.append(row.id)
    return queued


def texts(reminder: Reminder, now: datetime) -> list[tuple[Member, str, str]]:
    """Return (member, body, outbox kind) for each text a reminder sends, each in the
    language of the member it goes to."""
    member = reminder.member
    if reminder.kind == GROUP:
        group = reminder.group
        assert group is not None  # a group's reminder
        people = Member.select().join(Membership).where(Membership.group == group)
        return [(person, body, "post") for person, body in in_each_language(
            [person for person in people if hears(person, group, now)],
            lambda: SAY["fired_group"].format(
                group=group.handle, author=member.label,
                text=reminder.text or SAY["fired_bare"].format(
                    when=dates.show_when(reminder.due_at, True, member))))]
    if reminder.kind in (DUE, OVERDUE):
        return _task_texts(reminder)
    if reminder.kind in question_steps.QUESTION_KINDS:
        return question_steps.timed_texts(reminder, now)
    with speaking_to(member):
        return _own_texts(reminder, member, now)


def _own_texts(reminder: Reminder, member: Member, now: datetime
               ) -> list[tuple[Member, str, str]]:
    """Return the texts of a reminder that goes to its own member: theirs, or their digest."""
    if reminder.kind == ME:
        when = dates.show_when(reminder.due_at, True, member)
        body = (SAY["fired"].format(text=reminder.text) if reminder.text
                else SAY["fired_bare"].format(when=when))
        return [(member, body, "reminder")]
    if reminder.kind == DIGEST:
        if member.digest != reminder.every:  # moved or stopped since: that row's time is over
            return []
        since = member.digest_since or reminder.created_at
        digest = digests.compose(member, since, now, full=bundles.by_mail(member))
        Member.update(digest_since=now).where(Member.id == member.id).execute()
        return [(member, digest, "digest")] if digest else []  # nothing new: no text to pay for
    return []


def _task_texts(reminder: Reminder) -> list[tuple[Member, str, str]]:
    task = Task.get_or_none(Task.id == reminder.task_id)
    if task is None or task.status == "done" or task.due_at is None:
        return []
    group = task.group
    if reminder.kind == DUE:
        person = task.assignee or task.creator
        with speaking_to(person):  # the date too, as their language writes it
            when = dates.show_when(task.due_at, task.due_time, person if task.due_time
                                   else task.creator)
            return [(person, SAY["due_soon"].format(n=task.number, group=group.handle,
                                                    when=when, text=task.text), "reminder")]
    owner = group.owner
    with speaking_to(owner):
        when = dates.show_when(task.due_at, task.due_time,
                               owner if task.due_time else task.creator)
        who = (SAY["overdue_taken"].format(member=task.assignee.label)
               if task.assignee is not None else SAY["overdue_open"])
        return [(owner, SAY["overdue"].format(n=task.number, group=group.handle, when=when,
                                              text=task.text, who=who), "reminder")]
