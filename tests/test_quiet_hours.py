"""Quiet hours are read as people mean them and said back with am/pm, so a misreading shows:
`quiet 10-6` is the night, 10pm to 6am, never 10am to 6am (20 hours a day held)."""

from __future__ import annotations

import pytest

from handlers import dates
from store.db import db
from store.models import Member
from tests.deliveries import member
from tests.test_languages import ANA, NOTE
from tests.test_quiet_notices import ALICE, BOB

AFTER = "posts wait and come as one text after. quiet off ends it."


@pytest.mark.parametrize(("typed", "said", "kept"), [
    ("quiet 10-6", "10pm-6am", (22, 6)),
    ("quiet 11-7", "11pm-7am", (23, 7)),
    ("quiet 9-5", "9pm-5am", (21, 5)),
    ("quiet 12-6", "12am-6am", (0, 6)),  # from midnight
    ("quiet 1-6", "1am-6am", (1, 6)),  # runs forward: as typed
    ("quiet 22-7", "10pm-7am", (22, 7)),
    ("quiet 10pm-7am", "10pm-7am", (22, 7)),
    ("quiet 9am-5pm", "9am-5pm", (9, 17)),
    ("quiet 13-17", "1pm-5pm", (13, 17)),
])
def test_quiet_hours_are_said_back_with_am_and_pm_as_they_are_kept(phones, typed, said, kept):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    phones.run(f"""
    {BOB} > tz America/New_York
    {BOB} < Time zone set to America/New_York.
    {BOB} > {typed}
    {BOB} < Quiet {said} your time (America/New_York): {AFTER}
    """)
    with db.connection_context():
        bob = Member.get(Member.phone == BOB)
        assert (bob.quiet_start, bob.quiet_end) == kept


def test_quiet_hours_are_said_back_on_the_24_hour_clock_in_spanish(phones):
    phones.run(f"""
    {ANA} > name ana
    {ANA} < {NOTE}
    {ANA} < Ahora eres @ana.
    """)
    zone = dates.zone_of(member(ANA)).key
    phones.run(f"""
    {ANA} > quiet 10-6
    {ANA} < Silencio de 22:00 a 6:00 ({zone}): los mensajes esperan y luego llegan en un SMS. quiet off lo quita.
    """)  # noqa: E501
