"""Both halves of the bridge at once: a post goes out by SMTP, a mail client answers it, and the
answer comes back in through the SMTP bridge as the same member, in the same group.

Everything is real: the member links their address by signed SMS webhooks, the worker mails
the sink server, and the reply is built from the very message the sink received.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from store.db import db
from store.models import Group, Inbound, Message
from tests.deliveries import ALICE, BOB, CAROL, make_group, member
from tests.mailboxes import mail, own_address, send

pytestmark = pytest.mark.full_stack

BOB_MAIL = "bob@example.org"


def link_by_text(phones, mailbox, number: str = BOB, address: str = BOB_MAIL,
                 name: str | None = "bob") -> None:
    """Name `number` (bob), link `address` with the mailed code, and take posts `via email`."""
    if name:
        phones.text(number, f"name {name}")
    phones.text(number, f"email {address}")
    phones.settle()
    code = re.findall(r"verify (\d{6})", mailbox.to(address)[-1].get_content())[0]
    phones.text(number, f"verify {code}")
    phones.text(number, "via email")
    phones.settle()
    phones.received()
    mailbox.reset()


def reply_to(original: EmailMessage, sender: str, answer: str) -> EmailMessage:
    """Answer `original` as Thunderbird or Gmail would: top-posted, the original quoted below."""
    reply = EmailMessage()
    reply["From"] = f"Bob Example <{sender}>"
    reply["To"] = original["Reply-To"]
    reply["Subject"] = "Re: " + original["Subject"]
    reply["Date"] = formatdate(localtime=True)
    reply["Message-ID"] = make_msgid(domain="example.org")
    reply["In-Reply-To"] = original["Message-ID"]
    reply["References"] = f"{original['References']} {original['Message-ID']}"
    quoted = "\n".join(f"> {line}".rstrip() for line in original.get_content().splitlines())
    reply.set_content(f"{answer}\n\nOn {original['Date']}, {original['From']} wrote:\n{quoted}\n")
    return reply


def unsubscribe(original: EmailMessage, sender: str) -> EmailMessage:
    """Follow the List-Unsubscribe mailto, as a mail client's "Unsubscribe" button does."""
    url = urlsplit(original["List-Unsubscribe"].strip("<>"))
    assert url.scheme == "mailto"
    fields = {name: values[0] for name, values in parse_qs(url.query).items()}
    message = EmailMessage()
    message["From"] = sender
    message["To"] = unquote(url.path)
    message["Subject"] = fields["subject"]
    message["Message-ID"] = make_msgid(domain="example.org")
    message.set_content(fields["body"])
    return message


def sms(phones) -> dict[str, list[str]]:
    phones.settle()
    return phones.received()


def test_a_reply_to_a_mailed_post_posts_the_answer_to_the_same_group(phones, mailbox, bridge):
    make_group(phones)
    link_by_text(phones, mailbox)
    phones.text(ALICE, "@team Who can bring chairs on Saturday?")
    assert sms(phones) == {CAROL: ["[@team] alice: Who can bring chairs on Saturday?"]}
    [post] = mailbox.to(BOB_MAIL)
    assert post["Reply-To"].addresses[0].addr_spec == own_address(BOB, "team")
    mailbox.reset()

    reply = reply_to(post, BOB_MAIL, "I can, I'll bring six.")
    send(bridge, reply)
    got = sms(phones)

    with db.connection_context():
        answer = Message.get(Message.body == "I can, I'll bring six.")
        assert answer.author.phone == BOB
        assert answer.group_id == Group.get(Group.handle == "team").id
        inbound = Inbound.get(Inbound.channel == "email")
        assert (inbound.status, inbound.member_id, inbound.provider_id) == \
            ("handled", answer.author_id, reply["Message-ID"])
    assert got == {ALICE: ["[@team] bob: I can, I'll bring six."],
                   CAROL: ["[@team] bob: I can, I'll bring six."]}
    assert mailbox.received == []  # Bob is not mailed his own post, nor any answer


def test_a_reply_to_a_mailed_direct_message_answers_its_author(phones, mailbox, bridge):
    make_group(phones)
    link_by_text(phones, mailbox)
    phones.text(ALICE, "d @bob can you open the hall at 9?")
    phones.settle()
    [dm] = mailbox.to(BOB_MAIL)
    assert dm["Reply-To"].addresses[0].addr_spec == own_address(BOB, "alice")
    mailbox.reset()
    phones.received()

    send(bridge, reply_to(dm, BOB_MAIL, "Yes, I'll be there at 8:45."))
    assert sms(phones) == {ALICE: ["@bob: Yes, I'll be there at 8:45."]}
    assert mailbox.received == []


def test_the_list_unsubscribe_mailto_switches_the_member_back_to_texts(phones, mailbox, bridge):
    make_group(phones)
    link_by_text(phones, mailbox)
    phones.text(ALICE, "@team first by mail")
    phones.settle()
    [post] = mailbox.to(BOB_MAIL)
    mailbox.reset()

    request = unsubscribe(post, BOB_MAIL)
    assert request["To"] == own_address(BOB, "unsubscribe")
    assert request["Subject"] == "via sms" and request.get_content().strip() == "via sms"
    send(bridge, request)
    phones.settle()
    assert member(BOB).via == "sms"
    [answer] = mailbox.to(BOB_MAIL)
    assert answer.get_content().strip() == ("Done: no more posts by mail. They come by text "
                                            "again; text via email to get them by mail.")
    assert answer["Auto-Submitted"] == "auto-replied"

    mailbox.reset()
    phones.received()
    phones.text(ALICE, "@team now by text")
    assert sms(phones) == {BOB: ["[@team] alice: now by text"],
                           CAROL: ["[@team] alice: now by text"]}
    assert mailbox.received == []


@pytest.mark.parametrize("headers", [
    {"Auto-Submitted": "auto-replied"},  # Gmail's vacation responder, RFC 3834
    {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},  # Exchange
    {"X-Autorespond": "yes", "Precedence": "auto_reply"},  # cPanel and the like
])
def test_the_members_own_auto_responder_answering_a_post_is_ignored(phones, mailbox, bridge,
                                                                     headers):
    """Posts people wrote carry no Auto-Submitted, so the answer's own headers must stop it."""
    make_group(phones)
    link_by_text(phones, mailbox)
    phones.text(ALICE, "@team Meeting moved to Friday")
    phones.settle()
    [post] = mailbox.to(BOB_MAIL)
    assert post["Auto-Submitted"] is None and post["X-Commons-Mail"] == "1"
    mailbox.reset()
    phones.received()

    auto = reply_to(post, BOB_MAIL, "I am out of the office until Monday.")
    auto.replace_header("Subject", "Automatic reply: " + post["Subject"])
    for name, value in headers.items():
        auto[name] = value
    send(bridge, auto)
    phones.settle()
    with db.connection_context():
        assert [i.status for i in Inbound.select().where(Inbound.channel == "email")] == \
            ["ignored"]
        assert not Message.select().where(Message.body.contains("office")).exists()
    assert sms(phones) == {} and mailbox.received == []


def test_a_mailed_command_is_answered_in_its_thread_and_a_reply_runs_only_the_new_line(
        phones, mailbox, bridge):
    make_group(phones)
    link_by_text(phones, mailbox)
    command = EmailMessage()
    command["From"] = BOB_MAIL
    command["To"] = own_address(BOB, "commands")
    command["Subject"] = "my groups"
    command["Message-ID"] = make_msgid(domain="example.org")
    command.set_content("groups\n")
    send(bridge, command)
    phones.settle()
    [answer] = mailbox.to(BOB_MAIL)
    assert answer.get_content().strip() == "> groups\nYour groups: @team"
    assert answer["Subject"] == "Re: my groups"  # answered under its own subject
    assert answer["In-Reply-To"] == answer["References"] == command["Message-ID"]
    assert answer["Reply-To"].addresses[0].addr_spec == command["To"]
    mailbox.reset()

    send(bridge, reply_to(answer, BOB_MAIL, "via"))  # the quoted "> groups" must not run again
    phones.settle()
    [again] = mailbox.to(BOB_MAIL)
    assert again.get_content().strip() == \
        f"> via\nPosts come to you by mail at {BOB_MAIL}. via sms to get texts instead."
    assert again["Subject"] == "Re: my groups"  # one "Re:", however long the thread
    assert sms(phones) == {}


def test_stop_by_text_stops_texts_not_mail(phones, mailbox, bridge):
    """STOP is for the phone: a `via email` member still gets and writes mail."""
    make_group(phones)
    link_by_text(phones, mailbox)
    phones.text(BOB, "STOP")
    phones.text(ALICE, "@team still by mail?")
    assert sms(phones) == {CAROL: ["[@team] alice: still by mail?"]}
    [post] = mailbox.to(BOB_MAIL)
    mailbox.reset()

    send(bridge, reply_to(post, BOB_MAIL, "Yes, mail still works."))
    assert sms(phones) == {ALICE: ["[@team] bob: Yes, mail still works."],
                           CAROL: ["[@team] bob: Yes, mail still works."]}
    assert mailbox.received == []

    lines = "groups\nstop\nvia sms\nvia"
    send(bridge, mail(BOB_MAIL, own_address(BOB, "commands"), lines))
    phones.settle()
    [answer] = mailbox.to(BOB_MAIL)
    assert answer.get_content().strip() == "\n".join([
        "> groups", "Your groups: @team",
        "> stop", "STOP and START work by text only: they tell your phone company. By mail, "
                  "'off' mutes every group, 'off @group' one.",
        "> via sms", "via works only by text from your phone: mail and the web can't change "
                     "who you are or where your messages go.",
        "> via", f"Posts come to you by mail at {BOB_MAIL}. via sms to get texts instead."])
    assert member(BOB).opted_out and member(BOB).via == "email"  # mail changed nothing
    mailbox.reset()

    phones.text(ALICE, "@team anyone?")
    assert sms(phones) == {CAROL: ["[@team] alice: anyone?"]}
    assert [m.get_content().split("\n")[0] for m in mailbox.to(BOB_MAIL)] == \
        ["alice: anyone?"]
    mailbox.reset()
    phones.text(BOB, "START")  # Twilio confirms it: no second confirmation from us
    phones.text(ALICE, "@team welcome back")
    assert sms(phones) == {CAROL: ["[@team] alice: welcome back"]}
    assert len(mailbox.to(BOB_MAIL)) == 1
