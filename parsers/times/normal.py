"""Normalise a time text: lower case, number words as digits, texting spellings as words."""

from __future__ import annotations

import re

from parsers.times.spanish import english

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_ORDINALS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
             "nineteenth").split()
_TENTHS = {"twentieth": 20, "thirtieth": 30}
_MONTH_NAMES = frozenset("january february march april may june july august september "
                         "october november december jan feb mar apr jun jul aug sep sept oct "
                         "nov dec".split())
# Words that make two spoken numbers a clock time: "at five thirty", "five thirty pm".
_BEFORE_CLOCK = frozenset("at around about by till until from before after".split())
_AFTER_CLOCK = frozenset("am pm a p oclock tonight tomorrow today morning afternoon evening night "
                         "on this".split())
_UNIT_WORDS = frozenset("minutes minute mins min hours hour hrs hr seconds second secs days day "
                        "weeks week months month years year".split())
NUMBER_WORDS = {word: n for n, word in enumerate(_UNITS)} | {"oh": 0, "o": 0}
ORDINAL_WORDS = {word: n for n, word in enumerate(_ORDINALS)} | _TENTHS
# Texting spellings and abbreviations, as whole words.
SPELLINGS = {
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "tomorow": "tomorrow",
    "tommorow": "tomorrow", "tommorrow": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
    "tmro": "tomorrow", "tonite": "tonight", "2nite": "tonight",
    "2night": "tonight", "tday": "today", "2day": "today", "yday": "yesterday",
    "xmas": "christmas", "nite": "night", "noonish": "noon", "tomorrows": "tomorrow",
    "rightnow": "right now",
    "mins": "minutes", "min": "minute", "hrs": "hours", "hr": "hour", "secs": "seconds",
    "sec": "second", "wks": "weeks", "wk": "week", "yrs": "years", "yr": "year",
    "mos": "months", "mo": "month", "qtr": "quarter", "qtrs": "quarters", "couple": "2",
    "few": "3", "midday": "noon", "mid-day": "noon", "twelve-noon": "noon",
    "fortnight": "14 days", "pair": "2", "jr": "", "mid day": "noon",
}
_FRACTIONS = {"1/2": 0.5, "1/4": 0.25, "3/4": 0.75}
# Whole phrases said other ways, replaced before words are read.
# Each is tried only when its clue is in the text: most texts have none of them.
_PHRASES = tuple((clue, re.compile(said), meant) for clue, said, meant in (
    ("mid", r"\bmid day\b", "noon"), ("mid", r"\bmid night\b", "midnight"),
    ("fortnight", r"\ban? fortnight\b", "14 days"), ("the", r"\bin the ([ap])m\b", r"\1m"),
    ("~", "~", " "),
    ("time", r"\b(minutes?|hours?|days?|weeks?|months?|years?)'? time\b", r"\1"),  # 3 weeks' time
    (".", r"(?<=\d{4})\.(?=\s|$)", ""),  # "Sept 04, 2014."
    (":", r"(\d:\d\d:\d\d)[.,]\d+", r"\1"),  # fractions of a second
    (",", r"\b(\d+),(\d+) (?=hours?\b|days?\b)", r"\1.\2 "),  # "in 0,5 hours"
    # "tomorrow eve" is its evening ("christmas eve" is a holiday); lunch is noon
    ("eve", r"\b(today|tonight|tomorrow|tmrw|tmr|2moro|monday|tuesday|wednesday|thursday|friday"
            r"|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|this) eve\b",
     r"\1 evening"),
    ("lunch", r"\b(?:at |around |by )?lunch ?time\b|\b(?:at |around |by )lunch\b", "at noon"),
    ("decade", r"\ban? decade\b", "10 years"),
    ("decade", r"\b(\d+) decades?\b", lambda m: f"{int(m[1]) * 10} years"),
    # "in 1 1/2 hours": a whole and a half or quarter before a unit is one amount, not a date
    ("/", r"\b(\d+) (1/2|1/4|3/4) ?(?=(?:mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\b)",
     lambda m: f"{int(m[1]) + _FRACTIONS[m[2]]:g} ")))
_SPACED_AMPM = re.compile(r"\b([ap]) ?\. ?m ?\.(?=\s|$)")
_O_CLOCK = re.compile(r"\bo clock\b")  # "9 o clock": o'clock without its apostrophe
_MARKS = re.compile(r"(?<!\S)(\d+) ?(['\"])(?=\s|$)")  # in 15' (minutes), in 30" (seconds)
_PUNCTUATION = re.compile(r"[!?;\"()\[\]]+|(?<=s)'(?=\s|$)|,(?!\d)|(?<!\d)\.(?!\d)|'s\b|’s\b")
_AMPM = re.compile(r"(?<=\d)\.(?=[ap]m\b)|\b([ap])\.?\s?m\b\.?|\b([ap])\.(?=\s|$)")
# After "the" and a number, these make it a clock time or an amount, not a day of the month.
_CLOCKISH = [[w] for w in "am pm a p h oclock minutes minute hours hour days day weeks week "
             "months month years year seconds second".split()]
_MONTH_WORDS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april"
                "|june|july|august|september|october|november|december")
_GLUED = (re.compile(rf"(\d)({_MONTH_WORDS})\b"), re.compile(rf"\b({_MONTH_WORDS})(\d)"))
_NOT_ORDINAL = frozenset({"and", "from", "ago", "later", "hence", "back", "before", "after"})
_ISH = re.compile(r"(?<=\d)-?ish\b")
_NUMBER_UNIT = re.compile(
    r"\b(\d+(?:\.\d+)?|\d+/\d+)(am|pm|a|p|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?|d|days?"
    r"|w|wks?|weeks?|mos?|months?|y|yrs?|years?)\b")


def normalise(text: str, spanish: bool = False) -> str:
    """Return `text` as the readers see it: "Tmrw at Five P.M." -> "tomorrow at 5 pm".

    Spanish is said in English first ("mañana a las 5" -> "tomorrow at 5"); `spanish`: it is
    being spoken, so words that are also English are read as Spanish.
    """
    text = english(text.lower(), spanish)
    text = text.replace("’", "'").replace("@", " at ").replace("o'clock", " oclock")
    if "o clock" in text:
        text = _O_CLOCK.sub("oclock", text)
    digits = any(c.isdigit() for c in text)
    if "." in text:
        text = _SPACED_AMPM.sub(r"\1m", text)  # "3 p . m ."
        text = text.replace("a.m.", "am").replace("p.m.", "pm").replace("a.d.", "ad")
    if "'" in text or '"' in text:
        text = _MARKS.sub(lambda m: f"{m[1]} {'minutes' if m[2] == chr(39) else 'seconds'} ", text)
    for glued in _GLUED if digits else ():  # "14april", "feb13"
        text = glued.sub(r"\1 \2", text)
    for clue, said, meant in _PHRASES:
        if clue in text:
            text = said.sub(meant, text)
    text = _AMPM.sub(lambda m: f" {m[1] or m[2]}m " if m[1] or m[2] else " ", text)
    text = _PUNCTUATION.sub(" ", text)
    if "ish" in text:
        text = _ISH.sub("", text)
    if digits:
        text = _NUMBER_UNIT.sub(r"\1 \2", text)
    words: list[str] = []
    for word in text.split():
        if "-" in word and any(c.isalpha() for c in word) and not any(c.isdigit() for c in word) \
                and word not in SPELLINGS:
            words.extend(w for w in word.split("-") if w)
        else:
            words.append(word)
    return " ".join(_numbers(_spoken([SPELLINGS.get(w, w) for w in words])))


def _spoken(words: list[str]) -> list[str]:
    """Read spoken years and clock times: "nineteen ninety six" -> "1996", "five thirty" -> "5:30".

    Two numbers said in a row are a year when the second could not be minutes ("nineteen
    ninety six") or a month is named beside them ("june nineteen fifty"); else a clock time.
    """
    dated = any(word in _MONTH_NAMES or word in ("year", "years") for word in words)
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        first = NUMBER_WORDS.get(word) if word not in ("o", "oh") else None
        if word == "two" and words[i + 1:i + 2] == ["thousand"]:  # "two thousand and fifteen"
            rest, size = _tens(words, i + 2 + (words[i + 2:i + 3] == ["and"]), units=True)
            out.append(str(2000 + (rest or 0)) + ("" if dated else " ad"))  # said: a year
            i = i + 2 + (size + (words[i + 2:i + 3] == ["and"]) if size else 0)
            continue
        if first is not None and 10 <= first <= 20 and words[i + 1:i + 2] == ["hundred"]:
            rest, size = _tens(words, i + 2 + (words[i + 2:i + 3] == ["and"]))
            if rest is not None:  # "nineteen hundred and ninety three"
                out.append(str(first * 100 + rest) + ("" if dated else " ad"))
                i += 2 + size + (words[i + 2:i + 3] == ["and"])
                continue
        if word in _TENS:  # "twenty five" is one number, never an hour and its minutes
            _, size = _tens(words, i)
            out.extend(words[i:i + size])
            i += size
            continue
        if first is not None and first <= 23 and words[i + 1:i + 2] in (["oh"], ["o"]) \
                and 0 < NUMBER_WORDS.get(words[i + 2] if i + 2 < len(words) else "", 0) < 10 \
                and _as_clock(words, out, i + 3):
            out.append(f"{first}:0{NUMBER_WORDS[words[i + 2]]}")  # "nine oh five"
            i += 3
            continue
        second, size = _tens(words, i + 1) if first is not None else (None, 0)
        unit_after = i + 1 + size < len(words) and words[i + 1 + size] in _UNIT_WORDS
        if first is not None and second is not None and second >= 10 and not unit_after:
            if 10 <= first <= 20 and (second >= 60 or dated):
                out.append(str(first * 100 + second) + ("" if dated else " ad"))
                i += 1 + size
                continue
            if first <= 23 and second < 60 and _as_clock(words, out, i + 1 + size):
                out.append(f"{first}:{second:02d}")
                i += 1 + size
                continue
        out.append(word)
        i += 1
    return out


def _as_clock(words: list[str], before: list[str], after: int) -> bool:
    """Tell whether two spoken numbers are said as a clock time ("at five thirty", "... pm").

    "three twenty" alone may be a count or a price: it is left as numbers.
    """
    return bool(before and before[-1] in _BEFORE_CLOCK) or (
        after < len(words) and words[after] in _AFTER_CLOCK)


def _tens(words: list[str], i: int, units: bool = False) -> tuple[int | None, int]:
    """Return the number said from words[i] ("ninety six", "fifteen") and how many words it took."""
    word = words[i] if i < len(words) else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if word in _TENS:
        if after in NUMBER_WORDS and 0 < NUMBER_WORDS[after] < 10 and after not in ("o", "oh"):
            return _TENS[word] + NUMBER_WORDS[after], 2
        return _TENS[word], 1
    if word in NUMBER_WORDS and word not in ("o", "oh") and (NUMBER_WORDS[word] >= 10 or units):
        return NUMBER_WORDS[word], 1
    return None, 0


def _numbers(words: list[str]) -> list[str]:
    """Turn number words into digits: "twenty five" -> "25", "twenty first" -> "21st"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        after = words[i + 1] if i + 1 < len(words) else ""
        if word in _TENS:
            if after in NUMBER_WORDS and 0 < NUMBER_WORDS[after] < 10:
                out.append(str(_TENS[word] + NUMBER_WORDS[after]))
                i += 2
                continue
            if after in ORDINAL_WORDS and 0 < ORDINAL_WORDS[after] < 10:
                out.append(_ordinal(_TENS[word] + ORDINAL_WORDS[after]))
                i += 2
                continue
            out.append(str(_TENS[word]))
        elif word == "the":  # "the 24" is a day of the month; "the" itself says nothing
            if after.isdigit() and len(after) <= 2 and words[i + 2:i + 3] not in _CLOCKISH:
                out.append(_ordinal(int(after)))
                i += 2
                continue
        elif word in ("a", "an") and after == "3":  # "a few"
            out.append("3")
            i += 2
            continue
        elif word in ("a", "an") and after in ("couple", "2"):
            out.append("2")
            i += 2 if words[i + 2:i + 3] != ["of"] else 3
            continue
        elif word in ("a", "an") and after == "few":
            out.append("3")
            i += 2
            continue
        elif word in ("2", "3") and after == "of":  # "couple of hours"
            out.append(word)
            i += 2
            continue
        elif word in NUMBER_WORDS and word not in ("o", "oh"):
            out.append(str(NUMBER_WORDS[word]))
        elif word in ("o", "oh") and out and out[-1].isdigit() and after.isdigit():
            out.append("0" + after if len(after) == 1 else after)  # "nine oh five"
            i += 2
            continue
        elif word == "second" and after and after not in _NOT_ORDINAL and not (
                out and (out[-1].isdigit() or out[-1] in ("a", "per"))):
            out.append("2nd")
        elif word in ORDINAL_WORDS and word != "second":
            out.append(_ordinal(ORDINAL_WORDS[word]))
        elif word in _TENTHS:
            out.append(_ordinal(_TENTHS[word]))
        else:
            out.append(word)
        i += 1
    return out


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
