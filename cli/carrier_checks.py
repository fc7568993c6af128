"""What `commons doctor` says of carriers' word on our texts: misread opt-ins, paused senders,
members texts no longer reach."""

from __future__ import annotations

from datetime import timedelta

from handlers import pauses
from store.carrier import YES_OPT_IN, OpsAlert
from store.db import db
from store.models import Member, utcnow

Line = tuple[bool, str, str]  # a report line: right or not, the part, what it is or what to fix
LOOK_BACK = timedelta(days=30)  # how far back misread opt-ins are reported
NAMED = 5  # unreachable members named in the line; the rest are counted


def carrier_lines() -> list[Line]:
    """Report misread opt-ins and paused senders (to fix) and unreachable members (to know).

    The database check comes first: with no database there is nothing to say here.
    """
    try:
        with db.connection_context():
            return _opt_ins() + _paused() + _unreachable()
    except Exception:  # the database line above says what is wrong
        return []


def _opt_ins() -> list[Line]:
    misread = list(OpsAlert.select().where(OpsAlert.kind == YES_OPT_IN,
                                           OpsAlert.created_at >= utcnow() - LOOK_BACK)
                   .order_by(OpsAlert.id.desc()))
    if not misread:
        return [(True, "opt-in keywords", "no answer taken for an opt-in in 30 days")]
    latest = misread[0]
    return [(False, "opt-in keywords", (
        f"{len(misread)} texts in 30 days (latest {latest.detail!r} from {latest.subject}) "
        "were taken by Twilio for an opt-in keyword from members who had not opted out, and "
        "answered with its opt-in confirmation: remove YES (and any word but START and UNSTOP) "
        "from the Messaging Service's opt-in keywords (Advanced Opt-Out)"))]


def _paused() -> list[Line]:
    held = pauses.active()
    if not held:
        return [(True, "senders", "none paused")]
    return [(False, "senders", (
        f"{alert.subject} paused until {alert.until:%Y-%m-%d %H:%M} UTC: {alert.detail}; "
        f"`commons unpause {alert.subject}` sends again now")) for alert in held]


def _unreachable() -> list[Line]:
    query = (Member.select().where(Member.unreachable_at.is_null(False) | Member.phone_invalid)
             .order_by(Member.id))
    count = query.count()
    if not count:
        return [(True, "members", "every member's phone takes texts")]
    names = ", ".join(m.label for m in query.limit(NAMED))
    more = f" and {count - NAMED} more" if count > NAMED else ""
    return [(True, "members", f"{count} no longer reached by text ({names}{more}): "
             "their groups' owners were told; texting in makes them reachable again")]
