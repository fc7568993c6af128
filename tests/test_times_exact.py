"""Times read to the moment, at more than one `now`: what a reminder set by text would do.

The corpus (test_time_corpus.py) is read at one moment, a Wednesday morning in New York, and
judged to the grain. These rows add the moment itself, other days of the week (a weekend's
"this weekend" is not a Wednesday's), other zones (3/4 is the 3rd of April in London) and the
spoken and written forms people text. Each moment was worked out by hand from the
conventions in docs/members.md ("Times") and parsers/times/__init__.py.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from parsers.times import read

NEW_YORK = ZoneInfo("America/New_York")
WED = datetime(2026, 3, 4, 10, 15, tzinfo=NEW_YORK)  # Wednesday 4 March 2026, 10:15
SAT = datetime(2026, 3, 7, 10, 15, tzinfo=NEW_YORK)
SUN = datetime(2026, 3, 8, 10, 15, tzinfo=NEW_YORK)
DEC = datetime(2026, 12, 30, 10, 15, tzinfo=NEW_YORK)  # after this year's Christmas


def shown(text: str, now: datetime = WED) -> str | None:
    """Return the moment `text` names at `now`, as the reader's own clock shows it."""
    found = read(text, now)
    return None if found is None else f"{found.moment:%a %Y-%m-%d %H:%M:%S} {found.grain}"


@pytest.mark.parametrize(("text", "moment"), [
    # Spans of more than one unit, largest first; fractions; other ways of saying them.
    ("in 1 hour 30 minutes", "Wed 2026-03-04 11:45:00 second"),
    ("in 2 hours and 30 minutes", "Wed 2026-03-04 12:45:00 second"),
    ("in 1.5 hours", "Wed 2026-03-04 11:45:00 second"),
    ("in 0,5 hours", "Wed 2026-03-04 10:45:00 second"),
    ("in 1/2 hour", "Wed 2026-03-04 10:45:00 second"),
    ("in 1 1/2 hours", "Wed 2026-03-04 11:45:00 second"),  # a whole and a half, not Jan 2
    ("in 2 1/2 days", "Fri 2026-03-06 22:15:00 minute"),
    ("in 1 3/4 hrs", "Wed 2026-03-04 12:00:00 second"),
    ("1 1/2 hours ago", "Wed 2026-03-04 08:45:00 second"),
    ("in 1 and a half hours", "Wed 2026-03-04 11:45:00 second"),
    ("in an hour and a half", "Wed 2026-03-04 11:45:00 second"),
    ("in 1 3/2 hours", None),  # not how a fraction is said
    ("in a week and a half", "Sat 2026-03-14 22:00:00 hour"),
    ("in 2.5 days", "Fri 2026-03-06 22:15:00 minute"),
    ("in a quarter of an hour", "Wed 2026-03-04 10:30:00 second"),
    ("half an hour ago", "Wed 2026-03-04 09:45:00 second"),
    ("half an hour before now", "Wed 2026-03-04 09:45:00 second"),
    ("3 days ago", "Sun 2026-03-01 10:00:00 hour"),
    ("in 3 weeks' time", "Wed 2026-03-25 00:00:00 day"),
    ("a fortnight from now", "Wed 2026-03-18 10:00:00 hour"),
    ("in a decade", "Tue 2036-03-04 00:00:00 day"),
    ("in 2 decades", "Sun 2046-03-04 00:00:00 day"),
    ("in 2 months", "Mon 2026-05-04 00:00:00 day"),
    ("in 15'", "Wed 2026-03-04 10:30:00 second"),
    ('in 30"', "Wed 2026-03-04 10:15:30 second"),
    ("in a couple of hours", "Wed 2026-03-04 12:15:00 minute"),
    ("in a couple hours", "Wed 2026-03-04 12:15:00 minute"),
    ("in a few days", "Sat 2026-03-07 10:00:00 hour"),
    # A span from another moment, or signed from now (to the second).
    ("2 days prior to christmas", "Wed 2026-12-23 00:00:00 day"),
    ("2 days before christmas", "Wed 2026-12-23 00:00:00 day"),
    ("3 days before new years eve", "Mon 2026-12-28 00:00:00 day"),
    ("+10 days", "Sat 2026-03-14 10:15:00 second"),
    ("-2 days", "Mon 2026-03-02 10:15:00 second"),
    # Clock times: the 24-hour clock, words, parts of the day, zones.
    ("at 24:00", "Thu 2026-03-05 00:00:00 minute"),
    ("at 0:30", "Thu 2026-03-05 00:30:00 minute"),
    ("10:30:15.250", "Wed 2026-03-04 10:30:15 second"),
    ("at 5 a.m.", "Thu 2026-03-05 05:00:00 hour"),
    ("at 5 p.m.", "Wed 2026-03-04 17:00:00 hour"),
    ("3 p . m .", "Wed 2026-03-04 15:00:00 hour"),
    ("tmrw @ 5pm", "Thu 2026-03-05 17:00:00 hour"),
    ("at 5ish", "Wed 2026-03-04 17:00:00 hour"),
    ("5pm-ish", "Wed 2026-03-04 17:00:00 hour"),
    ("quarter to 5", "Wed 2026-03-04 16:45:00 minute"),
    ("quarter to 12pm", "Wed 2026-03-04 11:45:00 minute"),
    ("20 past 9", "Wed 2026-03-04 21:20:00 minute"),
    ("half past midnight", "Thu 2026-03-05 00:30:00 minute"),
    ("ten to noon", "Wed 2026-03-04 11:50:00 minute"),
    ("quarter past 13", "Wed 2026-03-04 13:15:00 minute"),
    ("10 to 0", "Wed 2026-03-04 23:50:00 minute"),
    ("tonight at 11", "Wed 2026-03-04 23:00:00 hour"),
    ("tonight at 12", "Thu 2026-03-05 00:00:00 hour"),
    ("friday morning", "Fri 2026-03-06 09:00:00 hour"),
    ("tomorrow afternoon at 2", "Thu 2026-03-05 14:00:00 hour"),
    ("tomorrow night at 12", "Fri 2026-03-06 00:00:00 hour"),
    ("tomorrow night at 2", "Fri 2026-03-06 02:00:00 hour"),
    ("tomorrow afternoon at 12", "Thu 2026-03-05 12:00:00 hour"),  # noon, not midnight
    ("tomorrow afternoon at 12:30", "Thu 2026-03-05 12:30:00 minute"),
    ("this afternoon at 03:00", "Wed 2026-03-04 15:00:00 minute"),
    ("tonight at 07:30", "Wed 2026-03-04 19:30:00 minute"),
    ("tomorrow evening at 08:00", "Thu 2026-03-05 20:00:00 minute"),
    ("april 14th 9", "Tue 2026-04-14 09:00:00 hour"),
    ("april 14th 10", None),  # 10am, or 2010?
    ("5pm est", "Wed 2026-03-04 17:00:00 minute"),  # New York keeps EST until 8 March
    ("5pm gmt", "Wed 2026-03-04 12:00:00 minute"),
    ("10am pst tomorrow", "Thu 2026-03-05 13:00:00 minute"),
    # Numbers said in words.
    ("at five thirty", "Wed 2026-03-04 17:30:00 minute"),
    ("five thirty pm", "Wed 2026-03-04 17:30:00 minute"),
    ("nine oh five pm", "Wed 2026-03-04 21:05:00 minute"),
    ("in twenty five minutes", "Wed 2026-03-04 10:40:00 second"),
    ("twenty first of march", "Sat 2026-03-21 00:00:00 day"),
    ("the twenty second", "Sun 2026-03-22 00:00:00 day"),
    ("nineteen ninety six", "Mon 1996-01-01 00:00:00 year"),
    ("two thousand and fifteen", "Thu 2015-01-01 00:00:00 year"),
    ("nineteen hundred and ninety three", "Fri 1993-01-01 00:00:00 year"),
    # Weekdays, weeks and ends of things.
    ("this week friday", "Fri 2026-03-06 00:00:00 day"),
    ("friday this week", "Fri 2026-03-06 00:00:00 day"),
    ("friday last week", "Fri 2026-02-27 00:00:00 day"),
    ("thursday of next week", "Thu 2026-03-12 00:00:00 day"),
    ("monday of the following week", "Mon 2026-03-09 00:00:00 day"),
    ("wednesday week after next", "Wed 2026-03-18 00:00:00 day"),
    ("last friday", "Fri 2026-02-27 00:00:00 day"),  # before this week: both readings agree
    ("this past monday", "Mon 2026-03-02 00:00:00 day"),
    ("2 fridays from now", "Fri 2026-03-13 00:00:00 day"),
    ("2 mondays ago", "Mon 2026-02-23 00:00:00 day"),
    ("end of next week", "Fri 2026-03-13 00:00:00 day"),
    ("eow", "Fri 2026-03-06 00:00:00 day"),
    ("eom", "Tue 2026-03-31 00:00:00 day"),
    ("eoy", "Thu 2026-12-31 00:00:00 day"),
    ("last weekend", "Sat 2026-02-28 00:00:00 day"),
    ("the last day of february", "Sun 2027-02-28 00:00:00 day"),  # this year's has passed
    ("last day of february 2028", "Tue 2028-02-29 00:00:00 day"),
    ("week 10", "Mon 2026-03-02 00:00:00 week"),  # ISO weeks: 2026 began on a Thursday
    ("week 53", "Mon 2026-12-28 00:00:00 week"),
    ("the last week of 2026", "Mon 2026-12-28 00:00:00 week"),
    ("the 2nd last week of 2026", "Mon 2026-12-21 00:00:00 week"),
    ("the first week of october", "Mon 2026-10-05 00:00:00 week"),  # weeks wholly in it
    ("the last week of october", "Mon 2026-10-19 00:00:00 week"),
    ("the 2nd week of october 2027", "Mon 2027-10-11 00:00:00 week"),
    ("the 3rd monday of april", "Mon 2026-04-20 00:00:00 day"),
    ("the first monday of february", "Mon 2027-02-01 00:00:00 day"),  # this year's is past
    ("the last friday of march", "Fri 2026-03-27 00:00:00 day"),
    ("the second tuesday of next month", "Tue 2026-04-14 00:00:00 day"),
    ("the 1st of next month", "Wed 2026-04-01 00:00:00 day"),
    ("the 31st of next month", None),  # April has 30 days
    # Months, quarters, years, holidays.
    ("q3", "Wed 2026-07-01 00:00:00 quarter"),
    ("q2 2027", "Thu 2027-04-01 00:00:00 quarter"),
    ("march in a year", "Mon 2027-03-01 00:00:00 month"),
    ("this september", "Tue 2026-09-01 00:00:00 month"),
    ("next march", "Mon 2027-03-01 00:00:00 month"),
    ("last march", "Sat 2025-03-01 00:00:00 month"),
    ("next september", "Tue 2026-09-01 00:00:00 month"),
    ("last september", "Mon 2025-09-01 00:00:00 month"),
    ("Sept 04, 2014.", "Thu 2014-09-04 00:00:00 day"),
    ("christmas eve", "Thu 2026-12-24 00:00:00 day"),
    ("last christmas", "Thu 2025-12-25 00:00:00 day"),
    ("next christmas", "Fri 2026-12-25 00:00:00 day"),
    ("easter", "Sun 2026-04-05 00:00:00 day"),
    ("orthodox easter", "Sun 2026-04-12 00:00:00 day"),
    ("orthodox easter 2027", "Sun 2027-05-02 00:00:00 day"),
    ("orthodox easter 2030", "Sun 2030-04-28 00:00:00 day"),
    ("thanksgiving", "Thu 2026-11-26 00:00:00 day"),
    ("thanksgiving in 9 months", "Thu 2026-11-26 00:00:00 day"),  # that year's
    ("christmas of next year", "Sat 2027-12-25 00:00:00 day"),
    ("past christmas", "Thu 2025-12-25 00:00:00 day"),
    ("week 1 of next year", "Mon 2027-01-04 00:00:00 week"),
    ("1/2027", "Fri 2027-01-01 00:00:00 month"),
    ("march 5 '87", "Thu 1987-03-05 00:00:00 day"),
    ("monday the 13th", "Mon 2026-04-13 00:00:00 day"),  # the 13th of March is a Friday
    # Not one moment.
    ("in 30 minutes 2 hours", None),  # a span is said largest unit first
    ("+30 minutes 2 hours", None),
    ("in 1/0 hours", None),
    ("half to 5", None),  # "half past" is said; "half to" is not
    ("60 past 5", None),
    ("60 to 5", None),
    ("2 days after march", None),  # from which day of it?
    ("2 days after last monday", None),  # last monday itself is two readings
])
def test_a_text_is_read_as_the_moment_a_person_means_on_a_wednesday(text, moment):
    assert shown(text) == moment


@pytest.mark.parametrize(("text", "now", "moment"), [
    ("this weekend", SAT, "Sat 2026-03-07 00:00:00 day"),  # today
    ("this weekend", SUN, "Sun 2026-03-08 00:00:00 day"),  # still this one, on its Sunday
    ("coming weekend", SUN, "Sat 2026-03-14 00:00:00 day"),
    ("coming weekend", SAT, "Sat 2026-03-07 00:00:00 day"),
    ("next weekend", SAT, "Sat 2026-03-14 00:00:00 day"),
    ("end of the week", SAT, "Sun 2026-03-08 00:00:00 day"),  # on a weekend, its Sunday
    ("end of the week", SUN, "Sun 2026-03-08 00:00:00 day"),
    ("friday", SUN, "Fri 2026-03-13 00:00:00 day"),
    ("this friday", SUN, "Fri 2026-03-13 00:00:00 day"),
    ("next friday", SUN, "Fri 2026-03-13 00:00:00 day"),  # Monday starts next week
    ("christmas", DEC, "Sat 2027-12-25 00:00:00 day"),
    ("next christmas", DEC, "Sat 2027-12-25 00:00:00 day"),
])
def test_a_text_is_read_from_the_day_it_is_sent(text, now, moment):
    assert shown(text, now) == moment


@pytest.mark.parametrize(("zone", "moment"), [
    ("America/New_York", "Wed 2026-03-04 00:00:00 day"),
    ("Canada/Eastern", "Wed 2026-03-04 00:00:00 day"),
    ("US/Pacific", "Wed 2026-03-04 00:00:00 day"),
    ("Etc/UTC", "Wed 2026-03-04 00:00:00 day"),
    ("Pacific/Honolulu", "Wed 2026-03-04 00:00:00 day"),
    ("Europe/London", "Fri 2026-04-03 00:00:00 day"),
    ("Africa/Nairobi", "Fri 2026-04-03 00:00:00 day"),
    ("America/Mexico_City", "Fri 2026-04-03 00:00:00 day"),  # the Americas south of the US
    ("America/Bogota", "Fri 2026-04-03 00:00:00 day"),
    ("America/Argentina/Buenos_Aires", "Fri 2026-04-03 00:00:00 day"),
    ("America/Puerto_Rico", "Wed 2026-03-04 00:00:00 day"),
    ("America/Toronto", "Wed 2026-03-04 00:00:00 day"),
    ("Asia/Manila", "Wed 2026-03-04 00:00:00 day"),
])
def test_a_slashed_date_is_month_first_where_people_write_it_so(zone, moment):
    now = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo(zone))
    assert shown("3/4", now) == moment


def test_an_hour_on_the_24_hour_clock_is_never_read_as_its_12_hour_twin():
    afternoon = datetime(2026, 3, 4, 14, 0, tzinfo=NEW_YORK)
    assert shown("quarter past 13", afternoon) == "Thu 2026-03-05 13:15:00 minute"
    assert shown("13:15", afternoon) == "Thu 2026-03-05 13:15:00 minute"


def test_a_day_first_date_may_name_december():
    london = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("Europe/London"))
    assert shown("3/12", london) == "Thu 2026-12-03 00:00:00 day"
    assert shown("12/3", london) == "Thu 2026-03-12 00:00:00 day"
    assert shown("3/12") == "Thu 2026-03-12 00:00:00 day"  # New York: month first


@pytest.mark.parametrize(("text", "moment"), [
    ("easter 2027", "Sun 2027-03-28 00:00:00 day"),
    ("easter 1818", "Sun 1818-03-22 00:00:00 day"),
    ("easter 1943", "Sun 1943-04-25 00:00:00 day"),
    ("easter 1990", "Sun 1990-04-15 00:00:00 day"),
    ("easter 1981", "Sun 1981-04-19 00:00:00 day"),  # the rule's exceptions (Gauss's m = 1)
    ("easter 2049", "Sun 2049-04-18 00:00:00 day"),
    ("easter 2076", "Sun 2076-04-19 00:00:00 day"),
    ("easter 2038", "Sun 2038-04-25 00:00:00 day"),  # the latest Easter can be
    ("easter 2285", "Sun 2285-03-22 00:00:00 day"),  # the earliest
    ("orthodox easter 2031", "Sun 2031-04-13 00:00:00 day"),  # the same Sunday as Easter
    ("orthodox easter 2035", "Sun 2035-04-29 00:00:00 day"),
    ("palm sunday 2027", "Sun 2027-03-21 00:00:00 day"),
    ("pentecost", "Sun 2026-05-24 00:00:00 day"),
    ("ash wednesday", "Wed 2027-02-10 00:00:00 day"),  # this year's was in February
    ("mothering sunday", "Sun 2026-03-15 00:00:00 day"),
    ("clean monday", "Mon 2027-03-15 00:00:00 day"),
    ("lazarus saturday", "Sat 2026-04-04 00:00:00 day"),
    ("victoria day", "Mon 2026-05-18 00:00:00 day"),  # the Monday before the 25th (a Monday)
    ("election day", "Tue 2026-11-03 00:00:00 day"),
    ("grandparents day", "Sun 2026-09-13 00:00:00 day"),
    ("memorial day", "Mon 2026-05-25 00:00:00 day"),
    ("labor day", "Mon 2026-09-07 00:00:00 day"),
    ("mlk day", "Mon 2027-01-18 00:00:00 day"),
    ("mothers day", "Sun 2026-05-10 00:00:00 day"),
    ("fathers day", "Sun 2026-06-21 00:00:00 day"),
    ("thanksgiving 2027", "Thu 2027-11-25 00:00:00 day"),
    ("boss day", "Fri 2026-10-16 00:00:00 day"),
    ("boss day 2027", "Fri 2027-10-15 00:00:00 day"),  # the 16th is a Saturday: the Friday
    ("boss day 2022", "Mon 2022-10-17 00:00:00 day"),  # the 16th is a Sunday: the Monday
    ("kings day 2026", "Mon 2026-04-27 00:00:00 day"),
    ("koningsdag 2027", "Tue 2027-04-27 00:00:00 day"),
    ("kings day 2025", "Sat 2025-04-26 00:00:00 day"),  # the 27th is a Sunday: the day before
    ("parsi new year", "Sat 2026-08-15 00:00:00 day"),
])
def test_a_holiday_is_its_day_in_the_year_meant(text, moment):
    assert shown(text) == moment


@pytest.mark.parametrize(("text", "moment"), [
    ("the 5th of the next month", "Sun 2026-04-05 00:00:00 day"),
    ("5th of following month", "Sun 2026-04-05 00:00:00 day"),
    ("15-mar-2027", "Mon 2027-03-15 00:00:00 day"),
    ("15 mar 27", "Mon 2027-03-15 00:00:00 day"),
    ("2027q3", "Thu 2027-07-01 00:00:00 quarter"),
    ("27q3", "Thu 2027-07-01 00:00:00 quarter"),
    ("2027 q1", "Fri 2027-01-01 00:00:00 quarter"),
    ("2nd quarter", "Wed 2026-04-01 00:00:00 quarter"),
    ("3rd quarter of 2027", "Thu 2027-07-01 00:00:00 quarter"),
    ("q5", None),
    ("next 3 days", "Sat 2026-03-07 00:00:00 day"),
    ("3 upcoming weeks", "Mon 2026-03-23 00:00:00 week"),
    ("in the morning", "Thu 2026-03-05 09:00:00 hour"),  # this morning's 9am has passed
    ("tomorrow morning", "Thu 2026-03-05 09:00:00 hour"),
    ("this evening", "Wed 2026-03-04 18:00:00 hour"),
    ("tomorrow in the evening", "Thu 2026-03-05 18:00:00 hour"),
    ("at night", "Wed 2026-03-04 20:00:00 hour"),
])
def test_less_common_forms_are_read_too(text, moment):
    assert shown(text) == moment


@pytest.mark.parametrize(("text", "moment"), [  # another day: 7-11 morning, 12-6 afternoon
    ("tuesday at 5", "Tue 2026-03-10 17:00:00 hour"),
    ("next tuesday at 5", "Tue 2026-03-10 17:00:00 hour"),
    ("tuesday at 9", "Tue 2026-03-10 09:00:00 hour"),
    ("tuesday at 12", "Tue 2026-03-10 12:00:00 hour"),
    ("tuesday at 13", "Tue 2026-03-10 13:00:00 hour"),
    ("tuesday 13", "Tue 2026-10-13 00:00:00 day"),  # "tuesday the 13th", said without "the"
    ("tuesday at 25", None),  # a clock no day has: never "tuesday the 25th"
    ("tuesday eve", "Tue 2026-03-10 18:00:00 hour"),  # its evening
    ("tmrw eve", "Thu 2026-03-05 18:00:00 hour"),
    ("christmas eve", "Thu 2026-12-24 00:00:00 day"),  # the holiday
    ("tomorrow at lunch", "Thu 2026-03-05 12:00:00 hour"),
    ("tuesday lunchtime", "Tue 2026-03-10 12:00:00 hour"),
    ("friday at 30", None),
])
def test_a_weekday_and_a_bare_hour_are_read_as_an_appointment(text, moment):
    assert shown(text) == moment


@pytest.mark.parametrize(("text", "moment"), [
    ("Tmrw at Five P.M.", "Thu 2026-03-05 17:00:00 hour"),
    ("two thousand fifteen", "Thu 2015-01-01 00:00:00 year"),
    ("in two thousand", "Sat 2000-01-01 00:00:00 year"),
    ("nineteen hundred ninety three", "Fri 1993-01-01 00:00:00 year"),
    ("nineteen hundred", None),
    ("nineteen sixty", "Fri 1960-01-01 00:00:00 year"),  # sixty could not be minutes
    ("june first two thousand and twenty seven at noon", "Tue 2027-06-01 12:00:00 hour"),
    ("june nineteen fifty", "Thu 1950-06-01 00:00:00 month"),  # a month named: a year
    ("march fourth nineteen ninety", "Sun 1990-03-04 00:00:00 day"),
    ("at nine oh five", "Wed 2026-03-04 21:05:00 minute"),
    ("nine o five tomorrow", "Thu 2026-03-05 09:05:00 minute"),
    ("at twelve fifteen", "Wed 2026-03-04 12:15:00 minute"),
    ("at twenty three fifteen", "Wed 2026-03-04 23:15:00 minute"),
    ("at three twenty", "Wed 2026-03-04 15:20:00 minute"),
    ("three twenty", None),  # a count or a price as often as a time
    ("in twenty minutes", "Wed 2026-03-04 10:35:00 second"),
    ("in twenty one days", "Wed 2026-03-25 10:00:00 hour"),
    ("in one hour", "Wed 2026-03-04 11:15:00 minute"),
    ("in an hour", "Wed 2026-03-04 11:15:00 minute"),
    ("in a few hours", "Wed 2026-03-04 13:15:00 minute"),
    ("in a couple of days", "Fri 2026-03-06 10:00:00 hour"),
    ("in a second", "Wed 2026-03-04 10:15:01 second"),
    ("in 2 seconds", "Wed 2026-03-04 10:15:02 second"),
    ("in 90 min", "Wed 2026-03-04 11:45:00 second"),
    ("in 5mins", "Wed 2026-03-04 10:20:00 second"),
    ("in 3hrs", "Wed 2026-03-04 13:15:00 minute"),
    ("in 2wks", "Wed 2026-03-18 00:00:00 day"),
    ("the twenty fifth", "Wed 2026-03-25 00:00:00 day"),
    ("the thirtieth", "Mon 2026-03-30 00:00:00 day"),
    ("thirty first of may", "Sun 2026-05-31 00:00:00 day"),
    ("the second of april", "Thu 2026-04-02 00:00:00 day"),
    ("second of april", "Thu 2026-04-02 00:00:00 day"),
    ("eleventh of november", "Wed 2026-11-11 00:00:00 day"),
    ("on the 5", "Thu 2026-03-05 00:00:00 day"),
    ("on the 24", "Tue 2026-03-24 00:00:00 day"),
    ("the 5 pm", "Wed 2026-03-04 17:00:00 hour"),  # "the 5" is a day, unless a clock follows
    ("at 5 o'clock", "Wed 2026-03-04 17:00:00 hour"),
    ("at 5 o’clock", "Wed 2026-03-04 17:00:00 hour"),
    ("at 1530", "Wed 2026-03-04 15:30:00 minute"),
])
def test_numbers_said_in_words_and_texting_spellings_are_read(text, moment):
    assert shown(text) == moment


# Written after the measurement in tests/MUTANTS.md, against its survivors (seed 2026).
@pytest.mark.parametrize(("text", "now", "moment"), [
    ("january", WED, "Fri 2027-01-01 00:00:00 month"),  # the coming one
    ("this january", WED, "Thu 2026-01-01 00:00:00 month"),  # this year's, though past
    ("next 2 quarters", WED, "Wed 2026-07-01 00:00:00 quarter"),
    ("13.5", WED, "Wed 2026-05-13 00:00:00 day"),  # no 13th month: day first
    ("easter 1776", WED, "Sun 1776-04-07 00:00:00 day"),
    ("twenty third of march", WED, "Mon 2026-03-23 00:00:00 day"),
    ("two thousand and five", WED, "Sat 2005-01-01 00:00:00 year"),
    ("1066 a.d.", WED, "Mon 1066-01-01 00:00:00 year"),
    ("in 2 hours 1 hour", WED, None),  # a unit said twice is no span
    ("the first week of june", WED, "Mon 2026-06-01 00:00:00 week"),  # June 1st is a Monday
    ("last christmas", datetime(2026, 12, 25, 10, 0, tzinfo=NEW_YORK),
     "Thu 2025-12-25 00:00:00 day"),  # on Christmas day, the one before
    ("q2", datetime(2026, 3, 31, 10, 0, tzinfo=NEW_YORK),
     "Wed 2026-04-01 00:00:00 quarter"),  # read on a 31st
    ("2027q2", datetime(2026, 3, 31, 10, 0, tzinfo=NEW_YORK),
     "Thu 2027-04-01 00:00:00 quarter"),
])
def test_more_forms_at_their_edges(text, now, moment):
    assert shown(text, now) == moment


# Written against the survivors of the seed-1207 sample (tests/MUTANTS.md): a month and a year
# joined by a dash, weekdays counted from now, a week of a month already past, clocks said
# "til" and "to twelve am", a span from today, two-unit spans with weeks, and the longest span.
@pytest.mark.parametrize(("text", "moment"), [
    ("mar-2028", "Wed 2028-03-01 00:00:00 month"),
    ("june 5th-2028", "Mon 2028-06-05 00:00:00 day"),
    ("3 fridays from now", "Fri 2026-03-20 00:00:00 day"),
    ("1 friday from now", "Fri 2026-03-06 00:00:00 day"),
    ("first week of january", "Mon 2027-01-04 00:00:00 week"),  # January is past: next year's
    ("last week of february", "Mon 2027-02-22 00:00:00 week"),
    ("ten til five", "Wed 2026-03-04 16:50:00 minute"),
    ("quarter til 6pm", "Wed 2026-03-04 17:45:00 minute"),
    ("ten to twelve am", "Wed 2026-03-04 23:50:00 minute"),  # just before midnight, tonight
    ("2 hours from today", "Wed 2026-03-04 12:15:00 minute"),  # from now, not today's midnight
    ("in 1 week 2 days", "Fri 2026-03-13 10:00:00 hour"),
    ("in 1 month 1 week", "Sat 2026-04-11 00:00:00 day"),
    ("in 10000 minutes", "Wed 2026-03-11 09:55:00 second"),
    ("in 10001 minutes", None),  # more than the longest span read: no time at all
    ("at 05:30", "Thu 2026-03-05 05:30:00 minute"),  # a zero before the hour: the 24-hour clock
    ("tomorrow at nine oh five", "Thu 2026-03-05 09:05:00 minute"),
    ("ten sixty six", "Mon 1066-01-01 00:00:00 year"),
    ("5 at night", "Wed 2026-03-04 17:00:00 hour"),
    ("friday night at 5", "Fri 2026-03-06 17:00:00 hour"),
    ("wednesday after next", "Wed 2026-03-18 00:00:00 day"),  # said on a Wednesday
    ("in 1 minute 30 seconds", "Wed 2026-03-04 10:16:30 second"),
    ("sat 0", "Sat 2026-03-07 00:00:00 hour"),  # hour 0 beside a day: its midnight
    ("last week of 2025", "Mon 2025-12-22 00:00:00 week"),  # ISO week 52: 2025 has no 53rd
    ("2 fridays ago", "Fri 2026-02-20 00:00:00 day"),
    ("5 mar 51", "Mon 1951-03-05 00:00:00 day"),  # a two-digit year past 50 is the 1900s
    ("sat 5", "Sat 2026-03-07 17:00:00 hour"),  # a bare hour on another day: the afternoon's
    ("march 5 tonight", "Thu 2026-03-05 20:00:00 hour"),  # that day's night, not today's
])
def test_forms_at_their_edges_on_a_wednesday(text, moment):
    assert shown(text) == moment


# Written against the rest of the seed-1208 survivors (tests/MUTANTS.md): a weekday that is not
# this year's date's, a day and a half's hours on a clock half an hour off UTC, "a.m." glued to
# its number, "an few", "in 5" beside a day, a span before a month or a holiday, a bare hour
# after a span of days, and "o clock" without its apostrophe.
KOLKATA = datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("Asia/Kolkata"))  # UTC+5:30


@pytest.mark.parametrize(("text", "now", "moment"), [
    ("fri, jul 16", WED, "Fri 2027-07-16 00:00:00 day"),  # this year's is a Thursday: next year's
    ("in a week and a half", KOLKATA, "Sat 2026-03-14 22:00:00 hour"),  # on the hour there too
    ("tomorrow at 7a.m.", WED, "Thu 2026-03-05 07:00:00 hour"),
    ("in an few hours", WED, "Wed 2026-03-04 13:15:00 minute"),
    ("tomorrow in 5", WED, None),  # "in 5" is an amount, never 5 o'clock
    ("in 2 years in june", WED, "Thu 2028-06-01 00:00:00 month"),
    ("in 2 years christmas", WED, "Mon 2028-12-25 00:00:00 day"),
    ("in 2 days, 9", WED, "Fri 2026-03-06 09:00:00 hour"),
    ("at nine o clock", WED, "Wed 2026-03-04 21:00:00 hour"),
    ("tomorrow at 9 o clock", WED, "Thu 2026-03-05 09:00:00 hour"),
    ("at nine oh", WED, None),  # "oh" and no minutes: no clock
])
def test_the_last_forms_at_their_edges(text, now, moment):
    assert shown(text, now) == moment


# Written against the mutants of parsers/times/days.py and resolve.py that changed no reading
# the tests make (tests/MUTANTS.md): each row tells apart mutants the others don't, at the
# edges of a week, a month and a year (a leap day, New Year's Eve and Day, a Monday the 1st,
# late at night, a summer-time Sunday).
MON = datetime(2026, 3, 2, 10, 15, tzinfo=NEW_YORK)
TUE = datetime(2026, 3, 3, 10, 15, tzinfo=NEW_YORK)
THU = datetime(2026, 3, 5, 10, 15, tzinfo=NEW_YORK)
FRI = datetime(2026, 3, 6, 10, 15, tzinfo=NEW_YORK)
WED_5PM = datetime(2026, 3, 4, 17, 0, tzinfo=NEW_YORK)
WED_LATE = datetime(2026, 3, 4, 23, 30, tzinfo=NEW_YORK)
WED_EARLY = datetime(2026, 3, 4, 0, 30, tzinfo=NEW_YORK)
UTC_EARLY = datetime(2026, 3, 4, 0, 30, tzinfo=ZoneInfo("UTC"))  # slashes month first in UTC
JAN_31 = datetime(2026, 1, 31, 10, 15, tzinfo=NEW_YORK)  # a Saturday
FEB_28 = datetime(2026, 2, 28, 10, 15, tzinfo=NEW_YORK)  # a Saturday
LEAP_DAY = datetime(2028, 2, 29, 10, 15, tzinfo=NEW_YORK)  # a Tuesday
MAR_29 = datetime(2026, 3, 29, 10, 15, tzinfo=NEW_YORK)  # a Sunday
APR_30 = datetime(2026, 4, 30, 12, 0, tzinfo=NEW_YORK)  # after Easter
JUNE_1 = datetime(2026, 6, 1, 10, 15, tzinfo=NEW_YORK)  # a Monday the 1st
NOV_30 = datetime(2026, 11, 30, 22, 0, tzinfo=NEW_YORK)
XMAS = datetime(2026, 12, 25, 9, 0, tzinfo=NEW_YORK)  # a Friday
NYE = datetime(2026, 12, 31, 10, 15, tzinfo=NEW_YORK)
NEW_YEAR = datetime(2027, 1, 1, 8, 0, tzinfo=NEW_YORK)


@pytest.mark.parametrize(("text", "now", "moment"), [
    ("1/31/27", LEAP_DAY, "Sun 2027-01-31 00:00:00 day"),
    ("next new year", NEW_YEAR, "Sat 2028-01-01 00:00:00 day"),  # said on New Year's Day
    ("past june", NYE, "Mon 2026-06-01 00:00:00 month"),
    ("1.2.", XMAS, "Mon 2027-02-01 00:00:00 day"),  # dots: day first, in New York too
    ("tonight", WED_LATE, "Wed 2026-03-04 20:00:00 hour"),  # this day's, though 8pm is past
    ("friday 31", NOV_30, "Fri 2027-12-31 00:00:00 day"),  # the next 31st on a Friday
    ("day before yesterday", WED_5PM, "Mon 2026-03-02 00:00:00 day"),
    ("1/8", UTC_EARLY, "Fri 2027-01-08 00:00:00 day"),
    ("31/12", WED_5PM, "Thu 2026-12-31 00:00:00 day"),
    ("sunday 13", SAT, "Sun 2026-09-13 00:00:00 day"),
    ("coming june", JUNE_1, "Tue 2027-06-01 00:00:00 month"),
    ("next 1 year", NYE, "Fri 2027-01-01 00:00:00 year"),
    ("previous may", WED_LATE, "Thu 2025-05-01 00:00:00 month"),
    ("next 1 month", XMAS, "Fri 2027-01-01 00:00:00 month"),
    ("coming friday", TUE, "Fri 2026-03-06 00:00:00 day"),
    ("following june", JUNE_1, "Tue 2027-06-01 00:00:00 month"),
    ("previous monday", LEAP_DAY, None),  # yesterday, or eight days ago?
    ("upcoming weekend", MAR_29, "Sat 2026-04-04 00:00:00 day"),
    ("following friday", FEB_28, "Fri 2026-03-06 00:00:00 day"),
    ("monday last week", THU, "Mon 2026-02-23 00:00:00 day"),
    ("q4", FRI, "Thu 2026-10-01 00:00:00 quarter"),
    ("nye", NYE, "Thu 2026-12-31 00:00:00 day"),
    ("at 12", WED_LATE, "Thu 2026-03-05 00:00:00 hour"),  # the coming midnight
    ("friday 9am", XMAS, "Fri 2027-01-01 09:00:00 hour"),  # said at 9am on a Friday: next Friday's
    ("last easter", APR_30, "Sun 2026-04-05 00:00:00 day"),
    ("at 10:15:30", JAN_31, "Sat 2026-01-31 10:15:30 second"),
    ("last monday", MON, "Mon 2026-02-23 00:00:00 day"),
    ("1 fridays ago", FRI, "Fri 2026-02-27 00:00:00 day"),
    ("5th week of may", APR_30, None),  # May 2026 has four whole weeks
    ("tuesday, feb 29", JAN_31, "Tue 2028-02-29 00:00:00 day"),  # the next Feb 29th: a Tuesday
    ("upcoming sunday", MAR_29, "Sun 2026-04-05 00:00:00 day"),
    ("end of next year", WED_EARLY, "Fri 2027-12-31 00:00:00 day"),
    ("last day of june", JUNE_1, "Tue 2026-06-30 00:00:00 day"),
    ("1 friday from now", JAN_31, "Fri 2026-02-06 00:00:00 day"),
    ("5th friday of december", LEAP_DAY, "Fri 2028-12-29 00:00:00 day"),
    ("at 5 in the afternoon", WED_5PM, "Thu 2026-03-05 17:00:00 hour"),  # said at 5pm: tomorrow's
    ("15th", XMAS, "Fri 2027-01-15 00:00:00 day"),  # December's has passed: January's
    ("monday 9", MON, "Mon 2026-03-02 21:00:00 hour"),  # that Monday: the 9 still ahead
    ("today at 5", WED_EARLY, "Wed 2026-03-04 05:00:00 hour"),  # at 12:30am, 5am is ahead
])
def test_days_months_and_years_read_at_the_edges_of_the_calendar(text, now, moment):
    assert shown(text, now) == moment


@pytest.mark.parametrize(("text", "now", "moment"), [
    ("today at 12", WED, "Wed 2026-03-04 12:00:00 hour"),
    ("monday at 12", JUNE_1, "Mon 2026-06-01 12:00:00 hour"),  # said on a Monday morning
    ("friday at 12", FRI, "Fri 2026-03-06 12:00:00 hour"),
    ("today at 12", WED_5PM, "Thu 2026-03-05 00:00:00 hour"),  # noon has passed: midnight
])
def test_twelve_on_the_day_itself_is_its_noon_while_noon_is_ahead(text, now, moment):
    # Midnight (hour 24) was placed on the day's own clock, which has no hour 24: no time at all.
    assert shown(text, now) == moment
