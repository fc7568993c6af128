"""What every door does to what comes in, before anything is kept: controls out, sizes bounded.

A NUL cannot be stored in PostgreSQL's text (the insert fails, and the text with it) and ends
a string for SQLite's own functions; the other C0 controls are invisible and mean nothing in a
text. Tab and newline are kept: people type them. Lone surrogates (undecodable bytes carried
through) cannot be encoded for the database either, so they become U+FFFD.
"""

from __future__ import annotations

import re

MAX_BODY = 1600  # characters of a text kept: ten SMS segments, the most a phone sends as one
MAX_MEDIA = 10  # media in one MMS: Twilio's own limit

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f]")  # C0, but tab (\x09) and newline (\x0a)
SURROGATES = re.compile("[\ud800-\udfff]")


def strip_controls(value: str | None) -> str:
    """Return `value` without NUL and the other C0 controls but tab and newline."""
    if not value:
        return ""
    if not value.isascii():
        value = SURROGATES.sub("\ufffd", value)
    return CONTROLS.sub("", value)


def cap_body(body: str) -> tuple[str, bool]:
    """Return the first MAX_BODY characters of `body`, and whether anything was cut."""
    return body[:MAX_BODY], len(body) > MAX_BODY
