"""A `via email` member's digest comes by mail, with every post listed, not counts alone."""

from __future__ import annotations

import re

from handlers import dates
from tests.deliveries import ALICE, BOB, CAROL, FAST_CLOCK, member, sent_to, wait_until
from tests.test_reminders import bring_near

pytestmark = FAST_CLOCK  # the digest comes when the worker's sweeper finds it late

BOB_MAIL = "bob@example.org"
TEAM = {"team": [(ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")]}


def test_a_via_email_digest_is_mailed_with_the_full_list(phones, mailbox):
    phones.form(TEAM)
    phones.text(BOB, f"email {BOB_MAIL}")
    phones.settle()
    code = re.findall(r"verify (\d{6})", mailbox.to(BOB_MAIL)[-1].get_content())[0]
    phones.text(BOB, f"verify {code}")
    phones.text(BOB, "via email")
    phones.text(BOB, "digest daily 7pm")
    phones.settle()
    mailbox.reset()
    since = len(phones.api.messages())
    phones.text(ALICE, "@team the key is under the mat")
    phones.text(CAROL, "@team thanks @bob for the chairs")
    phones.settle()
    assert mailbox.to(BOB_MAIL) == []  # no post one by one, by mail or by text
    bob = member(BOB)
    assert bob.digest_since is not None
    shown = dates.show_when(bob.digest_since, True, bob)
    bring_near(kind="digest")
    [mail] = wait_until(lambda: mailbox.to(BOB_MAIL), what="the digest by mail")
    assert mail["Subject"].startswith("Commons: Digest since")
    assert mail.get_content().startswith(
        f"Digest since {shown}:\n@team: 1 naming you, 2 posts\n"
        "  alice: the key is under the mat\n  carol: thanks @bob for the chairs\nrecap for more")
    assert sent_to(phones.api, BOB, since) == []
