"""Thanks and karma: points from one member to another, scores and leaderboards."""

from __future__ import annotations

from handlers import blocks
from handlers.audience import reads, shared_groups
from handlers.context import Context
from handlers.conversation import current_conversation
from handlers.language import speaking_to
from handlers.lookup import group_named, member_named, membership, not_in, unknown
from handlers.registry import handles, says
from parsers import Command
from parsers.counts import plural
from parsers.segments import segments
from store import ledger
from store.cooperation import BoardItem
from store.models import Group, Member, Message

MAX_REASON_SHOWN = 60  # of a long "for ..." in the notice, so it stays one text


SAY = says("karma", {
    "thanked": "Thanked {member}.",
    "told": "{giver} thanked you: {text} (+" + plural(ledger.POINTS["thanks"], "point")
            + "; you have {total})",
    "told_plain": "{giver} thanked you (+" + plural(ledger.POINTS["thanks"], "point")
                  + "; you have {total})",
    "self": "You can't thank yourself, but keep it up!",
    "pair_cap": f"You've thanked {{member}} {ledger.THANKS_PAIR_PER_DAY} times today: that's "
                "the most per day.",
    "giver_cap": f"You've given {ledger.THANKS_GIVEN_PER_DAY} thanks today: that's the most "
                 "per day.",
    "receiver_cap": f"{{member}} has had {ledger.THANKS_RECEIVED_PER_DAY} thanks today, the most "
                    "per day. Try tomorrow!",
    "group": "@{group} is a group: thank a person, e.g. thanks @name",
    "no_member": "No member @{member}.",
    "stranger": "You and {member} share no group: thank people you work with.",
    "mine": "You have {points}: {detail}.",
    "theirs": "{member} has {points}: {detail}.",
    "detail": "tasks done {tasks}, thanks {thanks}, needs met {needs}",
    "answers": ", answers {answers}",
    "group_share": "@{group}: {total} in all. You: {points} ({share}%).",
    "top": "Top in @{group} (points, share):",
    "top_all": "Top on Commons (points, share):",
    "top_none": "No points in @{group} yet. Finish a task or thank someone!",
    "top_none_all": "No points yet. Finish a task or thank someone!",
    "rank": "{rank}. {member} {points} ({share}%)",
})


@handles("thanks")
def thanks(ctx: Context, cmd: Command) -> None:
    """Thank each member named, in the group the sender shares with them (the current one first).

    Everyone thanked is confirmed in one line ("Thanked @bob and @carol."); any who could not be
    are each told why.
    """
    thanked: list[str] = []
    refusals: list[str] = []
    for handle in (cmd.member or "", *cmd.also):
        receiver = member_named(handle)
        if receiver is None:
            key = "group" if group_named(handle) else "no_member"
            refusals.append(SAY[key].format(group=handle, member=handle))
            continue
        groups = shared_groups(ctx.member, receiver)
        current = current_conversation(ctx.member, ctx)
        group = current if isinstance(current, Group) and current in groups \
            else (groups[0] if groups else None)
        line = thank(ctx, receiver, cmd.text, group)
        if line == SAY["thanked"].format(member=receiver.label):
            thanked.append(receiver.label)
        else:
            refusals.append(line)
    if thanked:
        ctx.reply(SAY["thanked"].format(member=listed(thanked)))
    for line in refusals:
        ctx.reply(line)


def listed(labels: list[str]) -> str:
    """Join labels as a sentence would: "@a", "@a and @b", "@a, @b and @c"."""
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def thank(ctx: Context, receiver: Member, reason: str, group: Group | None,
          post: Message | None = None) -> str:
    """Give `receiver` a thanks point from the sender, within the caps; return the confirmation.

    `group` is where the point counts: the post's group, or one the two share. With none, only
    people who helped each other on the board may thank each other.
    """
    if receiver.id == ctx.member.id:
        return SAY["self"]
    if group is None and not _board_link(ctx.member, receiver):
        return SAY["stranger"].format(member=receiver.label)
    if ledger.thanks_today(ctx.now, ctx.member, receiver) >= ledger.THANKS_PAIR_PER_DAY:
        return SAY["pair_cap"].format(member=receiver.label)
    if ledger.thanks_today(ctx.now, giver=ctx.member) >= ledger.THANKS_GIVEN_PER_DAY:
        return SAY["giver_cap"]
    if ledger.thanks_today(ctx.now, receiver=receiver) >= ledger.THANKS_RECEIVED_PER_DAY:
        return SAY["receiver_cap"].format(member=receiver.label)
    ledger.credit(receiver, "thanks", group=group, giver=ctx.member, reason=reason,
                  message=post, inbound=ctx.inbound)
    # Someone who will read the post itself ("thanks @bob") needs no second text about it; one
    # who won't gets the point, never the post's words (it may be a DM to someone else).
    # One who blocked the giver is sent none of their words: the point is theirs all the same.
    if not reads(receiver, post, ctx.now) and not blocks.is_blocked(receiver, ctx.member):
        with speaking_to(receiver):
            total = plural(ledger.points(receiver), "point")
            if reason and post is None:
                notice = SAY["told"].format(giver=ctx.member.label, text=reason, total=total)
                if segments(notice) > 1:
                    notice = SAY["told"].format(giver=ctx.member.label, total=total,
                                                text=reason[: MAX_REASON_SHOWN] + "...")
            else:
                notice = SAY["told_plain"].format(giver=ctx.member.label, total=total)
        ctx.notify(receiver, notice, quiet=True)
    return SAY["thanked"].format(member=receiver.label)


def _board_link(one: Member, other: Member) -> bool:
    """Tell whether one of the two helped the other with a need on the board."""
    return BoardItem.select().where(
        ((BoardItem.author == one) & (BoardItem.helper == other))
        | ((BoardItem.author == other) & (BoardItem.helper == one))).exists()


@handles("karma")
def karma(ctx: Context, cmd: Command) -> None:
    """Show the sender's points, another member's, or the sender's share of a group's."""
    if cmd.target is None:
        ctx.reply(SAY["mine"].format(points=plural(ledger.points(ctx.member), "point"),
                                     detail=_detail(ctx.member)))
        return
    person = member_named(cmd.target)
    if person is not None:
        ctx.reply(SAY["theirs"].format(member=person.label,
                                       points=plural(ledger.points(person), "point"),
                                       detail=_detail(person)))
        return
    group = _visible_group(ctx, cmd.target)
    if group is None:
        return
    standings = ledger.standings(group)
    share = next((share for member, _, share in standings if member.id == ctx.member.id), 0)
    ctx.reply(SAY["group_share"].format(
        group=group.handle, total=plural(sum(points for _, points, _ in standings), "point"),
        points=plural(ledger.points(ctx.member, group), "point"), share=share))


def _detail(member: Member) -> str:
    kinds = ledger.breakdown(member)
    detail = SAY["detail"].format(tasks=kinds["task"], thanks=kinds["thanks"],
                                  needs=kinds["need"])
    return detail + (SAY["answers"].format(answers=kinds["answer"]) if kinds["answer"] else "")


def _visible_group(ctx: Context, handle: str) -> Group | None:
    """Return group `handle` if the sender may see it, replying why not otherwise."""
    group = group_named(handle)
    if group is None:
        ctx.reply(unknown(handle, ctx.member, "group or member"))
        return None
    if group.private and membership(ctx.member, group) is None:
        ctx.reply(not_in(group))
        return None
    return group


@handles("top")
def top(ctx: Context, cmd: Command) -> None:
    """Show a group's leaderboard with each contributor's share; everyone's without a group."""
    ctx.listing = True
    group = None
    if cmd.target:
        group = _visible_group(ctx, cmd.target)
        if group is None:
            return
    else:
        current = current_conversation(ctx.member, ctx)
        group = current if isinstance(current, Group) else None
    standings = ledger.standings(group)
    if not standings:
        ctx.reply(SAY["top_none"].format(group=group.handle) if group else SAY["top_none_all"])
        return
    ctx.reply(SAY["top"].format(group=group.handle) if group else SAY["top_all"])
    for rank, (member, points, share) in enumerate(standings, start=1):
        ctx.reply(SAY["rank"].format(rank=rank, member=member.label, points=points, share=share))
