"""Follows: posts by a member or tagged with a #tag reach people outside the group; `last`."""

from __future__ import annotations

from handlers.context import Context
from handlers.lookup import group_named, member_named, my_groups, readable
from handlers.registry import handles, says
from parsers import Command
from store.cooperation import Follow
from store.models import Group, Member, Membership, Message

MAX_FOLLOWS = 50
MAX_TAGS_AT_ONCE = 5
LAST_POSTS = 5


SAY = says("follows", {
    "followed": "You follow {names}: their posts in public groups reach you.",
    "followed_tags": "You follow {names}: public posts with them reach you.",
    "unfollowed": "You no longer follow {names}.",
    "not_following": "You weren't following {names}.",
    "self": "That's you!",
    "group": "@{group} is a group: join @{group} to get its posts.",
    "no_member": "No member @{member}.",
    "too_many": f"You follow {MAX_FOLLOWS} people and tags already: unfollow some first.",
    "tags_at_once": f"Follow at most {MAX_TAGS_AT_ONCE} #tags at a time.",
    "following": "You follow: {names}",
    "none": "You follow nobody yet. Try: follow #tag or follow @name",
    "last_none": "No posts to show yet.",
    "post": "{author}: {text}",
    "last_in": "Last in @{group}:",
})


@handles("follow")
def follow(ctx: Context, cmd: Command) -> None:
    """Follow a member or #tags."""
    existing = Follow.select().where(Follow.follower == ctx.member).count()
    if cmd.target:
        person = _person(ctx, cmd.target)
        if person is None:
            return
        already = Follow.select().where(Follow.follower == ctx.member,
                                        Follow.member == person).exists()
        if not already and existing >= MAX_FOLLOWS:
            ctx.reply(SAY["too_many"])
            return
        Follow.insert(follower=ctx.member, member=person).on_conflict_ignore().execute()
        ctx.reply(SAY["followed"].format(names=person.label))
        return
    if len(cmd.tags) > MAX_TAGS_AT_ONCE:
        ctx.reply(SAY["tags_at_once"])
        return
    followed = {row.tag for row in Follow.select(Follow.tag).where(
        Follow.follower == ctx.member, Follow.tag.in_(cmd.tags))}
    if existing + len(set(cmd.tags) - followed) > MAX_FOLLOWS:  # only new follows count
        ctx.reply(SAY["too_many"])
        return
    for tag in cmd.tags:
        Follow.insert(follower=ctx.member, tag=tag).on_conflict_ignore().execute()
    ctx.reply(SAY["followed_tags"].format(names=" ".join(f"#{t}" for t in cmd.tags)))


def _person(ctx: Context, handle: str) -> Member | None:
    person = member_named(handle)
    if person is None:
        key = "group" if group_named(handle) else "no_member"
        ctx.reply(SAY[key].format(group=handle, member=handle))
        return None
    if person.id == ctx.member.id:
        ctx.reply(SAY["self"])
        return None
    return person


@handles("unfollow")
def unfollow(ctx: Context, cmd: Command) -> None:
    """Stop following a member or #tags."""
    mine = Follow.follower == ctx.member
    if cmd.target:
        person = member_named(cmd.target)
        gone = Follow.delete().where(mine, Follow.member == person).execute() if person else 0
        names = f"@{cmd.target}"
    else:
        gone = Follow.delete().where(mine, Follow.tag.in_(cmd.tags)).execute()
        names = " ".join(f"#{t}" for t in cmd.tags)
    ctx.reply(SAY["unfollowed" if gone else "not_following"].format(names=names))


@handles("following")
def following(ctx: Context, cmd: Command) -> None:
    """List whom and which tags the sender follows."""
    ctx.listing = True
    rows = list(Follow.select().where(Follow.follower == ctx.member).order_by(Follow.id))
    if not rows:
        ctx.reply(SAY["none"])
        return
    names = [row.member.label if row.member is not None else f"#{row.tag}" for row in rows]
    ctx.reply(SAY["following"].format(names=" ".join(names)))


@handles("last")
def last(ctx: Context, cmd: Command) -> None:
    """Show the latest posts of a member, of a group, or of the sender's groups."""
    ctx.listing = True
    visible = _visible_groups(ctx.member)
    query = Message.select().where(Message.group.in_(visible))
    if cmd.target:
        found = readable(ctx, cmd.target)
        if found is None:
            return
        group, person = found
        query = (query.where(Message.group == group) if group
                 else query.where(Message.author == person))
    else:
        query = query.where(Message.group.in_(my_groups(ctx.member)))
    posts = list(query.order_by(Message.created_at.desc(), Message.id.desc()).limit(LAST_POSTS))
    if not posts:
        ctx.reply(SAY["last_none"])
        return
    order = {group: i for i, group in enumerate(dict.fromkeys(p.group_id for p in reversed(posts)))}
    group_shown = author_shown = None
    # Under one heading per group, oldest first; "dave:" once for a run of dave's posts.
    for post in sorted(reversed(posts), key=lambda p: order[p.group_id]):
        if post.group_id != group_shown:
            assert post.group is not None  # posts to groups alone: `visible`
            ctx.reply(SAY["last_in"].format(group=post.group.handle))
            group_shown, author_shown = post.group_id, None
        if post.author_id == author_shown:  # a page after `more` names the author again
            ctx.reply(post.body, resumed=SAY["post"].format(author=post.author.name,
                                                            text=post.body))
        else:
            ctx.reply(SAY["post"].format(author=post.author.name, text=post.body))
            author_shown = post.author_id


def _visible_groups(member: Member):
    """Return a query of the groups whose posts `member` may read: public ones and their own."""
    mine = Membership.select(Membership.group).where(Membership.member == member)
    return Group.select(Group.id).where((Group.private == False) | Group.id.in_(mine))  # noqa: E712
