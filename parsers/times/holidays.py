"""Holidays a reminder might name, by the words people use; each gives its date in a year."""

from __future__ import annotations

from datetime import date, timedelta

from parsers.times.lexicon import nth_weekday


def easter(year: int) -> date:
    """Return Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _fixed(month: int, day: int):
    return lambda year: date(year, month, day)


def _nth(month: int, weekday: int, n: int):
    return lambda year: nth_weekday(year, month, weekday, n)


def _nth_day(year: int, month: int, weekday: int, n: int) -> date:
    """Return nth_weekday's day where every month has one: the 1st to 4th, or the last."""
    day = nth_weekday(year, month, weekday, n)
    if day is None:
        raise ValueError(f"no weekday {weekday} number {n} in {year}-{month}")
    return day


def _from_easter(days: int):
    return lambda year: easter(year) + timedelta(days=days)


def orthodox_easter(year: int) -> date:
    """Return Orthodox Easter Sunday: the Julian computus, moved onto the Gregorian calendar."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian_gap = year // 100 - year // 400 - 2  # 13 days from 1900 to 2099
    return date(year, month, day + 1) + timedelta(days=julian_gap)


def _from_orthodox_easter(days: int):
    return lambda year: orthodox_easter(year) + timedelta(days=days)


def _weekday_before(day: date, weekday: int) -> date:
    """Return the last `weekday` before `day` (Victoria Day: the Monday before May 25)."""
    return day - timedelta(days=(day.weekday() - weekday - 1) % 7 + 1)


def _kings_day(year: int) -> date:
    """King's Day in the Netherlands: April 27, or the 26th when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


# Holidays a reminder might name, by the words people use; each gives its date in a year.
HOLIDAYS = {
    "christmas|christmas day": _fixed(12, 25),
    "christmas eve": _fixed(12, 24),
    "new year eve|new years eve": _fixed(12, 31),
    "new year|new years|new year day|new years day": _fixed(1, 1),
    "valentine|valentines|valentine day|valentines day": _fixed(2, 14),
    "halloween": _fixed(10, 31),
    "independence day|4th of july|july 4th|fourth of july": _fixed(7, 4),
    "st patrick day|saint patrick day|st patricks day|saint patricks day|st paddy day"
    "|st patrick|saint patrick|st patricks|saint patricks"
    "|st paddys day|saint paddy day|saint paddys day|st pattys day|st patty day": _fixed(3, 17),
    "boxing day": _fixed(12, 26),
    "thanksgiving|thanksgiving day": _nth(11, 3, 4),
    "black friday": lambda year: _nth_day(year, 11, 3, 4) + timedelta(days=1),
    "mlk day|mlk|martin luther king day|martin luther kings day|martin luther king jr day"
    "|civil rights day": _nth(1, 0, 3),
    "presidents day|president day|washington birthday": _nth(2, 0, 3),
    "memorial day": _nth(5, 0, -1),
    "labor day|labour day": _nth(9, 0, 1),
    "columbus day": _nth(10, 0, 2),
    "veterans day|veteran day": _fixed(11, 11),
    "mother day|mothers day": _nth(5, 6, 2),
    "father day|fathers day": _nth(6, 6, 3),
    "easter|easter sunday": _from_easter(0),
    "easter monday|easter mon": _from_easter(1),
    "good friday": _from_easter(-2),
    "maundy thursday": _from_easter(-3),
    "palm sunday": _from_easter(-7),
    "ash wednesday": _from_easter(-46),
    "pentecost|whit sunday|whitsunday": _from_easter(49),
    "whit monday": _from_easter(50),
    "trinity sunday": _from_easter(56),
    "shrove tuesday|mardi gras|pancake day": _from_easter(-47),
    "boss day|bosses day": lambda year: _nearest_weekday(date(year, 10, 16)),
    "earth day": _fixed(4, 22),
    # More days people set reminders for, fixed or by a rule
    "new year eve|new years eve|nye": _fixed(12, 31),
    "juneteenth|freedom day|jubilee day|emancipation day": _fixed(6, 19),
    "cinco de mayo": _fixed(5, 5),
    "groundhog day": _fixed(2, 2),
    "april fool|april fools|april fool day|april fools day": _fixed(4, 1),
    "kwanzaa": _fixed(12, 26),
    "flag day": _fixed(6, 14),
    "election day": lambda year: _nth_day(year, 11, 0, 1) + timedelta(days=1),
    "grandparents day|grandparent day": lambda year: _nth_day(year, 9, 0, 1) + timedelta(days=6),
    "canada day": _fixed(7, 1),
    "victoria day": lambda year: _weekday_before(date(year, 5, 25), 0),
    "remembrance day": _fixed(11, 11),
    "anzac day": _fixed(4, 25),
    "australia day": _fixed(1, 26),
    "bastille day": _fixed(7, 14),
    "may day|workers day|international workers day": _fixed(5, 1),
    "women day|womens day|international women day|international womens day": _fixed(3, 8),
    "bonfire night|guy fawkes|guy fawkes day|guy fawkes night": _fixed(11, 5),
    "burns night": _fixed(1, 25),
    "st andrew day|saint andrew day|st andrews day": _fixed(11, 30),
    "st george day|saint george day|st georges day": _fixed(4, 23),
    "st david day|saint david day|st davids day": _fixed(3, 1),
    "world vegan day": _fixed(11, 1),
    "ides of march": _fixed(3, 15),
    "kings day|king day|koningsdag": lambda year: _kings_day(year),
    "parsi new year|jamshedi navroz": lambda year: date(2018, 8, 17)
    + timedelta(days=365 * (year - 2018)),  # a year of 365 days, no leap day
    "epiphany day|feast of epiphany|three kings day|three king day": _fixed(1, 6),
    "candlemas": _fixed(2, 2),
    "all saints day|all saint day": _fixed(11, 1),
    "all souls day|all soul day": _fixed(11, 2),
    "mothering sunday": _from_easter(-21),
    "holy saturday": _from_easter(-1),
    "ascension day|ascension thursday": _from_easter(39),
    "corpus christi": _from_easter(60),
    "white sunday": _from_easter(49),
    "branch sunday": _from_easter(-7),
    "covenant thursday|covenant thu|thursday of mysteries|thu of mysteries": _from_easter(-3),
    "monday of holy spirit": _from_easter(50),
    "orthodox easter|orthodox easter sunday": _from_orthodox_easter(0),
    "orthodox good friday|orthodox great friday": _from_orthodox_easter(-2),
    "clean monday|orthodox shrove monday|orthodox ash monday": _from_orthodox_easter(-48),
    "lazarus saturday": _from_orthodox_easter(-8),
    "orthodox palm sunday": _from_orthodox_easter(-7),
}
HOLIDAY_NAMES = {name: rule for names, rule in HOLIDAYS.items() for name in names.split("|")}


def _nearest_weekday(day: date) -> date:
    """Move a Saturday back to Friday and a Sunday on to Monday."""
    return day - timedelta(days=1) if day.weekday() == 5 else \
        day + timedelta(days=1) if day.weekday() == 6 else day

