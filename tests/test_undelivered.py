"""Carriers' error codes become consequences: unreachable members, mail instead, paused senders.

The loopback Twilio API takes each text and then reports it as a carrier would, through the
signed status callback: `sent`, then `undelivered` with the carrier's code.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cli.main import commons
from handlers.pauses import BURST
from handlers.undelivered import UNREACHABLE_AFTER
from loopback.crowds import OWNER, crowd
from store.carrier import DeliveryFailure
from store.db import db
from store.models import Member, Outbox
from tests.conftest import FROM
from tests.deliveries import ALICE, BOB, CAROL, make_group, member, requests_to, wait_until
from tests.webapp import _site, _twilio_site_app  # noqa: F401 - fixtures
from workers.pacing import HELD_NOTE

BOB_MAIL = "bob@example.org"
GONE = ("@bob in @team can't get texts: 3 in a row failed (unknown number). Nothing reaches "
        "them until they text in.")


def failures(number: str) -> int:
    """Count the failed texts kept for the member with `number`."""
    return (DeliveryFailure.select().join(Member, on=DeliveryFailure.member == Member.id)
            .where(Member.phone == number).count())


def post(phones, text: str, fails_for: str | None = None, count: int = 0) -> None:
    """Post `text` to @team as alice; wait for the carrier's word on `fails_for`'s text."""
    phones.text(ALICE, f"@team {text}")
    phones.settle()
    if fails_for:
        wait_until(lambda: failures(fails_for) >= count, what="the failure callback")
    phones.settle()  # what the callback queued (a mail, a notice) goes out too


def answered(api, status: str) -> int:
    """Count the status callbacks reporting `status` that the app has answered."""
    return sum(1 for c in api.callbacks()
               if c["params"]["MessageStatus"] == status and c["status"] is not None)


def named_team(phones) -> None:
    make_group(phones)
    phones.run(f"""
    {BOB} > name bob
    {BOB} < You are now @bob.
    """)


def test_three_texts_in_a_row_a_carrier_cannot_deliver_make_a_member_unreachable(phones, site):
    named_team(phones)
    phones.api.deliver_to(BOB, "sent", "undelivered", code=30005)
    for n in range(1, UNREACHABLE_AFTER + 1):
        post(phones, f"news {n}", BOB, n)
    assert member(BOB).unreachable_at is not None
    news = [f"[@team] alice: news {n}" for n in (1, 2, 3)]
    assert phones.received() == {BOB: news, CAROL: news, ALICE: [GONE]}  # the owner, once
    phones.run(f"""
    {ALICE} > who @team
    {ALICE} < @team (3 members): @alice @bob (unreachable) a member
    {CAROL} > who @team
    {CAROL} < @team (3 members): @alice @bob a member
    {ALICE} > @team news 4
    {CAROL} < [@team] alice: news 4
    """)
    owner, other = site.visitor().log_in(ALICE), site.visitor().log_in(CAROL)
    assert "unreachable" in owner.get("/@team").get_data(as_text=True)
    assert "unreachable" not in other.get("/@team").get_data(as_text=True)
    phones.settle()
    phones.received()  # the login codes
    phones.api.deliver_to(BOB)  # the phone works again, and its owner texts
    phones.run(f"""
    {BOB} > @team sorry, phone was dead
    {ALICE} < [@team] bob: sorry, phone was dead
    {CAROL} < [@team] bob: sorry, phone was dead
    {ALICE} > @team welcome back
    {BOB} < [@team] alice: welcome back
    {CAROL} < [@team] alice: welcome back
    """)
    assert member(BOB).unreachable_at is None


def test_a_delivered_text_starts_the_count_again(phones):
    named_team(phones)
    phones.api.deliver_to(BOB, "sent", "undelivered", code=30003)
    post(phones, "one", BOB, 1)
    post(phones, "two", BOB, 2)
    phones.api.deliver_to(BOB, "sent", "delivered")
    post(phones, "three")
    wait_until(lambda: member(BOB).failed_texts == 0, what="the delivery to count")
    phones.api.deliver_to(BOB, "sent", "undelivered", code=30003)
    post(phones, "four", BOB, 3)
    post(phones, "five", BOB, 4)
    assert member(BOB).unreachable_at is None and member(BOB).failed_texts == 2
    assert ALICE not in phones.received()  # nobody was told anything


def test_a_number_that_cannot_take_texts_tells_the_owner_at_once(phones):
    named_team(phones)
    phones.api.fail_number(BOB, 21614)
    since = len(phones.api.messages())
    post(phones, "hello")
    phones.run(f"""
    {ALICE} < @bob in @team can't get texts (not a mobile number). Nothing reaches them until they text in.
    {CAROL} < [@team] alice: hello
    """)  # noqa: E501
    assert member(BOB).phone_invalid and len(requests_to(phones.api, BOB, since)) == 1


def link_address(phones, mailbox) -> None:
    """Give bob a verified address, his posts still coming by text."""
    phones.text(BOB, f"email {BOB_MAIL}")
    phones.settle()
    code = re.findall(r"verify (\d{6})", mailbox.to(BOB_MAIL)[-1].get_content())[0]
    phones.text(BOB, f"verify {code}")
    phones.settle()
    phones.received()
    mailbox.reset()


def test_a_text_that_failed_reaches_a_verified_address_by_mail(phones, mailbox):
    named_team(phones)
    link_address(phones, mailbox)
    phones.api.deliver_to(BOB, "sent", "undelivered", code=30003)
    post(phones, "chairs on Saturday?", BOB, 1)
    [mail] = wait_until(lambda: mailbox.to(BOB_MAIL), what="the post by mail")
    assert mail.get_content().split("\n")[0] == "alice: chairs on Saturday?"
    assert mail["Reply-To"].addresses[0].addr_spec.startswith("team+")  # answerable as a post
    post(phones, "two", BOB, 2)
    post(phones, "three", BOB, 3)
    wait_until(lambda: len(mailbox.to(BOB_MAIL)) == 3, what="every failed post by mail")
    since = len(phones.api.messages())
    phones.received()
    post(phones, "by mail only now")
    assert requests_to(phones.api, BOB, since) == []
    wait_until(lambda: len(mailbox.to(BOB_MAIL)) == 4, what="the next post by mail")
    with db.connection_context():
        notice = Outbox.get(Outbox.to == ALICE, Outbox.body.contains("can't get texts"))
    assert notice.body.endswith("Posts reach them by mail now.")


def test_an_opted_out_member_gets_no_mail_for_a_21610(phones, mailbox):
    named_team(phones)
    link_address(phones, mailbox)
    phones.api.fail_number(BOB, 21610)
    post(phones, "are you there?")
    assert member(BOB).opted_out
    with db.connection_context():
        assert not Outbox.select().where(Outbox.to == BOB_MAIL,
                                         Outbox.message.is_null(False)).exists()


@pytest.mark.full_stack
def test_a_burst_of_carrier_filtering_pauses_the_sender_until_the_operator_lifts_it(
        phones, deployment):
    numbers = crowd(BURST)
    for number in numbers:
        phones.api.deliver_to(number, "sent", "undelivered", code=30007)
    phones.text(OWNER, "@crowd limited time offer")
    phones.settle()
    wait_until(lambda: DeliveryFailure.select().count() == BURST, what="the filtering reports")
    # Each report answered: the webhook that paused the sender has told the workers, too.
    wait_until(lambda: answered(phones.api, "undelivered") == BURST, what="the reports' answers")
    for number in numbers:
        phones.api.deliver_to(number)
    since = len(phones.api.messages())
    phones.text(OWNER, "@crowd sorry, ignore that")
    wait_until(lambda: Outbox.select().where(Outbox.error == HELD_NOTE).count() == BURST,
               what="the texts to wait for the pause")
    assert phones.api.messages(since) == []
    settings = deployment[0]
    result = CliRunner().invoke(commons, ["doctor"], obj=settings)
    [line] = [line for line in result.stdout.splitlines() if " senders " in line]
    assert line.startswith("FIX") and f"{FROM} paused until" in line and "(30007)" in line
    result = CliRunner().invoke(commons, ["unpause", FROM], obj=settings)
    assert result.exit_code == 0, result.stdout
    phones.settle()
    assert sorted(r["to"] for r in phones.api.messages(since) if r["sid"]) == sorted(numbers)
