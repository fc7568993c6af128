"""Argument form of `lang` (and `idioma`): a language, by its code or its name."""

from __future__ import annotations

from parsers.command import Command
from parsers.languages import LANGUAGES
from parsers.lookalikes import undecorated

# What a member may type for each language, besides its code: a few spellings a phone makes.
NAMES = {
    "en": ("english", "ingles", "inglés", "en"),
    "es": ("spanish", "espanol", "español", "castellano", "es"),
}
_WORDS = {word: code for code, words in NAMES.items() if code in LANGUAGES for word in words}


def language(rest: str) -> Command | None:
    """Parse `lang [<language>]`: alone, which language am I texted in?"""
    words = rest.strip(" .!?").split()
    if not words:
        return Command("lang")
    if len(words) != 1:
        return None
    code = _WORDS.get(undecorated(words[0]).lower())
    return None if code is None else Command("lang", text=code)
