"""Nobody takes over an account by mail: a From header and a copied token change nothing.

The attack as it was tried: a mail with a forged `From: alice@...` to `commands+TOKEN@` (TOKEN
copied from a mail alice forwarded) ran `email mallory@...` and `verify`, then logged in to the
web by that address. Now who a member is and where their messages go change only by text from
their phone, and the phone is told of every change; tokens open one address each and rotate.
"""

from __future__ import annotations

import re

from store.db import db
from store.models import Group, Inbound, Member, Membership, Message, OneTimeCode
from tests.conftest import MAILGUN_KEY
from tests.deliveries import ALICE, BOB, CAROL, make_group, member
from tests.mailboxes import (
    mail,
    mail_rows,
    mailgun_form,
    own_address,
    own_address_of,
    post_mailgun,
    send,
)
from tests.webapp import _console_site_app, _site, _twilio_site_app  # noqa: F401

ALICE_MAIL = "alice@example.org"
MALLORY = "mallory@evil.example"
REFUSED = ("{word} works only by text from your phone: mail and the web can't change who you "
           "are or where your messages go.")


def link_by_text(phones, mailbox, number: str = ALICE, address: str = ALICE_MAIL) -> str:
    """Link `address` to `number` as a person does: `email`, then the mailed code by `verify`."""
    phones.text(number, f"email {address}")
    phones.settle()
    code = re.findall(r"verify (\d{6})", mailbox.to(address)[-1].get_content())[0]
    phones.text(number, f"verify {code}")
    phones.settle()
    told = phones.received()[number][-1]
    mailbox.reset()
    return told


def account(number: str) -> tuple:
    """What a takeover would change: the address, where posts go, the tokens' epoch."""
    found = member(number)
    return found.email, found.via, found.mail_epoch


def test_a_forged_from_with_a_copied_token_changes_nothing(phones, mailbox, bridge, deployment):
    make_group(phones)
    link_by_text(phones, mailbox)
    before = account(ALICE)
    commands = own_address(ALICE, "commands")  # as copied from a mail alice forwarded
    lines = f"email {MALLORY}\nverify 123456\nvia sms\nvia email\nnewtoken\nname mallory\ngroups"
    send(bridge, mail(f"Alice <{ALICE_MAIL}>", commands, lines), envelope_from=MALLORY)
    phones.settle()
    assert account(ALICE) == before
    with db.connection_context():
        assert not OneTimeCode.select().where(OneTimeCode.address == MALLORY).exists()
    assert mailbox.to(MALLORY) == []  # the answer goes to alice's own address, never Mallory's
    [answer] = mailbox.to(ALICE_MAIL)
    assert answer.get_content().strip() == "\n".join([
        f"> email {MALLORY}", REFUSED.format(word="email"),
        "> verify 123456", REFUSED.format(word="verify"),
        "> via sms", REFUSED.format(word="via"),
        "> via email", REFUSED.format(word="via"),
        "> newtoken", REFUSED.format(word="newtoken"),
        "> name mallory", REFUSED.format(word="name"),
        "> groups", "Your groups: @team"])
    assert member(ALICE).handle == "alice"
    assert phones.received() == {}

    # The same by Mailgun, and by a reply to the group's own address.
    mailbox.reset()
    _, server, _ = deployment
    form = mailgun_form(MAILGUN_KEY, commands, ALICE_MAIL, f"email {MALLORY}\nvia sms")
    assert post_mailgun(server.url, form).status_code == 200
    send(bridge, mail(ALICE_MAIL, own_address(ALICE, "team"), f"email {MALLORY}"))
    phones.settle()
    assert account(ALICE) == before
    [by_mailgun] = mailbox.to(ALICE_MAIL)
    assert REFUSED.format(word="email") in by_mailgun.get_content()
    # A mail to the group's address is a post, never a command: it is posted as written.
    assert phones.received() == {BOB: [f"[@team] alice: email {MALLORY}"],
                                 CAROL: [f"[@team] alice: email {MALLORY}"]}


def test_a_change_by_phone_is_texted_to_the_phone_with_the_address_masked(phones, mailbox):
    make_group(phones)
    told = link_by_text(phones, mailbox)
    assert told == ("Your Commons email was changed to a...@example.org. Not you? Text email to "
                    "fix it. Your addresses are in the mail we sent it.")
    told = link_by_text(phones, mailbox, address=MALLORY)  # a change, made from her phone
    assert told == ("Your Commons email was changed to m...@evil.example. Not you? Text email "
                    "to fix it. Your addresses are in the mail we sent it.")
    assert member(ALICE).email == MALLORY


def test_the_web_box_cannot_change_who_a_member_is(site):
    site.text(ALICE, "name alice")
    with db.connection_context():
        Member.update(email=ALICE_MAIL).where(Member.phone == ALICE).execute()
    visitor = site.visitor().log_in(ALICE)
    for text, word in ((f"email {MALLORY}", "email"), ("verify 123456", "verify"),
                       ("via email", "via"), ("newtoken", "newtoken"), ("name eve", "name"),
                       ("STOP", "STOP"), ("START", "START")):
        answer = visitor.post("/me/text", {"body": text}, token_from="/me")
        assert answer.status_code == 303
        page = visitor.get("/me")
        assert REFUSED.format(word=word).replace("'", "&#39;") in page.get_data(as_text=True)
    found = site.member(ALICE)
    assert (found.email, found.via, found.mail_epoch, found.handle, found.opted_out) == \
        (ALICE_MAIL, "sms", 0, "alice", False)
    with db.connection_context():
        assert not OneTimeCode.select().where(OneTimeCode.purpose == "email").exists()


def test_a_token_opens_only_the_address_it_was_made_for(phones, bridge):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")], "crew": [(BOB, "bob")]})
    with db.connection_context():
        Member.update(email=ALICE_MAIL).where(Member.phone == ALICE).execute()
    team_token = own_address(ALICE, "team").split("+")[1].split("@")[0]
    for local in ("commands", "bob", "crew", "unsubscribe"):
        send(bridge, mail(ALICE_MAIL, f"{local}+{team_token}@commons.localhost",
                          "groups" if local == "commands" else "hello"))
    phones.settle()
    with db.connection_context():
        assert [i.status for i in Inbound.select().where(Inbound.channel == "email")] == \
            ["refused"] * 4
        assert Message.select().count() == 0
    assert phones.received() == {}
    send(bridge, mail(ALICE_MAIL, own_address(ALICE, "team"), "hello team"))
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: hello team"]}


def test_newtoken_kills_every_old_token_and_mails_the_new_addresses(phones, mailbox, bridge):
    make_group(phones)
    link_by_text(phones, mailbox)
    old_team, old_commands = own_address(ALICE, "team"), own_address(ALICE, "commands")
    phones.run(f"""
    {ALICE} > newtoken
    {ALICE} < Done: your old Commons mail addresses no longer work. The new ones are in the mail we sent to a...@example.org.
    """)  # noqa: E501
    new_team, new_commands = own_address(ALICE, "team"), own_address(ALICE, "commands")
    assert new_team != old_team and new_commands != old_commands
    [listing] = mailbox.to(ALICE_MAIL)
    assert listing["Subject"] == "Your new Commons addresses"
    text = listing.get_content()
    assert f"{new_team}  posts to @team" in text and new_commands in text
    assert old_team not in text
    mailbox.reset()

    send(bridge, mail(ALICE_MAIL, old_team, "with the old address"))
    send(bridge, mail(ALICE_MAIL, old_commands, "groups"))
    phones.settle()
    assert phones.received() == {}
    assert [to for to, body in mail_rows()[-1:]] == [ALICE_MAIL]  # told why, once
    send(bridge, mail(ALICE_MAIL, new_team, "with the new one"))
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: with the new one"],
                                 CAROL: ["[@team] alice: with the new one"]}


def test_the_unsubscribe_address_can_only_stop_mail(phones, mailbox, bridge):
    make_group(phones)
    link_by_text(phones, mailbox)
    unsubscribe = own_address(ALICE, "unsubscribe")
    send(bridge, mail(ALICE_MAIL, unsubscribe, "via email", subject="via email"))
    phones.settle()
    assert account(ALICE)[1] == "sms"  # mail cannot be turned on from here
    [answer] = mailbox.to(ALICE_MAIL)
    assert answer.get_content().strip() == \
        "No posts come to you by mail, so nothing was changed."
    mailbox.reset()

    phones.run(f"""
    {ALICE} > via email
    {ALICE} < Posts now come by mail to {ALICE_MAIL}. via sms to get texts again.
    """)
    send(bridge, mail(ALICE_MAIL, unsubscribe, "via sms", subject="via sms"))
    phones.settle()
    assert account(ALICE)[1] == "sms"
    assert mailbox.to(ALICE_MAIL)[0].get_content().strip() == (
        "Done: no more posts by mail. They come by text again; text via email to get them "
        "by mail.")


def test_with_no_phone_the_unsubscribe_address_mutes_the_group_named(phones, mailbox, bridge):
    make_group(phones)
    with db.connection_context():
        dana = Member.create(handle="dana", email="dana@example.org")
        Membership.create(member=dana, group=Group.get(Group.handle == "team"))
    phones.text(ALICE, "@team first post")
    phones.settle()
    [post] = mailbox.to("dana@example.org")
    assert "subject=off%20%40team" in post["List-Unsubscribe"]
    mailbox.reset()
    send(bridge, mail("dana@example.org", own_address_of(dana, "unsubscribe"), "off @team",
                      subject="off @team"))
    phones.settle()
    [answer] = mailbox.to("dana@example.org")
    assert answer.get_content().strip() == (
        "Done: no more posts by mail. @team is muted for you; text or mail 'on @team' to hear "
        "from it again.")
    mailbox.reset()
    phones.text(ALICE, "@team second post")
    phones.settle()
    assert mailbox.to("dana@example.org") == []


LOGIN_LINK = re.compile(r"https?://\S+(/login/link/[\w-]+)")


def test_a_login_link_asked_for_by_mail_is_texted_to_the_phone_when_used(site, phones, bridge):
    phones.form({"team": [(ALICE, "alice")]})
    with db.connection_context():
        Member.update(email=ALICE_MAIL).where(Member.phone == ALICE).execute()
    send(bridge, mail(ALICE_MAIL, own_address(ALICE, "commands"), "login"))
    phones.settle()
    [(to, answer)] = mail_rows()
    link = LOGIN_LINK.search(answer)
    assert link is not None, answer
    path = link.group(1)
    assert to == ALICE_MAIL and phones.received() == {}  # a link asked for: nothing yet
    visitor = site.visitor()
    assert visitor.post(path, {}, token_from=path).status_code == 302
    phones.settle()
    assert phones.received() == {ALICE: [
        "You logged in to Commons on the web with a login link sent by mail to "
        "a...@example.org. Not you? Text email to fix it."]}
    # A link asked for by text is the phone's own doing: nothing more is texted.
    [reply] = site.text(ALICE, "login")
    link = LOGIN_LINK.search(reply)
    assert link is not None, reply
    path = link.group(1)
    assert site.visitor().post(path, {}, token_from=path).status_code == 302
    phones.settle()
    assert phones.received() == {ALICE: [reply]}  # the link itself, and nothing else
