"""The guides' examples, read from their Markdown, so that tests/test_docs.py can play them.

A guide's fenced blocks are examples when their info string says so:

- ```` ```sms ````: a conversation. `> text` is a text you send, `< text` one you receive;
  `bob > text` and `bob < text` are another member's. A line indented under a `<` line goes on
  the same text, on a line of its own. `...` in a received text stands for anything (a date, a
  code). After each run of `>` lines everyone's texts must be exactly the `<` lines that
  follow, in order, and nobody else may receive anything. A block may start with `<` lines:
  texts caused by what came before it (a `commons` command).
- ```` ```console ````: `$ commons ...` lines, each followed by what it prints (`...` as above).
- ```` ```python PATH ````: an excerpt of the project's own code, which PATH must hold as
  shown (the architecture page's worked example).
- ```` ```csv NAME ```` (or any other language, then a file name): a file the console examples
  read.

Every example of a guide runs in order, on one database emptied before the guide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Who texts in the guides: you, and the people you text with, on numbers of San Francisco;
# ana's is in Mexico City, to show a first text in Spanish.
CAST = {
    "you": "+14155550100", "alice": "+14155550101", "bob": "+14155550102",
    "carol": "+14155550103", "dave": "+14155550104", "erin": "+14155550105",
    "ana": "+525512345678",
}
NAMES = {number: name for name, number in CAST.items()}

FENCE = re.compile(r"^```(\S*)[ \t]*(\S*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
SMS_LINE = re.compile(r"^(?:(\w+) )?([<>]) ?(.*)$")


@dataclass
class Step:
    """Texts sent, then what each number must receive, by number."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    expected: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Example:
    kind: str  # sms, console, source or file
    line: int  # where its block starts in the guide
    body: str
    name: str = ""  # a file's name


def examples(path: Path) -> list[Example]:
    """Return the examples of a guide, in order."""
    text = path.read_text()
    found = []
    for match in FENCE.finditer(text):
        language, name, body = match.groups()
        line = text.count("\n", 0, match.start()) + 1
        if language in ("sms", "console"):
            found.append(Example(language, line, body))
        elif language == "python" and name:
            found.append(Example("source", line, body, name))
        elif name:
            found.append(Example("file", line, body, name))
    return found


def steps(example: Example) -> list[Step]:
    """Split a conversation into steps: a run of texts sent, then the texts they cause."""
    result = [Step()]
    last: tuple[str, int] | None = None  # the received text an indented line continues
    for raw in example.body.splitlines():
        if not raw.strip():
            continue
        if raw[0] in " \t":
            if last is None:
                raise ValueError(f"line {example.line}: an indented line continues no text")
            number, index = last
            result[-1].expected[number][index] += "\n" + raw.strip()
            continue
        match = SMS_LINE.match(raw)
        if match is None or (match.group(1) or "you") not in CAST:
            raise ValueError(f"line {example.line}: not a line of a conversation: {raw!r}")
        who, arrow, text = match.groups()
        number = CAST[who or "you"]
        if arrow == ">":
            if result[-1].expected:
                result.append(Step())
            result[-1].sent.append((number, text))
            last = None
        else:
            texts = result[-1].expected.setdefault(number, [])
            texts.append(text)
            last = (number, len(texts) - 1)
    return result


def commands(example: Example) -> list[tuple[str, str]]:
    """Split a console example into its commands, each with what it prints."""
    result: list[tuple[str, list[str]]] = []
    for raw in example.body.splitlines():
        if raw.startswith("$ "):
            result.append((raw[2:], []))
        elif result:
            result[-1][1].append(raw)
        else:
            raise ValueError(f"line {example.line}: output before any command: {raw!r}")
    return [(command, "\n".join(out).strip("\n")) for command, out in result]


def fits(expected: str, got: str) -> bool:
    """Tell whether `got` is the text `expected` shows, `...` standing for anything."""
    pattern = ".*?".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, got, flags=re.DOTALL) is not None


def all_fit(expected: list[str], got: list[str]) -> bool:
    """Tell whether each text received is the one expected, in order."""
    return len(expected) == len(got) and all(map(fits, expected, got))


def shown(number: str, arrow: str, text: str) -> str:
    """Write one line of a conversation as the guides do."""
    who = NAMES.get(number, number)
    head = f"{arrow} " if who == "you" else f"{who} {arrow} "
    return head + text.replace("\n", "\n  ")
