"""The transcript check itself: a text that changed nothing anyone receives fails its step."""

from __future__ import annotations

import pytest

from store.db import db
from store.models import Inbound, Member
from tests import answered

ALICE, BOB = "+14155550101", "+14155550102"


def test_a_text_dropped_without_a_word_fails_the_step_that_sent_it(phones):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    with db.connection_context():  # as a handler that drops a text without a word would leave it
        alice = Member.get(Member.phone == ALICE)
        Inbound.create(channel="twilio", provider_id="SMdropped", sender=ALICE, member=alice,
                       body="anyone there?", status="handled")
    with pytest.raises(AssertionError, match=r"got no reply: \['\+14155550101 > anyone there\?'\]"):
        phones.run(f"""
        {BOB} > @team hello
        {ALICE} < [@team] bob: hello
        """)
    with db.connection_context():  # made up for this test: not counted in the suite's tally
        Inbound.delete().where(Inbound.provider_id == "SMdropped").execute()


def test_silence_by_rule_is_counted_apart(phones):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    phones.run(f"""
    {BOB} > STOP
    {BOB} > @team can you hear me
    {BOB} > START
    {ALICE} > @team hello
    {BOB} < [@team] alice: hello
    """)
    found = answered.verdicts()  # STOP and START: Twilio confirms them, we send nothing
    assert [v.outcome for v in found[-4:]] == ["carrier", "opted out", "carrier", "delivered"]
    counts = answered.tally(found)
    assert answered.share(counts).startswith(f"{counts['reply'] + counts['delivered']} of "
                                             f"{counts['reply'] + counts['delivered']} inbound")
