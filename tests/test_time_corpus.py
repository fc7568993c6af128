"""The time reader against our own corpus, tests/time_corpus.jsonl, and its one entry point.

The corpus: 242 expressions (217 times, 25 that are not one) gathered from the public help pages
of reminder tools (Slack's /remind, Todoist's dates, Google Assistant and Calendar, Apple's
Reminders and Siri, Microsoft To Do, Remind) and the issue's own examples, each with the moment
and grain meant, written by hand, at Wednesday 4 March 2026 10:15 in New York. bench/times.py
prints the same shares for the libraries beside ours (make bench).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bench.times import OURS, RIGHT, WRONG, judge, load, ours, score
from parsers.times import read

AT_LEAST_RIGHT = 0.95  # read to the grain
AT_MOST_WRONG = 0  # read as another moment without a word: we fix what we see


def test_our_corpus_is_read_to_the_grain_and_nothing_as_another_moment():
    rows = load(OURS)
    assert len(rows) >= 200
    shares, misses = score(rows, ours)
    assert shares[WRONG] <= AT_MOST_WRONG, [m for m in misses if m[0] == WRONG]
    assert shares[RIGHT] >= AT_LEAST_RIGHT, misses


def test_a_reading_is_judged_to_its_grain():
    row = {"text": "tomorrow at 5pm", "now": "2026-03-04T10:15:00-05:00",
           "zone": "America/New_York", "expected": "2026-03-05T17:00:00", "grain": "hour"}
    zone = ZoneInfo("America/New_York")
    assert judge(row, (datetime(2026, 3, 5, 17, 0, tzinfo=zone), "hour")) == RIGHT
    assert judge(row, (datetime(2026, 3, 5, 5, 0, tzinfo=zone), "hour")) == WRONG
    assert judge(row, (datetime(2026, 3, 5, tzinfo=zone), "day")) == "refused"
    assert judge(row, None) == "refused"


@pytest.mark.parametrize(("text", "shown"), [
    ("tonight at 11", "2026-03-04 23:00 hour"),
    ("at 11 tonight", "2026-03-04 23:00 hour"),
    ("at 9", "2026-03-04 21:00 hour"),  # 9am has passed at 10:15: the next 9 is tonight
    ("9am", "2026-03-05 09:00 hour"),  # a time of day already past today means tomorrow
    ("next wednesday", "2026-03-11 00:00 day"),  # Wednesday of next week
    ("wednesday", "2026-03-11 00:00 day"),  # today's own name: a week from today
    ("wednesday at 5pm", "2026-03-04 17:00 hour"),  # ... but today while 5pm is ahead
    ("friday after next", "2026-03-13 00:00 day"),
    ("in 3 days", "2026-03-07 10:00 hour"),
])
def test_the_conventions_readme_states(text, shown):
    now = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("America/New_York"))
    found = read(text, now)
    assert f"{found.moment:%Y-%m-%d %H:%M} {found.grain}" == shown


def test_the_reader_needs_an_aware_now():
    with pytest.raises(ValueError):
        read("5pm", datetime(2026, 3, 4, 10, 15))
