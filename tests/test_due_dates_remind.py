"""Due dates remind: the one doing the task before it is due, the owner once when it passes.

A due time hours away is brought near by moving the reminder row's time, as the clock would.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from handlers import dates, repeats
from store.cooperation import Task
from store.db import db
from store.models import utcnow
from store.reminders import Reminder
from tests.deliveries import ALICE, BOB, CAROL, DAN, FAST_CLOCK, member, sent_to
from tests.test_reminders import bring_near, texts_after

# RQ's scheduler and the sweeper fire these on their own clock: a worker process of the test's own.
pytestmark = [pytest.mark.full_stack, FAST_CLOCK]

TEAM = {"team": [(ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")]}


def task_due() -> tuple[Task, str]:
    """Return the task and its due time as replies show it."""
    with db.connection_context():
        task = Task.get()
        assert task.due_at is not None
        return task, dates.show_when(task.due_at, task.due_time, task.creator)


def only_the_witness_fires(phones, since: int) -> bool:
    """Have a reminder of dan's wake a firing of all that is due; tell whether only it came.

    Nothing wakes a firing at a cancelled reminder's time: without one, a cancelled reminder
    that fired when woken would go unseen.
    """
    phones.text(DAN, "remind me in 1 sec look up")
    texts = texts_after(phones, DAN, since, 2)
    return texts[1:] == ["Reminder: look up"] and len(phones.api.messages(since)) == 2


def test_the_assignee_is_reminded_an_hour_before_and_done_cancels_the_owners_notice(phones):
    phones.form(TEAM)
    phones.text(ALICE, "task @team buy paper @bob due in 3 hours")
    phones.settle()
    task, when = task_due()
    with db.connection_context():
        rows = {r.kind: r.due_at for r in Reminder.select().where(Reminder.task == task.id)}
    assert task.due_at is not None
    assert rows == {"due": task.due_at - timedelta(hours=1), "overdue": task.due_at}
    since = len(phones.api.messages())
    bring_near(kind="due")
    assert texts_after(phones, BOB, since, 1) == [
        f"Task 1 in @team is due {when}: buy paper. Text done @team 1 when it's done."]
    phones.received()
    phones.run(f"""
    {BOB} > done 1
    {BOB} < Done: task 1 in @team (buy paper). +3 points for you.
    {ALICE} < @bob finished task 1 in @team: buy paper
    """)
    since = len(phones.api.messages())
    with db.connection_context():  # the due time comes: the notice was cancelled by `done`
        Reminder.update(due_at=utcnow()).where(Reminder.task == task.id).execute()
        assert Reminder.get(Reminder.kind == "overdue").status == "cancelled"
    assert only_the_witness_fires(phones, since)


def test_done_before_the_reminder_cancels_it(phones):
    phones.form(TEAM)
    phones.text(CAROL, "task @team fix the sink due in 5 hours")
    phones.text(CAROL, "task @team paint the door due in 6 hours")
    phones.text(CAROL, "done @team 1")
    phones.settle()
    since = len(phones.api.messages())
    with db.connection_context():
        statuses = {(task.number, r.kind): r.status
                    for r in Reminder.select() if (task := r.task) is not None}
        Reminder.update(due_at=utcnow()).where(Reminder.status == "cancelled").execute()
    assert statuses == {(1, "due"): "cancelled", (1, "overdue"): "cancelled",
                        (2, "due"): "pending", (2, "overdue"): "pending"}  # task 2's are kept
    assert only_the_witness_fires(phones, since)


def test_the_owner_hears_once_when_a_task_passes_undone(phones):
    phones.form(TEAM)
    phones.text(CAROL, "task @team fix the sink due in 5 hours")
    phones.settle()
    _, when = task_due()
    since = len(phones.api.messages())
    bring_near(kind="due")
    assert texts_after(phones, CAROL, since, 1) == [
        f"Task 1 in @team is due {when}: fix the sink. Text done @team 1 when it's done."]
    since = len(phones.api.messages())
    bring_near(kind="overdue")
    assert texts_after(phones, ALICE, since, 1) == [
        f"Task 1 in @team is overdue (due {when}): fix the sink. Nobody has taken it."]
    assert sent_to(phones.api, CAROL, since) == sent_to(phones.api, BOB, since) == []


def test_a_task_due_on_a_day_reminds_that_morning_at_nine_where_its_doer_lives(phones):
    phones.form(TEAM)
    bob = member(BOB)
    day = repeats.to_local(utcnow(), bob).date() + timedelta(days=10)
    phones.text(ALICE, f"task @team paint the fence @bob due {day:%b} {day.day}")
    phones.settle()
    with db.connection_context():
        rows = {r.kind: repeats.to_local(r.due_at, bob) for r in Reminder.select()}
    assert rows["due"] == datetime(day.year, day.month, day.day, 9, 0)
    assert rows["overdue"] == datetime(day.year, day.month, day.day, 23, 59)
