"""`find`, end to end: stemmed words, phrases, @x and #tag filters, who may find what, paging."""

from __future__ import annotations

from datetime import timedelta

from parsers.segments import segments
from store.db import db
from store.models import Group, Member, Message, utcnow
from tests.deliveries import make_group
from tests.mailboxes import mail, own_address, send
from tests.test_mail_roundtrip import BOB_MAIL, link_by_text

ALICE, BOB, CAROL, DAN = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAN, "dan")
MORE = " (more for the rest)"


def keys_everywhere(phones) -> None:
    """@team (alice, bob) is public, @home (carol, bob) private; alice DMs bob; dan is alone."""
    phones.form({"team": [A, B], "home": [C, B], "solo": [D]})
    phones.run(f"""
    {CAROL} > private @home
    {CAROL} < @home is now private: people join by invite.
    {BOB} > @team the key is under the mat
    {ALICE} < [@team] bob: the key is under the mat
    {CAROL} > @home spare keys are in the shed
    {BOB} < [@home] carol: spare keys are in the shed
    {ALICE} > d @bob my keys, your car?
    {BOB} < @alice: my keys, your car?
    """)


def test_find_is_stemmed_and_finds_only_what_each_may_read(phones):
    keys_everywhere(phones)
    phones.run(f"""
    {ALICE} > find keys
    {ALICE} < [d @bob] you now: my keys, your car? | [@team] bob now: the key is under the mat
    {BOB} > Find KEY
    {BOB} < [d @alice] alice now: my keys, your car? | [@home] carol now: spare keys are in the shed | [@team] you now: the key is under the mat
    {CAROL} > find keys
    {CAROL} < [@home] you now: spare keys are in the shed
    {DAN} > find keys
    {DAN} < Nothing found for keys. Try fewer words.
    """)  # noqa: E501


def test_a_private_groups_posts_are_never_found_by_a_non_member(phones):
    keys_everywhere(phones)
    phones.run(f"""
    {ALICE} > find shed
    {ALICE} < Nothing found for shed. Try fewer words.
    {ALICE} > find @home keys
    {ALICE} < You're not in @home, a private group: ask a member to invite you.
    {DAN} > follow @carol
    {DAN} < You follow @carol: their posts in public groups reach you.
    {DAN} > find shed
    {DAN} < Nothing found for shed. Try fewer words.
    {BOB} > find shed
    {BOB} < [@home] carol now: spare keys are in the shed
    {BOB} > leave @home
    {BOB} < You left @home.
    {BOB} > find shed
    {BOB} < Nothing found for shed. Try fewer words.
    """)


def test_a_dm_is_found_only_by_its_two_people(phones):
    keys_everywhere(phones)
    phones.run(f"""
    {ALICE} > find car
    {ALICE} < [d @bob] you now: my keys, your car?
    {BOB} > find car
    {BOB} < [d @alice] alice now: my keys, your car?
    {CAROL} > find car
    {CAROL} < Nothing found for car. Try fewer words.
    {DAN} > follow @alice
    {DAN} < You follow @alice: their posts in public groups reach you.
    {DAN} > find car
    {DAN} < Nothing found for car. Try fewer words.
    """)


def test_posts_of_followed_members_and_tags_in_public_groups_are_found(phones):
    keys_everywhere(phones)
    phones.run(f"""
    {DAN} > find mat
    {DAN} < Nothing found for mat. Try fewer words.
    {DAN} > follow @bob
    {DAN} < You follow @bob: their posts in public groups reach you.
    {DAN} > find mat
    {DAN} < [@team] bob now: the key is under the mat
    {CAROL} > follow #paint
    {CAROL} < You follow #paint: public posts with them reach you.
    {ALICE} > @team the #paint is drying
    {BOB} < [@team] alice: the #paint is drying
    {CAROL} < [@team] alice: the #paint is drying
    {CAROL} > find drying
    {CAROL} < [@team] alice now: the #paint is drying
    """)


def test_phrases_and_group_member_and_tag_filters(phones):
    keys_everywhere(phones)
    phones.run(f"""
    {ALICE} > @team new logo for #design
    {BOB} < [@team] alice: new logo for #design
    {ALICE} > @team the logo drafts are late
    {BOB} < [@team] alice: the logo drafts are late
    {BOB} > find "under the mat"
    {BOB} < [@team] you now: the key is under the mat
    {BOB} > find "spare keys"
    {BOB} < [@home] carol now: spare keys are in the shed
    {BOB} > find "keys spare"
    {BOB} < Nothing found for "keys spare". Try fewer words.
    {BOB} > find #design logo
    {BOB} < [@team] alice now: new logo for #design
    {BOB} > find @home keys
    {BOB} < [@home] carol now: spare keys are in the shed
    {BOB} > find keys @alice
    {BOB} < [d @alice] alice now: my keys, your car?
    {BOB} > find @team
    {BOB} < [@team] alice now: the logo drafts are late | [@team] alice now: new logo for #design | [@team] you now: the key is under the mat
    {BOB} > find @nobody keys
    {BOB} < No group or member @nobody.
    {BOB} > find
    {BOB} < find words searches what you can read: find keys, find @team budget, find #design logo, find "under the mat"
    {BOB} > I can't find my keys
    {ALICE} < @bob: I can't find my keys
    {BOB} < Sent only to @alice, who wrote to you last. To post to @team instead: @team your message
    """)  # noqa: E501


def test_newest_day_first_then_the_best_match_paged_with_more(phones):
    phones.form({"team": [A, B]})
    filler = "the quick brown fox jumps over the lazy dog and then " * 3
    with db.connection_context(), db.atomic():
        team, alice = Group.get(Group.handle == "team"), Member.get(Member.handle == "alice")
        for n in range(1, 8):  # older first, as they were written
            Message.create(author=alice, group=team, body=f"budget {n}: {filler}", fanned_out=True,
                           created_at=utcnow() - timedelta(days=8 - n))
        Message.create(author=alice, group=team, body="old budget budget budget", fanned_out=True,
                       created_at=utcnow() - timedelta(days=40, minutes=1))
        Message.create(author=alice, group=team, body="a budget", fanned_out=True,
                       created_at=utcnow() - timedelta(days=40))
    pages: list[str] = []
    text = "find budgets"
    while not pages or pages[-1].endswith(MORE):
        phones.text(BOB, text)
        phones.settle()
        pages += phones.received()[BOB]
        text = "more"
    phones.text(BOB, "more")
    phones.settle()
    pages += phones.received()[BOB]
    assert pages[-1] == "Nothing more to show."
    assert all(page.endswith(MORE) for page in pages[:-2])
    assert all(segments(page) == 1 for page in pages)  # a page a basic phone shows whole
    hits = [hit for page in pages[:-1] for hit in page.removesuffix(MORE).split(" | ")]
    assert [hit.split(":")[0] for hit in hits[:7]] == [
        f"[@team] alice {days}d" for days in range(1, 8)]
    assert all(hit.startswith(f"[@team] alice {8 - n}d: budget {n}: the quick") for n, hit
               in zip(range(7, 0, -1), hits, strict=False))
    assert all(hit.endswith("...") and len(hit) <= 140 for hit in hits[:7])
    # Within a day the better match comes first, though it is older.
    assert hits[7:] == ["[@team] alice 40d: old budget budget budget",
                        "[@team] alice 40d: a budget"]


def test_mail_to_commands_finds_from_the_same_index(phones, mailbox, bridge):
    make_group(phones)  # alice owns @team; bob and carol are in it
    link_by_text(phones, mailbox)
    phones.text(ALICE, "@team the key is under the mat")
    phones.text(CAROL, "d @alice my keys are in your car")
    phones.settle()
    phones.received()
    mailbox.reset()
    send(bridge, mail(BOB_MAIL, own_address(BOB, "commands"),
                      "find keys\nfind car"))
    phones.settle()
    [answer] = mailbox.to(BOB_MAIL)
    assert answer.get_content().strip() == "\n".join([
        "> find keys", "[@team] alice now: the key is under the mat",
        "> find car", "Nothing found for car. Try fewer words."])
