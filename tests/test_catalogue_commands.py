"""Every help line, usage line and the index cost no more segments in Spanish than in English.

The entries live in locale/es/LC_MESSAGES/commands.po, keyed `help.<topic>`, `usage.<name>`
and `index`; `python -m parsers.commands --extract es` brings it up to date (tests/test_catalogue.py
checks that it is).
"""

from __future__ import annotations

import shutil

import pytest
from babel.messages.pofile import read_po

from parsers.commands import HELP, INDEX, USAGE, index
from parsers.commands.catalogue import DOMAIN, extract, texts
from parsers.languages import LANGUAGES, catalogue_path, speaking, translate
from parsers.segments import encoding, segments

TRANSLATED = [code for code in LANGUAGES if code != "en"]
ENGLISH = texts()


@pytest.mark.parametrize("key", list(ENGLISH))
@pytest.mark.parametrize("language", TRANSLATED)
def test_a_translation_costs_no_more_segments_than_the_english(language, key):
    # 160 GSM-7 letters a segment, or 70 once one letter (á, í, ó, ú) needs UCS-2.
    translated = translate(key, ENGLISH[key], language)
    assert translated != ENGLISH[key]
    assert segments(translated) <= segments(ENGLISH[key]), \
        f"{key}: {segments(translated)} {encoding(translated)} segments: {translated!r}"


def test_help_usage_and_the_index_are_read_in_the_language_being_spoken():
    with speaking("es"):
        assert HELP["join"].startswith("unirse @grupo te hace miembro")
        assert USAGE["done"].startswith("hecho [@grupo] [tarea] <n>")
        assert index().startswith("Commons: @grupo msj para escribir")
    assert HELP["join"] == HELP.english["join"]
    assert index() == INDEX
    assert dict(HELP) == HELP.english  # outside any language: the English, as declared


def test_the_extraction_keeps_translations_and_marks_changed_english(tmp_path):
    copy = tmp_path / "commands.po"
    shutil.copy(catalogue_path("es", DOMAIN), copy)
    text = copy.read_text()
    english = ENGLISH["help.join"].replace('"', '\\"')
    assert f'msgid "{english}"' in text
    copy.write_text(text.replace(f'msgid "{english}"', 'msgid "join @group, the old English"')
                    + '\nmsgctxt "help.gone"\nmsgid "Gone"\nmsgstr "Ido"\n')
    total, todo = extract("es", copy)
    assert (total, todo) == (len(ENGLISH), 1)
    with copy.open("rb") as po:
        found = {m.context: m for m in read_po(po, locale="es") if m.id}
    assert set(found) == set(ENGLISH)  # the text that is gone is dropped
    assert found["help.join"].fuzzy and str(found["help.join"].id) == ENGLISH["help.join"]
    assert str(found["help.join"].string).startswith("unirse @grupo")  # kept, to be checked
    assert not found["help.leave"].fuzzy
