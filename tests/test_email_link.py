"""Linking an email address by text: the code goes by mail, comes back by `verify`; and `via`."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from store.db import db
from store.models import Member, OneTimeCode, Outbox
from tests.deliveries import ALICE, BOB, CAROL, member
from tests.mailboxes import own_address

pytestmark = pytest.mark.full_stack

ADDRESS = "bob@example.org"
WELCOME = "Welcome to Commons! Pick a name: name yourname. HELP for commands."
SENT = "Sent a code to b...@example.org. Text verify CODE within 30 minutes."
LINKED = ("Your Commons email was changed to b...@example.org. Not you? Text email to fix "
          "it. Your addresses are in the mail we sent it.")


def code_in(mailbox, address: str = ADDRESS) -> str:
    """Return the code in the newest mail to `address`."""
    return re.findall(r"verify (\d{6})", mailbox.to(address)[-1].get_content())[0]


def ask_code(phones, mailbox, number: str = BOB, address: str = ADDRESS) -> str:
    phones.run(f"""
    {number} > name bob
    {number} < You are now @bob.
    {number} > email {address.upper()}
    {number} < {SENT}
    """)
    return code_in(mailbox, address)


def test_the_code_comes_by_mail_and_links_the_address(phones, mailbox):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    phones.run(f"""
    {BOB} > email {ADDRESS}
    {BOB} < {SENT}
    """)
    [mail] = mailbox.to(ADDRESS)
    code = code_in(mailbox)
    assert mail["Subject"] == "Your Commons code"
    assert mail["From"].addresses[0].addr_spec == "commands@commons.localhost"
    assert mail["X-Commons-Mail"] == "1" and mail["Auto-Submitted"] == "auto-generated"
    assert mail["Reply-To"] is None  # the address is not theirs yet: no secret in it
    assert "the Commons account of @bob." in mail.get_content()
    assert "0102" not in mail.get_content()  # no digit of the number, in part or whole
    with db.connection_context():  # the code is kept only hashed, and never texted
        stored = OneTimeCode.get()
        assert code not in stored.code_hash and stored.address == ADDRESS
        assert not Outbox.select().where(Outbox.channel == "sms",
                                         Outbox.body.contains(code)).exists()
    phones.run(f"""
    {BOB} > verify {code}
    {BOB} < {LINKED}
    """)
    bob = member(BOB)
    assert bob.email == ADDRESS and bob.via == "sms"
    welcome = mailbox.to(ADDRESS)[-1]
    text = welcome.get_content()
    assert welcome["Subject"] == "Your Commons addresses"
    assert f"{own_address(BOB, 'team')}  posts to @team" in text
    assert own_address(BOB, "commands") in text
    assert welcome["Reply-To"].addresses[0].addr_spec == own_address(BOB, "commands")
    phones.run(f"""
    {BOB} > verify {code}
    {BOB} < No code is waiting. Text email you@example.com to get one.
    """)


def test_a_wrong_code_changes_nothing_and_five_burn_it(phones, mailbox):
    code = ask_code(phones, mailbox)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    phones.run(f"""
    {BOB} > verify {wrong}
    {BOB} < Wrong code. Tries left: 4.
    {BOB} > verify 12345
    {BOB} < Wrong code. Tries left: 3.
    {BOB} > verify {wrong}
    {BOB} < Wrong code. Tries left: 2.
    {BOB} > verify {wrong}
    {BOB} < Wrong code. Tries left: 1.
    {BOB} > verify {wrong}
    {BOB} < Too many wrong tries: that code is dead. Text email {ADDRESS} for a new one.
    {BOB} > verify {code}
    {BOB} < Too many wrong tries: that code is dead. Text email {ADDRESS} for a new one.
    """)
    assert member(BOB).email is None


def test_an_expired_code_is_refused(phones, mailbox):
    code = ask_code(phones, mailbox)
    with db.connection_context():
        row = OneTimeCode.get()
        row.expires_at = row.created_at - timedelta(seconds=1)
        row.save()
    phones.run(f"""
    {BOB} > verify {code}
    {BOB} < That code has expired. Text email {ADDRESS} for a new one.
    """)
    assert member(BOB).email is None


def test_a_new_code_replaces_the_old_and_three_an_hour_is_the_limit(phones, mailbox):
    first = ask_code(phones, mailbox)
    # Each typed a little differently: the same text three times looks like an auto-responder.
    phones.run(f"""
    {BOB} > email {ADDRESS}
    {BOB} < {SENT}
    {BOB} > email Bob@example.org
    {BOB} < {SENT}
    {BOB} > email bob@Example.org
    {BOB} < Too many codes asked for: try again in an hour.
    """)
    assert len(mailbox.to(ADDRESS)) == 3
    last = code_in(mailbox)
    if first != last:  # one chance in a million they are the same
        phones.run(f"""
        {BOB} > verify {first}
        {BOB} < Wrong code. Tries left: 4.
        """)
    phones.run(f"""
    {BOB} > verify {last}
    {BOB} < {LINKED}
    """)


def test_an_address_someone_else_linked_is_answered_like_any_other(phones, mailbox):
    code = ask_code(phones, mailbox)
    phones.run(f"""
    {BOB} > verify {code}
    {BOB} < {LINKED}
    {CAROL} > email Bob@Example.org
    {CAROL} < {WELCOME} | {SENT}
    {BOB} > email bob@example.org
    {BOB} < bob@example.org is already linked to you.
    """)
    # The code goes to the mailbox, as for any address: only its reader learns it is taken.
    assert len(mailbox.to(ADDRESS)) == 3
    phones.run(f"""
    {CAROL} > verify {code_in(mailbox)}
    {CAROL} < That address is linked to another account.
    """)
    assert member(BOB).email == ADDRESS and member(CAROL).email is None


def test_two_members_racing_for_one_address_only_one_wins(phones, mailbox):
    bob_code = ask_code(phones, mailbox)
    phones.run(f"""
    {CAROL} > email {ADDRESS}
    {CAROL} < {WELCOME} | {SENT}
    """)
    carol_code = code_in(mailbox)
    phones.run(f"""
    {CAROL} > verify {carol_code}
    {CAROL} < {LINKED}
    {BOB} > verify {bob_code}
    {BOB} < That address is linked to another account.
    """)
    assert member(BOB).email is None and member(CAROL).email == ADDRESS


def test_bad_addresses_are_refused(phones, mailbox):
    phones.run(f"""
    {BOB} > email bob..smith@example.org
    {BOB} < {WELCOME} | That doesn't look like an email address. Try e.g. email you@example.com
    {BOB} > email team@commons.localhost
    {BOB} < Use your own address, not a Commons one.
    {BOB} > email bob@example.invalid
    {BOB} < That doesn't look like an email address. Try e.g. email you@example.com
    {BOB} > verify 123456
    {BOB} < No code is waiting. Text email you@example.com to get one.
    """)
    assert mailbox.received == []


def test_via_needs_a_linked_address_and_a_phone_and_says_the_choice(phones, mailbox):
    phones.run(f"""
    {BOB} > via email
    {BOB} < {WELCOME} | Link an address first: text email you@example.com
    {BOB} > via
    {BOB} < Posts come to you by text. via email to get them by mail.
    """)
    code = ask_code(phones, mailbox)
    phones.run(f"""
    {BOB} > verify {code}
    {BOB} < {LINKED}
    {BOB} > via email
    {BOB} < Posts now come by mail to {ADDRESS}. via sms to get texts again.
    {BOB} > via
    {BOB} < Posts come to you by mail at {ADDRESS}. via sms to get texts instead.
    {BOB} > via sms
    {BOB} < Posts now come by text. via email to get them by mail.
    {BOB} > help via
    {BOB} < via email gets posts by mail, via sms by text. via alone says which you get now.
    """)
    with db.connection_context():
        Member.update(via="email", phone_invalid=True).where(Member.phone == BOB).execute()
    phones.text(BOB, "via sms")  # as if mailed: this phone can't take the answer any more
    phones.settle()
    assert member(BOB).via == "email"
    assert mailbox.to(ADDRESS)[-1].get_content().strip() == \
        "No phone here can take texts, so posts stay by mail."
