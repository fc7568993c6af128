"""Every inbound text gets an effect someone receives, or a word back: the check and its tally.

A text is *answered* when it caused an outbox row (a reply, a notice to someone, a mail), a
post or DM that was delivered to someone, or a post that a member's digest will carry. A few
texts are silent by rule, and counted apart: STOP, and a START Twilio confirms itself (its
exact keyword; handlers/carrier_keywords.py), a text from a
number that had opted out or cannot take texts (nothing may be sent to it), a DM to someone
who blocked its sender, by `d @x` or plain chat (it is not delivered, and the sender is not
told), an empty text, the
repeats of a flood or a loop after the one that was answered, and what a door refused before
reading it (a sender that is no number, an auto-reply, a stranger's mail, answered at most once
an hour). Anything else that caused nothing is *silent*: the sender is left guessing.

`tests/phones.py` checks each transcript step with it; the suite's tally is printed at the end
of a run (tests/conftest.py) and kept in test-artifacts/answered.txt.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from handlers.carrier_keywords import TWILIO_KEYWORDS
from parsers import parse
from store.db import db, tuples
from store.models import Block, Inbound, Member, Membership, Message, Outbox

ANSWERED = ("reply", "delivered", "digest")
BY_RULE = ("carrier", "opted out", "unreachable", "empty", "flood", "loop", "refused",
           "blocked")
PENDING = ("received", "cleaning", "handling")
OPT_OUT_TYPES = {"STOP": "opt_out", "START": "opt_in"}
ACTED = ("handled", "failed")  # read and acted on; anything else a door or a limit refused


@dataclass(frozen=True)
class Verdict:
    inbound_id: int
    sender: str
    body: str
    outcome: str  # one of ANSWERED, BY_RULE, or "silent"


def verdicts(after_id: int = 0) -> list[Verdict]:
    """Judge every handled inbound text with an id above `after_id`, oldest first."""
    with db.connection_context():
        rows = list(Inbound.select().where(Inbound.status.not_in(PENDING)).order_by(Inbound.id))
        fresh = [row.id for row in rows if row.id > after_id]
        if not fresh:
            return []
        replied = {i for i, in tuples(Outbox.select(Outbox.inbound)
                                      .where(Outbox.inbound.in_(fresh)))}
        delivered = {i for i, in tuples(Message.select(Message.inbound).join(
            Outbox, on=Outbox.message == Message.id).where(Message.inbound.in_(fresh)))}
        digest = {i for i, in tuples(Message.select(Message.inbound).join(
            Membership, on=Membership.group == Message.group).join(Member).where(
            Message.inbound.in_(fresh), Member.digest.is_null(False),
            Member.id != Message.author))}
        unreachable = {m for m, in tuples(Member.select(Member.id).where(
            Member.opted_out | Member.phone_invalid))}
        blocked = {(handle, sender) for handle, sender in tuples(Block.select(
            Member.handle, Block.blocked).join(Member, on=Block.member == Member.id))}
    blocked_senders = {sender for _, sender in blocked}
    found: list[Verdict] = []
    # Member id -> opted out at that text, by their own STOP and START.
    stopped: dict[int | None, bool] = {}
    for row in rows:
        # Under Advanced Opt-Out, Twilio names the keyword it took, in any language ("PARAR").
        action = OPT_OUT_TYPES.get(row.opt_out_type or "") or parse(row.body).action
        was_out = stopped.get(row.member_id, False)
        if action in ("opt_out", "opt_in"):
            stopped[row.member_id] = action == "opt_out"
        if row.id in fresh:
            out = "opted out" if was_out else "unreachable" if (
                row.member_id in unreachable and row.member_id not in stopped) else None
            command = parse(row.body)
            if command.action in ("dm", "post") and (command.target, row.member_id) in blocked:
                out = "blocked"  # a DM to someone who blocked its sender: not delivered
            elif command.action in ("chat", "answer") and row.member_id in blocked_senders:
                out = "blocked"  # plain chat into a conversation with one who blocked them
            outcome = _outcome(row, action, replied, delivered | digest, out)
            if outcome == "delivered" and row.id not in delivered:
                outcome = "digest"
            found.append(Verdict(row.id, row.sender, row.body, outcome))
    return found


def _outcome(row: Inbound, action: str, replied: set[int], delivered: set[int],
             unreachable: str | None) -> str:
    if row.id in replied:
        return "reply"
    if row.id in delivered:
        return "delivered"
    if action == "opt_out" or (action == "opt_in" and _carrier_confirms(row)):
        return "carrier"
    if unreachable and action != "opt_in":
        return unreachable
    if row.status == "limited":
        return "flood"  # told once a minute; the rest of the flood hears nothing
    if row.status == "loop":
        return "loop"  # answered once; the loop's later repeats hear nothing
    if row.status not in ACTED:
        return "refused"
    if not row.body.strip() and row.media in ("", "[]"):
        return "empty"
    return "silent"


def _carrier_confirms(row: Inbound) -> bool:
    """Tell whether Twilio answered this text itself (its own keyword, or Advanced Opt-Out)."""
    return row.channel == "twilio" and (
        bool(row.opt_out_type) or row.body.strip().lower() in TWILIO_KEYWORDS)


def tally(found: list[Verdict]) -> Counter:
    """Count verdicts by outcome."""
    return Counter(v.outcome for v in found)


def share(counts: Counter) -> str:
    """Say how many texts were answered, of those not silent by rule."""
    answered = sum(counts[o] for o in ANSWERED)
    judged = answered + counts["silent"]
    by_rule = sum(counts[o] for o in BY_RULE)
    percent = 100 * answered / judged if judged else 100.0
    return (f"{answered} of {judged} inbound texts answered or acted on ({percent:.2f}%); "
            f"{by_rule} silent by rule ("
            + ", ".join(f"{o} {counts[o]}" for o in BY_RULE) + ")")
