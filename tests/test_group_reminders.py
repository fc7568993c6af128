"""A group's reminders: they stop with their author's place in the group, and its owner and
admins can list and cancel any of them; a group's minute holds only a few (issue 24).
"""

from __future__ import annotations

from datetime import timedelta

from handlers.group_reminders import SAY
from store.db import db
from store.models import Membership, utcnow
from store.reminders import Reminder

ALICE, BOB, CAROL = "+14155550101", "+14155550102", "+14155550103"
A, B, C = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")


def say(phones, number: str, text: str) -> dict[str, list[str]]:
    """Text as `number`; return what each phone received, by number."""
    phones.text(number, text)
    phones.settle()
    return phones.received()


def fire_all_due(phones) -> None:
    """Bring every pending reminder's time to a minute ago, as the clock would, and fire them."""
    with db.connection_context():
        Reminder.update(due_at=utcnow() - timedelta(minutes=1)) \
            .where(Reminder.status == "pending").execute()
    for _ in range(2):  # a sweep finds them late and queues a firing; the next work runs it
        phones.worker.next_sweep = 0
        phones.worker.work()
    phones.settle()


def statuses() -> list[str]:
    with db.connection_context():
        return [row.status for row in Reminder.select().order_by(Reminder.id)]


def test_a_removed_or_departed_authors_group_reminders_never_fire(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > admin @team @bob
    {ALICE} < @bob is now an admin of @team.
    {BOB} < You are now an admin of @team.
    {ALICE} > admin @team @carol
    {ALICE} < @carol is now an admin of @team.
    {CAROL} < You are now an admin of @team.
    """)
    assert say(phones, BOB, "remind @team every day 9am standup")[BOB][0].startswith(
        "Reminder 1 for @team set for ")
    assert say(phones, CAROL, "remind @team tomorrow 10am bring chairs")[CAROL][0].startswith(
        "Reminder 1 for @team set for ")
    phones.run(f"""
    {ALICE} > kick @team @bob
    {ALICE} < @bob was removed from @team.
    {BOB} < You were removed from @team. Only its owner or an admin can invite you back.
    {CAROL} > leave @team
    {CAROL} < You left @team.
    """)
    fire_all_due(phones)
    assert phones.received() == {}
    assert statuses() == ["cancelled", "cancelled"]


def test_a_reminder_whose_author_is_gone_is_cancelled_when_due(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {ALICE} > admin @team @bob
    {ALICE} < @bob is now an admin of @team.
    {BOB} < You are now an admin of @team.
    """)
    say(phones, BOB, "remind @team every day 9am standup")
    with db.connection_context():  # gone by a path that cancels nothing itself
        Membership.delete().where(Membership.role == "admin").execute()
    fire_all_due(phones)
    assert phones.received() == {}
    assert statuses() == ["cancelled"]


def test_owners_and_admins_list_and_cancel_any_of_the_groups_reminders(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > admin @team @bob
    {ALICE} < @bob is now an admin of @team.
    {BOB} < You are now an admin of @team.
    """)
    say(phones, BOB, "remind @team every day 9am standup")
    say(phones, ALICE, "remind @team tomorrow 10am bring chairs")
    phones.run(f"""
    {CAROL} > reminders @team
    {CAROL} < {SAY["not_admin"].format(group="team")}
    {CAROL} > unremind @team 1
    {CAROL} < {SAY["not_admin"].format(group="team")}
    """)
    listing = say(phones, ALICE, "reminders @team")[ALICE]
    assert listing[0].startswith("@team's reminders: | 1 every day 9:00am by @bob: standup")
    assert "2 " in " ".join(listing) and "by @alice: bring chairs" in " ".join(listing)
    phones.run(f"""
    {ALICE} > unremind @team 1
    {ALICE} < @team's reminder 1 cancelled: standup.
    {BOB} < @alice cancelled your reminder for @team: standup.
    {ALICE} > unremind @team 5
    {ALICE} < No reminder 5 in @team. reminders @team lists them.
    {BOB} > reminders
    {BOB} < You have no reminders. Set one: remind me fri 5pm call the bank
    """)
    assert statuses() == ["cancelled", "pending"]


def test_a_group_takes_only_a_few_reminders_for_the_same_minute(phones):
    phones.form({"team": [A, B]})
    for text in ("one", "two"):
        assert say(phones, ALICE, f"remind @team tomorrow 9am {text}")[ALICE][0].startswith(
            "Reminder")
    phones.run(f"""
    {ALICE} > remind @team tomorrow 9am three
    {ALICE} < {SAY["busy"].format(group="team", limit=2)}
    """)
    assert say(phones, ALICE, "remind @team tomorrow 9:01am four")[ALICE][0].startswith(
        "Reminder 3 for @team")
