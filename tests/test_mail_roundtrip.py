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

from store.db import db
from store.models import Group, Inbound, Message
from tests.deliveries import ALICE, BOB, CAROL, make_group, member
from tests.mailboxes import send

BOB_MAIL = "bob@example.org"


def link_by_text(phones, mailbox, number: str = BOB, address: str = BOB_MAIL) -> None:
    """Name `number` bob, link `address` with the mailed code, and take posts `via email`."""
    phones.text(number, "name bob")
    phones.text(number, f"email {address}")
    phones.settle()
    code = re.search(r"verify (\d{6})", mailbox.to(address)[-1].get_content()).group(1)
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
    token = member(BOB).email_token
    assert post["Reply-To"].addresses[0].addr_spec == f"team+{token}@commons.localhost"
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


def test_the_list_unsubscribe_mailto_switches_the_member_back_to_texts(phones, mailbox, bridge):
    make_group(phones)
    link_by_text(phones, mailbox)
    phones.text(ALICE, "@team first by mail")
    phones.settle()
    [post] = mailbox.to(BOB_MAIL)
    mailbox.reset()

    request = unsubscribe(post, BOB_MAIL)
    assert request["Subject"] == "via sms" and request.get_content().strip() == "via sms"
    send(bridge, request)
    phones.settle()
    assert member(BOB).via == "sms"
    [answer] = mailbox.to(BOB_MAIL)
    assert answer.get_content().strip() == \
        "> via sms\nPosts now come by text. via email to get them by mail."
    assert answer["Auto-Submitted"] == "auto-replied"

    mailbox.reset()
    phones.received()
    phones.text(ALICE, "@team now by text")
    assert sms(phones) == {BOB: ["[@team] alice: now by text"],
                           CAROL: ["[@team] alice: now by text"]}
    assert mailbox.received == []
