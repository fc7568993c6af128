"""The board: needs and offers between people with different goals, matched by #tag."""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.registry import handles, says
from parsers import Command
from store import ledger
from store.cooperation import LISTED, BoardItem, BoardTag
from store.models import Message, Outbox

MAX_TEXT = 300
MAX_TAGS = 5
BEST_NEEDS = 3  # open needs suggested to a new offer


SAY = says("board", {
    "need_posted": "Need {n} is on the board for {tags}. You'll hear when someone takes it.",
    "offer_posted": "Offer {n} is on the board for {tags}.",
    "matches": "Open needs you could help with:",
    "take_one": "Take one: claim need {n}",
    "item": "{n} {tags} {text} ({author})",
    "item_taken": "{n} {tags} {text} ({author}, taken by {helper})",
    "need_format": "[need {n} {tags}] {author}: {text} Reply: claim need {n}",
    "offer_format": "[offer {n} {tags}] {author}: {text}",
    "no_needs": "No open needs{about}. Post one: need #tag what you need",
    "no_offers": "No offers{about}. Post one: offer #tag what you can do",
    "too_long": "Keep it under 300 characters.",
    "too_many_tags": "Use at most 5 #tags.",
    "no_name": "Pick a name first, so people can answer you: name yourname",
    "unknown": "No need {n}. See them: needs",
    "own": "Need {n} is yours: someone else has to take it.",
    "taken": "You took need {n} from {author}: {text}. Text d {author} to arrange it.",
    "taken_told": "{helper} will help with your need {n}. When it's met, text: done need {n}",
    "theirs": "Need {n} is taken by {helper}.",
    "mine_already": "Need {n} is already yours.",
    "is_done": "Need {n} is met already.",
    "met": "Need {n} is met. {helper} earned {points} points. Thank them: thanks {helper}",
    "met_no_points": "Need {n} is met. No points: {helper} met a need of yours today already.",
    "met_told": "{author} says need {n} is met: +{points} points for you. Thanks!",
    "closed": "Need {n} is closed.",
    "asked": "We asked {author} to confirm need {n} is met.",
    "confirm": "{helper} says your need {n} is met. If so, text: done need {n}",
    "not_yours": "Need {n} is {author}'s to close.",
    "dropped": "You dropped need {n}: it's open for others now.",
    "dropped_told": "{helper} can't help with need {n} after all: it's open again.",
    "withdrawn": "Need {n} is off the board.",
    "off_board": "Need {n} was taken off the board by its author.",
    "not_taken": "Need {n} isn't yours to drop.",
    "reopened": "Need {n} is open again.",
    "not_met": "Need {n} isn't met yet.",
})


def tag_list(tags: tuple[str, ...] | list[str]) -> str:
    """Show tags as people type them: "#design #python"."""
    return " ".join(f"#{t}" for t in tags)


def _post(ctx: Context, cmd: Command) -> BoardItem | None:
    """Put a need or an offer on the board and mark it for fan-out to the tag's people."""
    if len(cmd.text) > MAX_TEXT:
        ctx.reply(SAY["too_long"])
        return None
    if len(cmd.tags) > MAX_TAGS:
        ctx.reply(SAY["too_many_tags"])
        return None
    if not has_name(ctx):
        return None
    message = Message.create(author=ctx.member, body=cmd.text, inbound=ctx.inbound)
    item = BoardItem.create(kind=cmd.action, author=ctx.member, text=cmd.text,
                            tags=" ".join(cmd.tags), message=message)
    BoardTag.insert_many([{"item": item.id, "tag": t} for t in cmd.tags]).execute()
    ctx.fan_out(message)
    return item


@handles("need")
def need(ctx: Context, cmd: Command) -> None:
    """Post a need: followers of its tags and people who offered them get it."""
    item = _post(ctx, cmd)
    if item:
        ctx.reply(SAY["need_posted"].format(n=item.id, tags=tag_list(cmd.tags)))


@handles("offer")
def offer(ctx: Context, cmd: Command) -> None:
    """Post an offer and answer with the best open needs for its tags."""
    item = _post(ctx, cmd)
    if item is None:
        return
    ctx.reply(SAY["offer_posted"].format(n=item.id, tags=tag_list(cmd.tags)))
    matches = best_needs(cmd.tags, exclude=ctx.member.id)
    if matches:
        ctx.reply(SAY["matches"])
        for match in matches:
            ctx.reply(_line(match))
        ctx.reply(SAY["take_one"].format(n=matches[0].id))


def best_needs(tags: tuple[str, ...], exclude: int) -> list[BoardItem]:
    """Return the open needs sharing most tags with `tags`, newest first among equals."""
    rows = (BoardItem.select().join(BoardTag)
            .where(BoardItem.kind == "need", BoardItem.status == "open",
                   BoardItem.author != exclude, BoardTag.tag.in_(tags)))
    overlap: dict[int, tuple[int, BoardItem]] = {}
    for item in rows:
        count, _ = overlap.get(item.id, (0, item))
        overlap[item.id] = (count + 1, item)
    ranked = sorted(overlap.values(), key=lambda pair: (-pair[0], -pair[1].id))
    return [item for _, item in ranked[:BEST_NEEDS]]


def _line(item: BoardItem) -> str:
    values = dict(n=item.id, tags=tag_list(item.tags.split()), text=item.text,
                  author=item.author.label)
    if item.helper_id:
        return SAY["item_taken"].format(helper=item.helper.label, **values)
    return SAY["item"].format(**values)


@handles("needs", "offers")
def listing(ctx: Context, cmd: Command) -> None:
    """List open needs or offers, newest first, optionally only those with some tags."""
    kind = cmd.action[:-1]
    query = BoardItem.select().where(BoardItem.kind == kind,
                                     BoardItem.status.in_(LISTED))
    if cmd.tags:
        query = query.where(BoardItem.id.in_(
            BoardTag.select(BoardTag.item).where(BoardTag.tag.in_(cmd.tags))))
    items = list(query.order_by(BoardItem.id.desc()))
    if not items:
        about = f" for {tag_list(cmd.tags)}" if cmd.tags else ""
        ctx.reply(SAY[f"no_{cmd.action}"].format(about=about))
        return
    for item in items:
        ctx.reply(_line(item))


def board_body(item: BoardItem) -> str:
    """Write the text a need or offer reaches its tag's people as."""
    return SAY[f"{item.kind}_format"].format(n=item.id, tags=tag_list(item.tags.split()),
                                             author=item.author.name, text=item.text)


def has_name(ctx: Context) -> bool:
    """Tell whether the sender has a handle, which board texts ask people to answer; say so."""
    if not ctx.member.handle:
        ctx.reply(SAY["no_name"])
    return bool(ctx.member.handle)


def _need(ctx: Context, number: int | None) -> BoardItem | None:
    item = BoardItem.get_or_none(BoardItem.id == number, BoardItem.kind == "need")
    if item is None:
        ctx.reply(SAY["unknown"].format(n=number))
    return item


def _move(item: BoardItem, from_statuses: list[str], **changes) -> bool:
    """Change the need only if it is still in one of `from_statuses`."""
    return bool(BoardItem.update(**changes)
                .where(BoardItem.id == item.id, BoardItem.status.in_(from_statuses)).execute())


@handles("need_claim")
def need_claim(ctx: Context, cmd: Command) -> None:
    """Take a need to help with it; its author is told who."""
    item = _need(ctx, cmd.number)
    if item is None:
        return
    n, me = item.id, ctx.member
    if item.author_id == me.id:
        ctx.reply(SAY["own"].format(n=n))
    elif not has_name(ctx):
        return
    elif item.status in ("done", "closed"):
        ctx.reply(SAY["is_done" if item.status == "done" else "off_board"].format(n=n))
    elif item.helper_id == me.id:
        ctx.reply(SAY["mine_already"].format(n=n))
    elif item.helper_id or not _move(item, ["open"], helper=me.id, status="taken"):
        taken = BoardItem.get_by_id(n)
        helper = taken.helper.label if taken.helper_id else "someone else"
        ctx.reply(SAY["theirs"].format(n=n, helper=helper))
    else:
        ctx.reply(SAY["taken"].format(n=n, author=item.author.label, text=item.text))
        ctx.notify(item.author, SAY["taken_told"].format(helper=me.label, n=n))


@handles("need_done")
def need_done(ctx: Context, cmd: Command) -> None:
    """Close a need: its author confirms it is met and the helper earns the points."""
    item = _need(ctx, cmd.number)
    if item is None:
        return
    n, me = item.id, ctx.member
    if item.status in ("done", "closed"):
        ctx.reply(SAY["is_done" if item.status == "done" else "off_board"].format(n=n))
        return
    if me.id == item.helper_id:  # the helper can't award themselves: the author confirms
        ctx.reply(SAY["asked"].format(author=item.author.label, n=n))
        ask = SAY["confirm"].format(helper=me.label, n=n)
        asked_today = Outbox.select().where(Outbox.member == item.author_id, Outbox.body == ask,
                                            Outbox.created_at >= ctx.now - timedelta(days=1))
        if not asked_today.exists():  # asking again and again would only pester the author
            ctx.notify(item.author, ask)
        return
    if me.id != item.author_id:
        ctx.reply(SAY["not_yours"].format(n=n, author=item.author.label))
        return
    if not _move(item, ["open", "taken"], status="done", done_at=ctx.now):
        ctx.reply(SAY["is_done"].format(n=n))
        return
    item = BoardItem.get_by_id(n)  # whoever holds it now: a helper may have just dropped it
    if item.helper_id is None:
        ctx.reply(SAY["closed"].format(n=n))
        return
    points = ledger.POINTS["need"]
    if ledger.pair_today(item.helper, "need", me, ctx.now) >= ledger.NEEDS_PER_PAIR_PER_DAY:
        points = 0
    ledger.credit(item.helper, "need", need=item, reason=item.text, inbound=ctx.inbound,
                  points=points)
    key = "met" if points else "met_no_points"
    ctx.reply(SAY[key].format(n=n, helper=item.helper.label, points=points))
    if points:
        ctx.notify(item.helper, SAY["met_told"].format(author=me.label, n=n, points=points))


@handles("need_drop")
def need_drop(ctx: Context, cmd: Command) -> None:
    """Hand a taken need back (its helper), or take it off the board (its author)."""
    item = _need(ctx, cmd.number)
    if item is None:
        return
    n, me = item.id, ctx.member
    if item.status == "done":
        ctx.reply(SAY["is_done"].format(n=n))
    elif me.id == item.helper_id and _move(item, ["taken"], helper=None, status="open"):
        ctx.reply(SAY["dropped"].format(n=n))
        ctx.notify(item.author, SAY["dropped_told"].format(helper=me.label, n=n))
    elif me.id == item.author_id and _move(item, ["open", "taken"], status="closed"):
        ctx.reply(SAY["withdrawn"].format(n=n))
    else:
        ctx.reply(SAY["not_taken"].format(n=n))


@handles("need_reopen")
def need_reopen(ctx: Context, cmd: Command) -> None:
    """Open a need again that was closed as met; the helper's points are taken back."""
    item = _need(ctx, cmd.number)
    if item is None:
        return
    n = item.id
    if ctx.member.id != item.author_id:
        ctx.reply(SAY["not_yours"].format(n=n, author=item.author.label))
        return
    if not _move(item, ["done", "closed"], status="taken" if item.helper_id else "open",
                 done_at=None):
        ctx.reply(SAY["not_met"].format(n=n))
        return
    entry = ledger.standing_entry(need=item)
    if entry is not None:
        ledger.reverse(entry, f"reopened by {ctx.member.label}", inbound=ctx.inbound)
    ctx.reply(SAY["reopened"].format(n=n))
