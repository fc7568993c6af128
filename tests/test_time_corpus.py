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
from parsers.languages import speaking
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


# The Spanish section (issue 23): the same moment, Wednesday 4 March 2026 10:15 in New York, the
# same conventions ("a las 5" is the next 5 o'clock; a bare hour on another day is an
# appointment's), accents optional.
SPANISH = [
    ("mañana a las 5", "2026-03-05 17:00 hour"),
    ("manana a las 5", "2026-03-05 17:00 hour"),
    ("el viernes a las 9", "2026-03-06 09:00 hour"),
    ("hoy a las 17:30", "2026-03-04 17:30 minute"),
    ("pasado mañana", "2026-03-06 00:00 day"),
    ("pasado manana a las 10", "2026-03-06 10:00 hour"),
    ("el lunes", "2026-03-09 00:00 day"),
    ("el miércoles", "2026-03-11 00:00 day"),  # today's own name: a week from today
    ("el miercoles a las 5 de la tarde", "2026-03-04 17:00 hour"),  # ... today while ahead
    ("el sábado", "2026-03-07 00:00 day"),
    ("el sabado", "2026-03-07 00:00 day"),
    ("a las 5 de la tarde", "2026-03-04 17:00 hour"),
    ("a las 9 de la mañana", "2026-03-05 09:00 hour"),
    ("a las 9", "2026-03-04 21:00 hour"),  # as "at 9": 9am has passed, the next 9 is tonight
    ("a las 5", "2026-03-04 17:00 hour"),
    ("a las cinco", "2026-03-04 17:00 hour"),
    ("a la una y media", "2026-03-04 13:30 minute"),
    ("a las 7 y 20", "2026-03-04 19:20 minute"),
    ("a las 5 menos cuarto", "2026-03-04 16:45 minute"),
    ("mañana a las 5 y cuarto", "2026-03-05 17:15 minute"),
    ("en 2 horas", "2026-03-04 12:15 minute"),
    ("en 30 minutos", "2026-03-04 10:45 second"),
    ("en una hora", "2026-03-04 11:15 minute"),
    ("en media hora", "2026-03-04 10:45 second"),
    ("dentro de 3 días", "2026-03-07 10:00 hour"),
    ("hace 2 días", "2026-03-02 10:00 hour"),
    ("esta noche a las 11", "2026-03-04 23:00 hour"),
    ("a las 11 de la noche", "2026-03-04 23:00 hour"),
    ("a las 2 de la madrugada", "2026-03-05 02:00 hour"),
    ("esta tarde", "2026-03-04 15:00 hour"),
    ("mañana por la mañana", "2026-03-05 09:00 hour"),
    ("mañana por la noche", "2026-03-05 20:00 hour"),
    ("el domingo por la tarde", "2026-03-08 15:00 hour"),
    ("el lunes a las 9 de la mañana", "2026-03-09 09:00 hour"),
    ("a mediodía", "2026-03-04 12:00 hour"),
    ("a la 1 del mediodía", "2026-03-04 13:00 hour"),
    ("mañana a mediodia", "2026-03-05 12:00 hour"),
    ("a medianoche", "2026-03-05 00:00 hour"),
    ("el 12 de diciembre", "2026-12-12 00:00 day"),
    ("el 12 de diciembre de 2027", "2027-12-12 00:00 day"),
    ("el 3 de enero", "2027-01-03 00:00 day"),
    ("el primero de mayo", "2026-05-01 00:00 day"),
    ("el 20", "2026-03-20 00:00 day"),
    ("en diciembre", "2026-12-01 00:00 month"),
    ("el próximo viernes", "2026-03-06 00:00 day"),  # the coming one
    ("el viernes que viene", "2026-03-06 00:00 day"),
    ("el viernes de la semana que viene", "2026-03-13 00:00 day"),
    ("la semana que viene", "2026-03-09 00:00 week"),
    ("la próxima semana", "2026-03-09 00:00 week"),
    ("este fin de semana", "2026-03-07 00:00 day"),
    ("ayer", "2026-03-03 00:00 day"),
]


@pytest.mark.parametrize(("text", "shown"), SPANISH, ids=[t for t, _ in SPANISH])
def test_spanish_is_read_to_the_same_moments(text, shown):
    now = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("America/New_York"))
    found = read(text, now)
    assert found is not None
    assert f"{found.moment:%Y-%m-%d %H:%M} {found.grain}" == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("mñn a las 8", "2026-03-05 08:00 hour"),  # texting spellings of mañana
    ("mña a las 8", "2026-03-05 08:00 hour"),
    ("pasado mñn", "2026-03-06 00:00 day"),
    ("el jueves q viene", "2026-03-05 00:00 day"),
])
def test_spanish_texting_spellings_are_read(text, shown):
    now = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("America/New_York"))
    with speaking("es"):
        found = read(text, now)
    assert found is not None
    assert f"{found.moment:%Y-%m-%d %H:%M} {found.grain}" == shown


@pytest.mark.parametrize("text", ["el lunes a las 25", "el viernes a las 30", "mañana a las 25"])
def test_a_spanish_clock_no_day_has_is_no_time_never_a_day_of_the_month(text):
    now = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("America/New_York"))
    with speaking("es"):
        assert read(text, now) is None  # "el lunes a las 25" was Monday the 25th


@pytest.mark.parametrize(("text", "shown"), [
    ("a las once", "2026-03-04 11:00 hour"),
    ("el vie a las 9", "2026-03-06 09:00 hour"),
    ("el 15 de ago", "2026-08-15 00:00 day"),
])
def test_spanish_words_that_are_also_english_read_as_spanish_while_spanish_is_spoken(text, shown):
    now = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("America/New_York"))
    assert read(text, now) is None  # for an English speaker these are no times
    with speaking("es"):
        found = read(text, now)
    assert found is not None
    assert f"{found.moment:%Y-%m-%d %H:%M} {found.grain}" == shown


@pytest.mark.parametrize(("text", "shown"), [
    # "próximo" is the nearest one ahead, never today, whatever the time...
    ("el próximo viernes", "2026-03-13 00:00 day"),
    ("el proximo viernes a las 5", "2026-03-13 17:00 hour"),
    ("el viernes próximo a las 5 de la tarde", "2026-03-13 17:00 hour"),
    ("el viernes que viene a las 5", "2026-03-13 17:00 hour"),
    ("el próximo sábado", "2026-03-07 00:00 day"),  # ... and tomorrow when it is tomorrow
    # "este viernes" is this one: today while its hour is ahead; the day alone, a week on.
    ("este viernes a las 5", "2026-03-06 17:00 hour"),
    ("el viernes a las 5", "2026-03-06 17:00 hour"),
    ("el viernes", "2026-03-13 00:00 day"),
    ("upcoming fri 5pm", "2026-03-13 17:00 hour"),
    ("coming fri 5pm", "2026-03-06 17:00 hour"),
])
def test_el_proximo_viernes_said_on_a_friday_is_next_weeks(text, shown):
    now = datetime(2026, 3, 6, 10, 15, tzinfo=ZoneInfo("America/New_York"))  # a Friday
    with speaking("es"):
        found = read(text, now)
    assert found is not None
    assert f"{found.moment:%Y-%m-%d %H:%M} {found.grain}" == shown


def test_english_words_stay_english_beside_the_spanish_reader():
    now = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("America/New_York"))
    found = read("2 days ago", now)
    assert found is not None and f"{found.moment:%Y-%m-%d}" == "2026-03-02"  # not "agosto"
    assert read("once a week", now) is None
