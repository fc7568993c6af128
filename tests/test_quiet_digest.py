"""Quiet hours and digests: posts held and released as one text; a digest instead of posts."""

from __future__ import annotations

import re

import pytest

from handlers import dates, repeats
from handlers.quiet import SAY as QUIET
from store.db import db
from store.models import Member, Outbox, utcnow
from store.reminders import Reminder
from tests.deliveries import ALICE, BOB, CAROL, FAST_CLOCK, member, sent_to, sweeps, wait_until
from tests.test_reminders import bring_near, nothing_more, texts_after

# RQ's scheduler and the sweeper fire these on their own clock: a worker process of the test's own.
pytestmark = [pytest.mark.full_stack, FAST_CLOCK]

TEAM = {"team": [(ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")]}


def around_now(number: str) -> tuple[int, int]:
    """Return quiet hours that hold now, and a good while either side, on `number`'s clock."""
    hour = repeats.to_local(utcnow(), member(number)).hour
    return (hour - 2) % 24, (hour + 3) % 24


def test_quiet_hours_hold_posts_and_off_releases_them_as_one_text(phones):
    phones.form(TEAM)
    start, end = around_now(BOB)
    zone = dates.zone_of(member(BOB)).key
    said = QUIET["quiet_set"].format(start=dates.show_hour(start), end=dates.show_hour(end),
                                     zone=zone)
    phones.run(f"""
    {BOB} > quiet {start}-{end}
    {BOB} < {said}
    {ALICE} > @team lunch at noon?
    {CAROL} < [@team] alice: lunch at noon?
    {CAROL} > @team yes, the usual place
    {ALICE} < [@team] carol: yes, the usual place
    {ALICE} > d @bob are you coming?
    {BOB} < @alice: are you coming?
    {BOB} > tasks
    {BOB} < No open tasks in your groups.
    """)
    with db.connection_context():
        assert [r.status for r in Outbox.select().where(Outbox.to == BOB, Outbox.kind == "post",
                                                       Outbox.message.is_null(False))
                .where(Outbox.body.startswith("[@team]"))] == ["quiet", "quiet"]
    phones.run(f"""
    {BOB} > quiet off
    {BOB} < [@team] alice: lunch at noon? | [@team] carol: yes, the usual place
    {BOB} < {QUIET["quiet_off"]}
    {ALICE} > @team see you there
    {BOB} < [@team] alice: see you there
    {CAROL} < [@team] alice: see you there
    """)
    with db.connection_context():
        assert Outbox.select().where(Outbox.status == "bundled").count() == 2


def test_held_posts_come_as_one_text_when_the_hours_end(phones):
    phones.form(TEAM)
    start, end = around_now(BOB)
    phones.text(BOB, f"quiet {start}-{end}")
    phones.text(ALICE, "@team the key is under the mat")
    phones.text(ALICE, "@team and the lights are on a timer")
    phones.settle()
    phones.received()
    since = len(phones.api.messages())
    sweeps(phones, 2)  # sweeps go by: still quiet hours, still kept back
    phones.settle()
    assert sent_to(phones.api, BOB, since) == []
    hour = repeats.to_local(utcnow(), member(BOB)).hour
    with db.connection_context():  # the clock passes the end of the hours
        Member.update(quiet_start=(hour - 3) % 24, quiet_end=hour).where(
            Member.phone == BOB).execute()
    assert texts_after(phones, BOB, since, 1) == [
        "[@team] alice: the key is under the mat\n[@team] alice: and the lights are on a timer"]


def test_a_digest_replaces_posts_and_is_offered_once_to_a_member_who_mutes(phones):
    phones.form(TEAM)
    phones.run(f"""
    {BOB} > off @team
    {BOB} < @team muted. Text on @team to unmute. | {QUIET["offer"]}
    {BOB} > on @team
    {BOB} < @team is on again.
    {BOB} > off @team
    {BOB} < @team muted. Text on @team to unmute.
    {BOB} > digest daily 8am
    {BOB} < {QUIET["digest_set"].format(when="every day 8:00am")}
    {BOB} > on @team
    {BOB} < @team is on again.
    {ALICE} > @team hello @bob, can you bring chairs?
    {CAROL} < [@team] alice: hello @bob, can you bring chairs?
    {CAROL} > @team lunch?
    {ALICE} < [@team] carol: lunch?
    {ALICE} > task @team buy paper @bob
    {ALICE} < Task 1 in @team: buy paper (for @bob)
    {BOB} < @alice gave you task 1 in @team: buy paper. Text done @team 1 when it's done.
    {CAROL} > task @team sweep up
    {CAROL} < Task 2 in @team: sweep up
    {CAROL} > done 2
    {CAROL} < Done: task 2 in @team (sweep up). +1 point for you.
    """)
    bob = member(BOB)
    assert bob.digest_since is not None
    since_shown = dates.show_when(bob.digest_since, True, bob)
    since = len(phones.api.messages())
    bring_near(kind="digest")
    digest = (f"Digest since {since_shown}:\n@team: 1 task for you, 1 naming you, 2 posts, "
              "1 task done\nrecap for more")
    assert texts_after(phones, BOB, since, 1) == [digest]
    assert phones.received() == {BOB: [digest.replace("\n", " | ")]}  # and nobody else
    phones.text(BOB, "recap")  # "recap for more": the posts it counted, the one naming him first
    phones.settle()
    assert re.fullmatch(
        r"Since \S+: task 1 is yours, task 2 done by carol\. \| Posts you missed in @team: \| "
        r"alice \w+: hello @bob, can you bring chairs\? \| carol \w+: lunch\?",
        phones.received()[BOB][0])
    with db.connection_context():
        row = Reminder.get(Reminder.kind == "digest")
    local = repeats.to_local(row.due_at, bob)
    assert (row.status, local.hour, local.minute) == ("pending", 8, 0)
    assert row.due_at > utcnow()
    since = len(phones.api.messages())
    bring_near(kind="digest")  # the next one comes with nothing new: no text at all
    nothing_more(phones)
    assert sent_to(phones.api, BOB, since) == []
    with db.connection_context():
        assert Reminder.get(Reminder.kind == "digest").due_at > utcnow()
    phones.run(f"""
    {BOB} > digest off
    {BOB} < Digest off: posts come one by one again.
    {ALICE} > @team thanks all
    {BOB} < [@team] alice: thanks all
    {CAROL} < [@team] alice: thanks all
    """)
    with db.connection_context():
        assert Reminder.get(Reminder.kind == "digest").status == "cancelled"


def test_a_digest_due_in_quiet_hours_is_held_then_released(phones):
    phones.form(TEAM)
    start, end = around_now(BOB)
    phones.text(BOB, "digest weekly mon")
    phones.text(BOB, f"quiet {start}-{end}")
    phones.text(ALICE, "@team hi")
    phones.settle()
    phones.received()
    bring_near(kind="digest")
    wait_until(lambda: Outbox.select().where(Outbox.status == "quiet").exists(), what="kept back")
    since = len(phones.api.messages())
    phones.text(BOB, "quiet off")
    texts = texts_after(phones, BOB, since, 2)
    assert texts[0].startswith("Digest since ") and "@team: 1 post" in texts[0]
    assert texts[1:] == [QUIET["quiet_off"]]
    nothing_more(phones)
    assert len(sent_to(phones.api, BOB, since)) == 2


def test_a_reminder_set_for_oneself_fires_on_time_in_quiet_hours(phones):
    phones.form(TEAM)
    start, end = around_now(BOB)
    phones.text(BOB, f"quiet {start}-{end}")
    phones.text(BOB, "remind me in 2 sec take the pills")
    phones.settle()
    since = len(phones.api.messages())
    assert texts_after(phones, BOB, since, 1) == ["Reminder: take the pills"]
