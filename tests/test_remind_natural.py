"""Reminders as people text them (issue 19): each is set for the moment meant and said back with
its weekday and date in the member's zone, to the sender alone; one that can't be read is
answered to the sender and posted nowhere.

Every step checks every phone: nothing reaches @team's other members. The member's zone is
chosen so that it is daytime there now, so "tonight at 11" is still ahead whatever the hour.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers import dates, repeats
from store.db import db
from store.models import utcnow
from store.reminders import Reminder
from tests.deliveries import ALICE, BOB, CAROL, make_group, member

DAYTIME_ZONES = ("America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin",
                 "Asia/Kolkata", "Asia/Tokyo", "Pacific/Auckland", "Pacific/Honolulu")
SHOWN = re.compile(r"[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2}[ap]m")


def unread(typed: str, example: str) -> str:
    """Return the answer to a remind whose time can't be read, as the sender sees it."""
    return f"I couldn't read the time in '{typed}': try 'remind me fri 5pm {example}'"


def daytime_zone() -> str:
    """Return a zone where it is now between 8am and 8pm, so tonight is still ahead."""
    for name in DAYTIME_ZONES:
        if 8 <= datetime.now(ZoneInfo(name)).hour < 20:
            return name
    raise AssertionError("no zone in daytime")


def in_zone(phones) -> ZoneInfo:
    """Make @team (alice owns it; bob and carol in it) and set alice's zone to a daytime one."""
    make_group(phones)
    zone = daytime_zone()
    phones.run(f"""
    {ALICE} > tz {zone}
    {ALICE} < Time zone set to {zone}.
    """)
    return ZoneInfo(zone)


def row(number: int) -> tuple[Reminder, datetime, str]:
    """Return alice's reminder `number`, its time on her clock, and how her reply shows it."""
    with db.connection_context():
        alice = member(ALICE)
        found = Reminder.get(Reminder.member == alice, Reminder.number == number)
        local = found.due_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(dates.zone_of(alice))
        return found, local, dates.show_when(found.due_at, True, alice, utcnow())


def test_the_issues_reminders_are_set_for_the_moment_meant_and_told_to_the_sender_alone(phones):
    zone = in_zone(phones)
    sent = [
        ("remind me to call mom at 5pm", "call mom"),
        ("remind me to buy milk tomorrow", "buy milk"),
        ("remind me about the meeting friday at 3pm", "the meeting"),
        ("remind me tonight at 11 to lock up", "lock up"),
        ("remind me tonight at 11pm to lock up", "lock up"),
        ("remind me at 11 tonight to lock up", "lock up"),
    ]
    for n, (text, what) in enumerate(sent, start=1):
        phones.text(ALICE, text)
        phones.settle()
        _, _, shown = row(n)
        assert SHOWN.fullmatch(shown), shown  # weekday, date and time, in her zone
        assert phones.received() == {
            ALICE: [f"Reminder {n} set for {shown}: {what}. unremind {n} cancels it."]}
    today = datetime.now(zone).date()
    moments = [row(n)[1] for n in range(1, len(sent) + 1)]
    now = datetime.now(zone)
    assert all(moment > now + timedelta(minutes=5) for moment in moments)  # none fires at once
    five, milk, meeting, *lock_ups = moments
    assert (five.hour, five.minute) == (17, 0) and five - now < timedelta(days=1)
    assert (milk.date(), milk.hour) == (today + timedelta(days=1), repeats.DEFAULT_HOUR)
    assert (meeting.weekday(), meeting.hour) == (4, 15) and meeting - now <= timedelta(days=7)
    for lock_up in lock_ups:  # 11pm tonight, never "fired a second later"
        assert (lock_up.date(), lock_up.hour, lock_up.minute) == (today, 23, 0)


def test_a_whole_and_a_half_is_a_span_not_a_date(phones):
    in_zone(phones)
    sent = ("remind me in 1 1/2 hours call the vet", "remind me in 2 1/2 days call the vet",
            "remind me in 1 and a half hours call the vet")
    for n, text in enumerate(sent, start=1):
        before = utcnow()
        phones.text(ALICE, text)
        phones.settle()
        found, _, shown = row(n)
        assert phones.received() == {
            ALICE: [f"Reminder {n} set for {shown}: call the vet. unremind {n} cancels it."]}
        ahead = {1: timedelta(minutes=90), 2: timedelta(hours=60), 3: timedelta(minutes=90)}[n]
        assert before + ahead - timedelta(minutes=1) <= found.due_at <= utcnow() + ahead


def test_the_team_and_repeating_reminders_as_people_say_them(phones):
    in_zone(phones)
    phones.run(f"""
    {ALICE} > @team hi all
    {BOB} < [@team] alice: hi all
    {CAROL} < [@team] alice: hi all
    """)
    phones.text(ALICE, "remind the team friday 9am standup")
    phones.settle()
    _, local, shown = row(1)
    assert (local.weekday(), local.hour) == (4, 9)
    assert phones.received() == {
        ALICE: [f"Reminder 1 for @team set for {shown}: standup. unremind 1 cancels it."]}
    phones.run(f"""
    {ALICE} > remind me every weekday 9am standup
    {ALICE} < Reminder 2 set for every weekday 9:00am: standup. unremind 2 cancels it.
    {ALICE} > remind us every monday and wednesday at 6pm gym
    {ALICE} < Reminder 3 for @team set for every mon and wed 6:00pm: gym. unremind 3 cancels it.
    """)
    _, weekday, _ = row(2)
    assert weekday.weekday() < 5 and (weekday.hour, weekday.minute) == (9, 0)
    _, gym, _ = row(3)
    assert gym.weekday() in (0, 2) and gym.hour == 18


def test_a_remind_that_cannot_be_read_is_answered_to_its_sender_and_posted_nowhere(phones):
    in_zone(phones)
    phones.run(f"""
    {ALICE} > remind me to call mom
    {ALICE} < {unread("remind me to call mom", "call mom")}
    {ALICE} > Remind the team about the party
    {ALICE} < {unread("remind the team about the party", "party")}
    {ALICE} > remind me at 5pm call mom, at 6pm call dad
    {ALICE} < {unread("remind me at 5pm call mom, at 6pm call dad", "call the bank")}
    {BOB} > remind me next week to call
    {BOB} < {unread("remind me next week to call", "call")}
    """)
    with db.connection_context():
        assert Reminder.select().count() == 0


def test_a_time_already_past_today_means_tomorrow_and_a_day_named_in_the_past_sets_nothing(phones):
    zone = in_zone(phones)
    now = datetime.now(zone)
    past = now - timedelta(hours=2)  # a time of day that has passed today (it is daytime)
    clock = f"{past.hour % 12 or 12}:{past.minute:02d}{'am' if past.hour < 12 else 'pm'}"
    phones.text(ALICE, f"remind me at {clock} stretch")
    phones.settle()
    _, local, shown = row(1)
    assert local.date() == now.date() + timedelta(days=1)
    assert (local.hour, local.minute) == (past.hour, past.minute)
    assert phones.received() == {
        ALICE: [f"Reminder 1 set for {shown}: stretch. unremind 1 cancels it."]}
    with db.connection_context():
        today = dates.show_when(dates.to_stored(past.replace(second=0, microsecond=0)), True,
                                member(ALICE), utcnow())
    phones.run(f"""
    {ALICE} > remind me today at {clock} stretch
    {ALICE} < That time has passed: {today}. Nothing was set.
    """)


def bad_every(every: str) -> str:
    """Return the answer to a repeat no reminder keeps, as the sender sees it."""
    return (f"I can repeat a reminder every day, weekday or weekend, or on days you name (every "
            f"mon and thu 9am), not '{every}'. Nothing was set.")


def test_a_repeat_no_reminder_keeps_is_asked_about_never_set_as_one_day(phones):
    in_zone(phones)
    phones.run(f"""
    {ALICE} > remind me every other monday 9am gym
    {ALICE} < {bad_every("every other monday")}
    {ALICE} > remind the team every 2 weeks to clean the fridge
    {ALICE} < {bad_every("every 2 weeks")}
    {ALICE} > remind me every month on the 1st pay rent
    {ALICE} < {bad_every("every month")}
    {ALICE} > Remind me every tuesdy 9am standup
    {ALICE} < {bad_every("every tuesdy")}
    {ALICE} > remind me every couple of weekends to call gran
    {ALICE} < {bad_every("every couple of w...")}
    {ALICE} > remind me every monday at 25pm gym
    {ALICE} < {unread("remind me every monday at 25pm gym", "call the bank")}
    {ALICE} > remind me tomorrow at 9:75 to call Mom
    {ALICE} < {unread("remind me tomorrow at 9:75 to call Mom", "call the bank")}
    """)
    with db.connection_context():
        assert Reminder.select().count() == 0
    phones.text(ALICE, "remind me every week on monday at 9am standup")
    phones.settle()
    assert phones.received() == {
        ALICE: ["Reminder 1 set for every mon 9:00am: standup. unremind 1 cancels it."]}


def test_a_reminder_a_year_ahead_or_more_is_refused_and_what_is_unread_is_quoted_as_typed(phones):
    in_zone(phones)
    typed = "remind me to tell Jo about the new plan for the ha"  # 50 letters: quoted whole
    assert len(typed) == 50
    phones.run(f"""
    {ALICE} > remind me in 2 years renew the lease
    {ALICE} < Reminders go at most a year ahead.
    {ALICE} > remind me in 400 days renew the lease
    {ALICE} < Reminders go at most a year ahead.
    {ALICE} > Remind me to call Mom
    {ALICE} < {unread("remind me to call Mom", "call Mom")}
    {ALICE} > remind @team about the party
    {ALICE} < {unread("remind @team about the party", "party")}
    {ALICE} > {typed}
    {ALICE} < {unread(typed, "tell Jo about the new plan for the ha")}
    {ALICE} > {typed}l
    {ALICE} < {unread(typed[:47] + "...", "tell Jo about the new plan for the hal")}
    """)
    with db.connection_context():
        assert Reminder.select().count() == 0


def test_reminders_are_listed_soonest_first_with_the_group_each_is_for(phones):
    in_zone(phones)
    phones.text(ALICE, "remind me in 3 days water the plants")
    phones.text(ALICE, "remind @team in 2 days bring chairs")
    phones.text(ALICE, "remind me tomorrow call the bank")
    phones.settle()
    phones.received()
    shown = [row(n)[2] for n in (1, 2, 3)]
    phones.run(f"""
    {ALICE} > reminders
    {ALICE} < Your reminders: | 3 {shown[2]}: call the bank | 2 @team {shown[1]}: bring chairs | 1 {shown[0]}: water the plants
    {ALICE} > cancel reminder 3
    {ALICE} < Reminder 3 cancelled.
    """)  # noqa: E501


def test_a_repeat_s_part_of_the_day_says_which_half_its_hour_is_in(phones):
    in_zone(phones)
    phones.run(f"""
    {ALICE} > remind me every night at 10 lock up
    {ALICE} < Reminder 1 set for every day 10:00pm: lock up. unremind 1 cancels it.
    {ALICE} > remind me every evening at 7 call home
    {ALICE} < Reminder 2 set for every day 7:00pm: call home. unremind 2 cancels it.
    {ALICE} > remind me every morning at 7 run
    {ALICE} < Reminder 3 set for every day 7:00am: run. unremind 3 cancels it.
    {ALICE} > remind me every sunday night call mom
    {ALICE} < Reminder 4 set for every sun 8:00pm: call mom. unremind 4 cancels it.
    {ALICE} > remind me everyday at 8pm take pills
    {ALICE} < Reminder 5 set for every day 8:00pm: take pills. unremind 5 cancels it.
    {ALICE} > remind me weekdays at 7 gym
    {ALICE} < Reminder 6 set for every weekday 7:00am: gym. unremind 6 cancels it.
    {ALICE} > remind me fridays 5pm payroll
    {ALICE} < Reminder 7 set for every fri 5:00pm: payroll. unremind 7 cancels it.
    {ALICE} > remind me mon-fri 7am wake up
    {ALICE} < Reminder 8 set for every weekday 7:00am: wake up. unremind 8 cancels it.
    {ALICE} > remind me weekly on mon 9am standup
    {ALICE} < Reminder 9 set for every mon 9:00am: standup. unremind 9 cancels it.
    """)
