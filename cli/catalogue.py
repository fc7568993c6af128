"""Bring a language's reply catalogue up to date with the English in the code (a maintainer's tool).

`python -m cli.catalogue es` writes `locale/es/LC_MESSAGES/replies.po`: one entry per registered
reply template (handlers.registry TEMPLATES and MAIL_TEMPLATES, the web's notices among them),
`msgctxt` its key and `msgid` its English now. A translation already there is kept; one whose
English changed keeps its old Spanish marked fuzzy (read as missing until someone checks it and
drops the mark); entries whose template is gone are dropped. Then fill in every empty `msgstr`.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import handlers
import web
import workers
from handlers.registry import MAIL_TEMPLATES, TEMPLATES
from parsers.languages import LANGUAGES, catalogue_path, write_catalogue

DOMAIN = "replies"


def templates() -> dict[str, str]:
    """Return every registered reply template's English, by key: every module that could
    register one is imported first (the web's notices too)."""
    for package in (handlers, workers, web):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    return {**TEMPLATES, **MAIL_TEMPLATES}


def update(language: str) -> tuple[int, int]:
    """Write `language`'s reply catalogue; return (entries, entries still to translate)."""
    english = templates()
    return write_catalogue(catalogue_path(language, DOMAIN), language, DOMAIN,
                           {key: english[key] for key in sorted(english)})


def main(argv: list[str]) -> int:
    """Update the catalogue of each language named on the command line."""
    languages = argv or [code for code in LANGUAGES if code != "en"]
    for language in languages:
        if language not in LANGUAGES:
            print(f"{language}: not in parsers.languages.LANGUAGES", file=sys.stderr)
            return 2
        total, todo = update(language)
        print(f"{catalogue_path(language, DOMAIN)}: {total} entries, {todo} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
