"""Argument shapes: @handles, #tags, task numbers, email addresses and phone numbers."""

from __future__ import annotations

import re

# Explicit ASCII classes, not IGNORECASE: under Unicode IGNORECASE, [a-z] also matches the Kelvin
# sign and the long s, which would then lower-case into something that is not a handle.
HANDLE_MIN, HANDLE_MAX = 2, 20  # letters, digits or _ in a name, starting with a letter
HANDLE = rf"[A-Za-z][A-Za-z0-9_]{{{HANDLE_MIN - 1},{HANDLE_MAX - 1}}}"
# A handle may be followed by punctuation ("@bob: hi", "thanks @bob!") but not by more name
# characters or a dot that continues a domain ("@gmail.com").
_HANDLE_TOKEN = re.compile(rf"@({HANDLE})[:,;.!?]*")
_LEAD_HANDLE = re.compile(rf"@({HANDLE})(?:[:,;.!?]+)?(?:\s+|$)(.*)", re.S)
# A tag starts with a letter ("#12" is a task number) and has at most 40 characters.
TAG = r"[A-Za-z][A-Za-z0-9_-]{0,39}"
_TAG_TOKEN = re.compile(rf"#({TAG})[:,;.!?]*")
_LEAD_TAG = re.compile(rf"#({TAG})[:,;]?(?:\s+|$)")
# Nine digits at most: int() refuses very long digit strings, and no group has a billion tasks.
_NUMBER_TOKEN = re.compile(r"#?([0-9]{1,9})[.!?]*")
_EMAIL = re.compile(r"[^\s@,;<>()\[\]]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_PART = re.compile(r"\+?[0-9().\-]*[0-9][0-9().\-]*")
_DIGITS = re.compile(r"[0-9]")
_LIST_SEPARATORS = re.compile(r"[\s,]+")
_INVITE_SEPARATORS = re.compile(r"\s*[,;&]\s*|\s+(?i:and)\s+")

# A national number has at least this many digits; shorter runs of digit groups keep merging.
_FULL_NUMBER_DIGITS = 10
_MIN_NUMBER_DIGITS = 5


def arg_tokens(rest: str) -> list[str]:
    """Split fixed arguments into tokens, ignoring the sentence's closing punctuation."""
    return rest.rstrip(".!?").split()


def arg_list(rest: str) -> list[str]:
    """Split a list of arguments separated by spaces and/or commas."""
    return [t for t in _LIST_SEPARATORS.split(rest.rstrip(".!?")) if t]


def handle_token(token: str) -> str | None:
    """Return the lower-case name of an `@handle` token, or None."""
    m = _HANDLE_TOKEN.fullmatch(token)
    return m.group(1).lower() if m else None


def tag_name(raw: str) -> str:
    """Return a tag as it is stored and matched: lower-case, without a trailing - or _."""
    return raw.lower().rstrip("-_")


def tag_token(token: str) -> str | None:
    """Return the name of a `#tag` token, or None."""
    m = _TAG_TOKEN.fullmatch(token)
    return tag_name(m.group(1)) if m else None


def all_handles(tokens: list[str]) -> list[str] | None:
    """Return the names of `tokens` if every one is an @handle, else None."""
    names = []
    for token in tokens:
        if (name := handle_token(token)) is None:
            return None
        names.append(name)
    return names


def all_tags(tokens: list[str]) -> tuple[str, ...] | None:
    """Return the names of `tokens` if every one is a #tag, else None."""
    tags = []
    for token in tokens:
        if (tag := tag_token(token)) is None:
            return None
        tags.append(tag)
    return tuple(dict.fromkeys(tags))


def number_token(token: str) -> int | None:
    """Return the task number in a `12` or `#12` token, or None."""
    m = _NUMBER_TOKEN.fullmatch(token)
    return int(m.group(1)) if m else None


def is_email(token: str) -> bool:
    """Tell whether `token` looks like an email address."""
    return _EMAIL.fullmatch(token) is not None


def lead_handle(text: str) -> tuple[str, str] | None:
    """Split `@name rest` into (name lower-case, rest trimmed), or None if it does not start so."""
    m = _LEAD_HANDLE.match(text)
    return (m.group(1).lower(), m.group(2).strip()) if m else None


def lead_tags(text: str) -> tuple[tuple[str, ...], str]:
    """Split leading `#tags` off `text`; return (tags lower-case, rest trimmed)."""
    tags: list[str] = []
    pos = 0
    while m := _LEAD_TAG.match(text, pos):
        tags.append(tag_name(m.group(1)))
        pos = m.end()
    return tuple(dict.fromkeys(tags)), text[pos:].strip()


def invitees(text: str) -> tuple[str, ...] | None:
    """Split an invite list into numbers, handles and emails; None if anything else is there."""
    found: list[str] = []
    for chunk in _INVITE_SEPARATORS.split(text):
        number: list[str] = []
        digits = 0
        for token in chunk.split():
            name = handle_token(token)
            is_phone = name is None and not is_email(token)
            if is_phone and _PHONE_PART.fullmatch(token) is None:
                return None
            # Digit groups join into one number until it is full; "+" or a non-number ends it.
            if number and (not is_phone or token.startswith("+")):
                if digits < _MIN_NUMBER_DIGITS:
                    return None
                found.append("".join(number))
                number, digits = [], 0
            if not is_phone:
                found.append(name if name is not None else token)
                continue
            number.append(token)
            digits += len(_DIGITS.findall(token))
            if digits >= _FULL_NUMBER_DIGITS:
                found.append("".join(number))
                number, digits = [], 0
        if number:
            if digits < _MIN_NUMBER_DIGITS:
                return None
            found.append("".join(number))
    return tuple(found) if found else None
