"""Every command declared once; the grammar's tables, help and the guide's tables come from here.

Adding a command: one `Declared` in the area's module here, one handler registered with
`handlers.registry.handles` against its action names, its reply templates beside the handler,
its tests, and an example in docs/members.md, whose command tables are regenerated with
`python -m parsers.commands --write docs/members.md`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from parsers.command import Form
from parsers.commands import basics, rapid, reminders, together
from parsers.commands.declared import Declared, GrammarAction
from parsers.languages import translate


class Catalogued(Mapping[str, str]):
    """Texts by name, each read in the language being spoken; catalogue keys `prefix.name`.

    `english` keeps them as declared: the guide's tables and the catalogue are made from it.
    """

    def __init__(self, prefix: str, english: dict[str, str]) -> None:
        self.prefix = prefix
        self.english = english

    def __getitem__(self, name: str) -> str:
        return translate(f"{self.prefix}.{name}", self.english[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)


# The member's guide's command tables, by the marker that names each: <!-- commands:AREA -->.
AREAS: dict[str, tuple[Declared, ...]] = {
    "basics": basics.COMMANDS,
    "together": together.COMMANDS,
    "reminders": reminders.COMMANDS,
    "rapid": rapid.COMMANDS,
}
COMMANDS: tuple[Declared, ...] = tuple(d for area in AREAS.values() for d in area)

# Actions the grammar makes without a command word; declared so that every action is known and
# every one must have a handler.
GRAMMAR: tuple[GrammarAction, ...] = (
    GrammarAction("chat", "a text that is not clearly a command goes to the current conversation"),
    GrammarAction("post", "a text starting with @x posts to group @x or messages member @x",
                  help="@group message posts to a group; @name message texts one person."),
    GrammarAction("usage", "a keyword whose arguments don't fit is answered with its usage line "
                           "and posted nowhere"),
    GrammarAction("near_miss", "a word one edit from a keyword, with arguments after it, is "
                               "answered with the command it was probably meant to be"),
    GrammarAction("opt_out", "a carrier's STOP words, alone: nothing is sent any more"),
    GrammarAction("opt_in", "a carrier's START words, alone: texts are sent again"),
    GrammarAction("stop_how", "a text asking in words to be sent nothing more (\"stop texting "
                              "me\", \"unsubscribe me\"): told how, posted nowhere"),
    GrammarAction("answer", "yes, no, maybe or an option's number, alone (yes 12 names the "
                            "question): an answer to an open question, an invitation's YES, a "
                            "START after STOP, or else chat",
                  help="yes, no, maybe or an option's number answers the latest question; yes 12 "
                       "or no #12 answers question 12."),
)


def _keywords() -> dict[str, str]:
    found: dict[str, str] = {}
    for declared in COMMANDS:
        for word in declared.words:
            if word in found:
                raise ValueError(f"{word!r} is declared by both {found[word]} and {declared.name}")
            found[word] = declared.name
    return found


# Every word that can start a command, lower-case, mapped to the command it names.
KEYWORDS: dict[str, str] = _keywords()
# Each command's usage in one segment: the answer to arguments that don't fit (SPEC section 3).
USAGE = Catalogued("usage", {d.name: d.usage for d in COMMANDS})
# Each help topic's one-segment line: every command's, and post's.
HELP = Catalogued("help", {d.name: d.help for d in COMMANDS} | {
    g.action: g.help for g in GRAMMAR if g.help
})
# Keywords that need arguments and are not ordinary chat on their own: alone, they ask for help.
# Their aliases too ("unjoin" alone), but a one-letter alias ("t") alone is a letter.
HELP_WHEN_ALONE: frozenset[str] = frozenset(
    w for d in COMMANDS if d.alone_is_help for w in d.words if w == d.word or len(w) > 1)
# HELP alone, in one segment: what a newcomer needs first, as each is typed. The first two are
# the ways to write to someone; a name that is not declared fails here, at import.
INDEX_SHOWS: tuple[tuple[str, str], ...] = (
    ("post", "@group msg to post"),
    ("dm", "d @name msg to DM"),
    ("join", "join @g"),
    ("create", "create @g"),
    ("tasks", "tasks"),
    ("task", "task @g what"),
    ("done", "done 12"),
    ("thanks", "thanks @name"),
    ("need", "need #tag"),
)


def _index() -> str:
    unknown = [name for name, _ in INDEX_SHOWS if name not in HELP]
    if unknown:
        raise ValueError(f"HELP's index names {unknown}, which no declaration names")
    shows = [shown for _, shown in INDEX_SHOWS]
    return (f"Commons: {', '.join(shows[:2])}. {', '.join(shows[2:])}. "
            "HELP <command> for more. STOP to quit")


# The answer to HELP alone, in English; index() gives it in the language being spoken.
INDEX: str = _index()


def index() -> str:
    """Return the answer to HELP alone in the language being spoken."""
    return translate("index", INDEX)

# Keyed by the typed keyword, not the canonical name: "thank" must skip its "you".
FORMS: dict[str, Form] = {
    word: form for d in COMMANDS for word in d.words if (form := d.form_of(word)) is not None
}
# Keyed by the typed keyword too: the forms of keywords set off by a colon or a dash.
LABELLED_FORMS: dict[str, Form] = {
    word: d.labelled_form for d in COMMANDS if d.labelled_form is not None for word in d.words
    if d.form_of(word) is d.form
}
# Every action name a text can become; handlers register against exactly these.
ACTIONS: frozenset[str] = frozenset(
    {a for d in COMMANDS for a in d.actions} | {g.action for g in GRAMMAR}
)


def _cell(text: str) -> str:
    # Markdown would take `<command>` for an HTML tag and drop it.
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def readme_table(area: str) -> str:
    """Return the guide's table of one area's commands, between its marker comments."""
    rows = [f"<!-- commands:{area} -->", "| command | usage | what it does |", "|---|---|---|"]
    for d in AREAS[area]:
        words = ", ".join(f"`{w}`" for w in d.words)
        usage = d.usage.replace("|", "\\|")
        rows.append(f"| {words} | `{usage}` | {_cell(d.help)} |")
    rows.append("<!-- /commands -->")
    return "\n".join(rows)


def with_readme_tables(readme: str) -> str:
    """Return `readme` with each area's table between its markers replaced by the declared one."""
    for area in AREAS:
        start = readme.index(f"<!-- commands:{area} -->")
        end = readme.index("<!-- /commands -->", start) + len("<!-- /commands -->")
        readme = readme[:start] + readme_table(area) + readme[end:]
    return readme


__all__ = [
    "ACTIONS", "AREAS", "COMMANDS", "FORMS", "GRAMMAR", "HELP", "HELP_WHEN_ALONE", "INDEX",
    "LABELLED_FORMS", "Catalogued", "index",
    "KEYWORDS", "USAGE", "Declared", "GrammarAction", "readme_table", "with_readme_tables",
]
