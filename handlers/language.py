"""`lang`: the language a member is texted in, and how a new member first hears of it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager

from handlers.bundles import MORE
from handlers.context import MORE_HINT, Context
from handlers.registry import handles, says
from parsers import Command
from parsers.languages import ENGLISH, LANGUAGES, guess, known, speaking
from store.models import Member

SAY = says("language", {
    "is": "We text you in English. To change: {choices}",
    "set": "Done: we text you in English now. To change: {choices}",
    # Said once, on first contact, to a member whose language was guessed from their number.
    "guessed": "We text you in English, from your number's country. To change: {choices}",
})


# Texts of modules below the registry (and words parsers.counts.plural counts), registered here
# so that each catalogue must have them; they are read with parsers.languages.translate.
says("counts", {word: word for word in ("point", "points", "member", "members")})
says("context", {"more_hint": MORE_HINT})
says("bundles", {"more": MORE})


def first_language(phone: str) -> str | None:
    """Return the language to store for a new member with `phone`: its country's, or None for
    English, which leaves the choice open (the web then goes by the browser's language)."""
    language = guess(phone)
    return None if language == ENGLISH else language


def language_of(member: Member) -> str:
    """Return the language `member` is texted in."""
    return known(member.language)


def speaking_to(member: Member) -> AbstractContextManager[str]:
    """Compose texts for `member` in their language within the block."""
    return speaking(member.language)


def choices(language: str) -> str:
    """Return how to switch from `language` to each other one: `lang en (English)`."""
    return ", ".join(f"lang {code} ({name})" for code, name in LANGUAGES.items()
                     if code != language)


def guessed(member: Member) -> str | None:
    """Return the line telling a member first written to in a guessed language how to change
    it; None when that language is English (the default says nothing)."""
    language = language_of(member)
    if language == ENGLISH:
        return None
    with speaking(language):
        return SAY["guessed"].format(choices=choices(language))


@handles("lang")
def lang(ctx: Context, cmd: Command) -> None:
    """Say which language the sender is texted in, or change it and answer in the new one."""
    member = ctx.member
    if not cmd.text:
        ctx.reply(SAY["is"].format(choices=choices(language_of(member))))
        return
    member.language = cmd.text
    member.save(only=[Member.language])
    with speaking(cmd.text):
        ctx.reply(SAY["set"].format(choices=choices(cmd.text)))


def in_each_language(people: Iterable[Member], compose: Callable[[], str]
                     ) -> list[tuple[Member, str]]:
    """Return (person, text) for each of `people`, the text composed once per language."""
    texts: dict[str, str] = {}
    written = []
    for person in people:
        language = language_of(person)
        if language not in texts:
            with speaking(language):
                texts[language] = compose()
        written.append((person, texts[language]))
    return written
