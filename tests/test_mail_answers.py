"""Answers to mail that could not be posted say why, and what the sender can do instead."""

from __future__ import annotations

import pytest

from store.db import db
from store.models import Message
from tests.mailboxes import DOMAIN, link, mail, mail_rows, send

ALICE, BOB, CAROL = "+14155550101", "+14155550102", "+14155550103"
A, B, C = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")
ALICE_MAIL = "alice@example.com"


@pytest.fixture
def team(phones, bridge):
    """@team of alice and bob, @home of carol alone; alice linked her address."""
    phones.form({"team": [A, B], "home": [C]})
    return link(ALICE, ALICE_MAIL)


def posts() -> int:
    with db.connection_context():
        return Message.select().count()


def test_mail_to_a_plain_group_address_from_a_linked_address_gets_its_own_address(
        phones, bridge, team):
    send(bridge, mail(ALICE_MAIL, f"team@{DOMAIN}", "Who has the key?"))
    send(bridge, mail("stranger@example.org", f"team@{DOMAIN}", "Hello, can I join?"))
    phones.settle()
    assert posts() == 0 and phones.received() == {}
    [(to, advice), (other, refused)] = mail_rows()
    assert to == ALICE_MAIL
    assert advice.startswith(f"Commons did not post your mail to team@{DOMAIN}: that address "
                             "does not say it is you.")
    assert f"To post to @team as yourself, write to your own address for it:\n\n{team.to('team')}" \
           "\n" in advice
    assert "link this address" not in advice
    assert other == "stranger@example.org" and 'text "email stranger@example.org"' in refused


def test_mail_to_a_private_group_from_a_non_member_says_it_is_private(phones, bridge, team):
    phones.run(f"""
    {CAROL} > private @home
    {CAROL} < @home is now private: people join by invite.
    """)
    send(bridge, mail(ALICE_MAIL, team.to("home"), "can I come?"))
    phones.settle()
    assert mail_rows() == [
        (ALICE_MAIL, "You're not in @home, a private group: ask a member to invite you.")]
    assert posts() == 0 and phones.received() == {}
