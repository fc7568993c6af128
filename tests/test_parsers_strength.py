"""What a text is read as, at the edges the grammar table does not reach (make mutants found them).

Each row is a text a member could send and the command it must be; see tests/MUTANTS.md for the
changes to the code that these rows were written to notice.
"""

from __future__ import annotations

import pytest

from parsers import Command, inline_actions, parse
from parsers.question_forms import courteous

C = Command


def usage(topic: str) -> Command:
    """The usage of the command `topic` names: arguments that don't fit, posted nowhere."""
    return Command("usage", topic=topic)


ROWS = [
    # Quiet hours: whole hours on either clock; an hour that is not one is the usage.
    ("quiet 13pm-7am", usage("quiet")),
    ("quiet 0am-7am", usage("quiet")),
    ("quiet 12am-7am", C("quiet", text="0-7")),
    ("quiet 12pm-1pm", C("quiet", text="12-13")),
    ("quiet 24-7", C("quiet", text="0-7")),
    ("quiet 10pm - 7am", C("quiet", text="22-7")),
    ("quiet 22:00-07:00", C("quiet", text="22-7")),
    ("quiet 11p-6a", C("quiet", text="23-6")),
    ("quiet OFF!", C("quiet", text="off")),
    # Digests: "week" as "weekly".
    ("digest week fri 6pm", C("digest", text="fri", when="6pm")),
    ("digest week", C("digest", text="mon")),
    # Help, however it is punctuated.
    ("?:", C("help")),
    # A number with its full stop.
    ("cancel event 3.", C("cancel_event", number=3)),
    ("cancel event #3?", C("cancel_event", number=3)),
    # A repeat's clock may be given to the second.
    ("remind me every monday at 9:30:15 stretch", C("remind", target="me", text="stretch",
                                                    when="every mon at 9:30:15")),
    # A question's options keep their own letters, capitals and all.
    ("ask @team game night? Xbox / Wii", C("ask", target="team", text="game night?",
                                           options=("Xbox", "Wii"))),
    # "on monday" is one Monday; "on mondays", "a diario" and "diariamente" repeat.
    ("remind me on monday at 9 call mom", C("remind", target="me", text="call mom",
                                            when="on monday at 9")),
    ("remind me on mondays at 9 call mom", C("remind", target="me", text="call mom",
                                             when="every mon at 9")),
    ("recuérdame a diario a las 8 tomar agua", C("remind", target="me", text="tomar agua",
                                                 when="every day a las 8")),
    ("recuerdame diariamente a las 9 agua", C("remind", target="me", text="agua",
                                              when="every day a las 9")),
    # A name with a full stop or a bang after it; a digest's time that is no clock.
    ("name alice!", C("name", target="alice")),
    ("digest daily soon", C("chat", text="digest daily soon")),
    # A task's assignee after a due date the reader knows but no day ("next month").
    ("task bring chairs due next month @bob", C("task_add", text="bring chairs", member="bob",
                                                when="next month")),
    # A due date stops before a joining word, even with a comma on it.
    ("task bring cake due saturday for, the party", C("task_add", when="saturday",
                                                      text="bring cake for, the party")),
    # "of" does not start a time: it stays in what to say.
    ("remind me to send the notes of friday", C("remind", target="me", when="friday",
                                                text="send the notes of")),
    # A day and a clock to the minute, apart, are one time.
    ("remind me sunday to call mom at 5:30pm", C("remind", target="me", text="call mom",
                                                 when="sunday at 5:30pm")),
    # "o clock" spelled without its apostrophe is part of the time, not of what to say.
    ("remind me at 9 o clock to call bob", C("remind", target="me", text="call bob",
                                             when="at 9 o clock")),
    # A keyword set off by a colon, with a space after it or none.
    ("join: @team", C("join", target="team")),
    ("task:the dishes", C("task_add", text="the dishes")),
    ("task - the dishes", C("task_add", text="the dishes")),
    # "thank" alone is a word; "thank you" and a number is a thanks that does not fit.
    ("thank", C("chat", text="thank")),
    ("thank you (415) 555 1234", usage("thanks")),
    # A bracket or a digit second in a word does not make a sentence arguments.
    ("ask b4 you take the car", C("chat", text="ask b4 you take the car")),
    ("Help (anyone?) my car broke down", C("chat", text="Help (anyone?) my car broke down")),
    # A search of two words with a filter after them.
    ("find bike pump #tools", C("find", text="bike pump", tags=("tools",))),
]


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[repr(t) for t, _ in ROWS])
def test_parse(text: str, expected: Command) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text", [
    "don't thank @bob yet, it was me",
    "we didn't thank @bob",
    "I can't thank @bob enough",
    "never thank @bob for that",
])
def test_a_thanks_said_with_a_negation_gives_no_point(text: str) -> None:
    assert inline_actions(text) == ()


def test_a_thanks_said_plainly_gives_a_point() -> None:
    assert inline_actions("ok thank @bob") == (C("thanks", member="bob"),)


def test_days_and_every_day_together_are_no_repeat() -> None:
    # "los lunes y días": a Monday and "days" is no rule a reminder can keep.
    command = parse("recuérdame los lunes y días a las 8 agua")
    assert command.action == "remind" and "every" not in (command.when or "")



@pytest.mark.parametrize(("text", "polite"), [
    ("yes please", True), ("Yes, thanks!", True), ("yes", False), ("YES 👍", False), ("no", False),
])
def test_a_yes_with_courtesy_after_it_is_told_from_a_bare_one(text: str, polite: bool) -> None:
    # A number that stopped texts START to come back; "yes please" is an answer, never a START.
    assert courteous(text) is polite
