"""`recap`, end to end: what involves the member since their last text, then the posts they missed.

A post is missed when no text of its own brought it: held in quiet hours (or left out of the
bundle's "+3 more"), summed up by a digest, or sent while muted. `recap` lists those posts
whole, naming the member first, a segment a page behind `more`, each once.
"""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from handlers import dates, digests, repeats
from handlers.quiet import SAY as QUIET
from store.db import db
from store.models import Inbound, Member, utcnow

ALICE, BOB, CAROL, DAN = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAN, "dan")
AWAY = timedelta(days=3)


def texts(phones, *lines: tuple[str, str]) -> None:
    """Send texts whose replies and posts this test does not look at."""
    for number, body in lines:
        phones.text(number, body)
        phones.settle()
    phones.received()


def away(phone: str) -> str:
    """Move a member's texts AWAY into the past; return that day as they read it."""
    then = utcnow() - AWAY
    with db.connection_context():
        member = Member.get(Member.phone == phone)
        Inbound.update(received_at=then).where(Inbound.member == member).execute()
    local = then.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo("America/Los_Angeles"))
    return f"{local:%a}"


def test_recap_says_what_involves_me_and_no_posts_i_already_got(phones):
    phones.form({"team": [A, B, C], "garden": [B, A], "solo": [D]})
    texts(phones, (ALICE, "task @team buy paint"), (ALICE, "offer #design logos and posters"))
    day = away(ALICE)
    texts(phones,
          (BOB, "task @team fix the door @alice"),
          (BOB, "done @team 1"),
          (BOB, "@team hello all"),
          (BOB, "@team @alice can you check the budget?"),
          (CAROL, "@team lunch?"),
          (BOB, "@garden seeds arrived"),
          (CAROL, "d @alice see you at 5"),
          (DAN, "need #design a flyer for the fair"))
    phones.run(f"""
    {ALICE} > recap
    {ALICE} < Since {day}: task 2 @team is yours, task 1 @team done by bob, 1 new need #design, a DM from carol.
    """)  # noqa: E501


def test_recap_of_one_group_and_nothing_new_in_one_line(phones):
    phones.form({"team": [A, B], "garden": [B, A], "home": [C]})
    texts(phones, (ALICE, "off @team"))
    away(ALICE)
    texts(phones, (BOB, "@team hello"), (BOB, "@garden seeds"), (BOB, "d @alice hi"))
    phones.run(f"""
    {ALICE} > recap @team
    {ALICE} < Posts you missed in @team: | bob now: hello
    {ALICE} > recap @home
    {ALICE} < You're not in @home. Text: join @home
    """)
    phones.text(ALICE, "recap")
    phones.settle()
    (reply,) = phones.received()[ALICE]
    # Her last text was the recap @home just now: nothing has happened since.
    assert re.fullmatch(r"Nothing you missed since [0-9]{1,2}:[0-9]{2}(am|pm)\.", reply), reply
    phones.text(ALICE, "recap @team")
    phones.settle()
    (reply,) = phones.received()[ALICE]
    assert re.fullmatch(r"Nothing you missed in @team since [0-9]{1,2}:[0-9]{2}(am|pm)\.",
                        reply), reply


def around_now(number: str) -> tuple[int, int]:
    """Return quiet hours that hold now, and a good while either side, on `number`'s clock."""
    with db.connection_context():
        hour = repeats.to_local(utcnow(), Member.get(Member.phone == number)).hour
    return (hour - 2) % 24, (hour + 3) % 24


PLANS = ["the hall is booked from 6 to 10 on friday, keys at the front desk from 5",
         "we still need two more people for the setup crew, reply if you can come early",
         "chairs come from the church on thursday, the van is parked behind the shop",
         "food: carol does salads, dan brings bread, I do the soup and the big pots",
         "music is sorted, bob has the speakers and the long cable for the garden",
         "parking: use the school lot after 5, the street is closed for the market"]


def test_recap_lists_the_posts_a_quiet_hours_bundle_left_out(phones):
    phones.form({"team": [A, B]})
    start, end = around_now(BOB)
    texts(phones, (BOB, f"quiet {start}-{end}"), *((ALICE, f"@team {plan}") for plan in PLANS))
    posts = [f"[@team] alice: {plan}" for plan in PLANS]
    phones.run(f"""
    {BOB} > quiet off
    {BOB} < {posts[0]} | {posts[1]} | {posts[2]} | {posts[3]} | +2 more. recap for the rest
    {BOB} < {QUIET["quiet_off"]}
    {BOB} > recap
    {BOB} < Posts you missed in @team: | alice now: {PLANS[4]} (more for the rest)
    {BOB} > more
    {BOB} < @team: | alice now: {PLANS[5]}
    {BOB} > recap
    """ + f"{BOB} < Nothing you missed since {since_now(BOB)}.")


def test_recap_lists_posts_held_now_and_the_bundle_does_not_bring_them_again(phones):
    phones.form({"team": [A, B]})
    start, end = around_now(BOB)
    texts(phones, (BOB, f"quiet {start}-{end}"), (ALICE, "@team keys at the front desk"),
          (ALICE, "@team doors open at 6"))
    phones.run(f"""
    {BOB} > recap
    {BOB} < Posts you missed in @team: | alice now: keys at the front desk | alice now: doors open at 6
    {ALICE} > @team bring a torch
    {BOB} > quiet off
    {BOB} < [@team] alice: bring a torch
    {BOB} < {QUIET["quiet_off"]}
    """)  # noqa: E501


def test_recap_lists_what_came_while_muted_the_post_naming_me_first(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {BOB} > off @team
    {BOB} < @team muted. Text on @team to unmute. | {QUIET["offer"]}
    {ALICE} > @team lunch at the usual place?
    {CAROL} < [@team] alice: lunch at the usual place?
    {CAROL} > @team yes, and @bob owes me a coffee
    {ALICE} < [@team] carol: yes, and @bob owes me a coffee
    {CAROL} < @bob has @team muted, so won't see this now.
    {CAROL} > d @bob are you coming?
    {BOB} < @carol: are you coming?
    """)
    phones.run(f"""
    {BOB} > recap
    {BOB} < Since {since_now(BOB)}: a DM from carol. | Posts you missed in @team: | carol now: yes, and @bob owes me a coffee | alice now: lunch at the usual place?
    """)  # noqa: E501


def test_recap_lists_what_a_digest_counted_the_post_naming_me_first(phones):
    # The digest says "@team: 1 naming you, 3 posts" (tests/test_quiet_digest.py): recap reads them.
    phones.form({"team": [A, B, C]})
    texts(phones, (BOB, "digest daily 8am"), (ALICE, "@team lunch?"),
          (CAROL, "@team @bob can you bring chairs?"), (ALICE, "@team see you at 1"))
    phones.run(f"""
    {BOB} > recap @team
    {BOB} < Posts you missed in @team: | carol now: @bob can you bring chairs? | alice now: lunch? | alice now: see you at 1
    {BOB} > recap @team
    """ + f"{BOB} < Nothing you missed in @team since {since_now(BOB)}.")  # noqa: E501


def test_the_next_digest_counts_only_what_recap_did_not_list(phones):
    phones.form({"team": [A, B]})
    texts(phones, (BOB, "digest daily 8am"), (ALICE, "@team lunch?"), (ALICE, "@team at 1"))
    phones.run(f"""
    {BOB} > recap
    {BOB} < Posts you missed in @team: | alice now: lunch? | alice now: at 1
    {ALICE} > @team and bring cups
    """)
    with db.connection_context():
        bob = Member.get(Member.phone == BOB)
        assert bob.digest_since is not None
        digest = digests.compose(bob, bob.digest_since, utcnow())
    assert digest is not None and digest.split("\n")[1:] == ["@team: 1 post", "recap for more"]


def test_recap_of_several_groups_starts_with_the_one_naming_me(phones):
    phones.form({"team": [A, B], "garden": [B, A]})
    texts(phones, (ALICE, "off"), (BOB, "@team the van is booked"), (BOB, "@team 9am sharp"),
          (BOB, "@garden @alice the seeds came, where do they go?"), (BOB, "@garden rain today"))
    phones.run(f"""
    {ALICE} > recap
    {ALICE} < Posts you missed in @garden: | bob now: @alice the seeds came, where do they go? | bob now: rain today | @team: | bob now: the van is booked | bob now: 9am sharp
    """)  # noqa: E501


def since_now(phone: str) -> str:
    """Return the time of the member's last text as recap names it: "9:40am"."""
    with db.connection_context():
        member = Member.get(Member.phone == phone)
        last = Inbound.select().where(Inbound.member == member).order_by(Inbound.id.desc()).get()
    local = last.received_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(dates.zone_of(member))
    return f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
