"""Follows, end to end: posts reach followers of their author and tags, once each; `last`."""

from __future__ import annotations

from store.cooperation import Follow, MessageTag
from store.db import db
from store.models import Outbox

ALICE, BOB, CAROL, DAN = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAN, "dan")


def test_followers_get_public_posts_once_however_many_routes(phones):
    phones.form({"garden": [A, B], "hush": [A, B], "fans": [C, D]})
    phones.run(f"""
    {ALICE} > private @hush
    {ALICE} < @hush is now private: people join by invite.
    {CAROL} > follow @alice
    {CAROL} < You follow @alice: their posts in public groups reach you.
    {CAROL} > follow #tomatoes #beans
    {CAROL} < You follow #tomatoes #beans: public posts with them reach you.
    {DAN} > follow #Tomatoes
    {DAN} < You follow #tomatoes: public posts with them reach you.
    {BOB} > follow @alice
    {BOB} < You follow @alice: their posts in public groups reach you.
    {ALICE} > @garden first #tomatoes and #beans are up!
    {BOB} < [@garden] alice: first #tomatoes and #beans are up!
    {CAROL} < [@garden] alice: first #tomatoes and #beans are up!
    {DAN} < [@garden] alice: first #tomatoes and #beans are up!
    {ALICE} > @hush #tomatoes are secret here
    {BOB} < [@hush] alice: #tomatoes are secret here
    {BOB} > @garden watered the #beans
    {ALICE} < [@garden] bob: watered the #beans
    {CAROL} < [@garden] bob: watered the #beans
    {CAROL} > following
    {CAROL} < You follow: @alice #tomatoes #beans
    {CAROL} > unfollow #beans
    {CAROL} < You no longer follow #beans.
    {BOB} > @garden more #beans
    {ALICE} < [@garden] bob: more #beans
    {CAROL} > unfollow @alice
    {CAROL} < You no longer follow @alice.
    {CAROL} > unfollow @alice
    {CAROL} < You weren't following @alice.
    """)
    with db.connection_context():
        first = Outbox.select().where(Outbox.body.contains("first #tomatoes"))
        assert sorted(row.to for row in first) == sorted([BOB, CAROL, DAN])
        assert MessageTag.select().count() == 5
        assert Follow.select().count() == 3


def test_muted_followers_and_the_author_get_nothing(phones):
    phones.form({"garden": [A], "fans": [C, D]})
    phones.run(f"""
    {CAROL} > follow @alice
    {CAROL} < You follow @alice: their posts in public groups reach you.
    {DAN} > follow #garden
    {DAN} < You follow #garden: public posts with them reach you.
    {DAN} > off
    {DAN} < Group posts muted; direct messages still arrive. Text on to hear posts again.
    {ALICE} > follow #garden
    {ALICE} < You follow #garden: public posts with them reach you.
    {ALICE} > @garden #garden day on sunday
    {CAROL} < [@garden] alice: #garden day on sunday
    """)


def test_what_cannot_be_followed(phones):
    phones.form({"garden": [A]})
    phones.run(f"""
    {ALICE} > follow @alice
    {ALICE} < That's you!
    {ALICE} > follow @garden
    {ALICE} < @garden is a group: join @garden to get its posts.
    {ALICE} > follow @nobody
    {ALICE} < No member @nobody.
    {ALICE} > following
    {ALICE} < You follow nobody yet. Try: follow #tag or follow @name
    """)
    with db.connection_context():
        assert Follow.select().count() == 0


def test_last_shows_the_latest_posts_anyone_may_read(phones):
    phones.form({"garden": [A, B], "hush": [A, B], "fans": [C]})
    phones.run(f"""
    {ALICE} > private @hush
    {ALICE} < @hush is now private: people join by invite.
    {ALICE} > @garden one
    {BOB} < [@garden] alice: one
    {ALICE} > @hush two
    {BOB} < [@hush] alice: two
    {BOB} > @garden three
    {ALICE} < [@garden] bob: three
    {CAROL} > last @alice
    {CAROL} < Last in @garden: | alice: one
    {CAROL} > last @garden
    {CAROL} < Last in @garden: | alice: one | bob: three
    {CAROL} > last @hush
    {CAROL} < You're not in @hush, a private group: ask a member to invite you.
    {BOB} > last @alice
    {BOB} < Last in @garden: | alice: one | Last in @hush: | alice: two
    {ALICE} > @garden four
    {BOB} < [@garden] alice: four
    {BOB} > last
    {BOB} < Last in @garden: | alice: one | bob: three | alice: four | Last in @hush: | alice: two
    {ALICE} > @garden five
    {BOB} < [@garden] alice: five
    {BOB} > last @garden
    {BOB} < Last in @garden: | alice: one | bob: three | alice: four | five
    {CAROL} > last
    {CAROL} < No posts to show yet.
    """)


def test_a_page_of_last_after_more_names_the_author_of_its_first_post(phones):
    phones.form({"garden": [A, B]})
    posts = [f"rota week {n}: beans, tomatoes and the herb bed" for n in range(1, 6)]
    for post in posts:
        phones.text(ALICE, f"@garden {post}")
    phones.settle()
    phones.received()
    phones.run(f"""
    {BOB} > last @garden
    {BOB} < Last in @garden: | alice: {posts[0]} | {posts[1]} (more for the rest)
    {BOB} > more
    {BOB} < alice: {posts[2]} | {posts[3]} (more for the rest)
    {BOB} > more
    {BOB} < alice: {posts[4]}
    """)
