"""The languages Commons speaks, the member's language while a text is composed, and the catalogue.

English is written in the code, where each text is used (a module's `SAY` dict, a help line).
Every other language is a gettext catalogue: `locale/<language>/LC_MESSAGES/<domain>.po`, read
with Babel when first needed (no compile step for texts). An entry names the text it translates
twice: `msgctxt` is the text's key (`tasks.done`, `help.task`), `msgid` the English as the code
has it now. When the English changes, the old entry no longer matches and the English is used
until the entry is brought up to date (tests/test_catalogue.py lists such entries).

The language a text is composed in is a context variable, set by whoever composes for a member
(`with speaking(member.language): ...`); texts looked up outside any such block are English.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import phonenumbers

ENGLISH = "en"
LANGUAGES = {"en": "English", "es": "español"}  # code: its name, in itself
LOCALE = Path(__file__).resolve().parent.parent / "locale"
DOMAINS = ("replies", "commands")  # the SMS and mail texts; pages have "web" (web/)

# Where a number's country speaks Spanish first, a new member is first written to in Spanish.
SPANISH_REGIONS = frozenset({
    "AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GQ", "GT", "HN", "MX", "NI", "PA",
    "PE", "PR", "PY", "SV", "UY", "VE"})

_speaking: contextvars.ContextVar[str] = contextvars.ContextVar("speaking", default=ENGLISH)


def known(language: str | None) -> str:
    """Return `language` if Commons speaks it, else English."""
    return language if language in LANGUAGES else ENGLISH


def guess(phone: str | None) -> str:
    """Return the language to first write to `phone` in, from its country."""
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(phone or ""))
    except phonenumbers.NumberParseException:
        return ENGLISH
    return "es" if region in SPANISH_REGIONS else ENGLISH


def current() -> str:
    """Return the language texts are being composed in."""
    return _speaking.get()


@contextlib.contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Compose texts in `language` (English when unknown or None) within the block."""
    token = _speaking.set(known(language))
    try:
        yield _speaking.get()
    finally:
        _speaking.reset(token)


def catalogue_path(language: str, domain: str, folder: Path | None = None) -> Path:
    """Return where `language`'s catalogue of `domain` lives (below `folder`, else LOCALE)."""
    return (folder or LOCALE) / language / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def catalogue(language: str) -> dict[str, tuple[str, str]]:
    """Return {key: (english, translation)} of every domain's entries for `language`."""
    from babel.messages.pofile import read_po

    entries: dict[str, tuple[str, str]] = {}
    for domain in DOMAINS:
        path = catalogue_path(language, domain)
        if not path.exists():
            continue
        with path.open("rb") as po:
            for message in read_po(po, locale=language):
                if message.id and message.context and message.string and not message.fuzzy:
                    entries[message.context] = (str(message.id), str(message.string))
    return entries


def updated(language: str, domain: str, english: dict[str, str], old: Any) -> Any:
    """Return `domain`'s catalogue of `english` (key: text, in the order written) in `language`,
    keeping what `old` (a Babel Catalog, or None) translated: a translation whose English
    changed is kept marked fuzzy (read as missing until checked); entries gone are dropped."""
    from babel.messages.catalog import Catalog

    before = {message.context: message for message in old or () if message.id}
    # The header's dates are kept, so running a tool on a catalogue in step changes nothing.
    catalog = Catalog(locale=language, project="Commons", version="", domain=domain,
                      copyright_holder="the Commons authors", fuzzy=False,
                      creation_date=old.creation_date if old else None,
                      revision_date=old.revision_date if old else None)
    for key, text in english.items():
        kept = before.get(key)
        string, fuzzy = "", False
        if kept is not None and kept.string:
            string = str(kept.string)
            fuzzy = kept.fuzzy or str(kept.id) != text  # the English changed: check the text
        catalog.add(text, string, context=key, flags=("fuzzy",) if fuzzy else ())
    return catalog


def write_catalogue(path: Path, language: str, domain: str,
                    english: dict[str, str]) -> tuple[int, int]:
    """Bring the catalogue at `path` up to date with `english` (see updated); return (entries,
    entries still to translate)."""
    from babel.messages.pofile import read_po, write_po

    old = None
    if path.exists():
        with path.open("rb") as po:
            old = read_po(po, locale=language)
    catalog = updated(language, domain, english, old)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=100, omit_header=False, sort_output=False)
    todo = sum(1 for message in catalog if message.id and (not message.string or message.fuzzy))
    return len(catalog), todo


def translate(key: str, english: str, language: str | None = None) -> str:
    """Return the text `key` in `language` (default: the one being spoken), else `english`."""
    language = known(language or current())
    if language == ENGLISH:
        return english
    entry = catalogue(language).get(key)
    return entry[1] if entry and entry[0] == english else english
