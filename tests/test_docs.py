"""Docs as tests: every setting the code reads and every command is in the README."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import handlers  # noqa: F401 - registers every handler and help line
from parsers import KEYWORDS
from parsers.commands import AREAS, readme_table, with_readme_tables
from store.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
SOURCES = [p for d in ("gateway", "handlers", "parsers", "store", "workers", "web")
           for p in (ROOT / d).rglob("*.py")]


def configuration_table() -> set[str]:
    """Return the names in the README's configuration table."""
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, flags=re.MULTILINE))


def test_every_setting_is_documented_once():
    documented = configuration_table()
    assert {f.name for f in fields(Settings)} == documented


def test_code_reads_no_setting_outside_settings():
    read = set()
    for path in SOURCES:
        text = path.read_text()
        read |= set(re.findall(r"environ(?:\.get)?[\[(]\s*[\"']([A-Z][A-Z0-9_]*)", text))
        read |= set(re.findall(r"getenv\(\s*[\"']([A-Z][A-Z0-9_]*)", text))
    assert read <= configuration_table(), read - configuration_table()


def test_every_command_keyword_is_in_the_readme():
    missing = [word for word in KEYWORDS if word != "?" and f"`{word}" not in README]
    assert not missing, missing


def test_the_two_commands_are_in_the_readme():
    assert "make run" in README and "make test" in README


def test_readme_command_tables_come_from_the_declarations():
    for area in AREAS:
        table = readme_table(area)
        assert table in README, (
            f"README's {area} table differs from parsers.commands; regenerate with "
            f"`python -m parsers.commands --write README.md`. Expected:\n{table}"
        )
    assert with_readme_tables(README) == README
