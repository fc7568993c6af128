"""The characters a pattern's match can start with: scan tries only the patterns that may match."""

from __future__ import annotations

from re import _constants as sre  # type: ignore[attr-defined]  # typeshed: sre_constants
from re import _parser  # type: ignore[attr-defined]  # typeshed knows it as sre_parse

_DIGITS = frozenset("0123456789")


def first_chars(pattern: str) -> frozenset[str] | None:
    """Return the characters a match of `pattern` can start with; None when it could be any."""
    found, empty = _first(_parser.parse(pattern))
    return None if found is None or empty else frozenset(found)


def _first(items) -> tuple[set[str] | None, bool]:
    """Return the first characters of a parsed sequence, and whether it can match nothing."""
    chars: set[str] = set()
    found: set[str] | None
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # takes no characters
        if op is sre.LITERAL:
            found, empty = {chr(av)}, False
        elif op is sre.IN:
            found, empty = _in(av), False
        elif op is sre.SUBPATTERN:
            found, empty = _first(av[-1])
        elif op is sre.BRANCH:
            found, empty = set(), False
            for branch in av[1]:
                one, none = _first(branch)
                if one is None:
                    return None, True
                found, empty = found | one, empty or none
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            found, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:
            return None, True  # anything else: assume it may start with anything
        if found is None:
            return None, True
        chars |= found
        if not empty:
            return chars, False
    return chars, True


def _in(items) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars |= _DIGITS
        else:
            return None
    return chars
