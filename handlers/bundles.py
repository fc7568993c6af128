"""Bundles: posts and digests written during a member's quiet hours, released as one text.

Such a row is an outbox row like any other, with status "quiet": nothing queues it, and the
sweeper's queued-row rule never sees it. Releasing moves every quiet row of the member to
"bundled" and writes the one text that carries them, in a single transaction: the move is
conditional on "quiet", so however many processes release at once, each row goes into exactly
one bundle, and a bundle is never written without its rows being taken.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from handlers import repeats
from parsers.languages import speaking, translate
from parsers.segments import segments
from store import outbox
from store.db import db
from store.models import Member, Outbox

QUIET, BUNDLED, RECAP, EXPIRED = "quiet", "bundled", "recap", "expired"
QUIET_KINDS = ("post", "digest")  # what quiet hours hold; DMs, replies and own reminders go now
MAX_BUNDLE_SEGMENTS = 3  # a text never passes three segments; the rest is counted
MORE = "+{count} more. recap for the rest"  # key bundles.more (registered in handlers/language)
# What rewrites held rows whose words depend on the day they arrive, before they are bundled:
# question_steps.arriving (an event's "Tomorrow:" prompt that arrives on the event's day).
ARRIVING: list[Callable[[Member, list[Outbox], datetime], None]] = []


def is_quiet(member: Member, now: datetime) -> bool:
    """Tell whether `now` (naive UTC) falls in the member's quiet hours."""
    start, end = member.quiet_start, member.quiet_end
    if start is None or end is None:
        return False
    hour = repeats.to_local(now, member).hour
    return start <= hour < end if start < end else hour >= start or hour < end


def hold(row_ids: list[int]) -> None:
    """Keep these freshly written rows back instead of queueing them."""
    if row_ids:
        Outbox.update(status=QUIET).where(Outbox.id.in_(row_ids), Outbox.status == "queued") \
            .execute()


def release(member: Member, now: datetime) -> list[int]:
    """Bundle the member's quiet rows into one new row; return its id (none when there are none).

    Rows left out of the text ("+3 more") are marked RECAP: `recap` lists their posts. Rows
    whose moment passed while they were held (an event's reminder) are EXPIRED, never sent.
    """
    token = f"bundle:{uuid.uuid4().hex}"
    with db.atomic():
        Outbox.update(status=EXPIRED).where(Outbox.member == member.id, Outbox.status == QUIET,
                                            Outbox.expires_at <= now).execute()
        taken = (Outbox.update(status=BUNDLED, claim=token)
                 .where(Outbox.member == member.id, Outbox.status == QUIET).execute())
        if not taken:
            return []
        rows = list(Outbox.select(Outbox.id, Outbox.body, Outbox.expires_at)
                    .where(Outbox.claim == token).order_by(Outbox.id))
        for rewrite in ARRIVING:
            rewrite(member, rows, now)
        with speaking(member.language):
            text, shown = fit([row.body for row in rows], by_mail=by_mail(member))
        left = [row.id for row in rows[shown:]]
        if left:
            Outbox.update(status=RECAP).where(Outbox.id.in_(left)).execute()
        row = outbox.write(member, text, kind="post")
    return [row.id] if row is not None else []


def by_mail(member: Member) -> bool:
    """Tell whether posts reach `member` by mail, where a long text costs nothing more."""
    where = outbox.route(member)
    return where is not None and where[0] == outbox.EMAIL


def bundle(bodies: list[str], by_mail: bool = False) -> str:
    """Join the texts kept back into one: all of them by mail, what fits three segments by text."""
    return fit(bodies, by_mail)[0]


def fit(bodies: list[str], by_mail: bool = False) -> tuple[str, int]:
    """Return the bundle's text and how many of `bodies` it shows whole."""
    if len(bodies) == 1 or by_mail:
        return "\n".join(bodies), len(bodies)
    text, more = "", translate("bundles.more", MORE)
    for at, body in enumerate(bodies):
        rest = len(bodies) - at - 1
        after = "\n" + more.format(count=rest) if rest else ""
        joined = f"{text}\n{body}" if text else body
        if segments(joined + after) > MAX_BUNDLE_SEGMENTS:
            return f"{text}\n{more.format(count=len(bodies) - at)}", at
        text = joined
    return text, len(bodies)
