"""Each command declared once: help, usage and a handler for every declaration, checked."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import handlers  # noqa: F401 - registers every handler
from handlers.registry import (
    HANDLERS,
    UndeclaredAction,
    UnhandledAction,
    handles,
    require_handlers,
)
from parsers import parse
from parsers.commands import ACTIONS, COMMANDS, GRAMMAR, HELP, INDEX, INDEX_SHOWS, KEYWORDS, USAGE
from parsers.segments import encoding, segments
from parsers.words import PHRASES

ROOT = Path(__file__).resolve().parent.parent
ALICE = "+14155550101"


@pytest.mark.parametrize("declared", COMMANDS, ids=lambda d: d.name)
def test_every_declaration_has_one_segment_help_and_usage(declared):
    for line in (declared.help, declared.usage):
        assert line and encoding(line) == "GSM-7" and segments(line) == 1, line
    assert declared.actions


@pytest.mark.parametrize("declared", COMMANDS, ids=lambda d: d.name)
def test_the_usage_example_parses_to_a_declared_action(declared):
    example = declared.usage.rsplit("e.g. ", 1)[-1] if "e.g. " in declared.usage else declared.word
    command = parse(re.split(r",? or ", example)[0])
    assert command.action in (*declared.actions, "help"), (example, command)


def test_help_alone_is_one_segment_and_shows_declared_commands_as_they_are_typed():
    assert encoding(INDEX) == "GSM-7" and segments(INDEX) == 1, INDEX
    words = {d.name: d.word for d in COMMANDS}
    for name, shown in INDEX_SHOWS:
        assert name in HELP and shown in INDEX
        assert name not in words or shown.split()[0] == words[name], (name, shown)


def test_every_declared_action_has_a_handler_and_no_handler_is_undeclared():
    assert set(HANDLERS) == ACTIONS
    assert {g.action for g in GRAMMAR} <= ACTIONS


def test_every_keyword_names_a_declaration_with_help_and_usage():
    assert set(KEYWORDS.values()) == {d.name for d in COMMANDS} == set(USAGE)
    assert set(USAGE) <= set(HELP)


def test_handles_refuses_an_undeclared_action():
    registry: dict = {}
    with pytest.raises(UndeclaredAction, match="no_such_action"):
        handles("no_such_action", into=registry)
    assert registry == {} and "no_such_action" not in HANDLERS


def test_a_declared_action_without_a_handler_is_refused():
    with pytest.raises(UnhandledAction, match="task_claim"):
        require_handlers({a: HANDLERS[a] for a in ACTIONS - {"task_claim"}})
    require_handlers()  # the real registry is complete


def test_a_handler_module_with_an_undeclared_action_fails_at_import(tmp_path):
    (tmp_path / "bad_handler.py").write_text(textwrap.dedent("""
        import handlers
        from handlers.registry import handles

        @handles("frobnicate")
        def frobnicate(ctx, cmd):
            pass
    """))
    found = subprocess.run([sys.executable, "-c", "import bad_handler"], cwd=ROOT,
                           env={"PYTHONPATH": f"{tmp_path}:{ROOT}"}, capture_output=True,
                           text=True, timeout=60)
    assert found.returncode != 0
    assert "UndeclaredAction" in found.stderr and "frobnicate" in found.stderr


def test_help_alone_and_help_on_a_command_come_from_the_declarations(phones):
    declared = {d.name: d for d in COMMANDS}
    phones.run(f"""
    {ALICE} > help task
    {ALICE} < {declared["task"].help}
    {ALICE} > help thx
    {ALICE} < {declared["thanks"].help}
    {ALICE} > help post
    {ALICE} < {HELP["post"]}
    {ALICE} > HELP
    {ALICE} < {INDEX}
    {ALICE} > join
    {ALICE} < {declared["join"].help}
    {ALICE} > claim @team abc
    {ALICE} < {declared["claim"].usage}
    """)


# Actions no one types as a command: the grammar makes them, so they need no help topic.
NOT_TYPED = {"chat", "usage", "near_miss", "opt_out", "opt_in", "stop_how"}
# Commands whose arguments are any text: nothing typed after the word can miss their form.
ANY_TEXT = {"bio"}
# What is typed after a command's word to miss its form (most forms refuse a bare "@@@").
# "cancel @@@" is a carrier's STOP word and more: `cancel event <n>` misses its form with "0".
MISFIT = {"help": "0", "cancel": "0"}
# `help ?` is a question mark after HELP: the index, not help's own line.
HELP_ON = {"?": INDEX}


def test_every_action_s_help_and_usage_reach_a_phone(phones):
    # Each command word from a number of its own, so no sender nears the flood limit; each
    # round is one text from every number, all sent before the system settles and the replies
    # are checked.
    rounds: list[list[str]] = [[], [], []]
    words = [(d, w) for d in COMMANDS for w in d.words]
    for n, (declared, word) in enumerate(words):
        phone = f"+1415556{n:04d}"
        rounds[0] += [f"{phone} > help {word}", f"{phone} < {HELP_ON.get(word, declared.help)}"]
        if declared.name not in ANY_TEXT:
            rounds[1] += [f"{phone} > {word} {MISFIT.get(declared.name, '@@@')}",
                          f"{phone} < {declared.usage}"]
        if declared.alone_is_help and (word == declared.word or len(word) > 1):
            rounds[2] += [f"{phone} > {word}", f"{phone} < {declared.help}"]
    for n, action in enumerate(a for a in GRAMMAR if a.help):
        phone = f"+1415557{n:04d}"
        rounds[2] += [f"{phone} > help {action.action}", f"{phone} < {action.help}"]
    for lines in rounds:
        phones.run("\n".join([line for line in lines if " > " in line]
                              + [line for line in lines if " < " in line]), together=True)
    # Every handled action was asked about above: a command's, a grammar action with help, or
    # one the grammar alone makes; and every command but ANY_TEXT's answered its usage.
    asked = {a for d in COMMANDS for a in d.actions} | {g.action for g in GRAMMAR if g.help}
    assert set(HANDLERS) - asked <= NOT_TYPED
    assert {d.name for d in COMMANDS if parse(f"{d.word} @@@").action != "usage"} \
        <= ANY_TEXT | set(MISFIT)


def test_every_parsed_row_is_an_action_of_its_keyword():
    # The parser table's expected commands, each checked against the declaration of its word.
    from tests.test_parser_table import ROWS

    by_word = {w: d for d in COMMANDS for w in d.words}
    for text, expected in ROWS:
        assert expected.action in ACTIONS, (text, expected)
        word = text.split(None, 1)[0].lower() if text.strip() else ""
        declared = by_word.get(word)
        phrase = " ".join(text.rstrip(".!?").lower().split()) in PHRASES  # "task list" is tasks
        if declared is not None and expected.action not in ("help", "usage", "chat") \
                and not phrase:
            assert expected.action in declared.actions, (text, expected, declared.actions)
