"""first_chars: the characters a pattern's match can start with, so the time scanner tries at
each word only the patterns that may match there (parsers/times/first.py).

Two ways to be wrong. A set too small hides a pattern from the words it reads: a time is not
read at all, which no member would forgive. A set too large, or None ("could start with
anything"), only costs speed. The exact sets below pin the function as documented; the
property over the scanner's own patterns and the corpora proves no set is too small.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.times import load
from parsers.times.first import first_chars
from parsers.times.normal import normalise
from parsers.times.pieces import ANY_FIRST_CHAR, BY_FIRST_CHAR, COMPILED, PATTERNS

ROOT = Path(__file__).resolve().parent.parent
DIGITS = frozenset("0123456789")


@pytest.mark.parametrize(("pattern", "first"), [
    # literals: the first one only
    ("mon", {"m"}),
    ("(a)b", {"a"}),
    ("(?P<day>mon)day", {"m"}),
    # classes: every member, ranges to both ends, \d as the ten digits
    ("[ab]x", {"a", "b"}),
    ("[a-c]x", {"a", "b", "c"}),
    ("[a-cx]", {"a", "b", "c", "x"}),
    (r"\d", DIGITS),
    (r"\d{1,2}:\d\d", DIGITS),
    (r"[a\d]", DIGITS | {"a"}),
    (r"[\da]", DIGITS | {"a"}),
    # alternation: every branch, and what follows a branch that can take nothing
    ("mon|tue", {"m", "t"}),
    ("(?:mon|tue)x", {"m", "t"}),
    ("(?:mon|)x", {"m", "x"}),
    ("(?:mon|tue|)x", {"m", "t", "x"}),
    ("(?:mon|tue?)x", {"m", "t"}),
    # repeats: what follows an optional one, not what follows a required one
    ("x*y", {"x", "y"}),
    ("x?y", {"x", "y"}),
    ("x*?y", {"x", "y"}),
    ("x{0,3}y", {"x", "y"}),
    ("x+y", {"x"}),
    ("x{2,3}y", {"x"}),
    ("(?:ab)+", {"a"}),
    ("(?:ab)*c", {"a", "c"}),
    ("(?:ab)?(?:cd)?e", {"a", "c", "e"}),
    ("(?:this )?(?:[0-2]|x)", {"t", "0", "1", "2", "x"}),
    # what takes no characters is passed over
    (r"\bmon", {"m"}),
    ("^mon", {"m"}),
    ("(?=x)y", {"y"}),
    ("(?!x)y", {"y"}),
    (r"(?<=x)\d", DIGITS),
])
def test_the_characters_a_match_can_start_with(pattern, first):
    assert first_chars(pattern) == frozenset(first)


@pytest.mark.parametrize("pattern", [
    # a class or sign that takes any character, or almost any
    ".", r"\w", r"\s", "[^a]", r"[a\w]", "x|.", "(?:.|a)b", "(?:a|.)b", "x?.",
    # a pattern that can match nothing: the match starts with whatever follows it
    "", "a?", "x*", "(?:ab)*", "(?:a|b?)", "(?:mon|)", r"\b", "(?=x)",
])
def test_none_when_a_match_could_start_with_anything(pattern):
    assert first_chars(pattern) is None


def _texts() -> list[str]:
    """Every text of the corpora, normalised as the scanner reads it, with a few more."""
    rows = load(ROOT / "tests" / "time_corpus.jsonl")
    for corpus in sorted((ROOT / "bench" / "corpora").glob("*.jsonl")):
        rows += load(corpus)
    texts = [normalise(row["text"]) for row in rows]
    texts += [normalise(text, spanish=True) for text in (
        "mañana a las 5", "el próximo lunes", "el 3 de marzo", "pasado mañana a las 9:30",
        "en 2 horas", "el viernes por la tarde", "a mediodía", "dentro de 3 días")]
    return sorted(set(texts))


def test_no_pattern_of_the_scanner_starts_a_match_outside_its_first_characters():
    texts = _texts()
    assert len(texts) > 1900
    matched = 0
    for pattern, _ in PATTERNS:
        found = first_chars(pattern)
        compiled = re.compile(pattern)
        for text in texts:
            for pos in (0, *(i + 1 for i, c in enumerate(text) if c == " ")):
                if compiled.match(text, pos) is not None:
                    matched += 1
                    assert found is None or text[pos] in found, (pattern, text, pos)
    assert matched > 5000  # the property was tried, on most of the patterns


def test_the_scanner_tries_every_pattern_that_matches_at_a_word():
    texts = _texts()
    for text in texts:
        for pos in (0, *(i + 1 for i, c in enumerate(text) if c == " ")):
            tried = BY_FIRST_CHAR.get(text[pos:pos + 1], ANY_FIRST_CHAR)
            for entry in COMPILED:
                if entry[0].match(text, pos) is not None:
                    assert entry in tried, (entry[0].pattern, text, pos)
