"""Every reply template, help and usage line has a current Spanish entry; every reply keeps its
placeholders and stays within its budget (help and usage: tests/test_catalogue_commands.py)."""

from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from cli.catalogue import DOMAIN, templates
from handlers.context import MORE_HINT
from handlers.registry import MAIL_TEMPLATES
from parsers.commands.catalogue import texts
from parsers.languages import LANGUAGES, catalogue, catalogue_path, speaking, translate, updated
from parsers.segments import encoding, segments
from tests.test_replies import fill

TRANSLATED = [code for code in LANGUAGES if code != "en"]
ENGLISH = templates()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# Each catalogue of SMS and mail texts: its English by key, and the tool that brings it up to date.
DOMAINS = {
    "replies": (ENGLISH, "python -m cli.catalogue {language}"),
    "commands": (texts(), "python -m parsers.commands --extract {language}"),
}


@pytest.mark.parametrize("domain", sorted(DOMAINS))
@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_has_a_current_entry(language, domain):
    english, tool = DOMAINS[domain]
    entries = catalogue(language)
    missing = sorted(key for key in english if key not in entries)
    stale = sorted(key for key in english if key in entries and entries[key][0] != english[key])
    assert missing == [], f"no {language} entry: {tool.format(language=language)}, then translate"
    assert stale == [], f"English changed since translated: check the {language} text"


@pytest.mark.parametrize("domain", sorted(DOMAINS))
@pytest.mark.parametrize("language", TRANSLATED)
def test_no_entry_is_left_over_fuzzy_or_empty(language, domain):
    english, _ = DOMAINS[domain]
    with catalogue_path(language, domain).open("rb") as po:
        messages = [m for m in read_po(po, locale=language) if m.id]
    assert sorted(str(m.context) for m in messages if m.context not in english) == []
    assert sorted(str(m.context) for m in messages if m.fuzzy or not m.string) == []


@pytest.mark.parametrize("key", sorted(ENGLISH))
@pytest.mark.parametrize("language", TRANSLATED)
def test_translation_keeps_the_placeholders(language, key):
    translated = translate(key, ENGLISH[key], language)
    assert placeholders(translated) == placeholders(ENGLISH[key])
    fill(translated)  # formats: no stray brace


@pytest.mark.parametrize("key", sorted(set(ENGLISH) - set(MAIL_TEMPLATES)))
@pytest.mark.parametrize("language", TRANSLATED)
def test_translated_reply_fits_one_segment_in_its_own_encoding(language, key):
    # The English is held to one segment at its longest (tests/test_replies.py); a translation
    # too, counted as it goes out: 160 GSM-7 letters, or 70 once one letter needs UCS-2.
    text = fill(translate(key, ENGLISH[key], language))
    assert segments(text) == 1, f"{key} is {segments(text)} {encoding(text)} segments: {text!r}"


def test_the_spanish_is_read_when_spanish_is_spoken():
    with speaking("es"):
        assert translate("tasks.no_tasks_all", ENGLISH["tasks.no_tasks_all"]) == \
            "No hay tareas abiertas en tus grupos."
    assert translate("tasks.no_tasks_all", ENGLISH["tasks.no_tasks_all"]) == \
        "No open tasks in your groups."


def test_the_tool_keeps_translations_and_marks_changed_english():
    english = {"a.kept": "Hello", "a.changed": "New English", "a.new": "Fresh"}
    with catalogue_path("es", DOMAIN).open("rb") as po:
        old = read_po(po, locale="es")
    old.add("Hello", "Hola", context="a.kept")
    old.add("Old English", "Viejo", context="a.changed")
    old.add("Gone", "Ido", context="a.gone")
    new = {m.context: m for m in updated("es", DOMAIN, english, old) if m.id}
    assert set(new) == {"a.kept", "a.changed", "a.new"}
    assert (new["a.kept"].string, new["a.kept"].fuzzy) == ("Hola", False)
    assert (new["a.changed"].string, new["a.changed"].fuzzy) == ("Viejo", True)
    assert (new["a.new"].string, new["a.new"].fuzzy) == ("", False)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_more_hint_is_no_longer_than_the_english(language):
    # handlers/search.py leaves room for the English hint on every page of hits.
    assert len(translate("context.more_hint", MORE_HINT, language)) <= len(MORE_HINT)
