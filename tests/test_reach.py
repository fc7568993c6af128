"""Where a text went, and whom it reached: a line back whenever it is not what the sender thinks."""

from __future__ import annotations

from datetime import timedelta

from handlers.conversation import CONVERSATION_HOURS
from handlers.dispatch import SAY as DISPATCH
from handlers.quiet import SAY as QUIET
from handlers.reach import SAY
from store.db import db
from store.models import Member, utcnow

ALICE, BOB, CAROL, DAN = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAN, "dan")
TEAM_INSTEAD = SAY["other_group"].format(group="team")


def test_a_plain_text_that_goes_as_a_dm_says_so_and_how_to_post_instead(phones):
    # The week's complaint: a plain text went as a DM to whoever last wrote, silently.
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > @team slides by friday, please
    {BOB} < [@team] alice: slides by friday, please
    {CAROL} < [@team] alice: slides by friday, please
    {BOB} > d @alice can you bring chairs?
    {ALICE} < @bob: can you bring chairs?
    {ALICE} > Done with the slides
    {BOB} < @alice: Done with the slides
    {ALICE} < Sent only to @bob, who wrote to you last.{TEAM_INSTEAD}
    {ALICE} > and yes to the chairs
    {BOB} < @alice: and yes to the chairs
    {ALICE} > @team slides are in the folder
    {BOB} < [@team] alice: slides are in the folder
    {CAROL} < [@team] alice: slides are in the folder
    {ALICE} > see you all at 5
    {BOB} < [@team] alice: see you all at 5
    {CAROL} < [@team] alice: see you all at 5
    """)


def test_a_plain_text_posted_once_the_dm_is_over_says_so(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {CAROL} > d @bob are you coming tonight?
    {BOB} < @carol: are you coming tonight?
    """)
    with db.connection_context():  # half a day later, her chat with bob is over
        Member.update(conv_at=utcnow() - timedelta(hours=CONVERSATION_HOURS + 1)).where(
            Member.phone == CAROL).execute()
    phones.run(f"""
    {CAROL} > anyone around?
    {ALICE} < [@team] carol: anyone around?
    {BOB} < [@team] carol: anyone around?
    {CAROL} < Posted to @team. To send to @bob instead: d @bob your message
    """)


def test_a_dm_to_someone_who_stopped_texts_says_they_get_nothing(phones):
    phones.form({"team": [A, B, D]})
    phones.run(f"""
    {DAN} > STOP
    {ALICE} > d @dan you there?
    {ALICE} < @dan isn't receiving texts, so this wasn't delivered.
    {BOB} > d @dan call me
    {BOB} < @dan isn't receiving texts, so this wasn't delivered.
    """)


def test_a_dm_to_someone_who_muted_everything_still_arrives(phones):
    # `off` mutes group posts; a person writing to you still gets through (docs/members.md, `off`).
    phones.form({"team": [A, B]})
    phones.run(f"""
    {BOB} > off
    {BOB} < Group posts muted; direct messages still arrive. Text on to hear posts again.
    {ALICE} > d @bob the keys are with carol
    {BOB} < @alice: the keys are with carol
    """)


def test_a_post_that_nobody_gets_says_so(phones):
    phones.form({"team": [A, B, D], "solo": [A]})
    phones.run(f"""
    {BOB} > off @team
    {BOB} < @team muted. Text on @team to unmute. | {QUIET["offer"]}
    {DAN} > STOP
    {ALICE} > @team is anyone coming?
    {ALICE} < {SAY["nobody"].format(group="team")}
    {ALICE} > @solo notes to self
    {ALICE} < {SAY["alone"].format(group="solo")}
    {BOB} > on @team
    {BOB} < @team is on again.
    {ALICE} > @team lunch at 1
    {BOB} < [@team] alice: lunch at 1
    """)


def test_a_post_naming_someone_who_wont_see_it_says_so(phones):
    phones.form({"team": [A, B, C, D]})
    phones.run(f"""
    {BOB} > off @team
    {BOB} < @team muted. Text on @team to unmute. | {QUIET["offer"]}
    {ALICE} > @team @bob the chairs are in the van
    {CAROL} < [@team] alice: @bob the chairs are in the van
    {DAN} < [@team] alice: @bob the chairs are in the van
    {ALICE} < @bob has @team muted, so won't see this now.
    {CAROL} > leave @team
    {CAROL} < You left @team.
    {DAN} > STOP
    {BOB} > on @team
    {BOB} < @team is on again.
    {ALICE} > @team @carol @dan can you bring the chairs?
    {BOB} < [@team] alice: @carol @dan can you bring the chairs?
    {ALICE} < @carol isn't in @team, so won't see this: d @carol reaches them. | @dan isn't receiving texts, so won't see this.
    {ALICE} > @team ask bob@example.com or @bob
    {BOB} < [@team] alice: ask bob@example.com or @bob
    """)  # noqa: E501


def test_the_same_post_three_times_is_not_sent_the_third_time_and_says_so(phones):
    phones.form({"team": [A, B]})
    post = "@team the hall is booked for friday"
    phones.run(f"""
    {ALICE} > {post}
    {BOB} < [@team] alice: the hall is booked for friday
    {ALICE} > {post}
    {BOB} < [@team] alice: the hall is booked for friday
    {ALICE} > {post}
    {ALICE} < {DISPATCH["repeat"]}
    """)
