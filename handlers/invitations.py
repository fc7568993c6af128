"""Invitations to numbers: what a stranger is sent, how often, to where, and when.

Commons must not be a relay: a number that never texted Commons is sent none of the inviter's
words (no description, no link), only the group's name and how to join or stop. Each number
is texted an invitation at most once a week, whatever the group; a member names at most
INVITES_PER_DAY numbers a day (INVITES_PER_DAY_OWNER for the owner of a group with history),
counted over every door in the Invitation log (an inviter's invitations take turns for the
count); numbers outside ALLOWED_COUNTRIES are refused;
and a text waits for INVITE_HOURS on the invitee's clock (status "held", released by the
sweeper), or for the end of their quiet hours.

The Invite row is the open invitation (`join` and a bare YES take the newest one, by
created_at then id); one is written only when its text is written, so the newest open
invitation of a number is always one it was texted. It is taken up (by a bare YES, or by
`join` to a private group) for INVITE_DAYS; inviting the number again after them texts it anew.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers import bundles, repeats
from handlers.context import Context
from handlers.language import speaking_to
from handlers.registry import says
from parsers.segments import segments
from store import outbox
from store.db import take_turns
from store.models import Group, Inbound, Invitation, Invite, Member, Membership, Outbox
from store.settings import Settings, country_of

WEEK = timedelta(days=7)  # a number is texted one invitation in this long
DAY = timedelta(days=1)  # the inviter's count of numbers named looks back this far
# A group with history: this old, with this many members besides its owner.
HISTORY_AGE = timedelta(days=7)
HISTORY_MEMBERS = 3
HELD = "held"  # an invitation's text waiting for the invitee's hours (next_attempt_at)
MAX_RELEASED = 1_000  # held texts one sweep queues
DOORS = {"twilio": "text", "console": "text", "email": "mail", "web": "web",
         "terminal": "terminal"}
IMPORT = "import"  # `commons import`: the organiser's own path, not counted per day


SAY = says("invitations", {
    # To a number that never texted Commons: nothing the inviter wrote, not even their name.
    "stranger": "You are invited to @{group} on Commons. Reply YES to join, or STOP to opt out.",
    "known": "{inviter} invited you to @{group} on Commons{about}. Reply: join @{group}",
    "daily": "Nobody invited: you can invite up to {limit} numbers a day ({left} left today). "
             "Members can be invited by @name.",
    "abroad": "Nobody invited: invitations go only to numbers in {countries}, not {numbers}.",
    "stale": "Your invitation to @{group} is over {days} days old: ask someone in "
             "@{group} to invite you again.",
})


def door_of(ctx: Context) -> str:
    """Name the door the invitation came by: text, mail, web, terminal, or import."""
    if ctx.inbound is None:
        return IMPORT
    return DOORS.get(ctx.inbound.channel, ctx.inbound.channel)


def is_stranger(person: Member) -> bool:
    """Tell whether `person` never texted (or wrote to) Commons."""
    return not Inbound.select().where(Inbound.member == person).exists()


def abroad(phones: list[str], settings: Settings) -> list[str]:
    """Return the numbers outside ALLOWED_COUNTRIES."""
    allowed = settings.allowed_countries
    return [phone for phone in phones if country_of(phone) not in allowed]


def refuse_abroad(ctx: Context, numbers: list[str]) -> None:
    """Say which numbers are outside the countries invitations go to."""
    countries = ", ".join(sorted(ctx.settings.allowed_countries))
    ctx.reply(SAY["abroad"].format(countries=countries, numbers=", ".join(numbers)[:60]))


def has_history(group: Group, now: datetime) -> bool:
    """Tell whether `group` is old enough, with members enough, to trust its owner with more."""
    if group.created_at > now - HISTORY_AGE:
        return False
    others = Membership.select().where(Membership.group == group,
                                       Membership.member != group.owner_id).count()
    return others >= HISTORY_MEMBERS


def daily_limit(ctx: Context, group: Group) -> int:
    """Return how many numbers the sender may name a day, inviting to `group`."""
    if group.owner_id == ctx.member.id and has_history(group, ctx.now):
        return ctx.settings.INVITES_PER_DAY_OWNER
    return ctx.settings.INVITES_PER_DAY


def within_quota(ctx: Context, group: Group, phones: list[str]) -> bool:
    """Tell whether the sender may name these numbers today; reply why not when they may not.

    Every number named counts, member or not, so the answer tells nothing about whose it is.
    The count and the log rows written after it take turns per inviter, until commit: two
    invitations at once, by one door or two, each count the other's numbers, never both slip
    under the limit.
    """
    take_turns(f"invitations by {ctx.member.id}")
    named = {row.phone for row in Invitation.select(Invitation.phone).where(
        Invitation.inviter == ctx.member, Invitation.counted == True,  # noqa: E712
        Invitation.created_at > ctx.now - DAY)}
    limit = daily_limit(ctx, group)
    left = max(0, limit - len(named))
    if len([p for p in phones if p not in named]) <= left:
        return True
    ctx.reply(SAY["daily"].format(limit=limit, left=left))
    return False


def texted_this_week(phone: str, now: datetime) -> bool:
    """Tell whether `phone` was texted an invitation in the last week."""
    return Invitation.select().where(Invitation.phone == phone, Invitation.texted == True,  # noqa: E712
                                     Invitation.created_at > now - WEEK).exists()


def note(ctx: Context, group: Group, person: Member, counted: bool = True,
         texted: bool = False) -> None:
    """Log an invitation of `person`'s number (one that was not texted, unless `texted`)."""
    Invitation.create(phone=person.phone, member=person, group=group, inviter=ctx.member,
                      door=door_of(ctx), counted=counted, texted=texted, created_at=ctx.now)


def send_invite(ctx: Context, group: Group, person: Member, counted: bool = False) -> bool:
    """Invite `person` to `group` from the sender; one text per invite, however often asked.

    A stranger's number is texted once a week at most. Return whether the invite is new (and
    its text written); `counted` logs it toward the sender's numbers a day.
    """
    stranger = is_stranger(person)
    created = False
    if not (stranger and person.phone and texted_this_week(person.phone, ctx.now)):
        invite, created = Invite.get_or_create(
            group=group, member=person, defaults={"inviter": ctx.member, "created_at": ctx.now})
        if not created and not fresh(invite, ctx.settings, ctx.now):
            created = bool(Invite.update(inviter=ctx.member, created_at=ctx.now).where(
                Invite.id == invite.id, Invite.created_at == invite.created_at).execute())
        if created:
            with speaking_to(person):
                deliver(ctx, person, invite_text(ctx.member, group, stranger))
    if person.phone and (counted or created):
        note(ctx, group, person, counted=counted, texted=created)
    return created


def fresh(invite: Invite, settings: Settings, now: datetime) -> bool:
    """Tell whether an invitation is young enough for a bare YES to take it up."""
    return now - invite.created_at <= timedelta(days=settings.INVITE_DAYS)


def too_old(group: Group, settings: Settings) -> str:
    """Tell someone their invitation to `group` is too old to take up."""
    return SAY["stale"].format(group=group.handle, days=settings.INVITE_DAYS)


def invite_text(inviter: Member, group: Group, stranger: bool) -> str:
    """Write an invite in one segment: a stranger's carries nothing the inviter wrote."""
    if stranger:
        return SAY["stranger"].format(group=group.handle)
    description = group.description
    while True:  # the description gives way, so the invite fits one text
        about = f" ({description})" if description else ""
        text = SAY["known"].format(inviter=inviter.label, group=group.handle, about=about)
        if segments(text) <= 1 or not description:
            return text
        description = description[:-1].rstrip()


def deliver(ctx: Context, person: Member, text: str) -> None:
    """Write an invitation's text: now, or held for the invitee's hours or quiet hours."""
    row = outbox.write(person, text, kind="post", inbound=ctx.inbound)
    if row is None:
        return
    opens = next_opening(person, ctx.now, ctx.settings.invite_hours)
    if row.channel == outbox.SMS and opens is not None:
        Outbox.update(status=HELD, next_attempt_at=opens).where(Outbox.id == row.id).execute()
    elif bundles.is_quiet(person, ctx.now):
        bundles.hold([row.id])
    else:
        ctx.outbox_ids.append(row.id)


def next_opening(member: Member, now: datetime, hours: tuple[int, int]) -> datetime | None:
    """Return when invitations may next be texted to `member` (naive UTC); None: now."""
    start, end = hours
    local = repeats.to_local(now, member)
    hour = local.hour
    if (start <= hour < end) if start <= end else (hour >= start or hour < end):
        return None
    opening = local.replace(hour=start % 24, minute=0, second=0, microsecond=0)
    if opening <= local:
        opening += DAY
    return repeats.to_utc(opening, member)


def release_held(now: datetime) -> list[int]:
    """Queue the held invitations whose hours have come; return their rows' ids (sweeper).

    One whose hours come in the invitee's quiet hours (8am inside `quiet 22-9`) is kept back
    with their other quiet texts instead, and comes in the bundle when those hours end.
    """
    due = list(Outbox.select(Outbox.id, Outbox.member).where(
        Outbox.status == HELD, Outbox.next_attempt_at <= now).limit(MAX_RELEASED))
    invitees = list({row.member_id for row in due} - {None})
    quiet = {member.id for member in Member.select().where(
        Member.id.in_(invitees), Member.quiet_start.is_null(False))
        if bundles.is_quiet(member, now)}
    # Each update takes only rows still held: a sweep cut short leaves the rest for the next.
    held = [row.id for row in due if row.member_id in quiet]
    if held:
        Outbox.update(status=bundles.QUIET).where(
            Outbox.id.in_(held), Outbox.status == HELD).execute()
    ready = [row.id for row in due if row.member_id not in quiet]
    if ready:
        Outbox.update(status="queued").where(
            Outbox.id.in_(ready), Outbox.status == HELD).execute()
    return ready
