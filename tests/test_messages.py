"""Messages, end to end: posts, DMs, plain chat and the current conversation, held texts, more."""

from __future__ import annotations

from datetime import timedelta

from parsers.segments import segments
from store.db import db
from store.models import Group, Handle, HeldText, Member, Membership, Message

ALICE, BOB, CAROL = "+14155550101", "+14155550102", "+14155550103"
MORE_HINT = " (more for the rest)"


A, B, C = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")


def test_a_post_reaches_everyone_else_and_nothing_comes_back(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > @Team hello
    {BOB} < [@team] alice: hello
    {CAROL} < [@team] alice: hello
    """)


def test_posts_that_cannot_be_sent(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {CAROL} > name carol
    {CAROL} < You are now @carol.
    {CAROL} > @team let me in
    {CAROL} < You're not in @team. Text: join @team
    {ALICE} > @tema hi
    {ALICE} < No group or member @tema. Did you mean @team?
    {ALICE} > @team
    {ALICE} < Say something after @team, e.g. @team hello
    {ALICE} > d @alice note to self
    {ALICE} < That's you! Text d @name message to reach someone else.
    """)
    with db.connection_context():
        assert Message.select().count() == 0


def test_a_dm_and_the_plain_reply_to_it(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > d @bob are you free?
    {BOB} < @alice: are you free?
    {BOB} > yes, after 5
    {ALICE} < @bob: yes, after 5
    {BOB} < Sent only to @alice, who wrote to you last. To post to @team instead: @team your message
    {ALICE} > great
    {BOB} < @alice: great
    {ALICE} > @bob see you there
    {BOB} < @alice: see you there
    """)


def test_plain_chat_goes_where_the_member_last_posted(phones):
    phones.form({"family": [A, B], "work": [C, A]})
    phones.run(f"""
    {ALICE} > @work shipping today
    {CAROL} < [@work] alice: shipping today
    {ALICE} > on it
    {CAROL} < [@work] alice: on it
    {ALICE} > @family dinner at 7?
    {BOB} < [@family] alice: dinner at 7?
    {ALICE} > bring bread
    {BOB} < [@family] alice: bring bread
    """)


def test_group_posts_received_do_not_move_the_conversation(phones):
    phones.form({"family": [A, B], "work": [C, A]})
    phones.run(f"""
    {ALICE} > @family dinner at 7?
    {BOB} < [@family] alice: dinner at 7?
    {CAROL} > @work deploy is done
    {CAROL} > @work who broke the build
    {CAROL} > anyone there?
    {ALICE} < [@work] carol: deploy is done
    {ALICE} < [@work] carol: who broke the build
    {ALICE} < [@work] carol: anyone there?
    {ALICE} > see you then
    {BOB} < [@family] alice: see you then
    """)


def test_a_member_of_one_group_falls_back_to_it(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {BOB} > hello all
    {ALICE} < [@team] bob: hello all
    """)


def test_no_conversation_holds_the_text_and_asks_who_it_is_for(phones):
    phones.form({"family": [A, B], "work": [A, C]})
    phones.run(f"""
    {ALICE} > running late, start without me
    {ALICE} < Who is this for? Reply @name within 30 min, or it won't be sent. E.g. @family or @work
    {ALICE} > @family
    {BOB} < [@family] alice: running late, start without me
    {ALICE} > @family
    {ALICE} < Say something after @family, e.g. @family hello
    {ALICE} > and save me a plate
    {BOB} < [@family] alice: and save me a plate
    """)


def test_a_mistyped_answer_keeps_the_held_text(phones):
    phones.form({"family": [A, B], "work": [A, C]})
    phones.run(f"""
    {ALICE} > running late
    {ALICE} < Who is this for? Reply @name within 30 min, or it won't be sent. E.g. @family or @work
    {ALICE} > @famly
    {ALICE} < No group or member @famly. Did you mean @family?
    {ALICE} > @family
    {BOB} < [@family] alice: running late
    """)
    with db.connection_context():
        assert [h.status for h in HeldText.select()] == ["sent"]


def test_a_held_text_can_go_to_a_person(phones):
    phones.form({"family": [A, B], "work": [A, C]})
    phones.run(f"""
    {ALICE} > call me
    {ALICE} < Who is this for? Reply @name within 30 min, or it won't be sent. E.g. @family or @work
    {ALICE} > @carol
    {CAROL} < @alice: call me
    """)


def test_a_member_in_no_group_is_told_how_to_start(phones):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {ALICE} > is anyone there
    {ALICE} < Who is this for? Reply @name within 30 min, or it won't be sent.
    """)


def test_the_conversation_expires_after_12_hours(phones):
    phones.form({"family": [A, B], "work": [A, C]})
    phones.run(f"""
    {ALICE} > @family dinner at 7?
    {BOB} < [@family] alice: dinner at 7?
    {ALICE} > bring bread
    {BOB} < [@family] alice: bring bread
    """)
    with db.connection_context():
        alice = Member.get(Member.phone == ALICE)
        assert alice.conv_at is not None
        Member.update(conv_at=alice.conv_at - timedelta(hours=13)).where(
            Member.id == alice.id).execute()
    phones.run(f"""
    {ALICE} > good morning
    {ALICE} < Who is this for? Reply @name within 30 min, or it won't be sent. E.g. @family or @work
    {ALICE} > @work
    {CAROL} < [@work] alice: good morning
    """)


def test_a_long_post_is_delivered_whole(phones):
    phones.form({"team": [A, B]})
    body = " ".join(f"word{i:03d}" for i in range(40))  # 319 characters
    phones.run(f"""
    {ALICE} > @team {body}
    {BOB} < [@team] alice: {body}
    """)


def test_a_near_miss_posts_nothing(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {ALICE} > @team hi
    {BOB} < [@team] alice: hi
    {ALICE} > jion @team
    {ALICE} < Did you mean: join @team ?
    {BOB} > laeve @team
    {BOB} < Did you mean: leave @team ?
    """)
    with db.connection_context():
        assert Message.select().count() == 1
        assert Membership.select().count() == 2


def crowd(group_handle: str, size: int) -> list[str]:
    """Add `size` members with 20-character handles to a group, straight into the database."""
    names = [f"member_{i:03d}_abcdefghi" for i in range(size)]
    with db.connection_context(), db.atomic():
        group = Group.get(Group.handle == group_handle)
        for i, name in enumerate(names):
            person = Member.create(phone=f"+1415555{2000 + i}", handle=name)
            Handle.create(name=name, kind="member")
            Membership.create(member=person, group=group)
    return [f"@{name}" for name in names]


def test_more_pages_a_long_reply(phones):
    phones.form({"big": [A]})
    names = ["@alice"] + crowd("big", 45)
    assert all(len(name) == 21 for name in names[1:])
    pages = []
    for text in ["who @big"] + ["more"] * 12:
        phones.text(ALICE, text)
        phones.settle()
        pages += phones.received()[ALICE]
        if pages[-1] == "Nothing more to show.":
            break
    assert pages[-1] == "Nothing more to show."
    pages = pages[:-1]
    header = "@big (46 members): "
    assert pages[0].startswith(header)
    assert all(page.endswith(MORE_HINT) for page in pages[:-1])
    assert not pages[-1].endswith(MORE_HINT)
    assert all(segments(page) == 1 for page in pages)  # each page one text, filled to the brim
    assert all(len(page) + len(" @member_000_abcdefghi") > 160 for page in pages[:-1])
    shown = " ".join(page.removesuffix(MORE_HINT) for page in pages)
    assert shown == header + " ".join(names)
    phones.run(f"""
    {ALICE} > more
    {ALICE} < Nothing more to show.
    """)


def test_a_short_reply_clears_the_pages_of_an_old_one(phones):
    phones.form({"big": [A]})
    crowd("big", 30)
    phones.text(ALICE, "who @big")
    phones.settle()
    assert phones.received()[ALICE][0].endswith(MORE_HINT)
    phones.run(f"""
    {ALICE} > groups
    {ALICE} < Your groups: @big
    {ALICE} > more
    {ALICE} < Nothing more to show.
    """)


def test_a_second_text_drops_the_first_held_one(phones):
    phones.form({"family": [A, B], "work": [A, C]})
    phones.run(f"""
    {ALICE} > running late
    {ALICE} < Who is this for? Reply @name within 30 min, or it won't be sent. E.g. @family or @work
    {ALICE} > save me a plate
    {ALICE} < Who is this for? Reply @name within 30 min, or it won't be sent. E.g. @family or @work
    {ALICE} > @family
    {BOB} < [@family] alice: save me a plate
    """)
    with db.connection_context():
        assert [(h.body, h.status) for h in HeldText.select().order_by(HeldText.id)] == [
            ("running late", "dropped"), ("save me a plate", "sent")]


def test_the_longest_post_fits_a_carrier_text_with_its_header(phones):
    phones.form({"team": [A, B]})
    longest, too_long = "x" * 1550, "x" * 1551
    phones.run(f"""
    {ALICE} > @team {longest}
    {BOB} < [@team] alice: {longest}
    {ALICE} > @team {too_long}
    {ALICE} < Too long to send: keep it under 1550 characters.
    """)
