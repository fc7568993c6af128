"""Posts by mail: a `via email` member gets a group's posts from the real SMTP server's side.

What a mail client shows and does is in the headers: who it is from, where a reply goes (the
member's own secret address for that group), how it threads, how to stop it.
"""

from __future__ import annotations

import re

import pytest

from store.db import db
from store.models import Group, Member, Membership, Message, Outbox
from tests.deliveries import ALICE, BOB, CAROL, make_group, sent_to, wait_until
from tests.mail_sink import DROP
from tests.mailboxes import own_address, own_address_of

pytestmark = pytest.mark.full_stack

BOB_MAIL = "bob@example.org"
DOMAIN = "commons.localhost"


def link(phones, mailbox, number: str = BOB, address: str = BOB_MAIL, via: str = "email"):
    """Link `address` to `number` by text, the code read from the mail, and choose `via`."""
    phones.text(number, f"email {address}")
    phones.settle()
    code = re.findall(r"verify (\d{6})", mailbox.to(address)[-1].get_content())[0]
    phones.text(number, f"verify {code}")
    phones.text(number, f"via {via}")
    phones.settle()
    phones.received()
    mailbox.reset()


def post(phones, text: str, author: str = ALICE) -> Message:
    phones.text(author, f"@team {text}")
    phones.settle()
    with db.connection_context():
        return Message.get(Message.body == text)


def row_of(message: Message, address: str) -> Outbox:
    with db.connection_context():
        return Outbox.get(Outbox.message == message.id, Outbox.to == address)


def test_a_post_reaches_a_via_email_member_by_mail_and_the_others_by_text(phones, mailbox):
    since = make_group(phones)
    link(phones, mailbox)
    first = post(phones, "Standup moved to 10am tomorrow, same room as always, bring the plan")
    second = post(phones, "ok")
    assert sent_to(phones.api, CAROL, since) == [
        "[@team] alice: Standup moved to 10am tomorrow, same room as always, bring the plan",
        "[@team] alice: ok"]
    assert sent_to(phones.api, BOB, since)[-1:] != ["[@team] alice: ok"]  # no text for Bob
    one, two = mailbox.to(BOB_MAIL)
    assert one["From"].addresses[0].display_name == "alice in @team"
    assert one["From"].addresses[0].addr_spec == f"team@{DOMAIN}"
    assert one["Reply-To"].addresses[0].addr_spec == own_address(BOB, "team")
    assert one["To"].addresses[0].addr_spec == BOB_MAIL
    assert one["Subject"] == "[@team] Standup moved to 10am tomorrow, same room as always, bring…"
    assert two["Subject"] == "[@team] ok"
    assert one["Message-ID"] == row_of(first, BOB_MAIL).provider_sid
    assert re.fullmatch(rf"<out-\d+\.[0-9a-f]{{12}}@{DOMAIN}>", one["Message-ID"])
    assert one["Message-ID"] != two["Message-ID"] == row_of(second, BOB_MAIL).provider_sid
    with db.connection_context():
        group = Group.get(Group.handle == "team")
    root = one["In-Reply-To"]  # one conversation per group: every post answers the same root
    assert re.fullmatch(rf"<group-{group.id}\.[0-9a-f]{{12}}@{DOMAIN}>", root)
    assert root == one["References"] == two["In-Reply-To"] == two["References"]
    assert one["List-Id"] == f"\"@team\" <team.{DOMAIN}>"
    assert one["List-Unsubscribe"] == \
        f"<mailto:{own_address(BOB, 'unsubscribe')}?subject=via%20sms&body=via%20sms>"
    assert one["X-Commons-Mail"] == "1" and one["Auto-Submitted"] is None and one["Date"]
    body = one.get_content()
    assert body.startswith("alice: Standup moved to 10am tomorrow, same room as always, bring")
    assert f"text 'via sms' to Commons, or mail {own_address(BOB, 'unsubscribe')}" in body
    [envelope] = [r for r in mailbox.received if r.message is one]
    assert envelope.sender == f"bounces+{row_of(first, BOB_MAIL).id}@{DOMAIN}"
    assert (envelope.tls, envelope.login) == (True, "commons")
    row = row_of(first, BOB_MAIL)
    assert (row.channel, row.status, row.segments, row.attempts) == ("email", "sent", 0, 1)


def test_replies_to_texts_still_come_by_text_and_via_sms_switches_back(phones, mailbox):
    make_group(phones)
    link(phones, mailbox)
    phones.run(f"""
    {BOB} > groups
    {BOB} < Your groups: @team
    {BOB} > via sms
    {BOB} < Posts now come by text. via email to get them by mail.
    {ALICE} > @team back to texts
    {BOB} < [@team] alice: back to texts
    {CAROL} < [@team] alice: back to texts
    """)
    assert mailbox.received == []


def test_a_member_with_no_phone_but_an_address_gets_posts(phones, mailbox):
    make_group(phones)
    with db.connection_context():
        dana = Member.create(handle="dana", email="dana@example.org")
        Membership.create(member=dana, group=Group.get(Group.handle == "team"))
    post(phones, "hello dana")
    [mail] = mailbox.to("dana@example.org")
    assert mail.get_content().startswith("alice: hello dana")
    with db.connection_context():
        dana = Member.get(Member.handle == "dana")
    assert mail["Reply-To"].addresses[0].addr_spec == own_address_of(dana, "team")
    # No phone to move posts to: unsubscribing mutes the group instead.
    assert "subject=off%20%40team" in mail["List-Unsubscribe"]


def test_a_direct_message_comes_from_its_author_and_answers_to_them(phones, mailbox):
    make_group(phones)
    phones.text(BOB, "name bob")
    link(phones, mailbox)
    phones.text(ALICE, "d @bob are you in tomorrow?")
    phones.settle()
    [mail] = mailbox.to(BOB_MAIL)
    assert mail["From"].addresses[0].addr_spec == f"alice@{DOMAIN}"
    assert mail["Reply-To"].addresses[0].addr_spec == own_address(BOB, "alice")
    assert mail["Subject"] == "@alice: are you in tomorrow?"
    assert mail.get_content().startswith("@alice: are you in tomorrow?")


def test_a_greylisting_server_is_tried_again_and_the_mail_arrives_once(phones, mailbox):
    make_group(phones)
    link(phones, mailbox)
    mailbox.refuse("rcpt", "451 4.7.1 Greylisted, please try again later")
    phones.text(ALICE, "@team try me twice")
    message = wait_until(lambda: Message.get_or_none(Message.body == "try me twice"))
    sent = Outbox.select().where(Outbox.message == message.id, Outbox.to == BOB_MAIL,
                                 Outbox.status == "sent")
    wait_until(sent.exists, timeout=30, what="the retry")
    row = row_of(message, BOB_MAIL)
    assert (row.attempts, mailbox.attempts) == (2, 2)
    assert [m["Message-ID"] for m in mailbox.to(BOB_MAIL)] == [row.provider_sid]


def test_a_refused_recipient_ends_the_row_failed_with_the_reason(phones, mailbox):
    since = make_group(phones)
    link(phones, mailbox)
    mailbox.refuse("rcpt", "550 5.1.1 <bob@example.org>: no such user")
    message = post(phones, "anyone there")
    row = row_of(message, BOB_MAIL)
    assert (row.status, row.error_code, row.attempts) == ("failed", 550, 1)
    assert "no such user" in (row.error or "")
    assert mailbox.to(BOB_MAIL) == []
    assert sent_to(phones.api, CAROL, since) == ["[@team] alice: anyone there"]


@pytest.mark.settings(SENDING_STALE_SECONDS=1.5)  # the deployed 30 s, in a test's time
def test_a_mail_whose_answer_was_lost_is_sent_again_with_the_same_message_id(phones, mailbox):
    make_group(phones)
    link(phones, mailbox)
    mailbox.refuse("data", DROP)  # the server takes it, then the connection drops unanswered
    phones.text(ALICE, "@team did this arrive?")
    message = wait_until(lambda: Message.get_or_none(Message.body == "did this arrive?"))
    sent = Outbox.select().where(Outbox.message == message.id, Outbox.to == BOB_MAIL,
                                 Outbox.status == "sent")
    # The sweeper can't ask SMTP what it took: once the send is surely over, it sends again.
    wait_until(sent.exists, timeout=40, what="the sweeper's resend")
    row = row_of(message, BOB_MAIL)
    first, again = mailbox.to(BOB_MAIL)
    assert first["Message-ID"] == again["Message-ID"] == row.provider_sid  # shown once
    assert row.attempts == 2
