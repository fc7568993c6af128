"""Mail through Mailgun's inbound route: signed posts go to the same bridge as SMTP mail."""

from __future__ import annotations

import time
import tracemalloc
from typing import cast

import pytest
import requests

from store.db import db
from store.models import Inbound, Message
from tests.conftest import MAILGUN_KEY
from tests.mailboxes import link, mail_rows, mailgun_form, post_mailgun

pytestmark = pytest.mark.full_stack

ALICE, BOB = "+14155550101", "+14155550102"
ALICE_MAIL = "alice@example.com"


@pytest.fixture
def team(phones):
    """@team of alice and bob; alice has linked her address. Returns her addresses."""
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    return link(ALICE, ALICE_MAIL)


def kept() -> int:
    with db.connection_context():
        return Inbound.select().where(Inbound.channel == "email").count()


def test_a_signed_post_is_posted_to_the_group(phones, deployment, team):
    _, server, _ = deployment
    body = "Keys are under the mat.\n\nOn Mon, Jun 3, 2024 at 10:12 AM Alice wrote:\n> where?"
    form = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, body,
                        "Re: [@team] keys")
    response = post_mailgun(server.url, form)
    assert response.status_code == 200
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: Keys are under the mat."]}


def test_attachments_posted_by_mailgun_are_named(phones, deployment, team):
    _, server, _ = deployment
    form = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, "The route.",
                        **{"attachment-count": "1"})  # type: ignore[arg-type]
    files = {"attachment-1": ("map.pdf", b"%PDF-1.4", "application/pdf")}
    assert post_mailgun(server.url, form, files).status_code == 200
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: The route. | (attached: map.pdf)"]}


@pytest.mark.parametrize("spoil", ["signature", "timestamp", "key", "missing"])
def test_a_badly_signed_post_is_refused_and_changes_nothing(phones, deployment, team, spoil):
    _, server, _ = deployment
    key = "not-the-key" if spoil == "key" else MAILGUN_KEY
    stamp = int(time.time()) - 16 * 60 if spoil == "timestamp" else None
    form = mailgun_form(key, team.to("team"), ALICE_MAIL, "hello", timestamp=stamp)
    if spoil == "signature":
        form["signature"] = "0" * 64
    if spoil == "missing":
        del form["signature"]
    assert post_mailgun(server.url, form).status_code == 403
    phones.settle()
    assert kept() == 0 and phones.received() == {}


def test_a_replayed_post_is_refused(phones, deployment, team):
    _, server, _ = deployment
    form = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, "only once")
    assert post_mailgun(server.url, form).status_code == 200
    assert post_mailgun(server.url, form).status_code == 403
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: only once"]}


def test_a_mail_mailgun_retries_with_a_new_signature_is_posted_once(phones, deployment, team):
    _, server, _ = deployment
    first = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, "once please")
    again = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, "once please",
                         **{"Message-Id": first["Message-Id"],  # type: ignore[arg-type]
                            "message-headers": first["message-headers"]})
    assert post_mailgun(server.url, first).status_code == 200
    assert post_mailgun(server.url, again).status_code == 200
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: once please"]}
    with db.connection_context():
        assert Message.select().count() == 1


def test_an_unknown_address_gets_406_so_mailgun_does_not_retry(phones, deployment, team):
    _, server, _ = deployment
    for address in (team.to("nobody"), "team@elsewhere.example"):
        form = mailgun_form(MAILGUN_KEY, address, ALICE_MAIL, "hello?")
        assert post_mailgun(server.url, form).status_code == 406
    assert kept() == 0


def test_a_forged_sender_is_answered_by_mail_and_nothing_is_posted(phones, deployment, team):
    _, server, _ = deployment
    form = mailgun_form(MAILGUN_KEY, team.to("team"), "eve@example.net", "hi all")
    assert post_mailgun(server.url, form).status_code == 200
    phones.settle()
    assert [to for to, _ in mail_rows()] == ["eve@example.net"]
    assert phones.received() == {}


def test_mail_to_a_members_address_is_a_direct_message(phones, deployment, team):
    _, server, _ = deployment
    form = mailgun_form(MAILGUN_KEY, team.to("bob"), ALICE_MAIL, "Got the keys?")
    assert post_mailgun(server.url, form).status_code == 200
    phones.settle()
    assert phones.received() == {BOB: ["@alice: Got the keys?"]}


def test_a_command_mail_is_answered_by_mail(phones, deployment, team):
    _, server, _ = deployment
    form = mailgun_form(MAILGUN_KEY, team.to("commands"), ALICE_MAIL, "groups\n")
    assert post_mailgun(server.url, form).status_code == 200
    phones.settle()
    assert mail_rows() == [(ALICE_MAIL, "> groups\nYour groups: @team")]
    assert phones.received() == {}


@pytest.mark.parametrize("headers", [[["Auto-Submitted", "auto-replied"]],
                                     [["Precedence", "bulk"]], [["X-Commons-Mail", "1"]]])
def test_an_auto_reply_is_kept_but_ignored(phones, deployment, team, headers):
    _, server, _ = deployment
    form = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL,
                        "I am away until Monday.", "Out of office", headers=headers)
    assert post_mailgun(server.url, form).status_code == 200
    phones.settle()
    assert phones.received() == {} and mail_rows() == []
    with db.connection_context():
        assert [i.status for i in Inbound.select().where(Inbound.channel == "email")] in \
            (["ignored"], ["loop"])
        assert Message.select().count() == 0


def test_an_html_only_mail_is_posted_as_text(phones, deployment, team):
    _, server, _ = deployment
    html = "<p>Bring <b>chairs</b>, see <a href='https://example.org/map'>the map</a>.</p>"
    form = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, "",
                        **{"body-html": html})  # type: ignore[arg-type]
    assert post_mailgun(server.url, form).status_code == 200
    phones.settle()
    assert phones.received() == {
        BOB: ["[@team] alice: Bring chairs, see the map (https://example.org/map)."]}


def test_a_long_mail_is_cut_and_an_oversized_post_refused(phones, deployment, team, monkeypatch):
    from gateway.mail_in import mailgun

    _, server, _ = deployment
    body = "The whole plan. " + "We set up the tables early. " * 100
    form = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, body)
    assert post_mailgun(server.url, form).status_code == 200
    phones.settle()
    [text] = phones.received()[BOB]
    assert text.endswith(" [...cut]") and len(text) <= 1550 + len("[@team] alice: ")

    monkeypatch.setattr(mailgun, "MAX_POST", 64 * 1024)  # Mailgun's own cap is 25 MB
    form = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, "big one",
                        **{"attachment-count": "1"})  # type: ignore[arg-type]
    files = {"attachment-1": ("huge.zip", b"\0" * 100_000, "application/zip")}
    assert post_mailgun(server.url, form, files).status_code == 413
    phones.settle()
    assert kept() == 1 and phones.received() == {}


def chunked(body: bytes, size: int = 1024 * 1024):
    """Yield `body` in pieces: requests sends a generator chunked, with no Content-Length."""
    for start in range(0, len(body), size):
        yield body[start:start + size]


def test_a_post_over_30_mb_gets_413_and_nothing_is_kept_chunked_or_not(phones, deployment,
                                                                        team):
    from gateway.mail_in.mailgun import MAX_POST

    _, server, _ = deployment
    assert MAX_POST == 30 * 1024 * 1024
    form = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, "a huge attachment",
                        **{"attachment-count": "1"})  # type: ignore[arg-type]
    files = {"attachment-1": ("huge.bin", b"\1" * (MAX_POST + 1024), "application/zip")}
    assert post_mailgun(server.url, form, files).status_code == 413  # announced: refused first
    prepared = requests.Request("POST", server.url + "/email/inbound", data=form,
                                files=files).prepare()
    try:  # not announced: counted while read, and cut off past the cap
        status = requests.post(server.url + "/email/inbound",
                               data=chunked(cast(bytes, prepared.body)),
                               headers={"Content-Type": prepared.headers["Content-Type"]},
                               timeout=60).status_code
    except requests.ConnectionError:  # the server may close on the rest of the upload
        status = 413
    assert status == 413
    phones.settle()
    assert kept() == 0 and phones.received() == {}
    # Under the cap, chunked or not, the same mail is taken.
    small = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, "a small one")
    prepared = requests.Request("POST", server.url + "/email/inbound", data=small).prepare()
    assert requests.post(server.url + "/email/inbound",
                         data=chunked(cast(str, prepared.body).encode()),
                         headers={"Content-Type": prepared.headers["Content-Type"]},
                         timeout=60).status_code == 200
    phones.settle()
    assert kept() == 1 and phones.received() == {BOB: ["[@team] alice: a small one"]}


@pytest.mark.parametrize("signed", [True, False])
def test_a_chunked_post_past_the_cap_is_refused_while_read_in_bounded_memory(phones, deployment,
                                                                             team, signed):
    """The attack: 32-100 MB chunked, urlencoded; signed it was kept (cut), unsigned it cost
    the web worker ~90 MB. The web server runs in this process: its allocations are traced."""
    from gateway.mail_in.mailgun import MAX_POST

    _, server, _ = deployment
    key = MAILGUN_KEY if signed else "not-the-key"
    form = mailgun_form(key, team.to("team"), ALICE_MAIL, "x" * (MAX_POST + 3 * 1024 * 1024))
    # The signature first, so a body cut at the cap still carries it (as in the attack).
    form = {**{k: form.pop(k) for k in ("timestamp", "token", "signature")}, **form}
    prepared = requests.Request("POST", server.url + "/email/inbound", data=form).prepare()
    body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
    assert isinstance(body, bytes) and len(body) > 32 * 1024 * 1024
    tracemalloc.start()
    try:
        try:
            status = requests.post(server.url + "/email/inbound",
                                   data=chunked(body, 256 * 1024),
                                   headers={"Content-Type": prepared.headers["Content-Type"]},
                                   timeout=60).status_code
        except requests.ConnectionError:  # the server may close on the rest of the upload
            status = 413
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 413
    # Read into a file, not memory: the view holds about 2 MB at most (read as it was, the post
    # cost 94 MB); the test's server (werkzeug's) then drains the rest, 10 MB a read.
    assert peak < 16 * 1024 * 1024
    phones.settle()
    assert kept() == 0 and phones.received() == {}


def test_a_9_mb_mail_through_mailgun_is_posted_cut_and_the_sender_told(phones, deployment,
                                                                       team):
    _, server, _ = deployment
    line = "We meet at the hall at ten and set up the long tables together.\n"
    body = "Here is the whole plan.\n" + line * (9 * 1024 * 1024 // len(line))
    form = mailgun_form(MAILGUN_KEY, team.to("team"), ALICE_MAIL, body)
    assert post_mailgun(server.url, form).status_code == 200
    phones.settle()
    [text] = phones.received()[BOB]
    assert text.startswith("[@team] alice: Here is the whole plan.")
    assert text.endswith(" [...cut]")
    assert mail_rows() == [(ALICE_MAIL, "Your mail was longer than a post can be, so only its "
                                        "first 1,550 characters were posted.")]
