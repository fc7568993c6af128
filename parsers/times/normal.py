"""Normalise a time text: lower case, number words as digits, texting spellings as words."""

from __future__ import annotations

import re

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_ORDINALS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
             "nineteenth").split()
_TENTHS = {"twentieth": 20, "thirtieth": 30}
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
_PUNCTUATION = re.compile(r"[!?;\"()\[\]]+|,(?!\d)|(?<!\d)\.(?!\d)|'s\b|’s\b")
_AMPM = re.compile(r"\b([ap])\.?\s?m\b\.?|\b([ap])\.(?=\s|$)")
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


def normalise(text: str) -> str:
    """Return `text` as the readers see it: "Tmrw at Five P.M." -> "tomorrow at 5 pm"."""
    text = text.lower().replace("’", "'").replace("@", " at ").replace("o'clock", " oclock")
    text = text.replace("a.m.", "am").replace("p.m.", "pm").replace("a.d.", "ad")
    for glued in _GLUED:  # "14april", "feb13"
        text = glued.sub(r"\1 \2", text)
    text = text.replace("mid day", "noon")
    text = _AMPM.sub(lambda m: f" {m.group(1) or m.group(2)}m ", text)
    text = _ISH.sub("", _PUNCTUATION.sub(" ", text))
    text = _NUMBER_UNIT.sub(r"\1 \2", text)
    words = []
    for word in text.split():
        if "-" in word and any(c.isalpha() for c in word) and not any(c.isdigit() for c in word) \
                and word not in SPELLINGS:
            words.extend(w for w in word.split("-") if w)
        else:
            words.append(word)
    return " ".join(_numbers([SPELLINGS.get(w, w) for w in words]))


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
