"""How many SMS segments a text costs: GSM 03.38 (GSM-7) or UCS-2, and how to stay in GSM-7."""

from __future__ import annotations

import unicodedata
from math import ceil

from parsers.lookalikes import LOOKALIKES

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


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


def _clusters(text: str) -> list[str]:
    """Split a text into characters, each with the combining marks that follow it."""
    clusters: list[str] = []
    for char in text:
        if clusters and _is_mark(char) and not _is_mark(clusters[-1][0]):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _stand_in(char: str) -> str:
    if char in GSM_ALPHABET:
        return char
    compatible = unicodedata.normalize("NFKC", char)
    if GSM_ALPHABET.issuperset(compatible):
        return compatible
    return LOOKALIKES.get(char, char)


def _safe(cluster: str) -> str:
    composed = unicodedata.normalize("NFC", cluster)
    if GSM_ALPHABET.issuperset(composed):  # "n" + U+0303 is GSM's own "ñ"
        return composed
    if len(cluster) > 1 and unicodedata.category(cluster[0]).startswith("L"):
        return cluster  # an accent on a letter GSM-7 lacks: the letter is the sender's
    return "".join(map(_stand_in, cluster))


def gsm_safe(text: str) -> str:
    """Replace typographic look-alikes with GSM-7 characters, leaving letters and scripts alone.

    Each character outside GSM-7 becomes its NFKC form when that is GSM-7 (fullwidth ＡＢＣ,
    narrow spaces, `…`), else its stand-in in parsers/lookalikes.py (Twilio's Smart Encoding
    table: curly quotes, dashes, `½`); anything else (ç, Cyrillic, CJK, emoji) stays as it is.
    """
    if GSM_ALPHABET.issuperset(text):
        return text
    return "".join(map(_safe, _clusters(text)))
