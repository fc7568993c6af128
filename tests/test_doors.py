"""Every door takes bad input calmly: controls stripped, bad senders refused, sizes bounded.

Through the signed webhook, the real SMTP bridge and Mailgun's route of the running deployment:
a NUL is stripped and the rest kept whole, a sender that is no textable number is kept as a
refused text with no member and no reply, and nothing answers 500.
"""

from __future__ import annotations

import json
import uuid

import pytest

from parsers.intake import MAX_BODY, MAX_MEDIA
from store.db import db
from store.models import Inbound, Member, Message, Outbox
from tests.conftest import MAILGUN_KEY
from tests.deliveries import ALICE, BOB, make_group, rows_to
from tests.mailboxes import DOMAIN, link, mail, mailgun_form, post_mailgun, send
from tests.phones import Phones

PATH, STATUS_PATH = "/sms/twilio", "/sms/twilio/status"
EMPTY_TWIML = ("<Response />", "<Response/>")
CUT = f"Your text was too long: only its first {MAX_BODY} characters were read."
ALICE_MAIL = "alice@example.com"


def inbound(sid: str) -> Inbound:
    with db.connection_context():
        return Inbound.get(Inbound.provider_id == sid)


def posts() -> list[str]:
    with db.connection_context():
        return [m.body for m in Message.select().order_by(Message.id)]


def test_a_nul_and_other_controls_in_a_body_are_stripped_and_the_rest_posted(phones):
    make_group(phones)
    sid = "SM" + uuid.uuid4().hex
    response = phones.text(ALICE, "@team hello\x00world\x07, tab\there\x1b and\r\nnext line",
                           sid=sid)
    assert any(empty in response.text for empty in EMPTY_TWIML)
    phones.settle()
    kept = "helloworld, tab\there and\nnext line"
    assert inbound(sid).body == f"@team {kept}" and inbound(sid).status == "handled"
    assert posts() == [kept]
    texted = f"[@team] alice: {kept}".replace("\t", " ").replace("\n", " | ")  # GSM-7 has no tab
    assert phones.received()[BOB] == [texted]


def test_a_nul_in_the_sender_is_stripped_and_the_number_read(phones):
    phones.run(f"""
    +1415555\x000101 > name alice
    {ALICE} < You are now @alice.
    """)
    with db.connection_context():
        assert [m.phone for m in Member.select()] == [ALICE]


def test_a_nul_in_the_sid_or_a_status_callback_is_no_500(phones):
    sid = "SM" + uuid.uuid4().hex
    phones.text(ALICE, "help", sid=sid[:10] + "\x00" + sid[10:])
    phones.settle()
    assert inbound(sid).body == "help"
    row = rows_to(ALICE)[0]
    late = {"MessageSid": "SM\x00" + uuid.uuid4().hex, "MessageStatus": "delivered",
            "ErrorCode": "\x00", "AccountSid": phones.api.account_sid}
    assert phones.post(f"{STATUS_PATH}?row={row.id}%00", late).status_code == 204


BAD_SENDERS = {
    "a word": "VERIFY",
    "a short code": "12345",
    "markup": "<script>",
    "a space": " ",
    "5,000 digits": "1" * 5000,
    "whatsapp": "whatsapp:" + ALICE,
}


@pytest.mark.parametrize("sender", BAD_SENDERS.values(), ids=BAD_SENDERS.keys())
def test_a_sender_that_is_no_textable_number_is_kept_refused_and_never_answered(phones, sender):
    sid = "SM" + uuid.uuid4().hex
    response = phones.text(sender, "join @team", sid=sid)
    assert any(empty in response.text for empty in EMPTY_TWIML)
    phones.settle()
    kept = inbound(sid)
    assert (kept.status, kept.member_id, kept.body) == ("refused", None, "join @team")
    assert kept.sender == sender.replace("\x00", "")[:255]
    with db.connection_context():
        assert Member.select().count() == 0 and Outbox.select().count() == 0
    assert phones.api.messages() == []


def test_whatsapp_is_not_the_same_member_as_the_number(phones):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    whatsapp:{ALICE} > name mallory
    """)
    with db.connection_context():
        assert [(m.phone, m.handle) for m in Member.select()] == [(ALICE, "alice")]
        refused = Inbound.get(Inbound.sender == f"whatsapp:{ALICE}")
        assert (refused.status, refused.member_id) == ("refused", None)


@pytest.mark.parametrize("params", [
    {"From": ""}, {"From": "\x00"}, {"MessageSid": "SM" + "0" * 300}, {"MessageSid": ""},
], ids=["no sender", "a nul for a sender", "a sid too long", "no sid"])
def test_a_malformed_request_is_a_4xx_and_changes_nothing(phones, params):
    fields = {**phones.webhook_params(ALICE, "name alice"), **params}
    response = phones.post(PATH, fields)
    assert response.status_code == 400
    phones.settle()
    with db.connection_context():
        assert Inbound.select().count() == 0 and Member.select().count() == 0
    assert phones.api.messages() == []


def test_a_5000_character_text_is_cut_to_1600_and_the_sender_told_once(phones):
    make_group(phones)
    sid = "SM" + uuid.uuid4().hex
    words = "word " * 1000
    phones.text(ALICE, f"bio {words}", sid=sid)
    phones.settle()
    assert len(inbound(sid).body) == MAX_BODY
    assert inbound(sid).body == f"bio {words}"[:MAX_BODY]
    got = phones.received()
    assert list(got) == [ALICE] and got[ALICE][-1] == CUT and got[ALICE].count(CUT) == 1
    # A text within the limit hears nothing about sizes.
    phones.text(ALICE, "@team " + "x" * (MAX_BODY - 100))
    phones.settle()
    assert CUT not in phones.received().get(ALICE, [])


def test_50_media_are_kept_as_the_first_10(phones):
    make_group(phones)
    sid = "SM" + uuid.uuid4().hex
    media = [(f"https://api.twilio.com/media/{n}", "image/jpeg") for n in range(50)]
    params = phones.webhook_params(ALICE, "@team look", sid=sid, media=media)
    assert phones.post(PATH, params).status_code == 200
    params = phones.webhook_params(ALICE, "@team again", media=media[:1])
    params["NumMedia"] = "9" * 40  # no count of this size becomes an integer anywhere
    assert phones.post(PATH, params).status_code == 200
    phones.settle()
    kept = json.loads(inbound(sid).media)
    assert len(kept) == MAX_MEDIA and kept[0]["url"].endswith("/media/0")
    assert [body.startswith("look") for body in posts()] == [True, False]


def test_a_late_callback_for_an_earlier_attempt_moves_no_row_and_opts_nobody_out(phones):
    phones.text(ALICE, "help")
    phones.settle()
    [row] = rows_to(ALICE)
    assert row.status == "sent" and row.provider_sid
    earlier = {"MessageSid": "SM" + uuid.uuid4().hex, "MessageStatus": "undelivered",
               "ErrorCode": "21610", "AccountSid": phones.api.account_sid, "To": ALICE}
    assert phones.post(f"{STATUS_PATH}?row={row.id}", earlier).status_code == 204
    [after] = rows_to(ALICE)
    assert (after.status, after.provider_sid, after.error_code) == ("sent", row.provider_sid, None)
    with db.connection_context():
        assert not Member.get(Member.phone == ALICE).opted_out
    # The callback of the row's own send still settles it.
    own = {**earlier, "MessageSid": row.provider_sid, "MessageStatus": "delivered",
           "ErrorCode": ""}
    assert phones.post(f"{STATUS_PATH}?row={row.id}", own).status_code == 204
    assert rows_to(ALICE)[0].status == "delivered"


def test_a_callback_naming_a_row_with_no_sid_yet_settles_it(phones):
    phones.text(ALICE, "help")
    phones.settle()
    with db.connection_context():
        member = Member.get(Member.phone == ALICE)
        row = Outbox.create(member=member, to=ALICE, body="caught mid-send", status="sending")
    sid = "SM" + uuid.uuid4().hex
    callback = {"MessageSid": sid, "MessageStatus": "delivered", "ErrorCode": "",
                "AccountSid": phones.api.account_sid, "To": ALICE}
    assert phones.post(f"{STATUS_PATH}?row={row.id}", callback).status_code == 204
    with db.connection_context():
        row = Outbox.get_by_id(row.id)
    assert (row.status, row.provider_sid) == ("delivered", sid)


@pytest.fixture
def linked(phones, bridge):
    """@team of alice and bob; alice has linked her address. Returns her addresses."""
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    return link(ALICE, ALICE_MAIL)


def test_a_nul_in_mail_through_the_smtp_bridge_is_stripped(phones, bridge, linked):
    send(bridge, mail(ALICE_MAIL, linked.to("team"), "hello\x00world from mail"))
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: helloworld from mail"]}


def test_a_nul_in_mail_through_mailgun_is_stripped(phones, deployment, linked):
    _, server, _ = deployment
    form = mailgun_form(MAILGUN_KEY, linked.to("team"), ALICE_MAIL,
                        "hello\x00world by mailgun")
    assert post_mailgun(server.url, form).status_code == 200
    odd_address = f"te\x00am+{linked.token('team')}@{DOMAIN}"
    odd = mailgun_form(MAILGUN_KEY, odd_address, "alice\x00@example.com",
                       "a nul in the addresses")
    assert post_mailgun(server.url, odd).status_code in (200, 406)
    phones.settle()
    got = phones.received()
    assert got[BOB][0] == "[@team] alice: helloworld by mailgun"


def test_the_web_answers_a_nul_in_a_path_or_query_without_an_error(phones: Phones, deployment):
    make_group(phones)
    _, server, _ = deployment
    session = phones.session
    assert session.get(server.url + "/@te%00am").status_code == 200
    assert "Launch crew" in session.get(server.url + "/@te%00am").text
    for path in ("/tags/la%00unch", "/tags/launch/feed.atom?x=%00", "/board?needs_before=%00",
                 "/@team?before=1%001", "/me?q=a%00b", "/@te%00am/feed.atom", "/login?next=%00"):
        assert session.get(server.url + path).status_code < 500, path
