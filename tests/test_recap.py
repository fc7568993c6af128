"""`recap`, end to end: since the member's last text, what involves them first, then the rest."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

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


def test_recap_puts_what_involves_me_first_then_the_busiest_groups(phones):
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
    {ALICE} < Since {day}: 4 posts, task 2 @team is yours, task 1 @team done by bob, 1 new need #design, a DM from carol, 1 mention, busiest: @team 3, @garden 1.
    """)  # noqa: E501


def test_recap_of_one_group_and_nothing_new_in_one_line(phones):
    phones.form({"team": [A, B], "garden": [B, A], "home": [C]})
    day = away(ALICE)
    texts(phones, (BOB, "@team hello"), (BOB, "@garden seeds"), (BOB, "d @alice hi"))
    phones.run(f"""
    {ALICE} > recap @team
    {ALICE} < @team since {day}: 1 post.
    {ALICE} > recap @home
    {ALICE} < You're not in @home. Text: join @home
    """)
    phones.text(ALICE, "recap")
    phones.settle()
    (reply,) = phones.received()[ALICE]
    # Her last text was the recap @home just now: nothing has happened since.
    assert re.fullmatch(r"Nothing new since [0-9]{1,2}:[0-9]{2}(am|pm)\.", reply), reply
    phones.text(ALICE, "recap @team")
    phones.settle()
    (reply,) = phones.received()[ALICE]
    assert re.fullmatch(r"Nothing new in @team since [0-9]{1,2}:[0-9]{2}(am|pm)\.", reply), reply
