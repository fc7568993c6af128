"""Quiet hours hold what can wait besides posts: a task given and a thanks (issue 24), and
a question's notices (issue 20): its asker told everyone answered or that it closed, a nudge,
an event's reminder an hour before and its cancelling.

All come in the one text after the hours, as held posts do; a DM, and the reply to a member's
own text, still come at once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from handlers import dates
from handlers.quiet import SAY as QUIET
from store.db import db
from store.models import Member
from store.questions import Question
from tests.test_events import event
from tests.test_questions import CAROL, YES_NO, ask, fire_due

ALICE, BOB = "+14155550101", "+14155550102"
HELD = ("@alice gave you task 1 in @team: fix the door. Text done @team 1 when it's done. | "
        "@alice thanked you: the ladder (+1 point; you have 1 point)")


def test_a_task_given_and_a_thanks_wait_for_the_end_of_quiet_hours(phones):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    hour = datetime.now(UTC).hour
    start, end = (hour - 1) % 24, (hour + 2) % 24
    said = QUIET["quiet_set"].format(start=dates.show_hour(start), end=dates.show_hour(end),
                                     zone="UTC")
    phones.run(f"""
    {BOB} > tz UTC
    {BOB} < Time zone set to UTC.
    {BOB} > quiet {start}-{end}
    {BOB} < {said}
    """)
    for text in ("task @team fix the door @bob", "thanks @bob for the ladder"):
        phones.text(ALICE, text)
        phones.settle()
        got = phones.received()
        assert list(got) == [ALICE], got  # her reply; nothing to bob yet
    phones.run(f"""
    {ALICE} > d @bob are you up?
    {BOB} < @alice: are you up?
    {BOB} > quiet off
    {BOB} < {HELD}
    {BOB} < {QUIET["quiet_off"]}
    """)


def quiet_now(phones, number: str) -> None:
    """Give `number` quiet hours around this hour (UTC), so the clock is inside them."""
    hour = datetime.now(UTC).hour
    start, end = (hour - 1) % 24, (hour + 2) % 24
    said = QUIET["quiet_set"].format(start=dates.show_hour(start), end=dates.show_hour(end),
                                     zone="UTC")
    phones.run(f"""
    {number} > tz UTC
    {number} < Time zone set to UTC.
    {number} > quiet {start}-{end}
    {number} < {said}
    """)


def test_an_askers_notices_wait_for_the_end_of_quiet_hours_and_answers_are_replied_at_once(
        phones):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    quiet_now(phones, ALICE)
    ask(phones, ALICE, "ask @team lunch?", [BOB], f"[@team] alice asks: lunch? {YES_NO}")
    phones.run(f"""
    {BOB} > yes
    {BOB} < Got it: yes to 'lunch?' (1 yes so far)
    """)  # alice is not told everyone answered: not yet
    fire_due(phones, kind="closes")
    assert phones.received() == {}  # nor that it closed
    phones.run(f"""
    {ALICE} > results 1
    {ALICE} < Question 1 in @team: lunch? (closed) | yes 1: @bob | no 0 | maybe 0
    {ALICE} > quiet off
    {ALICE} < Everyone in @team has answered question 1: 1 yes. results 1 for names. | Question 1 in @team closed: 1 yes. results 1 for names.
    {ALICE} < {QUIET["quiet_off"]}
    """)  # noqa: E501


def test_a_nudge_an_events_reminder_and_its_cancelling_wait_for_the_end_of_quiet_hours(phones):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")]})
    event(phones, "event @team in 3 days at 10am park cleanup", [BOB, CAROL])
    phones.run(f"""
    {BOB} > yes
    {BOB} < Got it: coming to 'park cleanup' (1 coming so far)
    """)
    quiet_now(phones, BOB)
    quiet_now(phones, CAROL)
    with db.connection_context():  # their zone is UTC now
        when = dates.show_when(Question.get().start, True, Member.get(Member.phone == BOB))
    phones.run(f"""
    {BOB} > yes 1
    {BOB} < Got it: coming to 'park cleanup' (1 coming so far)
    {ALICE} > nudge 1
    {ALICE} < Nudged 1 who haven't answered question 1.
    """)  # carol's nudge waits; bob's own answer is replied to at once
    fire_due(phones, kind="soon")
    assert phones.received() == {}
    phones.run(f"""
    {ALICE} > cancel event 1
    {ALICE} < Event 1 cancelled; told the 1 who said yes or maybe.
    {BOB} > quiet off
    {BOB} < In an hour: park cleanup, {when} (@team event 1). | Cancelled: park cleanup, {when} (@team event 1), by @alice.
    {BOB} < {QUIET["quiet_off"]}
    {CAROL} > quiet off
    {CAROL} < [@team] alice asks again: park cleanup, {when}. Coming? Reply yes, no or maybe
    {CAROL} < {QUIET["quiet_off"]}
    """)  # noqa: E501
