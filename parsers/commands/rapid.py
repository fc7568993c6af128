"""Commands of rapid action: ask a group something, count the answers, events and RSVPs."""

from __future__ import annotations

from parsers.commands.declared import Declared
from parsers.question_forms import ask, cancel, event, numbered

COMMANDS: tuple[Declared, ...] = (
    Declared(
        "ask",
        ask,
        actions=("ask",),
        help="ask @group question? asks yes/no/maybe; ask @g lunch? pizza / tacos numbers the "
             "options. until fri 5pm closes it (else 24h).",
        usage="ask @group question? [a / b / c] [until when], e.g. ask @team lunch? pizza / tacos",
        alone_is_help=True,
        spanish=("preguntar",),
    ),
    Declared(
        "event",
        event,
        actions=("event",),
        help="event @group when what, e.g. event @team sat 10am park cleanup: members RSVP yes, "
             "no or maybe and are reminded.",
        usage="event @group <when> <what>, e.g. event @team sat 10am park cleanup",
        alone_is_help=True,
        spanish=("evento",),
    ),
    Declared(
        "results",
        numbered("results"),
        actions=("results",),
        help="results shows the answers to the latest question with who gave each; results 12 "
             "or results @group picks one.",
        usage="results [@group or n], e.g. results 12",
        aliases=("tally",),
        spanish=("resultados", "resultado"),
    ),
    Declared(
        "nudge",
        numbered("nudge"),
        actions=("nudge",),
        help="nudge 12 asks question 12 again of those who haven't answered. The asker, owner or "
             "admins.",
        usage="nudge [n], e.g. nudge 12",
    ),
    Declared(
        "cancel",
        cancel,
        # Alone, cancel is a carrier's STOP; `cancel @group` is a slip of `leave @group`.
        actions=("cancel_event", "unremind", "near_miss", "opt_out"),
        aliases=("delete",),
        spanish=("cancelar", "borrar", "eliminar"),
        help="cancel event 12 calls event 12 off and tells everyone who said yes or maybe. "
             "cancel reminder 3 is unremind 3.",
        usage="cancel event <n> or cancel reminder <n>, e.g. cancel event 12",
    ),
)
