"""The language a member is first written to, and a text read from its catalogue."""

from __future__ import annotations

import pytest

from parsers import languages
from parsers.languages import ENGLISH, current, guess, known, speaking, translate


@pytest.mark.parametrize(("phone", "language"), [
    ("+5215512345678", "es"),  # Mexico
    ("+34612345678", "es"),  # Spain
    ("+14155550101", "en"),  # the United States
    ("+447700900123", "en"),  # the United Kingdom
    ("not a number", "en"),
    ("", "en"),
    (None, "en"),
])
def test_a_new_member_is_first_written_to_in_their_countrys_language(phone, language):
    assert guess(phone) == language


def test_a_language_commons_does_not_speak_is_english():
    assert known("es") == "es"
    assert known("en") == "en"
    assert known("fr") == ENGLISH
    assert known(None) == ENGLISH


def test_texts_are_composed_in_the_language_spoken_only_within_the_block():
    assert current() == ENGLISH
    with speaking("es") as language:
        assert language == "es" and current() == "es"
        with speaking("fr"):
            assert current() == ENGLISH
        assert current() == "es"
    assert current() == ENGLISH


PO = '''
msgctxt "tasks.done"
msgid "Done: #{number}"
msgstr "Hecho: #{number}"

msgctxt "tasks.old"
msgid "The English as it was"
msgstr "El inglés de antes"

msgctxt "tasks.fuzzy"
msgid "Fuzzy"
msgstr "Borroso"
'''


@pytest.fixture
def catalogue_es(tmp_path, monkeypatch):
    """A Spanish catalogue of three entries, read instead of locale/."""
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "replies.po").write_text(PO.replace('msgctxt "tasks.fuzzy"',
                                                  '#, fuzzy\nmsgctxt "tasks.fuzzy"'))
    monkeypatch.setattr(languages, "LOCALE", tmp_path)
    languages.catalogue.cache_clear()
    yield
    languages.catalogue.cache_clear()


def test_a_text_is_translated_while_its_entry_matches_the_english(catalogue_es):
    assert translate("tasks.done", "Done: #{number}", "es") == "Hecho: #{number}"
    with speaking("es"):
        assert translate("tasks.done", "Done: #{number}") == "Hecho: #{number}"
    assert translate("tasks.done", "Done: #{number}", "en") == "Done: #{number}"
    assert translate("tasks.done", "Done: #{number}") == "Done: #{number}"  # none spoken
    # The English changed since the entry was written: the new English, not the old Spanish.
    assert translate("tasks.old", "The English as it is now", "es") == "The English as it is now"
    assert translate("tasks.fuzzy", "Fuzzy", "es") == "Fuzzy"  # a fuzzy entry is not used
    assert translate("tasks.none", "Not in the catalogue", "es") == "Not in the catalogue"
