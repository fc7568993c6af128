"""GSM-7 look-alikes for the characters that Unicode's NFKC form does not bring into GSM-7.

gsm_safe (parsers/segments.py) tries NFKC first: it already turns fullwidth and small forms
(＂ ＃ ＠ Ａ ０ ﹐), spaces of every width, `…` and `‼` into GSM-7. What NFKC leaves alone
is listed here, after the table Twilio's Smart Encoding applies
(https://www.twilio.com/docs/messaging/services/smart-encoding-char-list), with a few that
phones and word processors send besides (non-breaking hyphen, minus sign, soft hyphen).
Where this table parts from Twilio's, it is on purpose: single angle quotes stay quotes (Twilio
has ‹ as `>`), and every space or line separator is one space or one newline, never several.
"""

from __future__ import annotations

import unicodedata

# Replacement -> the characters it stands in for.
_GROUPS = {
    '"': "\u00ab\u00bb\u201c\u201d\u201e\u201f\u02ba\u02ee\u275d\u275e\u301d\u301e\u2033",
    "'": ("\u2018\u2019\u201b\u02bb\u02c8\u02bc\u02bd\u02b9\u00b4\u02ca\u0060\u02cb"
          "\u275b\u275c\u0313\u0314\ufe11\u2032\u2039\u203a"),
    ",": "\u201a\u0326\ufe51\uff64\u3001",
    ".": "\u3002\uff61",
    ":": "\u02d0\u02f8\u2982\ua789",
    ";": "\u204f",
    "!": "\u01c3",
    "*": ("\u204e\u2217\u229b\u2722\u2723\u2724\u2725\u2731\u2732\u2733\u273a\u273b\u273c"
          "\u273d\u2743\u2749\u274a\u274b\u29c6"),
    "+": "\u02d6",
    "=": "\u0347\ua78a",
    "-": ("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u2022\u00b7\u2023\u23bc\u23bd"),
    "_": "\u0332\u2017",
    "/": "\u00f7\u29f8\u0337\u0338\u2044\u2215",
    "\\": "\u29f9\u29f5\u20e5",
    "|": "\u20d2\u20d3\u2223\u23b8\u23b9\u23d0\u239c\u239f",
    "(": "\u2768\u276a\u27ee\u2985",
    ")": "\u2769\u276b\u27ef\u2986",
    "{": "\u2774",
    "}": "\u2775",
    "^": "\u02c6\u0302\u1dcd",
    "~": "\u02dc\u02f7\u0303\u0330\u0334\u223c",
    "1/4": "\u00bc",
    "1/2": "\u00bd",
    "3/4": "\u00be",
    # Latin letter small capitals: Twilio reads them as the capital letter.
    **{letter: small for letter, small in zip(
        "ABCDEFGHIJKLMNOPRSTUVWYZ",
        "\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b\u029f\u1d0d"
        "\u0274\u1d0f\u1d18\u0280\ua731\u1d1b\u1d1c\u1d20\u1d21\u028f\u1d22", strict=True)},
    " ": "\t\u0080\u008d\u0090\u009b\u009f",
    "\n": "\u2028\u2029",
    # Invisible: zero-width spaces, soft hyphen, control characters. Not the zero-width joiners:
    # they hold emoji sequences and Indic and Arabic words together.
    "": ("\u200b\u2060\ufeff\u00ad"
         "\u0000\u0003\u0004\u0010\u0011\u0012\u0013\u0014\u0017\u0019"),
}

LOOKALIKES: dict[str, str] = {char: stand_in for stand_in, chars in _GROUPS.items()
                              for char in chars}

# Punctuation, symbols (emoji among them), spaces, marks (emoji variation selectors) and format
# characters (zero-width joiners): what people put around a word without changing it.
_DECORATION = ("P", "S", "Z", "M", "Cf", "Cc")


def undecorated(text: str) -> str:
    """Return `text` without what people put around a word: punctuation, emoji, quotes, widths."""
    word = "".join(LOOKALIKES.get(c, c) for c in unicodedata.normalize("NFKC", text))
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start]).startswith(_DECORATION):
        start += 1
    while end > start and unicodedata.category(word[end - 1]).startswith(_DECORATION):
        end -= 1
    return word[start:end]
