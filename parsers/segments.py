"""How many SMS segments a text costs: GSM 03.38 (GSM-7) or UCS-2, and how to stay in GSM-7."""

from __future__ import annotations

from math import ceil

# The GSM 03.38 default alphabet, in table order (0x00-0x7F). 0x1B is the escape into the
# extension table, not a character of its own, so it is left out.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
# Reached through the escape, so each costs two septets.
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")
GSM_ALPHABET = GSM_BASIC | GSM_EXTENSION

GSM_SINGLE = 160  # septets in a one-part text
GSM_PART = 153  # septets per part once a user data header (7 septets) is needed
UCS2_SINGLE = 70  # UTF-16 code units in a one-part text
UCS2_PART = 67  # code units per part with the header

# Stray characters that phones, word processors and templates slip in, each with a GSM stand-in.
# Only punctuation and spacing: letters keep their meaning and are left to the sender.
_GSM_SAFE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00b4": "'", "\u0060": "'", "\u2039": "'", "\u203a": "'", "\u02bc": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u00ad": "",
        "\u2026": "...",
        "\u2022": "-", "\u00b7": "-", "\u2023": "-", "\u2043": "-",
        "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
        "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
        "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
        "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
        "\u2028": "\n", "\u2029": "\n",
    }
)


def encoding(text: str) -> str:
    """Return "GSM-7" if every character is in GSM 03.38 (basic or extension), else "UCS-2"."""
    return "GSM-7" if GSM_ALPHABET.issuperset(text) else "UCS-2"


def septets(text: str) -> int:
    """Return the GSM-7 length of a text, counting extension-table characters twice."""
    return len(text) + sum(map(text.count, GSM_EXTENSION))


def _code_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _packed(text: str, wide: frozenset[str] | None, part: int) -> int:
    """Count parts of `part` units when characters in `wide` (or astral ones) take two units.

    A two-unit character never straddles a part boundary, so a part may end one unit short.
    """
    parts, used = 1, 0
    for char in text:
        cost = 2 if (char in wide if wide is not None else char > "\uffff") else 1
        if used + cost > part:
            parts += 1
            used = 0
        used += cost
    return parts


def segments(text: str) -> int:
    """Return how many SMS segments a text costs (an empty text still costs one)."""
    if GSM_ALPHABET.issuperset(text):
        length = septets(text)
        if length <= GSM_SINGLE:
            return 1
        if length == len(text):  # no escapes: nothing can straddle a boundary
            return ceil(length / GSM_PART)
        return _packed(text, GSM_EXTENSION, GSM_PART)
    length = _code_units(text)
    if length <= UCS2_SINGLE:
        return 1
    if length == len(text):  # no surrogate pairs
        return ceil(length / UCS2_PART)
    return _packed(text, None, UCS2_PART)


def fits(text: str, max_segments: int = 1) -> bool:
    """Return whether a text costs at most `max_segments` segments."""
    return segments(text) <= max_segments


def gsm_safe(text: str) -> str:
    """Replace stray typographic characters with GSM-7 equivalents, leaving the rest untouched."""
    return text.translate(_GSM_SAFE)
