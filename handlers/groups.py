"""Group commands: create, join, leave, invite, who, groups, and the owner's controls."""

from __future__ import annotations

from handlers import blocks, group_reminders, invitations
from handlers.account import claim_handle, handle_problem
from handlers.context import Context
from handlers.language import first_language, speaking_to
from handlers.lookup import group_named, joined, member_named, membership, my_groups, unknown
from handlers.phone_numbers import phone_number
from handlers.registry import handles, says
from handlers.undelivered import unreachable
from parsers import Command
from parsers.counts import plural
from store.models import Group, Invite, Member, Membership, Removal

MAX_INVITES = 10
MAX_DESCRIPTION = 120


SAY = says("groups", {
    "created": "Created @{group} (public: anyone can join; private @{group} to change). "
               "Invite people: invite @{group} +15551234567",
    "taken": "@{group} is taken. Try another name.",
    "long": f"Keep the description under {MAX_DESCRIPTION} characters.",
    "joined": "Welcome to @{group}! Post with: @{group} your message",
    "already": "You're already in @{group}.",
    "private": "@{group} is private: ask a member to invite you.",
    "left": "You left @{group}.",
    "left_owner": "You left @{group}; {heir} owns it now.",
    "heir_told": "You own @{group} now: {owner} left it.",
    "not_in": "You're not in @{group}.",
    "invited": "Invited {names} to @{group}.",
    "invite_none": "Nobody to invite. Try: invite @{group} +15551234567",
    "invite_bad": "Could not invite {bad}: not a number or member.",
    "invite_email": "Email invites are not available on this server yet. Use a number.",
    "invite_many": f"Invite up to {MAX_INVITES} people at a time.",
    "invite_in": "Already in @{group}: {names}.",
    "who": "@{group} ({count}): {names}",
    "unreachable": " (unreachable)",  # after a name in `who`, for the group's owner and admins
    "groups": "Your groups: {names}",
    "no_groups": "You're in no groups yet. Text: join @name or create @name",
    "owner_only": "Only the owner of @{group} can do that.",
    "admins_only": "Only the owner or an admin of @{group} can do that.",
    "now_private": "@{group} is now private: people join by invite.",
    "now_public": "@{group} is now public: anyone can join.",
    "admin_made": "@{member} is now an admin of @{group}.",
    "admin_told": "You are now an admin of @{group}.",
    "admin_owner": "You own @{group}: owners can already do everything.",
    "kicked": "@{member} was removed from @{group}.",
    "kicked_told": "You were removed from @{group}. Only its owner or an admin can invite you "
                   "back.",
    "removed": "You were removed from @{group}: only its owner or an admin can invite you back.",
    "kick_owner": "The owner of @{group} can't be removed.",
    "member_not_in": "@{member} is not in @{group}.",
    "no_member": "No member @{member}.",
})


@handles("create")
def create(ctx: Context, cmd: Command) -> None:
    """Create a group owned by the sender."""
    handle = (cmd.target or "").lower()
    problem = handle_problem(handle)
    if problem:
        ctx.reply(problem)
        return
    if len(cmd.text) > MAX_DESCRIPTION:
        ctx.reply(SAY["long"])
        return
    if not claim_handle(handle, "group"):
        ctx.reply(SAY["taken"].format(group=handle))
        return
    group = Group.create(handle=handle, description=cmd.text, owner=ctx.member)
    Membership.create(member=ctx.member, group=group, role="owner")
    ctx.reply(SAY["created"].format(group=handle))


@handles("join")
def join(ctx: Context, cmd: Command) -> None:
    """Join a public group, or a private one the sender was invited to."""
    group = group_named(cmd.target)
    if group is None:
        ctx.reply(unknown(cmd.target or "", ctx.member))
        return
    if membership(ctx.member, group):
        ctx.reply(SAY["already"].format(group=group.handle))
        return
    if Removal.select().where(Removal.group == group, Removal.member == ctx.member).exists():
        ctx.reply(SAY["removed"].format(group=group.handle))  # until an owner or admin invites
        return
    invite = Invite.get_or_none(Invite.group == group, Invite.member == ctx.member)
    if group.private and invite is None:
        ctx.reply(SAY["private"].format(group=group.handle))
        return
    if group.private and invite and not invitations.fresh(invite, ctx.settings, ctx.now):
        ctx.reply(invitations.too_old(group, ctx.settings))  # as a bare YES is told
        return
    Membership.create(member=ctx.member, group=group)
    if invite:
        invite.delete_instance()
    ctx.reply(SAY["joined"].format(group=group.handle))


@handles("leave")
def leave(ctx: Context, cmd: Command) -> None:
    """Leave a group; an owner who leaves hands the group to the longest-serving admin or member."""
    group = group_named(cmd.target)
    mine = membership(ctx.member, group) if group else None
    if group is None or mine is None:
        ctx.reply(SAY["not_in"].format(group=(cmd.target or "")))
        return
    mine.delete_instance()
    group_reminders.cancel_authored(ctx.member, group)  # they may no longer post there
    if group.owner_id == ctx.member.id:
        heir = (Membership.select().where(Membership.group == group)
                .order_by((Membership.role == "admin").desc(), Membership.joined_at).first())
        if heir:
            group.owner = heir.member
            group.save(only=[Group.owner])
            heir.role = "owner"
            heir.save(only=[Membership.role])
            ctx.reply(SAY["left_owner"].format(group=group.handle, heir=heir.member.label))
            with speaking_to(heir.member):
                ctx.notify(heir.member, SAY["heir_told"].format(group=group.handle,
                                                                owner=ctx.member.label))
            return
    ctx.reply(SAY["left"].format(group=group.handle))


@handles("invite")
def invite(ctx: Context, cmd: Command) -> None:
    """Invite numbers or members; each invitee gets one text and must join.

    The answer is the same whether a number is a member's, kicked or opted out: "Invited".
    """
    group = _managed_group(ctx, cmd.target, private_only=True)
    if group is None:
        return
    if not cmd.invitees:
        ctx.reply(SAY["invite_none"].format(group=group.handle))
        return
    if len(cmd.invitees) > MAX_INVITES:
        ctx.reply(SAY["invite_many"])
        return
    if any("@" in raw and not raw.startswith("@") and "." in raw for raw in cmd.invitees):
        ctx.reply(SAY["invite_email"])
        return
    named: list[Member | str] = []  # members by @name, numbers as E.164, in the order typed
    bad = []
    for raw in cmd.invitees:
        found = member_named(raw.lstrip("@")) if _is_handle(raw) else phone_number(raw, ctx.region)
        if found:
            named.append(found)
        else:  # the parser drops a handle's "@"; put it back so the reply reads as typed
            bad.append(f"@{raw}" if raw[:1].isalpha() else raw)
    if bad:
        ctx.reply(SAY["invite_bad"].format(bad=", ".join(bad)[:60]))
        return
    phones = list(dict.fromkeys(p for p in named if isinstance(p, str)))
    far = invitations.abroad(phones, ctx.settings)
    if far:
        invitations.refuse_abroad(ctx, far)
        return
    if not invitations.within_quota(ctx, group, phones):
        return
    invited, already, seen = [], [], set()
    for each in named:
        by_number = isinstance(each, str)
        person: Member = (Member.get_or_create(
            phone=each, defaults={"language": first_language(each)})[0]
            if isinstance(each, str) else each)
        if person.id in seen:
            continue
        seen.add(person.id)
        # Never "@bob" for a number typed: that would tell the sender whose number it is.
        label = each if isinstance(each, str) else f"@{person.handle}"
        if not by_number and membership(person, group):
            already.append(label)  # as `who` shows anyone who may invite
            continue
        invited.append(label)
        # Someone who blocked the sender gets no invitation from them; the sender is not told.
        if person.id == ctx.member.id or membership(person, group) \
                or not _may_invite_back(ctx, group, person) \
                or blocks.is_blocked(person, ctx.member):
            if by_number:
                invitations.note(ctx, group, person)
            continue
        invitations.send_invite(ctx, group, person, counted=by_number)
    for names, key in ((invited, "invited"), (already, "invite_in")):
        if names:
            ctx.reply(SAY[key].format(names=", ".join(names), group=group.handle))


def _may_invite_back(ctx: Context, group: Group, person: Member) -> bool:
    """Tell whether the sender may invite `person`; an owner's or admin's invite ends a kick."""
    removal = Removal.get_or_none(Removal.group == group, Removal.member == person)
    if removal is None:
        return True
    mine = membership(ctx.member, group)
    if group.owner_id != ctx.member.id and (mine is None or mine.role not in ("owner", "admin")):
        return False
    removal.delete_instance()
    return True


def _is_handle(raw: str) -> bool:
    return raw.startswith("@") or raw[:1].isalpha()


@handles("who")
def who(ctx: Context, cmd: Command) -> None:
    """List a group's members; a private group's only to its members."""
    ctx.listing = True
    group = group_named(cmd.target)
    if group is None or (group.private and membership(ctx.member, group) is None):
        ctx.reply(unknown(cmd.target or "", ctx.member) if group is None
                  else SAY["private"].format(group=group.handle))
        return
    people = [m.member for m in Membership.select(Membership, Member).join(Member)
              .where(Membership.group == group).order_by(Membership.joined_at)]
    mine = membership(ctx.member, group)
    managing = mine is not None and mine.role in ("owner", "admin")
    names = " ".join(p.label + (SAY["unreachable"] if managing and unreachable(p) else "")
                     for p in people)
    ctx.reply(SAY["who"].format(group=group.handle, count=plural(len(people), "member"),
                                names=names))


@handles("groups")
def groups(ctx: Context, cmd: Command) -> None:
    """List the sender's groups, marking the muted ones."""
    ctx.listing = True
    mine = {m.group_id: m for m in Membership.select().where(Membership.member == ctx.member)}
    names = []
    for group in my_groups(ctx.member):
        until = mine[group.id].muted_until
        muted = until and until > ctx.now
        names.append(f"@{group.handle}" + (" (muted)" if muted else ""))
    ctx.reply(SAY["groups"].format(names=", ".join(names)) if names else SAY["no_groups"])


@handles("private", "public")
def privacy(ctx: Context, cmd: Command) -> None:
    """Make a group private (join by invite) or public."""
    group = _managed_group(ctx, cmd.target)
    if group:
        group.private = cmd.action == "private"
        group.save(only=[Group.private])
        ctx.reply(SAY["now_private" if group.private else "now_public"].format(group=group.handle))


@handles("admin")
def admin(ctx: Context, cmd: Command) -> None:
    """Make a member an admin; owner only."""
    group = _managed_group(ctx, cmd.target, owner_only=True)
    target = group and _member_of(ctx, group, cmd.member)
    if group is None or not target:
        return
    if target.member_id == group.owner_id:
        ctx.reply(SAY["admin_owner"].format(group=group.handle))
    else:
        target.role = "admin"
        target.save(only=[Membership.role])
        ctx.reply(SAY["admin_made"].format(member=cmd.member, group=group.handle))
        with speaking_to(target.member):
            ctx.notify(target.member, SAY["admin_told"].format(group=group.handle))


@handles("kick")
def kick(ctx: Context, cmd: Command) -> None:
    """Remove a member; the owner cannot be removed."""
    group = _managed_group(ctx, cmd.target)
    target = group and _member_of(ctx, group, cmd.member)
    if group is None or not target:
        return
    if target.member_id == group.owner_id:
        ctx.reply(SAY["kick_owner"].format(group=group.handle))
        return
    target.delete_instance()
    # Out until an owner or admin invites them again: an older invite no longer opens the door.
    Removal.insert(group=group, member=target.member_id, remover=ctx.member,
                   created_at=ctx.now).on_conflict_ignore().execute()
    Invite.delete().where(Invite.group == group, Invite.member == target.member_id).execute()
    group_reminders.cancel_authored(target.member_id, group)  # theirs to @group stop too
    ctx.reply(SAY["kicked"].format(member=cmd.member, group=group.handle))
    with speaking_to(target.member):
        ctx.notify(target.member, SAY["kicked_told"].format(group=group.handle))


def _managed_group(ctx: Context, handle: str | None, owner_only: bool = False,
                    private_only: bool = False) -> Group | None:
    """Return the group if the sender may manage it; otherwise reply why not.

    With `private_only`, any member may act on a public group (inviting, say).
    """
    mine = joined(ctx, handle)
    if mine is None:
        return None
    group = mine.group
    if private_only and not group.private:
        return group
    if owner_only and group.owner_id != ctx.member.id:
        ctx.reply(SAY["owner_only"].format(group=group.handle))
        return None
    if mine.role not in ("owner", "admin") and group.owner_id != ctx.member.id:
        ctx.reply(SAY["admins_only"].format(group=group.handle))
        return None
    return group


def _member_of(ctx: Context, group: Group, handle: str | None) -> Membership | None:
    """Return @handle's membership of `group`, replying why not when there is none."""
    person = member_named(handle)
    if person is None:
        ctx.reply(SAY["no_member"].format(member=handle or ""))
        return None
    found = membership(person, group)
    if found is None:
        ctx.reply(SAY["member_not_in"].format(member=person.handle, group=group.handle))
    return found
