"""Search words: what `find` and the web's search box look for, as plain words and phrases."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TERMS = 8  # words and phrases together: a search is a few words, and each one costs a lookup
# Letters and digits only: both search engines split words at everything else, and nothing
# typed can then be read as search syntax ("OR", "NEAR", a quote, a star).
_WORD = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r"[\"\u201c\u201d\u201e]([^\"\u201c\u201d\u201e]*)[\"\u201c\u201d\u201e]?")


@dataclass(frozen=True)
class Terms:
    """Lower-case words to find anywhere in a text, and phrases to find as written."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def search_terms(text: str) -> Terms:
    """Split search text into words and quoted phrases, at most MAX_TERMS of them in all."""
    words: list[str] = []
    phrases: list[str] = []
    pos = 0
    for m in _PHRASE.finditer(text):
        words += _WORD.findall(text[pos:m.start()].lower())
        inside = _WORD.findall(m.group(1).lower())
        if len(inside) > 1:
            phrases.append(" ".join(inside))
        else:
            words += inside
        pos = m.end()
    words += _WORD.findall(text[pos:].lower())
    phrases = list(dict.fromkeys(phrases))[:MAX_TERMS]
    words = list(dict.fromkeys(words))[: MAX_TERMS - len(phrases)]
    return Terms(tuple(words), tuple(phrases))
