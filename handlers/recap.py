"""`recap [@g]`: what involves the sender since they last looked, then the posts they missed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from peewee import fn

from handlers import dates
from handlers.context import Context
from handlers.dates import zone_of
from handlers.lookup import joined, my_groups
from handlers.missed import mark_read, missed, naming_first
from handlers.registry import handles, says
from handlers.search import age
from parsers import Command
from parsers.segments import segments
from store.cooperation import BoardItem, BoardTag, Task
from store.db import tuples
from store.models import Group, Inbound, Member, Message

RECAP_SEGMENTS = 1  # the line of what involves the sender: one page of its own at most
SHOWN_TASKS = 3  # tasks named one by one; more are counted
SHOWN_NAMES = 3  # people named after a count of DMs


SAY = says("recap", {
    "head": "Since {when}:",
    "head_group": "@{group} since {when}:",
    "nothing": "Nothing you missed since {when}.",
    "nothing_group": "Nothing you missed in @{group} since {when}.",
    "missed": "Posts you missed in @{group}:",
    "group": "@{group}:",
    "post": "{author} {age}: {text}",
    "earlier": "+{count} earlier posts, on the web.",
    "yours": "task {n}{group} is yours",
    "done": "task {n}{group} done by {name}",
    "tasks": "{count} more tasks",
    "needs": "{count} new needs {tags}",
    "one_need": "1 new need {tags}",
    "dms": "{count} DMs ({names})",
    "one_dm": "a DM from {names}",
})


@handles("recap")
def recap(ctx: Context, cmd: Command) -> None:
    """Reply with what involves the sender since their previous text, then every missed post.

    Missed posts (handlers/missed.py) are listed whole, those naming the sender first, a
    segment at a time behind `more`; each is listed once.
    """
    ctx.listing = True
    groups = my_groups(ctx.member)
    one = None
    if cmd.target:
        mine = joined(ctx, cmd.target)
        if mine is None:
            return
        one = mine.group
        groups = [one]
    since = last_looked(ctx)
    when = since_label(since, ctx.now, zone_of(ctx.member))
    items = involving(ctx.member, groups, since, everything=one is None)
    posts, earlier = missed(ctx.member, groups)
    if not items and not posts:
        key = "nothing_group" if one else "nothing"
        ctx.reply(SAY[key].format(when=when, group=one.handle if one else ""))
        mark_read(ctx.member, groups, [], ctx.now)
        return
    if items:
        head = (SAY["head_group"].format(group=one.handle, when=when) if one
                else SAY["head"].format(when=when))
        ctx.reply(fitted(head, items))
    # Under one heading line per group, the first naming the list too: a group said once, not
    # on every line (a page after `more` begins with it again). The group with a post naming
    # the sender first, and in each, those posts.
    shown = None
    for post in by_group(naming_first(posts, ctx.member)):
        assert post.group is not None  # posts to groups alone
        heading = SAY["group"].format(group=post.group.handle)
        if post.group_id != shown:
            ctx.reply(SAY["missed"].format(group=post.group.handle) if shown is None else heading)
            shown = post.group_id
        line = SAY["post"].format(author=post.author.name, age=age(post.created_at, ctx.now),
                                  text=post.body)
        ctx.reply(line, resumed=f"{heading}\n{line}")
    if earlier:
        ctx.reply(SAY["earlier"].format(count=earlier))
    mark_read(ctx.member, groups, posts, ctx.now)


def by_group(posts: list[Message]) -> list[Message]:
    """Gather posts by group, keeping their order within a group and each group's first place."""
    first: dict[int | None, int] = {}
    for at, post in enumerate(posts):
        first.setdefault(post.group_id, at)
    return sorted(posts, key=lambda p: first[p.group_id])


def fitted(head: str, items: list[str]) -> str:
    """Join `head` and as many `items` as fit in RECAP_SEGMENTS, the first ones kept."""
    text = f"{head} {items[0]}"
    for item in items[1:]:
        longer = f"{text}, {item}"
        if segments(longer + ".") > RECAP_SEGMENTS:
            break
        text = longer
    return text + "."


def last_looked(ctx: Context) -> datetime:
    """Return when the sender last texted (a recap is a text too), else when they joined."""
    query = Inbound.select(fn.MAX(Inbound.received_at)).where(Inbound.member == ctx.member)
    if ctx.inbound is not None:
        query = query.where(Inbound.id != ctx.inbound.id)
    return query.scalar() or ctx.member.created_at


def since_label(since: datetime, now: datetime, zone: ZoneInfo) -> str:
    """Name a past moment as the member reads it: 9:40am today, Tue, or Nov 3."""
    local = since.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    today = now.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    if local.date() == today.date():
        return dates.show_clock(local.hour, local.minute)
    if today - local < timedelta(days=6):
        return dates.weekday_name(local)
    return dates.month_day(local)


def involving(member: Member, groups: list[Group], since: datetime,
              everything: bool) -> list[str]:
    """List what involves `member` since then: tasks, needs for their offers, DMs, mentions."""
    ids = [g.id for g in groups]
    named = len(groups) > 1  # "task 3 @team": with several groups the number needs its group
    items = []
    yours = list(Task.select(Task, Group).join(Group)
                 .where(Task.group.in_(ids), Task.assignee == member, Task.status != "done",
                        Task.created_at > since).order_by(Task.id))
    done = list(Task.select(Task, Group).join(Group)
                .where(Task.group.in_(ids), Task.status == "done", Task.done_at > since,
                       Task.done_by != member).order_by(Task.done_at))
    # Tasks of theirs done by others first: those are the ones they are waiting for.
    done.sort(key=lambda t: member.id not in (t.creator_id, t.assignee_id))
    shown = 0
    for task in yours + done:
        if shown == SHOWN_TASKS:
            items.append(SAY["tasks"].format(count=len(yours) + len(done) - shown))
            break
        where = f" @{task.group.handle}" if named else ""
        if task.status == "done":
            assert task.done_by is not None  # `done`: done_by != member holds no NULL
            items.append(SAY["done"].format(n=task.number, group=where, name=task.done_by.name))
        else:
            items.append(SAY["yours"].format(n=task.number, group=where))
        shown += 1
    if everything:
        items += _needs(member, since) + _dms(member, since)
    return items


def _needs(member: Member, since: datetime) -> list[str]:
    offered = (BoardTag.select(BoardTag.tag).join(BoardItem)
               .where(BoardItem.author == member, BoardItem.kind == "offer"))
    rows = list(tuples(BoardTag.select(BoardTag.item, BoardTag.tag).join(BoardItem)
                       .where(BoardItem.kind == "need", BoardItem.status == "open",
                              BoardItem.created_at > since, BoardItem.author != member,
                              BoardTag.tag.in_(offered))))
    if not rows:
        return []
    tags = " ".join(f"#{t}" for t in dict.fromkeys(tag for _, tag in rows))
    count = len({item for item, _ in rows})
    return [SAY["one_need" if count == 1 else "needs"].format(count=count, tags=tags)]


def _dms(member: Member, since: datetime) -> list[str]:
    senders = list(Member.select(Member).join(Message, on=Message.author == Member.id)
                   .where(Message.recipient == member, Message.created_at > since)
                   .order_by(Message.id))
    if not senders:
        return []
    names = list(dict.fromkeys(s.name for s in senders))
    shown = ", ".join(names[:SHOWN_NAMES]) + (", ..." if len(names) > SHOWN_NAMES else "")
    return [SAY["one_dm" if len(senders) == 1 else "dms"].format(count=len(senders), names=shown)]
