"""Docs as tests: the guides' examples run, and every setting and command is in its guide."""

from __future__ import annotations

import re
import shlex
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner

import handlers  # noqa: F401 - registers every handler and help line
from cli.main import commons
from handlers import email_link
from handlers.abuse import RATE_LIMIT, RATE_WINDOW
from handlers.registry import HANDLERS
from parsers import KEYWORDS, parse
from parsers.commands import AREAS, readme_table, with_readme_tables
from store.db import db
from store.models import Inbound, utcnow
from store.settings import Settings
from tests import doc_examples
from tests.doc_examples import all_fit, commands, examples, fits, shown, steps

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
DOCS = ROOT / "docs"
GUIDES = ("members.md", "organisers.md", "operators.md", "architecture.md")
PLAYED = ("README.md", *(f"docs/{guide}" for guide in GUIDES))  # whose examples are run
MEMBERS = (DOCS / "members.md").read_text()
OPERATORS = (DOCS / "operators.md").read_text()
SOURCES = [p for d in ("gateway", "handlers", "parsers", "store", "workers", "web")
           for p in (ROOT / d).rglob("*.py")]
SHOWN = ROOT / "test-artifacts"  # each guide's examples as they ran, to compare or copy from
MAILED_CODE = 123456  # the code `email` mails in the guides' examples, so `verify` can say it


def configuration_table() -> set[str]:
    """Return the names in the operator's guide's table of settings."""
    section = OPERATORS.split("## Settings", 1)[1].split("\n## ", 1)[0]
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


def test_every_command_keyword_is_in_the_members_guide():
    missing = [word for word in KEYWORDS if word != "?" and f"`{word}" not in MEMBERS]
    assert not missing, missing


def test_the_members_guide_shows_every_action_a_text_can_take():
    texts = [text for example in examples(DOCS / "members.md") if example.kind == "sms"
             for step in steps(example) for _, text in step.sent]
    shown_actions = {parse(text).action for text in texts}
    assert set(HANDLERS) - shown_actions == set(), (
        "docs/members.md has no example that is handled as these actions")


def test_the_two_commands_are_in_the_readme():
    assert "make run" in README and "make test" in README


def test_the_members_guide_command_tables_come_from_the_declarations():
    for area in AREAS:
        table = readme_table(area)
        assert table in MEMBERS, (
            f"docs/members.md's {area} table differs from parsers.commands; regenerate with "
            f"`python -m parsers.commands --write docs/members.md`. Expected:\n{table}"
        )
    assert with_readme_tables(MEMBERS) == MEMBERS


def test_the_runner_reads_what_the_guides_write():
    example = doc_examples.Example("sms", 1, "> tasks\n< Open tasks in @team:\n  1 fix it\n"
                                   "bob < [@team] you: hi\n> done 1\n< Done: ...\n")
    first, second = steps(example)
    assert first.sent == [("+14155550100", "tasks")]
    assert first.expected == {"+14155550100": ["Open tasks in @team:\n1 fix it"],
                              "+14155550102": ["[@team] you: hi"]}
    assert second.sent == [("+14155550100", "done 1")]
    assert fits("Done: ...", "Done: task 1 in @team") and not fits("Done: ...", "Did you mean")
    assert not fits("Task 1 (due ...)", "Task 1 (due Fri) and more")


@pytest.mark.parametrize("guide", PLAYED)
def test_the_examples_in_the_guide_do_what_they_say(guide, phones, deployment, tmp_path,
                                                     monkeypatch):
    settings = deployment[0]
    monkeypatch.chdir(tmp_path)  # the console examples' files are written and read here
    monkeypatch.setattr(email_link.secrets, "randbelow", lambda _: MAILED_CODE)
    wrong, played = [], []
    for example in examples(ROOT / guide):
        if example.kind == "source":
            if example.body not in (ROOT / example.name).read_text():
                wrong.append(f"{guide}:{example.line} {example.name} no longer reads:\n"
                             f"{example.body}")
        elif example.kind == "file":
            (tmp_path / example.name).write_text(example.body)
            played.append(f"(file {example.name})")
        elif example.kind == "console":
            for command, expected in commands(example):
                argv = shlex.split(command)
                assert argv[0] == "commons", command
                result = CliRunner().invoke(commons, argv[1:], obj=settings)
                got = result.output.strip("\n")
                played.append(f"$ {command}\n{got}")
                if not fits(expected, got):
                    wrong.append(f"{guide}:{example.line} $ {command}\nexpected:\n{expected}"
                                 f"\ngot:\n{got}")
            phones.settle()
        else:
            for step in steps(example):
                for number, text in step.sent:
                    unhurried(number)
                    phones.text(number, text)
                    played.append(shown(number, ">", text))
                    phones.settle()
                texts_to = phones.received(newline="\n")  # lines kept
                played += [shown(n, "<", t) for n, texts in texts_to.items() for t in texts]
                for number in set(texts_to) | set(step.expected):
                    if not all_fit(step.expected.get(number, []), texts_to.get(number, [])):
                        wrong.append(f"{guide}:{example.line} after {step.sent[-1:]}, "
                                     f"{number}\nexpected: {step.expected.get(number, [])}"
                                     f"\n     got: {texts_to.get(number, [])}")
    SHOWN.mkdir(exist_ok=True)
    (SHOWN / f"docs-{Path(guide).name}").write_text("\n".join(played) + "\n")
    assert not wrong, "\n\n".join(wrong)


def unhurried(number: str) -> None:
    """Move a number's texts of the last minute back a minute when it nears the flood limit.

    A reader takes the guide's examples at a person's pace; the test plays them in seconds.
    """
    with db.connection_context():
        recent = Inbound.select().where(Inbound.sender == number,
                                        Inbound.received_at > utcnow() - RATE_WINDOW)
        rows = list(recent)
        if len(rows) >= RATE_LIMIT - 2:
            for row in rows:  # one by one: SQLite keeps times as text, no sum in SQL
                Inbound.update(received_at=row.received_at - RATE_WINDOW).where(
                    Inbound.id == row.id).execute()


