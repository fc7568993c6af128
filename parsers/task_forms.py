"""Argument forms for tasks: add, list, and the numbered steps claim, done, drop, reopen, assign."""

from __future__ import annotations

import re

from parsers.command import Command, Form
from parsers.handles import arg_tokens, handle_token, lead_handle, number_token
from parsers.when import split_due

# Words after `task` that make a sentence ("task force meeting at 5", "task for tomorrow"),
# not a task for the current group ("task buy paper").
TASK_SENTENCE_WORDS: frozenset[str] = frozenset(
    "a an the for force forces list lists is was are were at of on in to and or but so "
    "it its this that these those my your our their his her i we you they manager master "
    "done finished complete completed".split()
    # ... and after `tarea` ("tarea de mates para el lunes", "tarea lista").
    + "de del la el los las un una unos unas para por es era fue esta está estaba con sin y o "
      "pero que al en mi mis tu su sus nuestra nuestro hecha hecho lista listo terminada "
      "pendiente pendientes".split()
)
# Around the number of a task step, in English and Spanish: "done with task 12", "hecho con
# la tarea 12".
_WITH = frozenset({"with", "w/", "w", "con"})
_ARTICLES = frozenset({"la", "el"})
_TASK_WORDS = {"task": "task", "tarea": "task", "need": "need", "necesidad": "need"}


# What people put after a task number without changing it: "Done 2 ✅", "claim 3 👍", "done #4!!".
_AFTER_NUMBER = re.compile(r"[^\w@#]+$")


def task_number(action: str, need_action: str | None = None, with_word: bool = False) -> Form:
    """Build the form `[@g] [task] <n>`, or `need <n>` when `need_action` names a board step.

    With `with_word`, a "with" (or "w/") may come first: `done with task 12`.
    """

    def form(rest: str) -> Command | None:
        tokens = arg_tokens(_AFTER_NUMBER.sub("", rest))
        target = handle_token(tokens[0]) if tokens else None
        if target is not None:
            tokens = tokens[1:]
        if with_word and tokens and tokens[0].lower() in _WITH:
            tokens = tokens[1:]
        if len(tokens) > 1 and tokens[0].lower() in _ARTICLES:
            tokens = tokens[1:]
        word = _TASK_WORDS.get(tokens[0].lower(), "") if tokens else ""
        if word:
            tokens = tokens[1:]
        if len(tokens) != 1 or (number := number_token(tokens[0])) is None:
            return None
        if word == "need":  # needs are numbered on the board, not in a group
            return None if target or need_action is None else Command(need_action, number=number)
        return Command(action, target=target, number=number)

    return form


_numbered = task_number("task_assign")
_numbered_done = task_number("task_done")
# After `task <n>`, the words that say it is done ("task 2 is done", "tarea 2 lista"): a task
# titled "2 done" is never what was meant.
_DONE_AFTER = frozenset(
    "done finished complete completed hecha hecho lista listo terminada terminado".split())
_IS = frozenset({"is", "está", "esta", "es"})


def task_done_after(rest: str) -> Command | None:
    """Parse `[@g] <n> [is] done` after `task`: the same as `done [@g] <n>`."""
    words = _AFTER_NUMBER.sub("", rest).split()
    if len(words) < 2 or words[-1].lower() not in _DONE_AFTER:
        return None
    words = words[:-1]
    if len(words) > 1 and words[-1].lower() in _IS:
        words = words[:-1]
    return _numbered_done(" ".join(words))


def assign(rest: str) -> Command | None:
    """Parse `assign [@g] [task] <n> [to] @m`."""
    tokens = arg_tokens(rest)
    if len(tokens) < 2 or (member := handle_token(tokens[-1])) is None:
        return None
    tokens = tokens[:-1]
    if tokens and tokens[-1].lower() == "to":
        tokens = tokens[:-1]
    found = _numbered(" ".join(tokens))
    if found is None:  # a need is taken, not handed out: `_numbered` has no need step
        return None
    return Command("task_assign", target=found.target, number=found.number, member=member)


_MINE = frozenset({"mine", "mías", "mias", "mis"})


def task_list(rest: str) -> Command | None:
    """Parse `tasks [@g] [mine]`."""
    target, mine = None, False
    for token in arg_tokens(rest):
        if token.lower() in _MINE and not mine:
            mine = True
        elif target is None and (name := handle_token(token)) is not None:
            target = name
        else:
            return None
    return Command("task_list", target=target, mine=mine)


def task_add(rest: str) -> Command | None:
    """Parse `task @g <text> [@assignee] [due <when>]`, or `task @g <n> done`."""
    if (done := task_done_after(rest)) is not None:
        return done
    found = lead_handle(rest)
    return None if found is None else _task(found[0], found[1])


def task_add_here(rest: str) -> Command | None:
    """Parse `task [@g] <text> ...`: without @g the task is for the current group."""
    if rest[:1] == "@":
        return task_add(rest)
    if (done := task_done_after(rest)) is not None:
        return done
    words = rest.split(None, 1)
    if not words or words[0].lower().strip(",.:;!?") in TASK_SENTENCE_WORDS:
        return None  # "task force meeting at 5" is a sentence
    return _task(None, rest)


def task_add_labelled(rest: str) -> Command | None:
    """Parse `task: <text>` or `task - <text>`: set off so, any words are the task."""
    if rest[:1] == "@":
        return task_add(rest)
    if (done := task_done_after(rest)) is not None:
        return done
    return _task(None, rest) if rest else None


def _task(target: str | None, rest: str) -> Command | None:
    body, when = split_due(rest)
    member = None
    words = body.rsplit(None, 1)
    if len(words) == 2 and (member := handle_token(words[1])) is not None:
        body = words[0]
    elif when is not None and len(parts := when.rsplit(None, 1)) == 2:
        # "due friday @bob": the assignee came last.
        if (member := handle_token(parts[1])) is not None:
            when = parts[0]
    if not body or handle_token(body) is not None:
        return None
    return Command("task_add", target=target, text=body, member=member, when=when)


