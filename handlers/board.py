"""The board: needs and offers between people with different goals, matched by #tag."""

from __future__ import annotations

from datetime import timedelta

from peewee import IntegrityError

from handlers.context import Context
from handlers.language import speaking_to
from handlers.registry import handles, says
from parsers import Command
from parsers.counts import plural
from parsers.segments import segments
from store import ledger
from store.cooperation import LISTED, BoardItem, BoardTag
from store.db import db
from store.models import Message, Outbox

MAX_TEXT = 300
MAX_TAGS = 5
BEST_NEEDS = 3  # open needs suggested to a new offer


SAY = says("board", {
    "need_posted": "Need {n} is on the board for {tags}. You'll hear when someone takes it.",
    "offer_posted": "Offer {n} is on the board for {tags}.",
    "matches": "Needs you could help with:",
    "take_one": "Take one: claim need {n}",
    "item": "{n} {tags}{text} ({author})",
    "item_taken": "{n} {tags}{text} ({author}, taken by {helper})",
    "needs_heading": "Open needs{about}:",
    "needs_tail": "To help: claim need {n}",
    "offers_heading": "Offers{about}:",
    "need_format": "[need {n} {tags}] {author}: {text}\nTo help, reply: claim need {n}",
    "offer_format": "[offer {n} {tags}] {author}: {text}",
    "no_needs": "No open needs{about}. Post one: need #tag what you need",
    "no_offers": "No offers{about}. Post one: offer #tag what you can do",
    "too_long": f"Keep it under {MAX_TEXT} characters.",
    "too_many_tags": f"Use at most {MAX_TAGS} #tags.",
    "no_name": "Pick a name first, so people can answer you: name yourname",
    "unknown": "No need {n}. See them: needs",
    "own": "Need {n} is yours: someone else has to take it.",
    "taken": "You took need {n} from {author}: {text}. Text d {author} to arrange it.",
    "taken_told": "{helper} will help with your need {n}. When it's met, text: done need {n}",
    "theirs": "Need {n} is taken by {helper}.",
    "mine_already": "Need {n} is already yours.",
    "is_done": "Need {n} is met already.",
    "met": "Need {n} is met. {helper} earned {points}. Thank them: thanks {helper}",
    "met_no_points": "Need {n} is met. No points: {helper} met a need of yours today already.",
    "met_told": "{author} says need {n} is met: +{points} for you. Thanks!",
    "closed": "Need {n} is closed. Nobody had taken it, so no points were given.",
    "asked": "We asked {author} to confirm need {n} is met.",
    "confirm": "{helper} says your need {n} is met. If so, text: done need {n}",
    "not_yours": "Need {n} is {author}'s to close.",
    "dropped": "You dropped need {n}: it's open for others now.",
    "dropped_told": "{helper} can't help with need {n} after all: it's open again.",
    "withdrawn": "Need {n} is off the board.",
    "taken_back": "Need {n} is off the board; {helper}'s {points} for it were taken back.",
    "taken_back_told": "{author} reopened need {n}: your {points} for it were taken back.",
    "withdrawn_told": "{author} took need {n} off the board: your {points} for it were taken "
                      "back.",
    "off_board": "Need {n} was taken off the board by its author.",
    "not_taken": "Need {n} isn't yours to drop.",
    "reopened": "Need {n} is open again.",
    "reopened_back": "Need {n} is open again; {helper}'s {points} for it were taken back.",
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
    for attempt in range(5):  # two posts at once retry rather than share a number
        try:
            with db.atomic():
                item = BoardItem.create(kind=cmd.action, author=ctx.member, text=cmd.text,
                                        tags=" ".join(cmd.tags), message=message)
            break
        except IntegrityError:
            if attempt == 4:
                raise
    BoardTag.insert_many([{"item": item.id, "tag": t} for t in cmd.tags]).execute()
    ctx.fan_out(message)
    return item


@handles("need")
def need(ctx: Context, cmd: Command) -> None:
    """Post a need: followers of its tags and people who offered them get it."""
    item = _post(ctx, cmd)
    if item:
        ctx.reply(SAY["need_posted"].format(n=item.number, tags=tag_list(cmd.tags)))


@handles("offer")
def offer(ctx: Context, cmd: Command) -> None:
    """Post an offer and answer with the best open needs for its tags."""
    item = _post(ctx, cmd)
    if item is None:
        return
    posted = SAY["offer_posted"].format(n=item.number, tags=tag_list(cmd.tags))
    lines: list[str] = []
    said = tuple(t.lower() for t in cmd.tags)  # the offer's own tags go without saying
    for match in best_needs(cmd.tags, exclude=ctx.member.id):  # as many as one text holds
        more = [*lines, _line(match, said)]
        take = SAY["take_one"].format(n=match.number)
        if segments("\n".join([posted, SAY["matches"], *more, take])) > 1:
            break
        lines = more
    ctx.reply(posted)
    if lines:
        first = lines[0].split(" ", 1)[0]
        for line in [SAY["matches"], *lines, SAY["take_one"].format(n=first)]:
            ctx.reply(line)


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


def _line(item: BoardItem, said: tuple[str, ...] = ()) -> str:
    """Show an item in a listing, leaving out the #tags its heading already says."""
    tags = tag_list([t for t in item.tags.split() if t.lower() not in said])
    values = dict(n=item.number, tags=f"{tags} " if tags else "", text=item.text,
                  author=item.author.label)
    if item.helper is not None:
        return SAY["item_taken"].format(helper=item.helper.label, **values)
    return SAY["item"].format(**values)


@handles("needs", "offers")
def listing(ctx: Context, cmd: Command) -> None:
    """List open needs or offers, newest first, optionally only those with some tags."""
    ctx.listing = True
    kind = cmd.action[:-1]
    query = BoardItem.select().where(BoardItem.kind == kind,
                                     BoardItem.status.in_(LISTED))
    if cmd.tags:
        query = query.where(BoardItem.id.in_(
            BoardTag.select(BoardTag.item).where(BoardTag.tag.in_(cmd.tags))))
    items = list(query.order_by(BoardItem.id.desc()))
    about = f" for {tag_list(cmd.tags)}" if cmd.tags else ""
    if not items:
        ctx.reply(SAY[f"no_{cmd.action}"].format(about=about))
        return
    example = next((i for i in items if i.status == "open"), items[0])  # one free to take
    ctx.reply(SAY[f"{cmd.action}_heading"].format(about=about))
    said = tuple(t.lower() for t in cmd.tags) if len(cmd.tags) == 1 else ()
    for item in items:
        ctx.reply(_line(item, said))
    if cmd.action == "needs":  # after the items: a heading this long would cost one on each page
        ctx.reply(SAY["needs_tail"].format(n=example.number))


def board_body(item: BoardItem) -> str:
    """Write the text a need or offer reaches its tag's people as."""
    return SAY[f"{item.kind}_format"].format(n=item.number, tags=tag_list(item.tags.split()),
                                             author=item.author.name, text=item.text)


def has_name(ctx: Context) -> bool:
    """Tell whether the sender has a handle, which board texts ask people to answer; say so."""
    if not ctx.member.handle:
        ctx.reply(SAY["no_name"])
    return bool(ctx.member.handle)


def _need(ctx: Context, number: int | None) -> BoardItem | None:
    item = BoardItem.get_or_none(BoardItem.number == number, BoardItem.kind == "need")
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
    n, me = item.number, ctx.member
    if item.author_id == me.id:
        ctx.reply(SAY["own"].format(n=n))
    elif not has_name(ctx):
        return
    elif item.status in ("done", "closed"):
        ctx.reply(SAY["is_done" if item.status == "done" else "off_board"].format(n=n))
    elif item.helper_id == me.id:
        ctx.reply(SAY["mine_already"].format(n=n))
    elif item.helper_id or not _move(item, ["open"], helper=me.id, status="taken"):
        taken = BoardItem.get_by_id(item.id)
        helper = taken.helper.label if taken.helper is not None else "someone else"
        ctx.reply(SAY["theirs"].format(n=n, helper=helper))
    else:
        ctx.reply(SAY["taken"].format(n=n, author=item.author.label, text=item.text))
        with speaking_to(item.author):
            ctx.notify(item.author, SAY["taken_told"].format(helper=me.label, n=n))


@handles("need_done")
def need_done(ctx: Context, cmd: Command) -> None:
    """Close a need: its author confirms it is met and the helper earns the points."""
    item = _need(ctx, cmd.number)
    if item is None:
        return
    n, me = item.number, ctx.member
    if item.status in ("done", "closed"):
        ctx.reply(SAY["is_done" if item.status == "done" else "off_board"].format(n=n))
        return
    if me.id == item.helper_id:  # the helper can't award themselves: the author confirms
        ctx.reply(SAY["asked"].format(author=item.author.label, n=n))
        with speaking_to(item.author):
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
    item = BoardItem.get_by_id(item.id)  # whoever holds it now: a helper may have just dropped it
    if item.helper is None:
        ctx.reply(SAY["closed"].format(n=n))
        return
    points = ledger.POINTS["need"]
    if ledger.pair_today(item.helper, "need", me, ctx.now) >= ledger.NEEDS_PER_PAIR_PER_DAY:
        points = 0
    ledger.credit(item.helper, "need", need=item, reason=item.text, inbound=ctx.inbound,
                  points=points)
    key = "met" if points else "met_no_points"
    said = plural(points, "point")
    ctx.reply(SAY[key].format(n=n, helper=item.helper.label, points=said))
    if points:
        with speaking_to(item.helper):
            ctx.notify(item.helper, SAY["met_told"].format(author=me.label, n=n, points=said))


@handles("need_drop")
def need_drop(ctx: Context, cmd: Command) -> None:
    """Hand a taken need back (its helper), or take it off the board (its author).

    A need its author takes off the board after it was met takes back the helper's points.
    """
    item = _need(ctx, cmd.number)
    if item is None:
        return
    n, me = item.number, ctx.member
    if item.status == "done" and me.id == item.author_id:
        if _move(item, ["done"], status="closed"):
            _take_back(ctx, item, "withdrawn", "withdrawn_told")
        else:
            ctx.reply(SAY["withdrawn"].format(n=n))
    elif item.status == "done":
        ctx.reply(SAY["is_done"].format(n=n))
    elif me.id == item.helper_id and _move(item, ["taken"], helper=None, status="open"):
        ctx.reply(SAY["dropped"].format(n=n))
        with speaking_to(item.author):
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
    n = item.number
    if ctx.member.id != item.author_id:
        ctx.reply(SAY["not_yours"].format(n=n, author=item.author.label))
        return
    if not _move(item, ["done", "closed"], status="taken" if item.helper_id else "open",
                 done_at=None):
        ctx.reply(SAY["not_met"].format(n=n))
        return
    _take_back(ctx, item, "reopened", "taken_back_told")


def _take_back(ctx: Context, item: BoardItem, said: str, told: str) -> None:
    """Reverse the points a met need earned, if any; the sender and the helper hear so."""
    n = item.number
    entry = ledger.standing_entry(need=item)
    if entry is None or entry.points <= 0:
        ctx.reply(SAY[said].format(n=n))
        return
    ledger.reverse(entry, f"{said} by {ctx.member.label}", inbound=ctx.inbound)
    points = plural(entry.points, "point")
    helper = entry.member
    back = "taken_back" if said == "withdrawn" else "reopened_back"
    ctx.reply(SAY[back].format(n=n, helper=helper.label, points=points))
    if helper.id != ctx.member.id:
        with speaking_to(helper):
            ctx.notify(helper, SAY[told].format(author=ctx.member.label, n=n, points=points))
