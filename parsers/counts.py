"""Counts in words: "1 point", "2 points", "1,024 members", for replies, mail and pages alike."""

from __future__ import annotations

from parsers.languages import translate


def plural(count: int, word: str, many: str | None = None) -> str:
    """Return `count` with `word`, or its plural (`many`, else word + "s") when count is not 1,
    in the language being spoken (key `counts.<word>`, registered in handlers/language.py)."""
    said = word if count == 1 else many or word + "s"
    return f"{count:,} {translate(f'counts.{said}', said)}"
