"""The time reader: what moment a text names, read as people write it, or None.

    read(text, now) -> Reading | None

`now` is an aware datetime; its zone is the reader's zone (the member's). A Reading holds the
moment (aware, in that zone, cut to its grain) and its grain: "second", "minute", "hour",
"day", "week", "month", "quarter" or "year". Nothing is guessed: a text that is not wholly a
time, or names two different moments ("Mon Feb 19" when the 19th is a Tuesday), is None.

Conventions (docs/members.md, "Times"): a clock time alone is its next coming ("at 3" at 4pm is 3am
tomorrow; am/pm left open takes the nearer); a day's own weekday name alone means a week from
today (`today` says today); `next wed` is Wednesday of next week (Monday starts a week);
`wed after next` is the second coming Wednesday; `upcoming wed` (Spanish `el próximo
miércoles`) is the nearest one ahead, never today; `the 20th` is the next 20th, today included;
a bare hour on another day is 7-11 in the morning or 12-6 in the afternoon (`tomorrow at 5` is
5pm); `tonight` is 8pm, a morning 9am, an afternoon 3pm, an evening 6pm; `eod` is 5pm; `this
weekend` is its Saturday, `end of the week` its Friday, `end of the month` its last day; `in 2
hours` is read to the minute, `in 3 days` to the hour, `in 2 weeks` or years to the day. What two
readers would read as two moments is None: "last monday" on a Wednesday, "tonight at 2", "14th
april 15", and numbers that are as often not times ("2027" alone, "1-2", "5.12").

Modules: normal (the text as the patterns see it), pieces (the pattern table and scan) with
days, clocks, amounts and holidays (what each pattern builds), resolve (pieces to one moment),
spans (finding the time in a longer text), lexicon (calendar words and arithmetic).

`find(text, now)` finds the time in a longer text (a reminder) and returns its span.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from parsers.languages import current
from parsers.times.normal import normalise
from parsers.times.pieces import scan
from parsers.times.resolve import resolve
from parsers.times.spans import Span
from parsers.times.spans import find as _find

__all__ = ["Reading", "Span", "find", "read"]

CLOCK_GRAINS = frozenset({"second", "minute", "hour"})


@dataclass(frozen=True)
class Reading:
    """A moment read from a text, and how finely it was said."""

    moment: datetime
    grain: str

    @property
    def has_time(self) -> bool:
        """Tell whether a time of day was said (not only a day, week, month ...)."""
        return self.grain in CLOCK_GRAINS


def read(text: str, now: datetime) -> Reading | None:
    """Read `text` as one moment, in the zone of the aware `now`; None when it is not one."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime: its zone is the reader's zone")
    pieces = _pieces(text, current() == "es")
    if not pieces:
        return None
    try:
        found = resolve(list(pieces), now)
    except (ValueError, OverflowError):  # a date past the calendar's end
        return None
    return None if found is None else Reading(*found)


@lru_cache(maxsize=2048)
def _pieces(text: str, spanish: bool) -> tuple | None:
    """Return the pieces of a text; the same words read the same at any moment, so kept."""
    found = scan(normalise(text, spanish))
    return tuple(found) if found else None


def find(text: str, now: datetime,
         accept: Callable[[Reading], bool] = lambda reading: True) -> Span | None:
    """Find the one time in a longer text that reads and that `accept` takes; None if none.

    "remind me to call mom at 5pm" -> the span of "at 5pm"; Span.rest(text) is what is left.
    Two times that don't go together are None.
    """

    def grain_of(words: str, at: datetime) -> str | None:
        found = read(words, at)
        return found.grain if found is not None and accept(found) else None

    return _find(text, grain_of, now)
