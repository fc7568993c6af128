"""No reply text, help or usage line writes a limit again: its number comes from the constant.

The check reads the source, not the filled texts: an f-string's `{MAX_FOLLOWS}` is fine, the
same 50 typed into the literal text is a copy that drifts when the limit changes.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from datetime import timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("parsers", "store", "handlers", "workers", "web")
# A number standing alone: not part of a word or an hour ("5pm", "2h", "h1") or a phone number.
NUMBER = re.compile(r"(?<![\w+])\d+(?![\w])")
# Examples of what to type hold numbers that are no limit: task and reminder numbers, dates.
EXAMPLES = re.compile(
    r"\b(?:claim|done|drop|reopen|assign|unremind|task|need|reminder|dec|at|verify|results|nudge"
    r"|event|question|yes|no)"
    r"(?: need| @\w+)? #?\d+\b")
ALLOWED = ("22-7", "utf-8")  # quiet's example hours; a charset


def limit_values() -> dict[int, list[str]]:
    """Return every limit constant's value (and a timedelta's minutes and hours), by value."""
    found: dict[int, list[str]] = {}

    def add(value: int, name: str) -> None:
        if value >= 2:  # 0 and 1 are words more than limits ("1 post", "+1 @name")
            found.setdefault(value, []).append(name)

    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" in info.name or info.name.endswith("__main__"):
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if not name.isupper() or name.startswith("_"):
                    continue
                if isinstance(value, int) and not isinstance(value, bool):
                    add(value, f"{info.name}.{name}")
                elif isinstance(value, timedelta):
                    seconds = int(value.total_seconds())
                    for unit, size in (("minutes", 60), ("hours", 3600), ("days", 86400)):
                        if seconds % size == 0:
                            add(seconds // size, f"{info.name}.{name} in {unit}")
    return found


def literal_parts(node: ast.AST) -> list[str]:
    """Return the literal text in an expression: f-strings' fixed parts, concatenations."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


def texts_in(source: str) -> list[str]:
    """Return the literal text of reply templates (`says`) and help and usage lines in `source`."""
    texts = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name == "says" and len(node.args) > 1 and isinstance(node.args[1], ast.Dict):
            texts += [text for value in node.args[1].values for text in literal_parts(value)]
        texts += [text for kw in node.keywords if kw.arg in ("help", "usage")
                  for text in literal_parts(kw.value)]
    return texts


def copies(text: str, limits: dict[int, list[str]]) -> list[str]:
    """Return each number in `text` that equals a limit, named after the constants it matches."""
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    text = EXAMPLES.sub("", text)
    return [f"{number} (= {', '.join(limits[int(number)])})" for number in NUMBER.findall(text)
            if int(number) in limits]


def page_text(html: str) -> str:
    """Return what a page template shows and the input limits it sets, without Jinja code."""
    html = re.sub(r"{{.*?}}|{%.*?%}|{#.*?#}", "", html, flags=re.S)
    limits = re.findall(r'\b(?:maxlength|minlength|max|min|pattern)="([^"]*)"', html)
    return " ".join([re.sub(r"<[^>]*>", " ", html), *limits]).replace("[0-9]", "")


SOURCES = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
                 if "migrations" not in path.parts)
PAGES = sorted((ROOT / "web" / "templates").glob("*.*"))


@pytest.fixture(scope="module")
def limits():
    return limit_values()


def test_the_limits_are_found(limits):
    assert any("MAX_FOLLOWS" in name for names in limits.values() for name in names)
    assert any("CODE_TTL in minutes" in name for names in limits.values() for name in names)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_reply_help_or_usage_line_copies_a_limit(path, limits):
    found = [(text, hits) for text in texts_in(path.read_text()) if (hits := copies(text, limits))]
    assert not found, f"fill these from their constants (f'at most {{MAX_X}}'): {found}"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_page_copies_a_limit(path, limits):
    hits = copies(page_text(path.read_text()), limits)
    assert not hits, f"pass these to the template from their constants: {hits}"


def test_a_copied_limit_is_caught(limits):
    source = '''SAY = says("x", {"many": "Follow at most 50 people.",
                  "fine": f"At most {N}, e.g. claim 12"})
HELP = Declared("follow", help="follow up to 50", usage=f"follow <name>, e.g. follow 1 at 5")'''
    texts = texts_in(source)
    assert texts == ["Follow at most 50 people.", "At most ", ", e.g. claim 12", "follow up to 50",
                     "follow <name>, e.g. follow 1 at 5"]
    assert 50 in limits
    assert [bool(copies(text, limits)) for text in texts] == [True, False, False, True, False]
    assert copies("Quiet 22-7; call +15551234567 at 5pm or in 2h", limits) == []
    assert copies(page_text('<input maxlength="1600" pattern="[0-9]{{ n }}">'), limits)
