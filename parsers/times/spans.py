"""Find the time in a longer text ("remind me to call mom at 5pm") and what is left around it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from parsers.times.holidays import HOLIDAY_NAMES
from parsers.times.lexicon import MONTHS, UNITS, WEEKDAYS
from parsers.times.normal import NUMBER_WORDS, ORDINAL_WORDS, SPELLINGS
from parsers.times.pieces import CONNECTORS
from parsers.times.spanish import plain, vocabulary

MAX_WORDS = 8  # a time is rarely longer: "on the first monday of march 2026 at 5pm"
MAX_TEXT_WORDS = 30  # past this many words a text is not searched further (bounds the work)
# Words that are a time alone in a table but usually mean something else in a sentence
# ("I sat down", "a second coat", "sun cream", "may I"); they count only beside other time words.
WEAK = frozenset("sun sat wed may march mar second now jan aug dec sept morning afternoon evening "
                 "night the weekend".split())
_PUNCT = ",;:.!?\"'()"
# Every word a time can be made of; a run of words with any other word in it is not tried.
VOCABULARY = frozenset(
    {*MONTHS, *WEEKDAYS, *UNITS, *NUMBER_WORDS, *ORDINAL_WORDS, *SPELLINGS, *CONNECTORS,
     *(word for name in HOLIDAY_NAMES for word in name.split()),
     *"""this current next coming upcoming following last previous past after before of week
     weeks month months quarter quarters year years day days today tomorrow yesterday tonight
     morning afternoon evening night nights mornings evenings noon midnight midday now right
     just atm moment immediately away am pm a p m h hrs oclock o'clock o'clock o oh clock half past
     to till til until from later hence ago back earlier within the eom eoy eow eod cob close
     business end ad more
     another early late during twenty thirty forty fifty sixty seventy eighty ninety hundred
     thousand twentieth thirtieth mid hour hours
     minute minutes second seconds quarters weekend couple few pair an""".split(),
     *vocabulary()})
# Spanish words that only join time words: a run of nothing else is no time.
_JOINING = frozenset("a al las la el de del en y por que para este esta".split())

_WORD = re.compile(r"\S+")
_ORDINAL = re.compile(r"\d{1,2}(st|nd|rd|th)|" + "|".join(sorted(ORDINAL_WORDS, key=len)[::-1]))
# Words that name a whole day; with a clock time beside them, a moment is complete.
_DAY_WORDS = frozenset({*WEEKDAYS, "today", "tomorrow", "tonight", *(
    spelt for spelt, meant in SPELLINGS.items() if meant in ("today", "tomorrow", "tonight"))})


@dataclass(frozen=True)
class Span:
    """Where the time is in a text: its words' character spans (one, or two put together)."""

    parts: tuple[tuple[int, int], ...]
    when: str  # the time words, joined as one time text

    def rest(self, text: str) -> str:
        """Return `text` without the time words, spaces closed up."""
        kept, last = [], 0
        for start, end in self.parts:
            kept.append(text[last:start])
            last = end
        kept.append(text[last:])
        return " ".join("".join(kept).split())


def find(text: str, grain_of, now: datetime) -> Span | None:
    """Find the one time in `text` that `grain_of(words, now)` reads (to a grain, else None).

    The longest run of words that reads is the time. A day and a clock time apart ("sunday
    ... at 5pm") are put together when together they read. Two times that don't go together
    ("at 5pm ... at 6pm") are None: refusing is better than picking one.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)][:MAX_TEXT_WORDS]
    found: list[tuple[int, int]] = []  # (first word, last word + 1)
    usable = [_usable(text[start:end]) for start, end in words]
    for i in range(len(words)):
        stop = i
        while stop < min(len(words), i + MAX_WORDS) and usable[stop]:
            stop += 1
        for j in range(stop, i, -1):
            if _worth_trying(text, words, i, j) and grain_of(_join(text, words, i, j), now):
                found.append(_title_ordinal_left_out(text, words, i, j, grain_of, now))
                break
    # Keep the longest of overlapping runs.
    found.sort(key=lambda run: (-(run[1] - run[0]), run[0]))
    chosen: list[tuple[int, int]] = []
    for run in found:
        if all(run[1] <= other[0] or run[0] >= other[1] for other in chosen):
            chosen.append(run)
    if not chosen:
        return None
    chosen.sort()
    spans = tuple((words[i][0], _end(text, words, j)) for i, j in chosen)
    whens = [_join(text, words, i, j) for i, j in chosen]
    if len(chosen) == 1:
        return Span(spans, whens[0])
    joined = " ".join(whens)
    if len(chosen) == 2 and _day_and_clock(whens, grain_of, now) and grain_of(joined, now):
        return Span(spans, joined)
    return None


def _title_ordinal_left_out(text: str, words: list[tuple[int, int]], i: int, j: int, grain_of,
                            now: datetime) -> tuple[int, int]:
    """Leave out an ordinal that ends a run right after a clock time: it begins the title.

    "sat 9am first shift" and "9am sat first shift" are Saturday at 9am, "first shift", not
    Saturday the 1st; "9am 1st aid training" is the next 9am. A date says so with words of its
    own: "on the 1st", "june 1st", "sat the first", or a day with the date in digits, "sat 1st".
    """
    ordinal = _bare(text, words, j - 1)
    if j - i < 2 or not _ORDINAL.fullmatch(ordinal):
        return i, j
    before = _bare(text, words, j - 2)
    if before in CONNECTORS or before == "the":
        return i, j
    if before in _DAY_WORDS and (any(c.isdigit() for c in ordinal) or j == len(words)):
        return i, j  # "sat 1st", or "9am sat first" with no title after it: a date
    if {_bare(text, words, k) for k in range(i, j - 1)} & set(MONTHS):
        return i, j
    if grain_of(_join(text, words, i, j - 1), now) not in ("hour", "minute", "second"):
        return i, j
    return i, j - 1


def _day_and_clock(whens: list[str], grain_of, now: datetime) -> bool:
    """Tell whether two apart times are a day in words ("sunday") and a clock time ("at 5")."""
    grains = [grain_of(when, now) for when in whens]
    day = [when for when, grain in zip(whens, grains, strict=True) if grain == "day"]
    clock = [grain for grain in grains if grain in ("hour", "minute", "second")]
    return len(day) == 1 and len(clock) == 1 and not any(c.isdigit() for c in day[0])


def _usable(word: str) -> bool:
    """Tell whether `word` may be part of a time: a number, or a word of the vocabulary."""
    bare = plain(word.strip(_PUNCT).lower())
    return any(c.isdigit() for c in bare) or all(
        part in VOCABULARY for part in bare.replace("'s", "").split("-") if part)


def _worth_trying(text: str, words: list[tuple[int, int]], i: int, j: int) -> bool:
    first = _bare(text, words, i)
    last = _bare(text, words, j - 1)
    if last in CONNECTORS or last in ("to", "the", "a", "an") or last in _JOINING:
        return False
    said = [_bare(text, words, k) for k in range(i, j)]
    if all(word in WEAK or word in CONNECTORS or word in _JOINING for word in said):
        return False
    if first in ("", "and", "of", "for", "ish"):
        return False
    return True


def _bare(text: str, words: list[tuple[int, int]], k: int) -> str:
    start, end = words[k]
    return plain(text[start:end].strip(_PUNCT).lower())


def _end(text: str, words: list[tuple[int, int]], j: int) -> int:
    start, end = words[j - 1]
    while end > start and text[end - 1] in ",;:!?":
        end -= 1
    return end


def _join(text: str, words: list[tuple[int, int]], i: int, j: int) -> str:
    return text[words[i][0]:_end(text, words, j)]
