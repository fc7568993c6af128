"""Abuse: a flood from one number and an auto-responder loop are kept but not acted on."""

from __future__ import annotations

from handlers.dispatch import SAY
from store.db import db
from store.models import Inbound, Message
from tests.phones import created

AUTO_REPLY = "I'm driving right now. I'll see your message when I get where I'm going."


def test_a_flood_is_kept_but_only_the_first_over_the_limit_is_answered(phones):
    for i in range(22):
        phones.text("+14155550111", f"help {i}")
    phones.settle()
    texts = phones.received()["+14155550111"]
    assert len(texts) == 21
    assert texts[-1] == "Slow down: that's a lot of texts. Try again in a minute."
    with db.connection_context():
        assert Inbound.select().where(Inbound.sender == "+14155550111").count() == 22
        assert Inbound.select().where(Inbound.status == "limited").count() == 2


def test_an_auto_responder_stops_looping_through_a_group(phones):
    phones.run(f"""
    +14155550121 > create @crew
    +14155550121 < {created("crew")}
    +14155550122 > join @crew
    +14155550122 < Welcome to @crew! Post with: @crew your message
    +14155550121 > @crew meeting at 6
    +14155550122 < [@crew] a member: meeting at 6
    """)
    # The third is dropped, and its sender told once (a person who repeated themself hears
    # why); the auto-responder answers that with its same text, which is dropped unanswered.
    for _ in range(5):
        phones.text("+14155550122", AUTO_REPLY)
    phones.settle()
    assert phones.received() == {"+14155550121": [f"[@crew] a member: {AUTO_REPLY}"] * 2,
                                 "+14155550122": [SAY["repeat"]]}
    assert SAY["repeat"] == "Not sent: that's the same text 3 times in 10 minutes."
    with db.connection_context():
        assert Message.select().where(Message.body == AUTO_REPLY).count() == 2
        assert Inbound.select().where(Inbound.status == "loop").count() == 3


def test_a_person_repeating_a_short_word_is_not_a_loop(phones):
    phones.run(f"""
    +14155550131 > create @pals
    +14155550131 < {created("pals")}
    +14155550132 > join @pals
    +14155550132 < Welcome to @pals! Post with: @pals your message
    +14155550132 > @pals ok
    +14155550131 < [@pals] a member: ok
    +14155550132 > ok
    +14155550131 < [@pals] a member: ok
    +14155550132 > ok
    +14155550131 < [@pals] a member: ok
    """)
