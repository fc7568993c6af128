"""Reminder times as members type them, in their own zone, and what a repeating one does next."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers import bundles, repeats
from handlers.quiet import is_quiet
from parsers.segments import segments
from store.models import Member

NOW = datetime(2026, 3, 6, 17, 0)  # Friday 9am in Los Angeles (UTC-8 until Sunday)


def la() -> Member:
    return Member(phone="+14155550101", tz="America/Los_Angeles")


@pytest.mark.parametrize(("text", "local"), [
    ("tmrw 9", datetime(2026, 3, 7, 9, 0)),
    ("tomorrow 5pm", datetime(2026, 3, 7, 17, 0)),
    ("mon", datetime(2026, 3, 9, 9, 0)),  # a day alone: that morning
    ("in 20 min", datetime(2026, 3, 6, 9, 20)),
    ("in 2 sec", datetime(2026, 3, 6, 9, 0, 2)),
])
def test_a_reminder_time_is_read_in_the_members_zone(text, local):
    found = repeats.read_once(text, la(), NOW)
    assert found is not None
    assert repeats.to_local(found, la()).replace(microsecond=0) == local


def test_a_repeating_time_keeps_its_hour_across_summer_time():
    rule = repeats.read_every("mon", "9am", la(), NOW)
    assert rule == "mon 09:00"
    first = repeats.next_time(rule, la(), NOW)
    second = repeats.next_time(rule, la(), first)
    assert (first, second) == (datetime(2026, 3, 9, 16, 0), datetime(2026, 3, 16, 16, 0))
    assert repeats.show_rule(rule) == "every mon 9:00am"
    assert repeats.next_time("day 08:30", la(), NOW) == datetime(2026, 3, 7, 16, 30)


@pytest.mark.parametrize(("start", "end", "hour", "quiet"), [
    (22, 7, 23, True), (22, 7, 3, True), (22, 7, 7, False), (22, 7, 12, False),
    (13, 17, 13, True), (13, 17, 17, False), (None, None, 3, False),
])
def test_quiet_hours_wrap_around_midnight(start, end, hour, quiet):
    member = Member(phone="+14155550101", tz="UTC", quiet_start=start, quiet_end=end)
    assert is_quiet(member, datetime(2026, 3, 6, hour, 30)) is quiet


def test_a_bundle_fits_three_segments_and_counts_the_rest():
    bodies = [f"[@team] alice: post number {n} about the plans for the weekend" for n in range(9)]
    text = bundles.bundle(bodies)
    assert segments(text) <= bundles.MAX_BUNDLE_SEGMENTS
    assert text.endswith("more. recap for the rest") and text.startswith(bodies[0])
    assert bundles.bundle(bodies, by_mail=True).count("\n") == 8
