"""Properties of the parser on any text: it never raises and always answers the same way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import KEYWORDS, Command, inline_actions, parse

_ANY_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
_WORDS = st.sampled_from(
    sorted(KEYWORDS)
    + ["stop", "START", "me", "mine", "task", "you", "for", "due", "to", "and", "at", "in",
       "tomorrow", "5pm", "17:00", "fri", "2h", "hours", "sms", "email", "lol", "Zürich", "🙂",
       "jion", "thnks", "doen", "+1 415 555 2671", "(415)", "555-2671", "bob@example.com"]
)  # fmt: skip
_HANDLES = st.from_regex(r"@[A-Za-z0-9_]{0,22}", fullmatch=True)
_TAGS = st.from_regex(r"#[A-Za-z0-9_-]{0,12}", fullmatch=True)
_NUMBERS = st.integers(min_value=0, max_value=10**12).map(str) | st.integers(0, 99).map(
    lambda n: f"#{n}"
)
_PUNCTUATION = st.sampled_from([".", "!", "?", ",", ":", "", "", ""])
_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u3000", " , "])
_TOKEN = st.tuples(
    st.one_of(_WORDS, _HANDLES, _TAGS, _NUMBERS, st.text(max_size=8)), _PUNCTUATION
).map("".join)
_COMMANDISH = st.tuples(
    st.sampled_from(sorted(KEYWORDS)) | _HANDLES | _WORDS,
    st.lists(st.tuples(_SPACES, _TOKEN).map("".join), max_size=8),
).map(lambda parts: parts[0] + "".join(parts[1]))
_TEXTS = _ANY_TEXT | _COMMANDISH
# Texts tried per property: 400 a suite run (each run draws new ones, after replaying any that
# failed before, kept in .hypothesis/); `pytest --hypothesis-profile=thorough` tries 10 times
# as many (tests/conftest.py).
EXAMPLES = 4 * settings().max_examples


def _check(command: Command) -> None:
    assert isinstance(command, Command)
    assert command.action and command.action == command.action.lower()
    assert all(tag == tag.lower() for tag in command.tags)
    for handle in (command.target, command.member, *command.also):
        assert handle is None or handle == handle.lower()


def _in_order(words: list[str], among: list[str]) -> bool:
    """Tell whether `words` all come in `among`, in that order (others may come between)."""
    rest = iter(among)
    return all(any(word in other for other in rest) for word in words)


# One run of texts checks every property of parse and of inline_actions: generating the
# texts costs more than checking them.
@settings(max_examples=EXAMPLES)
@given(_TEXTS)
def test_parse_and_inline_actions_never_raise_are_deterministic_and_keep_the_words(
        text: str) -> None:
    first = parse(text)
    _check(first)
    assert parse(text) == first
    if first.action == "chat":
        assert first.text in text and first.text == first.text.strip()
        assert first.text.strip("\u200b\ufeff") == first.text
    if first.text and first.action == "remind":  # its words, the time taken out from among them
        assert _in_order(first.text.replace("!", " ! ").split(),
                         text.replace("!", " ! ").split()), first.text
    elif first.text and first.action not in ("verify", "via"):  # free text is the message's
        assert first.text in text
    found = inline_actions(text)
    assert found == inline_actions(text)
    assert len(set(found)) == len(found)
    for command in found:
        _check(command)
        assert command.action in ("task_done", "task_claim", "thanks", "thanks_name")


@settings(max_examples=EXAMPLES)
@given(_COMMANDISH)
def test_parse_ignores_surrounding_whitespace(text: str) -> None:
    assert parse(f"  {text}\n") == parse(text)


@given(st.integers(0, 10**9 - 1), st.from_regex(r"[a-z][a-z0-9_]{1,19}", fullmatch=True))
def test_inline_actions_find_what_is_written(number: int, name: str) -> None:
    text = f"fixed it, done task {number}. Thanks @{name}!"
    assert inline_actions(text) == (
        Command("task_done", number=number),
        Command("thanks", member=name),
    )
