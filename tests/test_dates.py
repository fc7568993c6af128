"""Due dates as people type them, read in the member's time zone at a fixed moment."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.dates import guess_zone, has_passed, read_when, show_when, zone_of
from handlers.repeats import show_rule
from parsers.languages import speaking
from parsers.segments import encoding
from store.models import Member

LA = Member(phone="+14155550101")  # America/Los_Angeles, guessed from the number
CHICAGO = Member(phone="+14155550101", tz="America/Chicago")
# Naive UTC, as stored: Sunday 22 November 2026, 10:30 in Los Angeles.
SUNDAY = datetime(2026, 11, 22, 18, 30)
FRIDAY = datetime(2026, 11, 27, 18, 30)  # Friday 10:30 in Los Angeles
DEC_3 = datetime(2026, 12, 3, 18, 30)


@pytest.mark.parametrize(("text", "now", "member", "shown"), [
    ("fri", SUNDAY, LA, "Fri Nov 27"),
    ("Friday", SUNDAY, LA, "Fri Nov 27"),
    ("fri", FRIDAY, LA, "Fri Dec 4"),  # on a Friday, "fri" alone is next Friday
    ("next friday", FRIDAY, LA, "Fri Dec 4"),
    ("tomorrow 5pm", SUNDAY, LA, "Mon Nov 23, 5:00pm"),
    ("tmrw 5pm", SUNDAY, LA, "Mon Nov 23, 5:00pm"),
    ("monday 9", SUNDAY, LA, "Mon Nov 23, 9:00am"),  # a bare hour on another day: the morning
    ("dec 3", SUNDAY, LA, "Thu Dec 3"),
    ("dec 3", DEC_3, LA, "Thu Dec 3"),  # not next year
    ("3 dec", SUNDAY, LA, "Thu Dec 3"),
    ("jan 5", SUNDAY, LA, "Tue Jan 5"),
    ("friday 5:30pm", SUNDAY, LA, "Fri Nov 27, 5:30pm"),
    ("fri 17:00", SUNDAY, LA, "Fri Nov 27, 5:00pm"),
    ("in 2 hours", SUNDAY, LA, "Sun Nov 22, 12:30pm"),
    ("in 2 hours", SUNDAY, CHICAGO, "Sun Nov 22, 2:30pm"),
    ("tonight", SUNDAY, LA, "Sun Nov 22, 8:00pm"),
    ("noon", SUNDAY, LA, "Sun Nov 22, 12:00pm"),
    ("today", SUNDAY, LA, "Sun Nov 22"),
    ("the 5th", SUNDAY, LA, "Sat Dec 5"),
    ("22nd", SUNDAY, LA, "Sun Nov 22"),
    ("31st", SUNDAY, LA, "Thu Dec 31"),
    ("feb 29", SUNDAY, LA, "Tue Feb 29"),  # 2028: a month typed may be far off
])
def test_what_people_type_is_read_in_their_zone(text, now, member, shown):
    found = read_when(text, member, now)
    assert found is not None
    assert show_when(*found, member) == shown
    assert not has_passed(found[0], now)


def test_a_day_without_a_time_lasts_until_its_end_where_the_member_lives():
    found = read_when("fri", LA, SUNDAY)
    assert found == (datetime(2026, 11, 28, 7, 59), False)  # 23:59 in Los Angeles


def test_a_time_is_stored_in_utc_and_shown_in_each_readers_zone():
    found = read_when("fri 5pm", LA, SUNDAY)
    assert found is not None and found == (datetime(2026, 11, 28, 1, 0), True)
    assert show_when(found[0], True, CHICAGO) == "Fri Nov 27, 7:00pm"


# "feb 30" and "32nd" never come; a week or a month is not a due date.
@pytest.mark.parametrize("text", ["banana", "the day after never", "soon-ish", "42 bananas",
                                  "feb 30", "32nd", "next week", "march"])
def test_what_is_not_a_date_is_none(text):
    assert read_when(text, LA, SUNDAY) is None


def test_yesterday_has_passed():
    found = read_when("yesterday", LA, SUNDAY)
    assert found is not None and has_passed(found[0], SUNDAY)


@pytest.mark.parametrize(("phone", "zone"), [
    ("+14155550101", "America/Los_Angeles"),
    ("+12125550101", "America/New_York"),
    ("+33612345678", "Europe/Paris"),
    ("+999", None),
])
def test_the_zone_is_guessed_from_the_number(phone, zone):
    assert guess_zone(phone) == zone


def test_a_number_whose_zones_share_one_clock_gets_that_clock():
    # A UK mobile may be in London, Guernsey, Jersey or the Isle of Man.
    guessed = ZoneInfo(guess_zone("+447911123456") or "")
    for moment in (datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)):
        assert moment.astimezone(guessed).utcoffset() == moment.astimezone(
            ZoneInfo("Europe/London")).utcoffset()


def test_a_zone_the_member_set_wins_and_unknown_falls_back_to_utc():
    assert zone_of(CHICAGO).key == "America/Chicago"
    assert zone_of(Member(phone="+999")).key == "UTC"
    assert zone_of(Member(phone="+14155550101", tz="Not/AZone")).key == "America/Los_Angeles"


@pytest.mark.parametrize(("text", "now", "shown"), [
    ("mañana a las 5", SUNDAY, "lun 23 nov, 17:00"),
    ("el viernes a las 9", SUNDAY, "vie 27 nov, 9:00"),
    ("el sábado", SUNDAY, "sab 28 nov"),  # in GSM-7: "sáb" would cost a Spanish reply 90 letters
    ("el 3 de diciembre", SUNDAY, "jue 3 dic"),
    ("el miercoles por la noche", SUNDAY, "mié 25 nov, 20:00"),
])
def test_a_spanish_speaker_types_and_reads_times_in_spanish(text, now, shown):
    with speaking("es"):
        found = read_when(text, LA, now)
        assert found is not None
        assert show_when(*found, LA) == shown
        assert encoding(show_when(*found, LA)) == "GSM-7"


def test_repeats_are_shown_in_the_language_being_spoken():
    assert show_rule("mon,wed 18:30") == "every mon and wed 6:30pm"
    with speaking("es"):
        assert show_rule("mon,wed 18:30") == "cada lun y mié 18:30"
        assert show_rule("day 08:00") == "a diario 8:00"
        assert show_rule("weekday 09:00") == "entre semana 9:00"
