"""The time reader against our own corpus, tests/time_corpus.jsonl, and its one entry point.

The corpus: expressions gathered from the public help pages of reminder tools (Slack's /remind,
Todoist's dates, Google Assistant and Calendar, Apple's Reminders and Siri, Microsoft To Do,
Remind) and the issue's own examples, then the forms other readers' test suites showed people use
(bench/corpora/), each with the moment and grain meant, written by hand, at Wednesday 4 March
2026 10:15 in New York; rows with `expected` null are texts that must not be read as a time.
bench/times.py prints the same shares for the libraries beside ours, on this corpus and on the
development corpora (make bench).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bench.times import OURS, RIGHT, WRONG, judge, load, ours, score
from parsers.times import read

# Read to the grain: every row. A share below 1 let a change that broke a dozen rows pass
# (`make mutants`: offsets such as "2 days before", ISO dates, "last friday" broken, unnoticed).
AT_LEAST_RIGHT = 1.0
AT_MOST_WRONG = 0  # read as another moment without a word: we fix what we see


def test_our_corpus_is_read_to_the_grain_and_nothing_as_another_moment():
    rows = load(OURS)
    assert len(rows) >= 320
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
    ("eod", "2026-03-04 17:00 hour"),
    ("this weekend", "2026-03-07 00:00 day"),  # its Saturday
    ("end of the week", "2026-03-06 00:00 day"),  # its Friday
    ("end of the month", "2026-03-31 00:00 day"),
    ("friday 20", "2026-03-20 00:00 day"),  # the next 20th that is a Friday
    ("3 days after christmas", "2026-12-28 00:00 day"),
    ("in 2 years", "2028-03-04 00:00 day"),
])
def test_the_conventions_readme_states(text, shown):
    now = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("America/New_York"))
    found = read(text, now)
    assert found is not None
    assert f"{found.moment:%Y-%m-%d %H:%M} {found.grain}" == shown


def test_the_reader_needs_an_aware_now():
    with pytest.raises(ValueError):
        read("5pm", datetime(2026, 3, 4, 10, 15))


@pytest.mark.parametrize("text", [
    "last monday",  # on a Wednesday: two days ago, or nine?
    "tonight at 2", "this evening at 2",  # 2am, or a slip for 2pm?
    "14th april 15",  # 3pm, or 2015?
    "fri jul 18",  # the coming July 18th is a Saturday
    "2027", "1930", "1-2", "5.12", "three twenty", "in 5",  # as often not times at all
])
def test_what_two_readers_would_read_differently_is_not_read(text):
    now = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("America/New_York"))
    assert read(text, now) is None
