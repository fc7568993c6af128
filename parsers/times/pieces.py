"""The pieces a time text is made of, each read by one pattern: a day, a clock time, a span.

Patterns run over normalised text (parsers.times.normal): number words are digits, "the" is
gone, am/pm stand apart. A piece that needs "now" to mean anything carries a function of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from parsers.times.amounts import _SPAN, _now, _offset, _part_span, _span
from parsers.times.clocks import _ZONES, _bare, _clock, _clock24, _named_clock, _words_clock, _zone
from parsers.times.days import (
    _coarse,
    _day_of_month,
    _end_of,
    _holiday,
    _iso,
    _iso_week,
    _month_day,
    _month_end,
    _month_week,
    _month_year,
    _nth_weekday,
    _numeric,
    _numeric_month,
    _quarter,
    _relative_day,
    _upcoming,
    _weekday,
    _weekdays_away,
    _weekend,
    _year_alone,
)
from parsers.times.first import first_chars
from parsers.times.holidays import HOLIDAY_NAMES
from parsers.times.lexicon import WEEKDAYS, alternation
from parsers.times.piece import HALF, ORD, ORDX, UNIT, YEAR, D, M, Piece

# What makes a span count from now: "in 2 hours" is also "2 hours from now", "2 hours out".
_LATER = "from now|from right now|from today|later|hence|from this moment|after now|out"
_REL = r"(?P<rel>this|current|next|coming|upcoming|following|last|previous|past)"
_HOUR = r"(?P<hour>\d{1,2})"
_MIN = r"(?P<minute>\d{2})"
_HOLIDAY = rf"(?P<name>{alternation(HOLIDAY_NAMES)})( day)?"
_AFTER = (r"(?P<after>after next|next week|this week|of next week|of this week|last week"
          r"|of last week|from last week|week after next|of following week)")
_WEEK = {"next": "next week", "following": "next week", "this": "this week", "last": "last week",
         "previous": "last week"}


PATTERNS: tuple[tuple[str, Callable[[re.Match], Piece | None]], ...] = (
    # days
    (rf"(?:this )?{M}[ -]{ORD}(?: of)?(?:(?: in| of)? {YEAR}|-(?P<year2>\d{{4}}))?", _month_day),
    (rf"(?:this )?{ORD} (?:day )?(?:of )?{M}(?:(?: in| of)? {YEAR}| of (?P<yy>\d\d))?",
     _month_day),
    (rf"(?P<year>\d{{4}})[ /-]{M}[ /-]{ORD}", _month_day),
    (rf"{ORD} ?/ ?{M}", _month_day),
    (rf"{M} ?/ ?{ORD}", _month_day),
    (r"(?P<a>\d{1,2}) ?(?P<sep>[/-]) ?(?P<b>\d{1,2})(?: ?[/-] ?(?P<y>\d{4}|\d{2}))?", _numeric),
    (r"(?P<a>\d{1,2})\.(?P<b>\d{1,2})(?:\.(?P<y>\d{4}|\d{2})|(?P<dot>\.))?",
     lambda m: _numeric(m, day_first=True)),
    (r"(?P<end>eom|eoy|eow|end of (?:this |current )?(?P<next>next |following )?"
     r"(?P<what>month|year|week))|last day of (?:this |current )?(?P<what2>month|year)", _end_of),
    (r"eod|cob|close of business|end of business|end of (?:business )?day"
     r"|end of(?= today(?: |$)| tomorrow(?: |$))", lambda m: Piece("clock", (17, None, "24"))),
    (r"(?:(?P<rel>this|next|last|coming|upcoming|on|over) )?weekend", _weekend),
    (rf"last day (?:of|in) {M}(?: {YEAR})?", lambda m: _month_end(m)),
    (r"(?P<y>\d{4})[-/.](?P<a>\d{1,2})[-/.](?P<b>\d{1,2})", _iso),
    (r"(?P<y>(?:19|20)\d\d) (?P<a>\d{1,2}) (?P<b>\d{1,2})", _iso),
    (rf"(?P<b>\d{{1,2}})[-/ ](?P<m>{M})[-/ ](?P<y>\d{{4}}|\d{{2}})",
     lambda m: _numeric_month(m)),
    (r"today|tomorrow|yesterday|day after tomorrow|day before yesterday|next day", _relative_day),
    (rf"(?:(?P<how>this past|this coming|this upcoming|this|next|last|coming|upcoming|previous"
     rf"|past|following) )?{D}(?: {_AFTER})?",
     _weekday),
    (rf"{ORD} (?:day )?of {_REL} month", _day_of_month),
    (ORDX, _day_of_month),
    (rf"on {ORD}", _day_of_month),
    (rf"(?P<n>\d(?:st|nd|rd|th)|last|second) {D} (?:of|in) (?:{M}(?: {YEAR})?|(?:{_REL} )?month)",
     _nth_weekday),
    (rf"(?P<amount>\d+) {D} (?P<dir>from now|hence|ago|back)", _weekdays_away),
    (rf"(?:(?P<rel>this|next|last|previous|past|coming|upcoming|following) )?{_HOLIDAY}"
     rf"(?: (?:(?:in |of )?{YEAR}(?: ad)?|of (?P<yrel>this|next|last) year))?", _holiday),
    (rf"(?P<wk>next|this|last|following|previous) week (?:on |- )?{D}",
     lambda m: Piece("dow", (WEEKDAYS[m["dow"]], _WEEK[m["wk"]]))),
    # spans from now
    (rf"(?:in|within|after)(?: about| around| another)? {_SPAN}", _span),
    (rf"{_SPAN} (?:{_LATER})", _span),
    (rf"{_SPAN} (?:ago|back|before now|earlier)", lambda m: _span(m, -1)),
    (rf"{_SPAN} (?P<dir>after|from|before|prior to)", _offset),
    (rf"(?P<dir>[+-]) ?{_SPAN}", _offset),
    (r"day (?P<dir>after|before)", lambda m: Piece("offset", ([(1 if m["dir"] == "after" else -1,
                                                                "day")], False))),
    (r"(?:in|within) (?:about |around )?(?:an? )?(?P<part>half|quarter|3 quarters) (?:of )?"
     r"(?:an? )?(?P<unit>hour|minute|day)", _part_span),
    (rf"(?:an? )?(?P<part>half|quarter|3 quarters) (?:of )?(?:an? )?(?P<unit>hour|minute|day)"
     rf" (?P<dir>{_LATER}|ago|back|before now|earlier)", _part_span),
    (r"(?:right |just )?now|atm|at moment|immediately|right away", _now),
    # weeks, months, quarters, years
    (rf"{_REL} (?P<grain>hour|week|month|quarter|year)", _coarse),
    (r"(?P<grain>week) after next", _coarse),
    (rf"week (?P<week>\d{{1,2}})(?: (?:of|in) (?:{YEAR}|(?P<rel>this|next|last) year))?",
     _iso_week),
    (rf"(?P<n>\d(?:st|nd|rd|th)|last) week (?:of|in) {YEAR}", _iso_week),
    (rf"(?:(?P<n>\d(?:st|nd|rd|th)|2nd) )?(?P<last>last )?week (?:of|in) {M}(?: {YEAR})?",
     _month_week),
    (rf"(?P<n>\d(?:st|nd|rd|th)|2nd) last week (?:of|in) {YEAR}", _iso_week),
    (rf"(?:upcoming|next) (?P<amount>\d+) (?P<unit>{UNIT})", _upcoming),
    (rf"(?P<amount>\d+) (?:upcoming|next) (?P<unit>{UNIT})", _upcoming),
    (rf"(?:in |during |for )?(?:{_REL} )?{M}(?:(?: of)? {YEAR}|[-/](?P<year2>\d{{4}})"
     rf"| of (?P<yy>\d\d))?",
     _month_year),
    (rf"(?:in |during )?(?P<year>\d{{4}})(?: ad)?[ /-]{M}", _month_year),
    (rf"(?P<mnum>\d{{1,2}})[/-]{YEAR}", _month_year),
    (rf"{YEAR}[/-](?P<mnum>\d{{1,2}})", _month_year),
    (rf"(?:q(?P<q>\d)|(?P<q2>\d)(?:st|nd|rd|th) quarter)(?: (?:of )?{YEAR})?", _quarter),
    (rf"{YEAR} ?q(?P<q>\d)", _quarter),
    (r"(?P<yy>\d\d)q(?P<q>\d)", _quarter),
    # A year alone is read only as one: "in 2027", "year 2027", "2027 ad"; "2027" may be a number.
    (r"(?:in|during|year) (?P<year>1\d\d\d|2\d\d\d)(?: ad)?|(?P<year2>1\d\d\d|2\d\d\d) ad",
     _year_alone),
    # clock times
    (rf"{_HOUR}(?:[:.]?{_MIN}(?::(?P<second>\d{{2}}))?)? ?{HALF}", _clock),
    (rf"{_HOUR}:{_MIN}(?::(?P<second>\d{{2}}))?", _clock),
    (rf"(?:at|around|about|by) {_HOUR}\.{_MIN}", _clock),
    (rf"half {_HOUR}", lambda m: _clock(m, 30)),
    (rf"{_HOUR}h{_MIN}?", _clock24),
    (rf"at {_HOUR} h", lambda m: _clock24(m, 0)),
    (r"(?P<hour>1[3-9]|2[0-3]) h", lambda m: _clock24(m, 0)),  # "15h"; "5h" may be 5 hours
    (rf"{_HOUR} oclock(?: ?{HALF})?", _clock),
    (r"(?:at|around|about|by) (?P<hour>[01]?\d|2[0-3])(?P<minute>[0-5]\d)", _clock),
    (r"(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)",  # "1530"; "1930" alone may be a year
     lambda m: None if m["hour"] in ("19", "20") else _clock(m)),
    (rf"{_HOUR} {_MIN} ?{HALF}", _clock),
    (rf"at {_HOUR} {_MIN}", _clock),
    (rf"(?:an? )?(?P<count>quarter|half|\d{{1,2}})(?: minutes?)? "
     rf"(?P<rel>past|after|to|till|til|before|of) "
     rf"(?:(?P<target>noon|midnight)|{_HOUR}(?: ?{HALF})?(?: oclock)?)", _words_clock),
    (r"(?:12 )?(?P<name>noon|midnight)", _named_clock),
    (rf"(?:at|around|about|by|till|until) {_HOUR}(?: oclock)?", _clock),
    (_HOUR, _bare),
    # parts of the day, and zones
    (r"(?:in |this |early |late |at |during )(?P<pod>morning|afternoon|evening|night)s?"
     r"|(?P<pod2>tonight)", lambda m: Piece("pod", m.group("pod") or "tonight")),
    (r"(?P<pod>morning|afternoon|evening|night)s?", lambda m: Piece("pod", "bare " + m["pod"])),
    (rf"(?P<zone>{alternation(_ZONES)})", _zone),
)


COMPILED = tuple((re.compile(rf"(?:{pattern})(?= |$)"), build) for pattern, build in PATTERNS)


def _by_first_char() -> dict[str, tuple]:
    """Index the patterns by the characters a match can start with, keeping their order."""
    firsts = [first_chars(pattern) for pattern, _ in PATTERNS]
    alphabet = set().union(*(found for found in firsts if found is not None))
    return {char: tuple(compiled for compiled, found in zip(COMPILED, firsts, strict=True)
                        if found is None or char in found) for char in alphabet}


BY_FIRST_CHAR = _by_first_char()
ANY_FIRST_CHAR = tuple(compiled for compiled, (pattern, _) in zip(COMPILED, PATTERNS, strict=True)
                       if first_chars(pattern) is None)
# Words that only join pieces ("at 5pm on friday"); a text of nothing else is not a time.
CONNECTORS = frozenset("at on in of for by around about approximately approx exactly sharp "
                       "ish and".split())


def scan(text: str) -> list[Piece] | None:
    """Read normalised `text` as pieces and connectors, fewest pieces; None if it is not one."""
    best: dict[int, list[Piece] | None] = {len(text): []}

    def from_(pos: int) -> list[Piece] | None:
        while pos < len(text) and text[pos] == " ":
            pos += 1
        if pos in best:
            return best[pos]
        best[pos] = None  # nothing reads from here until something is found
        options: list[list[Piece]] = []
        for pattern, build in BY_FIRST_CHAR.get(text[pos], ANY_FIRST_CHAR):
            m = pattern.match(text, pos)
            if m and (piece := build(m)) is not None and (rest := from_(m.end())) is not None:
                options.append([piece, *rest])
        end = text.find(" ", pos)
        end = len(text) if end < 0 else end
        after = text[end + 1:text.find(" ", end + 1) if text.find(" ", end + 1) > 0 else None]
        if text[pos:end] in CONNECTORS and not _counted(text[pos:end], after) \
                and (rest := from_(end)) is not None:
            options.append(rest)
        if options:
            best[pos] = min(options, key=len)
        return best[pos]

    found = from_(0)
    return found or None


def _counted(word: str, after: str) -> bool:
    """Tell whether `word` says what the number after it is, so it can't be skipped: "in 5" is
    an amount, never 5 o'clock; "at 25" (Spanish "a las 25") a clock no day has, never the
    25th."""
    return after.isdigit() and (word == "in" or word == "at" and int(after) > 24)
