"""The delivery engine against the provider: permanent errors, retries, callbacks, fan-out."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from loopback.crowds import OWNER, accepted, crowd
from store import outbox
from store.db import db
from store.models import DeliveryEvent, Group, Member, Message, Outbox, utcnow
from store.outbox import route
from tests.deliveries import (
    ALICE,
    BOB,
    CAROL,
    DAN,
    ERIN,
    STRANGER,
    make_group,
    member,
    requests_to,
    rows_to,
    sent_to,
    wait_until,
)
from workers.delivery import RetryLater, deliver
from workers.fanout import CHUNK, body_of, recipients
from workers.queues import POSTS, queue
from workers.runtime import Runtime, serving
from workers.sweeper import MAX_LOOKUPS, sweep

pytestmark = pytest.mark.full_stack

STATUS_PATH = "/sms/twilio/status"
# The faults' clock, in fractions of a second rather than the deployed 10 s and 30 s: a send
# gives up waiting for its answer after SEND_TIMEOUT; one left unanswered is looked up at the
# provider after STALE.
SEND_TIMEOUT = 0.5
STALE = 2.5


def post_and_settle(phones, text: str, author: str = ALICE) -> Message:
    """Post `text` to @team and wait until every delivery it caused is finished."""
    phones.text(author, f"@team {text}")
    phones.settle()
    with db.connection_context():
        return Message.get(Message.body == text)


def row_for(message: Message, number: str) -> Outbox | None:
    """Return the delivery of `message` to `number`, if fan-out wrote one."""
    with db.connection_context():
        return Outbox.get_or_none(Outbox.message == message.id, Outbox.to == number)


def test_21610_on_send_opts_the_member_out(phones, twilio_api):
    since = make_group(phones)
    twilio_api.fail_number(CAROL, 21610)
    first = post_and_settle(phones, "first")
    row = row_for(first, CAROL)
    assert row is not None and (row.status, row.error_code) == ("failed", 21610)
    assert member(CAROL).opted_out
    second = post_and_settle(phones, "second")
    assert row_for(second, CAROL) is None
    assert sent_to(twilio_api, BOB, since) == ["[@team] alice: first", "[@team] alice: second"]
    assert len(requests_to(twilio_api, CAROL, since)) == 1


def test_21211_on_send_marks_the_number_invalid_and_is_not_retried(phones, twilio_api):
    # A scripted answer, not fail_number(): the fake cannot word 21211 without a `to`.
    twilio_api.script({"status": 400, "code": 21211, "message": "not a valid phone number"})
    phones.text(STRANGER, "help")
    phones.settle()
    [row] = rows_to(STRANGER)
    assert (row.status, row.error_code, row.attempts) == ("failed", 21211, 1)
    assert member(STRANGER).phone_invalid
    phones.text(STRANGER, "help")  # time for a retry, were there one; and nothing new is sent
    phones.settle()
    assert [(r.status, r.attempts) for r in rows_to(STRANGER)] == [("failed", 1)]
    assert len(requests_to(twilio_api, STRANGER)) == 1


def test_21610_in_a_status_callback_opts_the_member_out(phones, twilio_api):
    since = make_group(phones)
    message = post_and_settle(phones, "hello")
    row = row_for(message, BOB)
    assert row is not None and row.status == "sent" and row.provider_sid
    outcome = twilio_api.callback(row.provider_sid, "undelivered", error_code=21610)
    assert "?row=" in outcome["url"] and 200 <= outcome["status"] < 300
    row = row_for(message, BOB)
    assert row is not None and (row.status, row.error_code) == ("undelivered", 21610)
    assert member(BOB).opted_out
    later = post_and_settle(phones, "later")
    assert row_for(later, BOB) is None
    assert sent_to(twilio_api, CAROL, since)[-1] == "[@team] alice: later"
    assert sent_to(twilio_api, BOB, since) == ["[@team] alice: hello"]


@pytest.mark.parametrize("fault", [
    {"status": 500},
    {"status": 429, "code": 20429},
], ids=["500", "429"])
# The retry is its job's own: no sweep comes in the test's time to send a row its job missed.
@pytest.mark.settings(SWEEP_SECONDS=60, SCHEDULER_SECONDS=0.2)
def test_a_transient_failure_is_retried_and_sent_once(phones, twilio_api, fault):
    twilio_api.script(fault)
    phones.text(STRANGER, "help")
    wait_until(lambda: [r for r in rows_to(STRANGER) if r.status == "sent"], what="the retry")
    phones.settle()
    [row] = rows_to(STRANGER)
    assert (row.status, row.attempts) == ("sent", 2)
    seen = requests_to(twilio_api, STRANGER)
    assert len(seen) == 2
    assert [bool(r["sid"]) for r in seen] == [False, True]
    assert seen[1]["sid"] == row.provider_sid


def test_a_text_that_failed_for_now_waits_the_first_retry_wait(phones, twilio_api, deployment):
    since = make_group(phones)
    with db.connection_context():
        row = outbox.write(member(BOB), "[@team] alice: are you in?", kind="post")
    assert row is not None
    settings, _, _ = deployment
    twilio_api.script({"status": 500})
    before = utcnow()
    runtime = Runtime(dataclasses.replace(settings, RETRY_SECONDS="30,60"))
    with serving(runtime):  # the job, run here as a worker runs it
        with pytest.raises(RetryLater):  # RQ's retry of the job comes after the row's wait
            deliver([row.id])
        deliver([row.id])  # a job at once sends nothing: the row is not due
    runtime.close()
    with db.connection_context():
        row = Outbox.get_by_id(row.id)
    assert (row.status, row.attempts) == ("queued", 1)
    assert before + timedelta(seconds=30) <= row.next_attempt_at <= utcnow() + timedelta(seconds=30)
    assert len(requests_to(twilio_api, BOB, since)) == 1


@pytest.mark.settings(SENDING_STALE_SECONDS=STALE)
def test_a_dropped_connection_is_asked_about_then_sent_once(phones, twilio_api):
    # The request went out and the connection dropped: the provider may have the text. The
    # sweeper asks the provider, finds nothing, and only then sends it again.
    twilio_api.script({"disconnect": True})
    phones.text(STRANGER, "help")
    wait_until(lambda: [r for r in rows_to(STRANGER) if r.status == "sent"], timeout=90,
               what="the lookup and the resend")
    [row] = rows_to(STRANGER)
    seen = requests_to(twilio_api, STRANGER)
    assert [bool(r["sid"]) for r in seen] == [False, True]
    assert seen[1]["sid"] == row.provider_sid


@pytest.mark.settings(SEND_TIMEOUT_SECONDS=SEND_TIMEOUT, SENDING_STALE_SECONDS=STALE)
def test_a_lost_answer_is_found_at_the_provider_not_sent_again(phones, twilio_api):
    # No status callback comes (none configured for this text); the provider took it after the
    # client gave up, and before the sweeper's look-up, which finds it and records its id.
    twilio_api.hang(SEND_TIMEOUT + 1)
    phones.text(STRANGER, "help")
    wait_until(lambda: [r for r in rows_to(STRANGER) if r.provider_sid], timeout=90,
               what="the lookup to find the text")
    [row] = rows_to(STRANGER)
    seen = requests_to(twilio_api, STRANGER)
    assert len(seen) == 1 and seen[0]["sid"] == row.provider_sid
    assert row.status == "sent"


def test_status_callbacks_repeated_and_out_of_order_never_move_a_row_back(phones, twilio_api):
    phones.text(STRANGER, "help")
    phones.settle()
    [row] = rows_to(STRANGER)
    sid = row.provider_sid
    answers = [twilio_api.callback(sid, status)["status"]
               for status in ("delivered", "sent", "delivered")]
    assert all(200 <= answer < 300 for answer in answers)
    [row] = rows_to(STRANGER)
    assert row.status == "delivered"
    with db.connection_context():
        events = sorted((e.sid, e.status) for e in DeliveryEvent.select())
    assert events == [(sid, "delivered"), (sid, "sent")]
    forged = {"MessageSid": sid, "SmsSid": sid, "MessageStatus": "failed", "ErrorCode": "21610",
              "AccountSid": twilio_api.account_sid, "To": STRANGER}
    response = phones.post(f"{STATUS_PATH}?row={row.id}", forged, signature="forged")
    assert response.status_code == 403
    [row] = rows_to(STRANGER)
    assert (row.status, row.error_code) == ("delivered", None)
    assert not member(STRANGER).opted_out
    with db.connection_context():
        assert DeliveryEvent.select().count() == 2


def test_a_group_post_reaches_each_member_once(phones, twilio_api):
    since = make_group(phones, members=(BOB, CAROL, DAN, ERIN))
    message = post_and_settle(phones, "all hands")
    for number in (BOB, CAROL, DAN, ERIN):
        assert sent_to(twilio_api, number, since) == ["[@team] alice: all hands"]
    assert sent_to(twilio_api, ALICE, since) == []
    with db.connection_context():
        rows = list(Outbox.select().where(Outbox.message == message.id))
    assert sorted(row.to for row in rows) == sorted((BOB, CAROL, DAN, ERIN))
    assert {row.status for row in rows} == {"sent"}
    assert {row.kind for row in rows} == {"post"}


@pytest.mark.settings(SEND_TIMEOUT_SECONDS=SEND_TIMEOUT, SENDING_STALE_SECONDS=STALE)
def test_a_provider_answer_slower_than_the_send_timeout_is_not_sent_twice(phones, twilio_api):
    twilio_api.auto_callbacks("sent", "delivered")  # how the row learns the text did go out
    # Past the channel's timeout, twice over; the provider then takes the text.
    twilio_api.hang(SEND_TIMEOUT * 3)
    phones.text(STRANGER, "help")
    wait_until(lambda: any(r["sid"] and r["hung"] for r in requests_to(twilio_api, STRANGER)),
               timeout=40, what="the provider to take the hung text")
    phones.settle(30)
    assert len(sent_to(twilio_api, STRANGER)) == 1


@pytest.mark.settings(SENDING_STALE_SECONDS=STALE)
def test_an_earlier_text_with_the_same_words_is_not_taken_for_a_lost_one(phones, twilio_api):
    # Two identical replies; the second's connection drops before the provider takes it. The
    # look-up finds the first one's id, which is already on a row: the second is sent again.
    phones.text(STRANGER, "help")
    phones.settle()
    twilio_api.script({"disconnect": True})
    phones.text(STRANGER, "help")
    wait_until(lambda: len([r for r in rows_to(STRANGER) if r.status == "sent"]) == 2,
               timeout=90, what="the second reply to be sent")
    rows = rows_to(STRANGER)
    assert len({r.provider_sid for r in rows}) == 2
    assert [bool(r["sid"]) for r in requests_to(twilio_api, STRANGER)] == [True, False, True]


def test_texts_queued_before_a_stop_are_not_sent(phones, twilio_api, deployment):
    # A text for bob waits in the outbox (a paced backlog, a retry); bob opts out meanwhile.
    make_group(phones)
    with db.connection_context():
        bob = member(BOB)
        row = outbox.write(bob, "[@team] alice: are you in?", kind="post")
        Member.update(opted_out=True).where(Member.id == bob.id).execute()
    assert row is not None
    settings, _, _ = deployment
    with serving(Runtime(settings)):  # the job, run here as a worker runs it
        deliver([row.id])
    with db.connection_context():
        row = Outbox.get_by_id(row.id)
    assert row.status == "failed" and "no longer receive" in (row.error or "")
    assert "[@team] alice: are you in?" not in sent_to(twilio_api, BOB)


def test_fan_out_routes_each_recipient_as_their_whole_row_would(phones):
    numbers = crowd(4, handle="mixed")
    changes: list[dict[str, Any]] = [
        {"email": "b@example.org", "via": "email"}, {"email": "c@example.org"},
        {"opted_out": True}, {"phone_invalid": True, "email": "d@example.org"}]
    with db.connection_context():
        for number, change in zip(numbers, changes, strict=True):
            Member.update(**change).where(Member.phone == number).execute()
        owner = Member.get(Member.handle == "alice")
        message = Message.create(author=owner, group=Group.get(Group.owner == owner), body="hi")
        found = {m.id: route(m) for m in recipients(message)}
        whole = {m.id: route(m) for m in Member.select().where(Member.id.in_(list(found)))}
    assert found == whole and len(found) == 4
    assert sorted(filter(None, found.values())) == [
        ("email", "b@example.org"), ("email", "d@example.org"), ("sms", numbers[1])]


def test_a_fan_out_cut_short_after_its_first_chunk_is_finished_each_member_once(phones,
                                                                                  twilio_api):
    numbers = crowd(CHUNK + 150, handle="big")
    with db.connection_context(), db.atomic():
        owner = Member.get(Member.phone == OWNER)
        message = Message.create(author=owner, group=Group.get(Group.handle == "big"),
                                 body="half way there")
        # What a worker killed after its first chunk leaves: those rows, and the post not yet
        # marked fanned out. The running worker's sweeper must finish it.
        outbox.write_many(message, ((m, body_of(message)) for m in recipients(message)[:CHUNK]))
    phones.settle()
    sent = accepted(twilio_api)
    assert set(sent) == set(numbers) and set(sent.values()) == {1}
    assert twilio_api.messages()[0]["body"] == "[@big] alice: half way there"


def test_more_unanswered_sends_than_one_sweep_looks_up_are_settled_without_a_wait(crew):
    # What a host lost with many sends out leaves: rows "sending" under its dead claim, long
    # unanswered, that the provider took. Each is looked up and takes the provider's id; past
    # the sweep's MAX_LOOKUPS, the next sweep comes at once, not a whole SWEEP_SECONDS later.
    phones, workers = crew
    crowd(MAX_LOOKUPS + 10)
    with db.connection_context(), db.atomic():
        message = Message.create(author=member(OWNER), group=Group.get(Group.handle == "crowd"),
                                 body="still there?", fanned_out=True)
        outbox.write_many(message, ((m, body_of(message)) for m in recipients(message)))
        rows = Outbox.select().where(Outbox.message == message.id)
        (Outbox.update(status="sending", claim="lost-host:1:0123456789ab", attempts=1,
                       updated_at=utcnow() - timedelta(hours=1))
         .where(Outbox.message == message.id).execute())
        out = [(row.to, row.body) for row in rows]
    client = phones.api.client()
    taken = {client.messages.create(to=to, from_=workers.settings.TWILIO_FROM, body=body).sid
             for to, body in out}
    workers.start(SWEEP_SECONDS=600.0)  # a sweep as it starts, then none in the test's time
    wait_until(lambda: not rows.where(Outbox.status == "sending").exists(),
               what="every send looked up")
    with db.connection_context():
        assert {row.provider_sid for row in rows.where(Outbox.status == "sent")} == taken
    assert len(phones.api.messages()) == len(taken)  # none sent again


def test_a_post_waiting_its_turn_is_fanned_out_once_not_queued_again_each_sweep(crew):
    phones, workers = crew
    worker = workers.start()
    make_group(phones)
    worker.kill()  # nobody takes the post's job: it waits its turn, as behind a backlog
    phones.text(ALICE, "@team picnic on sunday")
    runtime = Runtime(workers.settings)
    redis = runtime.redis()
    with db.connection_context():
        created = Message.get().created_at
    wait_until(lambda: utcnow() > created + timedelta(seconds=workers.settings.SWEEP_SECONDS),
               what="the post to be as old as the sweeper's wait")
    for _ in range(3):
        sweep(runtime)
    assert queue(redis, POSTS).count == 1  # its own job, and no other
    workers.start()
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: picnic on sunday"],
                                 CAROL: ["[@team] alice: picnic on sunday"]}
    runtime.close()
