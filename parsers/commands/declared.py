"""What a command's declaration holds, and what a grammar action's declaration holds."""

from __future__ import annotations

from dataclasses import dataclass

from parsers.command import Form


@dataclass(frozen=True)
class Declared:
    """One command: its words, its argument form, its actions, its help and its usage.

    `name` is the canonical name that help topics, usage and the guide use; it is also the word
    typed unless `keyword` says otherwise (`d` for dm). `spanish` are the Spanish words for it,
    read from anyone (they are no English words), kept apart so no English typo is "corrected"
    into one. An alias that needs a form of its own
    (`thank` skips a "you", `t` needs its @group) lists it in `alias_forms`. `form` is None only
    for help, whose form needs every keyword and so lives in the grammar. `actions` are every
    action name `form` can produce: each must have a handler, checked at import.
    """

    name: str
    form: Form | None
    actions: tuple[str, ...]
    help: str
    usage: str
    aliases: tuple[str, ...] = ()
    spanish: tuple[str, ...] = ()
    alias_forms: tuple[tuple[str, Form], ...] = ()
    alone_is_help: bool = False  # alone, the keyword asks for its help instead of being chat
    keyword: str = ""
    # The form when a colon or dash sets the keyword off ("task: call the city", "Task - ..."):
    # set off so, a sentence is meant as arguments. None: the usual form.
    labelled_form: Form | None = None

    @property
    def word(self) -> str:
        """Return the main word typed for this command."""
        return self.keyword or self.name

    @property
    def words(self) -> tuple[str, ...]:
        """Return every word that starts this command, the main one first."""
        return (self.word, *self.aliases, *self.spanish)

    def form_of(self, word: str) -> Form | None:
        """Return the argument form for the typed `word`: its own, or the command's."""
        return dict(self.alias_forms).get(word, self.form)


@dataclass(frozen=True)
class GrammarAction:
    """An action the grammar makes without a command word, and why it exists.

    `help` is set only where `help <action>` answers (help post).
    """

    action: str
    why: str
    help: str = ""
