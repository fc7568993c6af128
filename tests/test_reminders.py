"""Reminders end to end: set by text, fired once by the real worker, listed and cancelled.

Times are seconds away, so nothing sleeps long; a time hours away is brought near by moving its
row's time, as the clock would, and the worker must still fire it once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from peewee import fn
from redis import Redis

from handlers import dates, repeats
from handlers.quiet import SAY as QUIET_SAY
from parsers.commands import USAGE
from store.db import db
from store.models import utcnow
from store.reminders import Reminder
from tests.deliveries import (
    ALICE,
    BOB,
    CAROL,
    FAST_CLOCK,
    make_group,
    member,
    sent_to,
    sweeps,
    wait_until,
)
from workers.reminders import late_after

# RQ's scheduler and the sweeper fire these on their own clock: a worker process of the test's own.
pytestmark = [pytest.mark.full_stack, FAST_CLOCK]

OFFER = QUIET_SAY["offer"]


def due_shown(number: int = 1, owner: str = ALICE) -> str:
    """Show reminder `number`'s time as its owner's reply does."""
    with db.connection_context():
        person = member(owner)
        row = Reminder.get(Reminder.member == person, Reminder.number == number)
        return dates.show_when(row.due_at, True, person)


def texts_after(phones, number: str, since: int, count: int) -> list[str]:
    """Wait for `count` texts to `number` past `since`, then until any extra would have come."""
    wait_until(lambda: len(sent_to(phones.api, number, since)) >= count, what=f"{count} texts")
    nothing_more(phones)
    return sent_to(phones.api, number, since)


def nothing_more(phones, until: datetime | None = None) -> None:
    """Wait until a reminder fired again (or at all) would have been sent.

    That is: the clock past `until` (by default the latest reminder time that has come) by as
    long as the deployment's sweeper lets a reminder be late, then a whole sweep, its jobs run,
    and every text they queued out.
    """
    assert phones.settings, "the phones fixture names its deployment's settings"
    late = late_after(phones.settings)
    with db.connection_context():
        until = until or (Reminder.select(fn.MAX(Reminder.due_at))
                          .where(Reminder.due_at <= utcnow()).scalar())
    if until is not None:
        wait_until(lambda: utcnow() > until + late, what="the time a late firing would come")
    sweeps(phones)
    phones.settle()


def bring_near(**where) -> None:
    """Move the matching pending reminders' time to now, as if the clock had reached it."""
    with db.connection_context():
        query = Reminder.update(due_at=utcnow()).where(Reminder.status == "pending")
        for name, value in where.items():
            query = query.where(getattr(Reminder, name) == value)
        assert query.execute()


def test_a_reminder_fires_once_at_its_time_and_leaves_the_list(phones):
    since = make_group(phones, members=(BOB,))
    phones.text(ALICE, "remind me in 2 sec call the bank")
    phones.settle()
    assert sent_to(phones.api, ALICE, since) == [
        f"Reminder 1 set for {due_shown()}: call the bank. unremind 1 cancels it."]
    since = len(phones.api.messages())
    assert texts_after(phones, ALICE, since, 1) == ["Reminder: call the bank"]
    phones.received()
    phones.run(f"""
    {ALICE} > reminders
    {ALICE} < You have no reminders. Set one: remind me fri 5pm call the bank
    """)
    with db.connection_context():
        row = Reminder.get()
        assert (row.status, row.fired_at is not None) == ("fired", True)


def test_a_reminder_survives_redis_being_emptied_and_fires_once(phones, deployment):
    settings = deployment[0]
    since = make_group(phones, members=(BOB,))
    phones.text(ALICE, "remind me in 2 sec water the plants")
    phones.settle()
    Redis.from_url(settings.REDIS_URL).flushdb()  # the scheduled wake-up is gone
    assert texts_after(phones, ALICE, since, 2)[1:] == ["Reminder: water the plants"]


def test_reminders_are_listed_numbered_and_unremind_cancels_one(phones):
    make_group(phones, members=(BOB,))
    phones.text(ALICE, "remind me in 2 sec stretch")
    phones.text(ALICE, "remind me tomorrow 5pm call the bank")
    phones.settle()
    first, second = due_shown(1), due_shown(2)
    with db.connection_context():
        cancelled = Reminder.get(Reminder.number == 1).due_at
    phones.received()
    phones.run(f"""
    {ALICE} > reminders
    {ALICE} < Your reminders: | 1 {first}: stretch | 2 {second}: call the bank
    {ALICE} > unremind 1
    {ALICE} < Reminder 1 cancelled.
    {ALICE} > unremind 1
    {ALICE} < No reminder 1. reminders lists them.
    {ALICE} > unremind 7
    {ALICE} < No reminder 7. reminders lists them.
    """)
    nothing_more(phones, cancelled)  # past the cancelled one's time: nothing comes
    phones.run(f"""
    {ALICE} > reminders
    {ALICE} < Your reminders: | 2 {second}: call the bank
    {BOB} > unremind 2
    {BOB} < No reminder 2. reminders lists them.
    """)


def test_a_repeating_reminder_fires_and_schedules_its_next_time(phones):
    since = make_group(phones, members=(BOB,))
    phones.run(f"""
    {ALICE} > remind me every day 9am stretch
    {ALICE} < Reminder 1 set for every day 9:00am: stretch. unremind 1 cancels it.
    {ALICE} > remind me every fri 17:30 timesheet
    {ALICE} < Reminder 2 set for every fri 5:30pm: timesheet. unremind 2 cancels it.
    """)
    alice = member(ALICE)
    with db.connection_context():
        row = Reminder.get(Reminder.number == 1)
    local = repeats.to_local(row.due_at, alice)
    assert (local.hour, local.minute) == (9, 0) and row.due_at > utcnow()
    assert row.due_at - utcnow() <= timedelta(days=1)
    since = len(phones.api.messages())
    bring_near(number=1)
    assert texts_after(phones, ALICE, since, 1) == ["Reminder: stretch"]
    with db.connection_context():
        again = Reminder.get(Reminder.number == 1)
    assert again.status == "pending" and again.due_at > utcnow()
    assert (repeats.to_local(again.due_at, alice).hour, again.every) == (9, "day 09:00")


def test_a_group_reminder_reaches_every_member_and_only_admins_set_one(phones):
    since = make_group(phones)
    phones.run(f"""
    {BOB} > remind @team mon 9am standup
    {BOB} < Only @team's owner or an admin can set its reminders.
    {CAROL} > off @team
    {CAROL} < @team muted. Text on @team to unmute. | {OFFER}
    """)
    since = len(phones.api.messages())
    phones.text(ALICE, "remind @team in 2 sec standup now")
    phones.settle()
    shown = due_shown()
    assert sent_to(phones.api, ALICE, since) == [
        f"Reminder 1 for @team set for {shown}: standup now. unremind 1 cancels it."]
    since = len(phones.api.messages())
    fired = "[@team] reminder from @alice: standup now"
    assert texts_after(phones, BOB, since, 1) == [fired]
    assert sent_to(phones.api, ALICE, since) == [fired]
    assert sent_to(phones.api, CAROL, since) == []  # she muted the group


def test_bad_times_and_texts_get_a_short_answer_and_set_nothing(phones):
    make_group(phones, members=(BOB,))
    yesterday = dates.show_when(utcnow() - timedelta(days=1), False, member(ALICE))
    phones.run(f"""
    {ALICE} > remind me later
    {ALICE} < {USAGE["remind"]}
    {ALICE} > remind me yesterday 5pm call
    {ALICE} < That time has passed: {yesterday}, 5:00pm. Nothing was set.
    {ALICE} > remind @home fri 5pm x
    {ALICE} < No group @home.
    {ALICE} > Remind me to call you
    {ALICE} < I couldn't read the time in 'remind me to call you': try 'remind me fri 5pm call you'
    """)
    with db.connection_context():
        assert Reminder.select().count() == 0
