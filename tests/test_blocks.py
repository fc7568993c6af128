"""`block @x` stops someone's DMs; someone who shares no group may DM a member only a few a day.

Issue 24: a stranger could `d @dave` with no shared group as often as they liked, and there was
no `block`. The blocked sender is told nothing different: their DM just does not arrive.
"""

from __future__ import annotations

from handlers.blocks import SAY, STRANGER_DMS, STRANGERS_A_DAY

ALICE, BOB, DAVE, ERIN = "+14155550101", "+14155550102", "+14155550104", "+14155550105"
OTHERS = [f"+1415555{n:04d}" for n in range(111, 111 + STRANGERS_A_DAY + 1)]


def test_a_blocked_members_dms_stop_until_unblocked(phones):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob"), (DAVE, "dave")]})
    phones.run(f"""
    {BOB} > d @dave see you at 6
    {DAVE} < @bob: see you at 6
    {DAVE} > block @bob
    {DAVE} < {SAY["blocked"].format(member="bob")}
    {DAVE} > block @nobody
    {DAVE} < {SAY["no_member"].format(member="nobody")}
    {BOB} > d @dave are you ignoring me
    {BOB} > @team still on for 6?
    {ALICE} < [@team] bob: still on for 6?
    {DAVE} < [@team] bob: still on for 6?
    {DAVE} > block @alice
    {DAVE} < {SAY["blocked"].format(member="alice")}
    {DAVE} > unblock @alice
    {DAVE} < {SAY["unblocked"].format(member="alice")}
    {DAVE} > unblock @alice
    {DAVE} < {SAY["not_blocked"].format(member="alice")}
    {ALICE} > d @dave bob says hi
    {DAVE} < @alice: bob says hi
    """)


def test_someone_sharing_no_group_may_dm_only_a_few_times_a_day(phones):
    phones.form({"home": [(DAVE, "dave")], "crew": [(ERIN, "erin")]})
    lines = []
    for n in range(STRANGER_DMS):
        lines += [f"{ERIN} > d @dave buy now {n}", f"{DAVE} < @erin: buy now {n}"]
    lines += [f"{ERIN} > d @dave buy now!", f"{ERIN} < {SAY['stranger'].format(member='dave')}",
              f"{DAVE} > d @erin who is this?", f"{ERIN} < @dave: who is this?",
              f"{ERIN} > d @dave your neighbour", f"{DAVE} < @erin: your neighbour"]
    phones.run("\n".join(lines))


def test_someone_sharing_no_group_may_dm_only_a_few_people_a_day(phones):
    phones.form({"crew": [(ERIN, "erin")]})
    lines = []
    for n, number in enumerate(OTHERS):
        lines += [f"{number} > name other{n}", f"{number} < You are now @other{n}."]
    for n, number in enumerate(OTHERS[:-1]):
        lines += [f"{ERIN} > d @other{n} hi", f"{number} < @erin: hi"]
    last = f"other{len(OTHERS) - 1}"
    lines += [f"{ERIN} > d @{last} hi", f"{ERIN} < {SAY['stranger'].format(member=last)}"]
    phones.run("\n".join(lines))


def test_a_block_holds_for_plain_chat_into_the_conversation_and_every_other_way(phones):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob"), (DAVE, "dave")],
                 "club": [(BOB, "bob")]})
    phones.run(f"""
    {BOB} > d @dave see you at 6
    {DAVE} < @bob: see you at 6
    {DAVE} > block @bob
    {DAVE} < {SAY["blocked"].format(member="bob")}
    {BOB} > are you ignoring me
    {BOB} > thanks @dave for nothing
    {BOB} < Thanked @dave.
    {BOB} > task @team clean up after yourself
    {BOB} < Task 1 in @team: clean up after yourself
    {BOB} > assign 1 @dave
    {BOB} < Task 1 in @team is now @dave's.
    {BOB} > invite @club @dave
    {BOB} < Invited @dave to @club.
    {DAVE} > anyone for lunch?
    {ALICE} < [@team] dave: anyone for lunch?
    {BOB} < [@team] dave: anyone for lunch?
    """)
