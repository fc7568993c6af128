"""A group's reminders, whoever set them: listed and cancelled by its owner and admins.

A group reminder fires only while its author may still post in the group: one who left or was
kicked has their reminders there cancelled (at once, and again at firing, should one slip by).
At most GROUP_REMINDERS_PER_MINUTE of a group's reminders are set for the same minute.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers import dates, repeats
from handlers.context import Context
from handlers.language import speaking_to
from handlers.lookup import joined
from handlers.registry import says
from store.models import Group, Member, Membership
from store.reminders import CANCELLED, GROUP, PENDING, Reminder

MINUTE = timedelta(minutes=1)


SAY = says("group_reminders", {
    "not_admin": "Only @{group}'s owner or an admin can list or cancel all its reminders.",
    "none": "@{group} has no reminders. Set one: remind @{group} mon 9am standup",
    "listing": "@{group}'s reminders:",
    "unknown": "No reminder {n} in @{group}. reminders @{group} lists them.",
    "cancelled": "@{group}'s reminder {n} cancelled{text}.",
    "told": "{who} cancelled your reminder for @{group}{text}.",
    "busy": "@{group} has {limit} reminders set for that minute already: pick another time.",
})


def pending_in(group: Group):
    """Select the group's pending reminders, numbered by their order here."""
    return (Reminder.select().where(Reminder.group == group, Reminder.kind == GROUP,
                                    Reminder.status == PENDING).order_by(Reminder.id))


def _managed(ctx: Context, handle: str | None) -> Group | None:
    """Return the group when the sender owns it or is its admin; otherwise reply why not."""
    mine = joined(ctx, handle)
    if mine is None:
        return None
    if mine.role not in ("owner", "admin") and mine.group.owner_id != ctx.member.id:
        ctx.reply(SAY["not_admin"].format(group=mine.group.handle))
        return None
    return mine.group


def listing(ctx: Context, handle: str | None) -> None:
    """List every pending reminder of a group, with the numbers `unremind @group` takes."""
    group = _managed(ctx, handle)
    if group is None:
        return
    rows = list(pending_in(group))
    if not rows:
        ctx.reply(SAY["none"].format(group=group.handle))
        return
    ctx.reply(SAY["listing"].format(group=group.handle))
    for n, row in enumerate(rows, 1):
        when = (repeats.show_rule(row.every) if row.every
                else dates.show_when(row.due_at, True, ctx.member))
        ctx.reply(f"{n} {when} by {row.member.label}" + (f": {row.text}" if row.text else ""))


def cancel(ctx: Context, handle: str | None, number: int) -> None:
    """Cancel a group's reminder by its number in `reminders @group`; tell its author."""
    group = _managed(ctx, handle)
    if group is None:
        return
    rows = list(pending_in(group))
    if not 1 <= number <= len(rows):
        ctx.reply(SAY["unknown"].format(n=number, group=group.handle))
        return
    row = rows[number - 1]
    Reminder.update(status=CANCELLED).where(Reminder.id == row.id).execute()
    text = f": {row.text[:60]}" if row.text else ""
    ctx.reply(SAY["cancelled"].format(group=group.handle, n=number, text=text))
    if row.member_id != ctx.member.id:
        with speaking_to(row.member):
            ctx.notify(row.member, SAY["told"].format(who=ctx.member.label, group=group.handle,
                                                      text=text))


def too_busy(ctx: Context, group: Group, when: datetime) -> bool:
    """Tell whether `group` has its reminders' fill of the minute `when` falls in; say so."""
    limit = ctx.settings.GROUP_REMINDERS_PER_MINUTE
    start = when.replace(second=0, microsecond=0)
    taken = pending_in(group).where(Reminder.due_at >= start,
                                    Reminder.due_at < start + MINUTE).count()
    if taken < limit:
        return False
    ctx.reply(SAY["busy"].format(group=group.handle, limit=limit))
    return True


def author_may_post(reminder: Reminder) -> bool:
    """Tell whether a group reminder's author is still in its group."""
    return Membership.select().where(Membership.group == reminder.group_id,
                                     Membership.member == reminder.member_id).exists()


def cancel_authored(member: Member | int, group: Group) -> None:
    """Cancel `member`'s pending reminders to `group` (they left it, or were removed)."""
    (Reminder.update(status=CANCELLED)
     .where(Reminder.member == member, Reminder.group == group, Reminder.kind == GROUP,
            Reminder.status == PENDING).execute())
