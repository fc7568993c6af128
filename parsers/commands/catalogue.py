"""The commands' texts as a catalogue: help lines, usage lines and the index, by key.

`python -m parsers.commands --extract es` brings `locale/es/LC_MESSAGES/commands.po` up to date
with the declarations: one entry per text, `msgctxt` its key (`help.join`, `usage.join`,
`index`) and `msgid` its English now. A translation already there is kept; one whose English
changed keeps its old text marked fuzzy (read as missing until checked); entries whose text is
gone are dropped. Then fill in every empty `msgstr`.
"""

from __future__ import annotations

from pathlib import Path

from parsers.commands import HELP, INDEX, USAGE
from parsers.languages import LOCALE

DOMAIN = "commands"


def texts() -> dict[str, str]:
    """Return every command text's English, by catalogue key."""
    return {"index": INDEX,
            **{f"help.{name}": line for name, line in HELP.english.items()},
            **{f"usage.{name}": line for name, line in USAGE.english.items()}}


def path_of(language: str) -> Path:
    """Return where `language`'s catalogue of the commands' texts lives."""
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(language: str, path: Path | None = None) -> tuple[int, int]:
    """Write `language`'s catalogue of the commands' texts (to `path`, else where it lives);
    return (entries, entries still to translate)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = path or path_of(language)
    old = None
    if path.exists():
        with path.open("rb") as po:
            old = read_po(po, locale=language)
    before = {message.context: message for message in old or () if message.id}
    catalog = Catalog(locale=language, project="Commons", version="", domain=DOMAIN,
                      copyright_holder="the Commons authors", fuzzy=False,
                      creation_date=old.creation_date if old else None,
                      revision_date=old.revision_date if old else None)
    for key, english in texts().items():  # in the order of the guide's tables
        kept = before.get(key)
        string, fuzzy = "", False
        if kept is not None and kept.string:
            string = str(kept.string)
            fuzzy = kept.fuzzy or str(kept.id) != english
        catalog.add(english, string, context=key, flags=("fuzzy",) if fuzzy else ())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=100, omit_header=False, sort_output=False)
    todo = sum(1 for message in catalog if message.id and (not message.string or message.fuzzy))
    return len(catalog), todo
