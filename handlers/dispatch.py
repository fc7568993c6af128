"""Carrying out commands: run the handler, collect the replies, keep the text whatever happens."""

from __future__ import annotations

import logging
from collections.abc import Callable

from handlers import abuse, account, language
from handlers.context import Context
from handlers.lookup import my_groups
from handlers.phone_numbers import region_of
from handlers.registry import HANDLERS, says
from parsers import Command
from parsers.question_forms import courteous
from store.db import db
from store.models import HeldText, Inbound, Member
from store.outbox import TEXTED
from store.settings import Settings
from store.statements import Statement, slot

log = logging.getLogger(__name__)

SETTLED = Statement(lambda: Inbound.update(status=slot("status"), error=slot("error"),
                                           member=slot("member")).where(Inbound.id == slot("id")))

SAY = says("dispatch", {
    "broken": "Sorry, something went wrong with that text. Please try again.",
    "slow_down": "Slow down: that's a lot of texts. Try again in a minute.",
    "repeat": f"Not sent: that's the same text {abuse.LOOP_REPEATS} times in "
              f"{abuse.LOOP_WINDOW.seconds // 60} minutes.",
    "phone_only": "{word} works only by text from your phone: mail and the web can't change "
                  "who you are or where your messages go.",
})
# What changes who a member is or where their messages go: a forged mail or a borrowed
# browser must not, so these are taken only by text from the member's own phone. `name` too:
# a handle given up by mail could be claimed by someone else, with the messages sent to it.
# STOP and START too: texts to the phone are the phone's to stop and start, as carriers do.
PHONE_ONLY = frozenset({"email", "verify", "via", "newtoken", "name", "opt_out", "opt_in"})
# How a phone-only command is named in the refusal: the word its sender typed.
TYPED = {"opt_out": "STOP", "opt_in": "START"}


def dispatch(member: Member, command: Command, settings: Settings,
             inbound: Inbound | None = None, new_member: bool = False,
             held: HeldText | None = None) -> Context:
    """Carry out `command` for `member` and write every text it causes; return the context.

    `held` is the held text this command answers, as handlers.held.take() found it.
    """
    ctx = Context(member=member, settings=settings, inbound=inbound, new_member=new_member,
                  region=region_of(member.phone), held=held)
    perform(ctx, command)
    if command.action == "opt_out" and member.opted_out:
        return ctx  # the carrier confirms a STOP: nothing more is sent
    with language.speaking_to(member):  # `lang` may have just changed it
        if command.action != "lang" and (guessed := language.guessed(member)) \
                and first_text(member, inbound, new_member):
            # Once, in a text of its own: the reply after it keeps its pages, a listing's
            # first page its one segment.
            ctx.send_reply(guessed)
        if new_member and command.action not in ("help", "name", "opt_in") \
                and not my_groups(member):
            ctx.lines.insert(0, account.SAY["welcome"])
    ctx.finish()
    return ctx


def first_text(member: Member, inbound: Inbound | None, new_member: bool) -> bool:
    """Tell whether `inbound` is the first text or mail `member` ever sent: new, or only
    invited before it (an invitation makes the member's row)."""
    if new_member:
        return True
    return inbound is not None and not Inbound.select().where(
        Inbound.member == member.id, Inbound.id < inbound.id).exists()


def perform(ctx: Context, command: Command) -> None:
    """Carry out one command within `ctx`, adding its reply lines; finishing is the caller's."""
    member = ctx.member
    if command.action == "answer" and member.opted_out and command.choice == "yes" \
            and command.number is None and not courteous(command.text or ""):
        # YES is START only for a number that opted out; carriers take "yes please" for no
        # keyword, so it would not start their sending again either.
        command = Command("opt_in")
    if refused_off_phone(ctx, command):
        return
    if command.action == "opt_in":
        member.opted_out = False
        member.save(only=[Member.opted_out])
    elif member.opted_out and command.action != "opt_out":
        return  # kept, but an opted-out member is sent nothing until START
    # Every action a text can become has a handler: handlers/__init__.py checks it at import.
    HANDLERS[command.action](ctx, command)


def refused_off_phone(ctx: Context, command: Command) -> bool:
    """Refuse (and say why) a phone-only command that came by mail or the web box."""
    if command.action not in PHONE_ONLY or (command.action == "via" and not command.text):
        return False  # `via` alone only says where posts go
    if ctx.inbound is not None and ctx.inbound.channel in TEXTED:
        return False
    ctx.reply(SAY["phone_only"].format(word=TYPED.get(command.action, command.action)))
    return True


def settle(inbound: Inbound, member: Member, settings: Settings,
           act: Callable[[], Context]) -> Context:
    """Run `act` in a savepoint and mark the inbound handled, or failed with an apology.

    A failing handler must not lose the text itself: only the savepoint is rolled back.
    """
    try:
        with db.atomic():
            ctx = act()
            inbound.status = "handled"
    except Exception as error:  # the text is kept, the sender is told
        log.exception("handling inbound %s failed", inbound.id)
        inbound.status, inbound.error = "failed", repr(error)[:500]
        ctx = Context(member=Member.get_by_id(member.id), settings=settings, inbound=inbound)
        ctx.reply(SAY["broken"])
        ctx.finish()
    SETTLED.execute(status=inbound.status, error=inbound.error, member=member.id, id=inbound.id)
    return ctx


def refuse(inbound: Inbound, member: Member, settings: Settings, verdict: str,
           answer: str | None) -> Context:
    """Keep a text without acting on it, marked with `verdict`; answer only when told to."""
    inbound.status = verdict
    inbound.save(only=[Inbound.status, Inbound.member])
    ctx = Context(member=member, settings=settings, inbound=inbound)
    if answer:
        ctx.reply(answer)
        ctx.finish()
    return ctx
