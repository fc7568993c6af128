"""Quiet hours hold what can wait besides posts: a task given and a thanks (issue 24).

Both come in the one text after the hours, as held posts do; a DM still comes at once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.quiet import SAY as QUIET

ALICE, BOB = "+14155550101", "+14155550102"
HELD = ("@alice gave you task 1 in @team: fix the door. Text done @team 1 when it's done. | "
        "@alice thanked you: the ladder (+1 point; you have 1 point)")


def test_a_task_given_and_a_thanks_wait_for_the_end_of_quiet_hours(phones):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    hour = datetime.now(UTC).hour
    start, end = (hour - 1) % 24, (hour + 2) % 24
    phones.run(f"""
    {BOB} > tz UTC
    {BOB} < Time zone set to UTC.
    {BOB} > quiet {start}-{end}
    {BOB} < {QUIET["quiet_set"].format(start=start, end=end, zone="UTC")}
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
