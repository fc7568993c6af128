"""The inbound webhook on the wire: signatures, replays, MMS, encodings, first texts, STOP."""

from __future__ import annotations

import json
import threading

import pytest
import requests
from werkzeug.datastructures import MultiDict

from loopback.services import free_port
from store.db import db
from store.models import Inbound, Member, Message, Outbox
from tests.conftest import AUTH_TOKEN, make_settings
from tests.deliveries import (
    ALICE,
    BOB,
    CAROL,
    STRANGER,
    make_group,
    member,
    sent_to,
    serving,
)
from tests.phones import Phones

PATH = "/sms/twilio"


def nothing_happened(phones: Phones, sid: str) -> None:
    """Assert a refused webhook left no trace: no text kept, no member made, nothing sent."""
    phones.settle()
    with db.connection_context():
        assert not Inbound.select().where(Inbound.provider_id == sid).exists()
        assert Member.select().count() == 0
        assert Outbox.select().count() == 0
    assert phones.api.messages() == []


def test_a_signed_text_is_answered_with_empty_twiml(phones):
    response = phones.text(STRANGER, "help")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    assert "<Response />" in response.text or "<Response/>" in response.text
    assert "<Message" not in response.text


@pytest.mark.parametrize("signature", ["", "not-a-signature"], ids=["missing", "wrong"])
def test_an_unsigned_or_wrongly_signed_text_is_refused_and_changes_nothing(phones, signature):
    params = phones.webhook_params(STRANGER, "help")
    response = phones.post(PATH, params, signature=signature)
    assert response.status_code == 403
    nothing_happened(phones, params["MessageSid"])


def test_a_signature_over_other_parameters_is_refused(phones):
    params = phones.webhook_params(STRANGER, "help")
    signature = phones.sign(PATH, {**params, "Body": "join @team"})
    response = phones.post(PATH, params, signature=signature)
    assert response.status_code == 403
    nothing_happened(phones, params["MessageSid"])


def test_every_value_of_a_repeated_parameter_is_signed(phones):
    fields = [*phones.webhook_params(STRANGER, "help").items(), ("Extra", "1"), ("Extra", "2")]
    signature = phones.sign(PATH, MultiDict(fields))
    head = {"X-Twilio-Signature": signature}
    assert phones.session.post(phones.url + PATH, data=fields, headers=head).status_code == 200
    # Signed over the first value only: what a check that dropped repeated values would accept.
    fields = [*phones.webhook_params(STRANGER, "help").items(), ("Extra", "1"), ("Extra", "2")]
    first_only = phones.sign(PATH, {**dict(fields), "Extra": "1"})
    head = {"X-Twilio-Signature": first_only}
    assert phones.session.post(phones.url + PATH, data=fields, headers=head).status_code == 403


def test_behind_a_proxy_the_public_url_is_what_is_signed(phones, database_url, redis_url,
                                                        twilio_api):
    port = free_port()
    public = "https://sms.example.org"
    settings = make_settings(database_url, redis_url, twilio_api, port, PUBLIC_URL=public)
    with serving(settings) as server:
        proxied = Phones(server.url, AUTH_TOKEN, twilio_api, public_url=public)
        local = Phones(server.url, AUTH_TOKEN, twilio_api)
        assert proxied.text(STRANGER, "help").status_code == 200
        refused = local.webhook_params(STRANGER, "help")
        assert local.post(PATH, refused).status_code == 403
        # The query string is part of the signed URL.
        query = proxied.webhook_params(STRANGER, "help")
        assert proxied.post(PATH + "?via=proxy", query).status_code == 200
        moved = proxied.webhook_params(STRANGER, "help")
        signature = proxied.sign(PATH, moved)
        assert proxied.post(PATH + "?via=proxy", moved, signature=signature).status_code == 403
        phones.settle()
    with db.connection_context():
        kept = {row.provider_id for row in Inbound.select()}
    assert refused["MessageSid"] not in kept and moved["MessageSid"] not in kept
    assert query["MessageSid"] in kept and len(kept) == 2
    assert len(sent_to(twilio_api, STRANGER)) == 2


def test_without_an_auth_token_every_text_is_refused(phones, database_url, redis_url, twilio_api):
    port = free_port()
    settings = make_settings(database_url, redis_url, twilio_api, port, TWILIO_AUTH_TOKEN="")
    with serving(settings) as server:
        unkeyed = Phones(server.url, "", twilio_api)
        params = unkeyed.webhook_params(STRANGER, "help")
        assert unkeyed.post(PATH, params).status_code == 403  # "signed" with the empty token
        assert unkeyed.post(PATH, params, signature="").status_code == 403
    nothing_happened(phones, params["MessageSid"])


def test_a_replayed_message_sid_is_handled_once(phones):
    params = phones.webhook_params(STRANGER, "help")
    for _ in range(2):
        assert phones.post(PATH, params).status_code == 200
    phones.settle()
    with db.connection_context():
        assert Inbound.select().where(Inbound.provider_id == params["MessageSid"]).count() == 1
    assert len(sent_to(phones.api, STRANGER)) == 1


def test_the_same_message_sid_at_the_same_moment_is_handled_once(phones):
    params = phones.webhook_params(STRANGER, "help")
    headers = {"X-Twilio-Signature": phones.sign(PATH, params)}
    start = threading.Barrier(8)
    answers: list[int] = []

    def deliver() -> None:
        start.wait()
        answers.append(requests.post(phones.url + PATH, data=params, headers=headers,
                                     timeout=30).status_code)

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * 8
    phones.settle()
    with db.connection_context():
        assert Inbound.select().where(Inbound.provider_id == params["MessageSid"]).count() == 1
        assert Member.select().where(Member.phone == STRANGER).count() == 1
    assert len(sent_to(phones.api, STRANGER)) == 1


def test_an_mms_keeps_its_media_and_posts_its_text(phones):
    make_group(phones)
    media = [("https://api.twilio.com/media/ME1", "image/jpeg"),
             ("https://api.twilio.com/media/ME2", "video/mp4")]
    params = phones.webhook_params(ALICE, "@team look at this", media=media)
    assert params["NumMedia"] == "2"
    assert phones.post(PATH, params).status_code == 200
    phones.settle()
    with db.connection_context():
        row = Inbound.get(Inbound.provider_id == params["MessageSid"])
    assert row.status == "handled"
    assert json.loads(row.media) == [{"url": url, "type": kind} for url, kind in media]
    assert phones.received() == {BOB: ["[@team] alice: look at this (photo, video)"],
                                 CAROL: ["[@team] alice: look at this (photo, video)"]}


def test_an_mms_with_no_text_is_kept_and_posts_a_note_of_the_photo(phones):
    make_group(phones)
    params = phones.webhook_params(ALICE, "", media=[("https://api.twilio.com/m/ME3",
                                                      "image/png")])
    assert phones.post(PATH, params).status_code == 200
    phones.settle()
    with db.connection_context():
        row = Inbound.get(Inbound.provider_id == params["MessageSid"])
    assert row.status == "handled", row.error
    assert json.loads(row.media)[0]["url"] == "https://api.twilio.com/m/ME3"
    assert sent_to(phones.api, BOB)[-1] == "[@team] alice: (photo)"


def test_accents_and_emoji_reach_members_intact(phones):
    make_group(phones)
    text = "Café olé, ¿qué tal? 🎉👍🏽 日本語"
    phones.text(ALICE, f"@team {text}")
    phones.settle()
    got = phones.received()
    assert got == {BOB: [f"[@team] alice: {text}"], CAROL: [f"[@team] alice: {text}"]}
    assert got[BOB][0].encode() == f"[@team] alice: {text}".encode()


def test_a_strangers_first_text_is_welcomed_and_makes_one_member(phones):
    phones.text(STRANGER, "hello?")
    phones.settle()
    replies = sent_to(phones.api, STRANGER)
    assert len(replies) == 1 and replies[0].startswith("Welcome to Commons!")
    with db.connection_context():
        assert [m.phone for m in Member.select()] == [STRANGER]
    phones.text(STRANGER, "hello again")
    phones.settle()
    with db.connection_context():
        assert Member.select().count() == 1
    assert not sent_to(phones.api, STRANGER)[-1].startswith("Welcome")


def test_a_near_miss_posts_nothing_and_suggests_the_command(phones):
    make_group(phones)
    phones.text(ALICE, "jion @team")
    phones.settle()
    assert phones.received() == {ALICE: ["Did you mean: join @team ?"]}
    with db.connection_context():
        assert Message.select().count() == 0


@pytest.mark.parametrize("stop", ["STOP", "stop.", "Stop!", "sToP"])
def test_stop_silences_a_member_until_start(phones, stop):
    make_group(phones)
    phones.text(BOB, stop)
    phones.settle()
    assert phones.received() == {}
    assert member(BOB).opted_out
    phones.text(ALICE, "@team while bob is away")
    phones.settle()
    assert phones.received() == {CAROL: ["[@team] alice: while bob is away"]}
    phones.text(BOB, "START")
    phones.settle()
    assert phones.received() == {}  # Twilio has confirmed START: no second confirmation
    assert not member(BOB).opted_out
    phones.text(ALICE, "@team bob is back")
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: bob is back"],
                                 CAROL: ["[@team] alice: bob is back"]}


def test_stop_inside_a_sentence_opts_nobody_out(phones):
    make_group(phones)
    phones.text(BOB, "STOP PLEASE")  # no opt-out (carriers agree), and no post: told how
    phones.settle()
    assert phones.received() == {
        BOB: ["To stop every text from Commons, text STOP alone (START brings them back). To "
              "leave one group: leave @group; to quiet it: off @group."]}
    phones.text(CAROL, "Stop the story")  # a sentence: chat
    phones.settle()
    assert phones.received() == {ALICE: ["[@team] a member: Stop the story"],
                                 BOB: ["[@team] a member: Stop the story"]}
    assert not member(BOB).opted_out and not member(CAROL).opted_out


def test_healthz_reports_database_and_redis(phones):
    response = requests.get(phones.url + "/healthz", timeout=10)
    assert response.status_code == 200
    assert response.json()["database"] == "ok" and response.json()["redis"] == "ok"
