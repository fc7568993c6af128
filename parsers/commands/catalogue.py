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
from parsers.languages import catalogue_path, write_catalogue

DOMAIN = "commands"


def texts() -> dict[str, str]:
    """Return every command text's English, by catalogue key."""
    return {"index": INDEX,
            **{f"help.{name}": line for name, line in HELP.english.items()},
            **{f"usage.{name}": line for name, line in USAGE.english.items()}}


def extract(language: str, path: Path | None = None) -> tuple[int, int]:
    """Write `language`'s catalogue of the commands' texts (to `path`, else where it lives);
    return (entries, entries still to translate)."""
    # In the order of the guide's tables.
    return write_catalogue(path or catalogue_path(language, DOMAIN), language, DOMAIN, texts())
