"""A digest: what happened in a member's groups since their last one, in one text or a mail."""

from __future__ import annotations

from datetime import datetime

from peewee import fn

from handlers import dates
from handlers.lookup import my_groups
from handlers.registry import says
from parsers.segments import segments
from store.cooperation import Task
from store.db import tuples
from store.models import Member, Membership, Message

MAX_DIGEST_SEGMENTS = 2  # one or two texts' worth; `recap` has the rest

SAY = says("digests", {
    "head": "Digest since {since}:",
    "group": "@{group}: {counts}",
    "posts": "{n} post{s}",
    "done": "{n} task{s} done",
    "yours": "{n} task{s} for you",
    "mentions": "{n} naming you",
    "more": "+{n} more groups. recap for more",
    "tail": "recap for more",
})


def compose(member: Member, since: datetime, now: datetime, full: bool = False) -> str | None:
    """Write the member's digest: counts per group, what involves them first; `full` lists posts.

    None when nothing happened in their groups since: a text saying so would only cost money.
    """
    blocks = []
    # Posts `recap` already listed are read: the digest counts from there (handlers/missed.py).
    listed = dict(tuples(Membership.select(Membership.group, Membership.recap_at)
                         .where(Membership.member == member, Membership.recap_at.is_null(False))))
    for group in my_groups(member):
        start = max(since, listed.get(group.id, since))
        posts = (Message.select().where(Message.group == group, Message.author != member,
                                        Message.created_at > start, Message.created_at <= now))
        counts = []
        mine = Task.select().where(Task.group == group, Task.assignee == member,
                                   Task.created_at > since, Task.status != "done").count()
        if mine:
            counts.append(SAY["yours"].format(n=mine, s=_s(mine)))
        if member.handle:
            named = posts.where(fn.LOWER(Message.body).contains(f"@{member.handle}")).count()
            if named:
                counts.append(SAY["mentions"].format(n=named))
        total = posts.count()
        if total:
            counts.append(SAY["posts"].format(n=total, s=_s(total)))
        done = Task.select().where(Task.group == group, Task.done_at > since).count()
        if done:
            counts.append(SAY["done"].format(n=done, s=_s(done)))
        if counts:
            lines = [SAY["group"].format(group=group.handle, counts=", ".join(counts))]
            if full:
                lines += [f"  {p.author.name}: {p.body}" for p in posts.order_by(Message.id)]
            blocks.append(lines)
    if not blocks:
        return None
    when = dates.show_when(since, True, member)
    head = SAY["head"].format(since=when)
    if full:
        return "\n".join([head, *("\n".join(b) for b in blocks), SAY["tail"]])
    text = head
    for at, block in enumerate(blocks):
        candidate = f"{text}\n{block[0]}"
        if segments(f"{candidate}\n{SAY['tail']}") > MAX_DIGEST_SEGMENTS:
            return f"{text}\n{SAY['more'].format(n=len(blocks) - at)}"
        text = candidate
    return f"{text}\n{SAY['tail']}"


def _s(n: int) -> str:
    return "" if n == 1 else "s"
