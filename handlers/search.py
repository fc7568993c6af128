"""`find`: search everything the sender may read, newest and best first, one text per hit."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import cast

from handlers import dates
from handlers.context import MORE_HINT, Context
from handlers.lookup import readable
from handlers.registry import handles, says
from parsers import Command
from parsers.search import search_terms
from parsers.segments import GSM_SINGLE, UCS2_SINGLE, encoding, gsm_safe, septets
from store import search
from store.models import Member, Message

MAX_HITS = 12  # shown a page of one segment at a time, the rest behind `more`
CANDIDATES = 60  # the newest matches, of which the best of each day come first
# A hit with the `more` hint fits one segment, so a page holds at least one whole hit.
HIT_SEPTETS = GSM_SINGLE - len(MORE_HINT)
HIT_UCS2 = UCS2_SINGLE - len(MORE_HINT)
_SPACES = re.compile(r"\s+")


SAY = says("search", {
    "post": "[@{group}] {author} {age}: {text}",
    "dm": "[d {other}] {author} {age}: {text}",
    "board": "[board] {author} {age}: {text}",
    "none": "Nothing found for {what}. Try fewer words.",
    "you": "you",
})


@handles("find")
def find(ctx: Context, cmd: Command) -> None:
    """Reply with the messages the sender may read that match the words and filters."""
    wanted = search.Search(terms=search_terms(cmd.text), tags=cmd.tags)
    if cmd.target:
        found = readable(ctx, cmd.target)
        if found is None:
            return
        group, person = found
        wanted = (replace(wanted, group_id=group.id) if group
                  else replace(wanted, author_id=cast(Member, person).id))
    ctx.listing = True
    hits = search.find(ctx.member.id, wanted, CANDIDATES)
    if not hits:
        ctx.reply(SAY["none"].format(what=_described(cmd)))
        return
    # Newest first by day; within a day the best match first.
    hits.sort(key=lambda h: ((ctx.now - h.created_at).days, -h.score, -h.id))
    shown = {m.id: m for m in search.messages([h.id for h in hits[:MAX_HITS]])}
    for hit in hits[:MAX_HITS]:
        ctx.reply(hit_line(shown[hit.id], ctx.member, ctx.now))


def _described(cmd: Command) -> str:
    words = [f"@{cmd.target}"] if cmd.target else []
    words += [f"#{t}" for t in cmd.tags]
    words.append(cmd.text)
    what = gsm_safe(" ".join(w for w in words if w))
    return what if len(what) <= 60 and encoding(what) == "GSM-7" else "that"


def hit_line(message: Message, reader: Member, now: datetime) -> str:
    """Show one message found as one segment: `[@team] bob 3d: the key is under the mat`."""
    author = SAY["you"] if message.author_id == reader.id else message.author.name
    fields = {"author": author, "age": age(message.created_at, now), "text": ""}
    if message.group is not None:
        template = SAY["post"]
        fields["group"] = message.group.handle
    elif message.recipient is not None:
        template = SAY["dm"]
        other = message.recipient if message.author_id == reader.id else message.author
        fields["other"] = other.label
    else:
        template = SAY["board"]
    head = template.format(**fields)
    text = gsm_safe(_SPACES.sub(" ", message.body).strip())
    if encoding(head + text) == "GSM-7":
        room = HIT_SEPTETS - septets(head)
        if septets(text) > room:
            while septets(text) > room - 3:
                text = text[:-1]
            text = text.rstrip() + "..."
    else:
        room = HIT_UCS2 - len(head)
        if len(text) > room:
            text = text[: room - 3].rstrip() + "..."
    return head + text


def age(then: datetime, now: datetime) -> str:
    """Say how long ago `then` was, in a few characters: now, 5m, 3h, 12d, or the date."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    if seconds < 60 * 86400:
        return f"{seconds // 86400}d"
    return dates.month_day(then)


