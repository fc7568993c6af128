"""Twilio's Advanced Opt-Out: keywords a Messaging Service took, and answered, before we did.

With Advanced Opt-Out, the inbound webhook carries `OptOutType` (STOP, START or HELP) when the
whole text was one of the service's keywords, in any language it was given (PARAR, COMENZAR,
AYUDA...). Twilio has carried it out and sent its own confirmation, so:
- STOP stops every text to the member, whatever word it was; nothing is sent back (a text after
  it would only earn error 21610);
- START brings back a member who had opted out, with no second confirmation. From a member who
  had not opted out it changes nothing of ours: the text is handled as any other ("yes" is an
  answer), and a word other than START or UNSTOP is kept for `commons doctor`, since Twilio
  answered the member with its opt-in confirmation (YES is one of its default opt-in keywords);
- HELP in any language is answered with our help, the list of commands Twilio's does not have.
"""

from __future__ import annotations

import logging

from handlers.context import Context
from parsers import Command
from store.carrier import YES_OPT_IN, OpsAlert
from store.models import Inbound, Member

log = logging.getLogger(__name__)

OPT_OUT_TYPES = ("STOP", "START", "HELP")
# The opt-in words carriers know: a member texting one means it. Any other opt-in keyword (YES,
# first of all) is also an everyday answer, and Twilio takes it before we see it.
MEANT_OPT_IN = frozenset({"start", "unstop", "comenzar", "iniciar", "reanudar"})
MAX_WORD = 20  # characters of the misread word kept for the operator


def command_for(inbound: Inbound, member: Member, parsed: Command) -> Command:
    """Return what a text is, given what Twilio made of it; `parsed` is our own reading."""
    kind = inbound.opt_out_type
    if kind == "STOP":
        return Command(action="opt_out")
    if kind == "HELP":
        return parsed if parsed.action == "help" else Command(action="help")
    if kind == "START":
        word = inbound.body.strip().strip(".!?¡¿").lower()
        if member.opted_out or word in MEANT_OPT_IN:  # COMENZAR is no chat, whoever says it
            return Command(action="opt_in")
        if word not in MEANT_OPT_IN:
            OpsAlert.create(kind=YES_OPT_IN, subject=member.label, detail=word[:MAX_WORD])
            log.warning("Twilio took %r from %s for an opt-in keyword: remove it from the "
                        "Messaging Service's opt-in keywords", word[:MAX_WORD], member.label)
    return parsed


# The words Twilio itself answers on every long code when one is the whole text, in any case.
# "START :)" or "Start!" is START to us (parsers.grammar), but not to Twilio: we confirm it.
TWILIO_KEYWORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke",
                             "optout", "start", "yes", "unstop", "help", "info"})


def confirmed_by_carrier(ctx: Context) -> bool:
    """Tell whether the carrier (Twilio) has confirmed this text's STOP or START itself.

    Twilio answers its standard keywords when one is the whole text, and a Messaging Service's
    own keywords under Advanced Opt-Out (OptOutType); the console has no carrier to do it.
    """
    inbound = ctx.inbound
    if inbound is None or inbound.channel != "twilio":
        return False
    return bool(inbound.opt_out_type) or inbound.body.strip().lower() in TWILIO_KEYWORDS
