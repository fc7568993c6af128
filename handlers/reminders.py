"""Reminders: `remind me|@g <when> <text>`, `every <day> <time>`, `reminders`, `unremind <n>`.

The row is the truth; the handler only asks, through the context, for the worker to be woken
at its time (workers/reminders.py fires it, the sweeper catches any the scheduler missed).
Tasks with a due date get two rows of their own: one for whoever does it, one for the owner.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from peewee import IntegrityError, fn

from handlers import dates, group_reminders, repeats
from handlers.context import Context
from handlers.conversation import current_conversation
from handlers.lookup import joined, membership
from handlers.registry import handles, says
from parsers import Command
from parsers.reminder_forms import CURRENT_GROUP
from parsers.times.spans import VOCABULARY
from store.cooperation import Task
from store.db import db
from store.models import Group
from store.reminders import CANCELLED, DUE, GROUP, ME, OVERDUE, PENDING, Reminder

MAX_REMINDERS = 50  # pending ones per member: a list that still fits a few texts
MAX_REMINDER_TEXT = 100  # the fired text carries "[@group] reminder from @name: " too
MAX_AHEAD = timedelta(days=366)
QUOTE_CHARS = 50  # what a reply quotes of a text it could not read
EXAMPLE_CHARS = 40
_NOT_WHAT = frozenset({"me", "us", "everyone", "everybody", "the", "team", "to", "about", "at",
                       "on", "in", "by", "every", "each"})
DUE_HOUR = 9  # a task due on a day is brought up that morning
DUE_LEAD = timedelta(hours=1)  # a task due at a time is brought up this long before


SAY = says("reminders", {
    "set": "Reminder {n} set for {when}{text}. unremind {n} cancels it.",
    "set_group": "Reminder {n} for @{group} set for {when}{text}. unremind {n} cancels it.",
    "bad_when": "I couldn't read the time in '{text}': try 'remind me fri 5pm {what}'",
    # The '{text}' of bad_when: the time as read, or the words when the line typed is not at hand.
    "typed_me": "remind me {when}",
    "typed": "remind {when}",
    "bad_every": "I can repeat a reminder every day, weekday or weekend, or on days you name "
                 "(every mon and thu 9am), not '{every}'. Nothing was set.",
    "example": "call the bank",  # the {what} of bad_when when the sender gave no words
    "which_group": "Which group? Text: remind @group {when} {what}",
    "past": "That time has passed: {when}. Nothing was set.",
    "too_far": "Reminders go at most a year ahead.",
    "too_long": f"Keep a reminder under {MAX_REMINDER_TEXT} characters.",
    "too_many": f"You have {MAX_REMINDERS} reminders: unremind one first.",
    "not_admin": "Only @{group}'s owner or an admin can set its reminders.",
    "none": "You have no reminders. Set one: remind me fri 5pm call the bank",
    "listing": "Your reminders:",
    "unknown": "No reminder {n}. reminders lists them.",
    "cancelled": "Reminder {n} cancelled.",
    "fired": "Reminder: {text}",
    "fired_bare": "Reminder! You asked for one for {when}.",
    "fired_group": "[@{group}] reminder from {author}: {text}",
    "due_soon": "Task {n} in @{group} is due {when}: {text}. Text done @{group} {n} when "
                "it's done.",
    "overdue": "Task {n} in @{group} is overdue (due {when}): {text}. {who}",
    "overdue_open": "Nobody has taken it.",
    "overdue_taken": "{member} has it.",
})


@handles("remind")
def remind(ctx: Context, cmd: Command) -> None:
    """Set a reminder for the sender, or for a group they run, once or repeating."""
    group = None
    if cmd.target == CURRENT_GROUP:  # "remind the team": the group they are talking in
        current = current_conversation(ctx.member, ctx)
        if not isinstance(current, Group):
            ctx.reply(SAY["which_group"].format(when=cmd.when, what=cmd.text or "text")[:160])
            return
        mine = membership(ctx.member, current)
        if mine is None:
            return
    elif cmd.target != "me":
        mine = joined(ctx, cmd.target)
        if mine is None:
            return
    if cmd.target != "me":
        assert mine is not None  # found above for a group
        if mine.role not in ("owner", "admin"):
            ctx.reply(SAY["not_admin"].format(group=mine.group.handle))
            return
        group = mine.group
    if len(cmd.text) > MAX_REMINDER_TEXT:
        ctx.reply(SAY["too_long"])
        return
    if pending_of(ctx.member).count() >= MAX_REMINDERS:
        ctx.reply(SAY["too_many"])
        return
    when, every = _when(ctx, cmd)
    if when is None or (group and group_reminders.too_busy(ctx, group, when)):
        return
    reminder = _create(ctx, group, cmd.text, when, every)
    ctx.wake_at.append(when)
    shown = repeats.show_rule(every) if every else dates.show_when(when, True, ctx.member,
                                                                   ctx.now)
    text = f": {cmd.text}" if cmd.text else ""
    key = "set_group" if group else "set"
    ctx.reply(SAY[key].format(n=reminder.number, when=shown, text=text,
                              group=group.handle if group else ""))


@handles("remind_unread")
def remind_unread(ctx: Context, cmd: Command) -> None:
    """Answer a `remind` whose time can't be read, to its sender alone; set nothing."""
    if cmd.when:  # a repeat no reminder keeps: "every other monday"
        ctx.reply(SAY["bad_every"].format(every=cmd.when))
        return
    ctx.reply(_unread(_typed(ctx, cmd.text or "", SAY["typed"].format(when=cmd.text)),
                      cmd.text))


def _typed(ctx: Context, words: str, otherwise: str) -> str:
    """Return the line the sender typed `words` in, its command word in small letters
    ("recuérdame ...", "remind me ..."), else `otherwise`."""
    lines = ctx.inbound.body.splitlines() if ctx.inbound is not None else []
    line = next((line.strip() for line in lines if words and words in line), None)
    if line is None:
        return otherwise
    first, space, rest = line.partition(" ")
    return f"{first.lower()}{space}{rest}"


def _unread(typed: str, what: str) -> str:
    """Say which text had no readable time, with an example made of the sender's own words."""
    words = what.split()
    while words and (words[0].lower() in _NOT_WHAT or words[0].startswith("@")
                     or words[0].lower() in VOCABULARY):
        words = words[1:]
    kept = []
    for word in words:  # the sender's words up to any time in them
        if any(c.isdigit() for c in word):
            break
        kept.append(word)
    example = " ".join(kept)[:EXAMPLE_CHARS].strip() or SAY["example"]
    typed = typed if len(typed) <= QUOTE_CHARS else typed[:QUOTE_CHARS - 3].rstrip() + "..."
    return SAY["bad_when"].format(text=typed, what=example)


def _when(ctx: Context, cmd: Command) -> tuple[datetime | None, str | None]:
    """Read the time typed; reply why not and return None when it can't be used."""
    raw = cmd.when or ""
    what = cmd.text or SAY["example"]
    if raw.startswith("every "):
        _, days, clock = (raw.split(None, 2) + [""])[:3]
        rule = repeats.read_every(days, clock, ctx.member, ctx.now)
        if rule is None:
            ctx.reply(_unread(SAY["typed_me"].format(when=raw), what))
            return None, None
        return repeats.next_time(rule, ctx.member, ctx.now), rule
    when = repeats.read_once(raw, ctx.member, ctx.now)
    if when is None:  # a week or a month ("remind me next week") is not one moment
        ctx.reply(_unread(SAY["typed_me"].format(when=raw), what))
        return None, None
    if when - ctx.now > MAX_AHEAD:
        ctx.reply(SAY["too_far"])
        return None, None
    if dates.has_passed(when, ctx.now):
        ctx.reply(SAY["past"].format(when=dates.show_when(when, True, ctx.member, ctx.now)))
        return None, None
    return when, None


def _create(ctx: Context, group, text: str, when: datetime, every: str | None) -> Reminder:
    """Number the reminder after the member's last; two at once retry rather than share one."""
    for attempt in range(5):
        number = (Reminder.select(fn.COALESCE(fn.MAX(Reminder.number), 0))
                  .where(Reminder.member == ctx.member).scalar()) + 1
        try:
            with db.atomic():
                return Reminder.create(member=ctx.member, group=group, kind=GROUP if group else ME,
                                       number=number, text=text, due_at=when, every=every)
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def pending_of(member):
    """Select the member's own pending reminders, soonest first."""
    return (Reminder.select().where(Reminder.member == member, Reminder.status == PENDING,
                                    Reminder.kind.in_([ME, GROUP]))
            .order_by(Reminder.due_at, Reminder.id))


@handles("reminders")
def reminders(ctx: Context, cmd: Command) -> None:
    """List the sender's pending reminders (or a group's) with the numbers `unremind` takes."""
    ctx.listing = True
    if cmd.target:
        group_reminders.listing(ctx, cmd.target)
        return
    rows = list(pending_of(ctx.member))
    if not rows:
        ctx.reply(SAY["none"])
        return
    ctx.reply(SAY["listing"])
    for row in rows:
        ctx.reply(line(row, ctx.member))


def line(row: Reminder, viewer) -> str:
    """Show a reminder in a listing: "2 @team every mon 9am: standup"."""
    when = repeats.show_rule(row.every) if row.every else dates.show_when(row.due_at, True, viewer)
    where = f"@{row.group.handle} " if row.group is not None else ""
    return f"{row.number} {where}{when}" + (f": {row.text}" if row.text else "")


@handles("unremind")
def unremind(ctx: Context, cmd: Command) -> None:
    """Cancel one of the sender's reminders (or a group's) by its number."""
    assert cmd.number is not None  # `unremind` parses only with a number
    if cmd.target:
        group_reminders.cancel(ctx, cmd.target, cmd.number)
        return
    cancelled = (Reminder.update(status=CANCELLED)
                 .where(Reminder.member == ctx.member, Reminder.number == cmd.number,
                        Reminder.status == PENDING).execute())
    ctx.reply(SAY["cancelled" if cancelled else "unknown"].format(n=cmd.number))


def plan_due(ctx: Context, task: Task) -> None:
    """Write a task's due-date reminders: one for whoever does it, one for the group's owner."""
    if task.due_at is None:
        return
    person = task.assignee or task.creator
    if task.due_time:
        soon = task.due_at - DUE_LEAD
    else:
        local = repeats.to_local(task.due_at, person)
        soon = repeats.to_utc(datetime.combine(local.date(), time(DUE_HOUR)), person)
    rows = [(OVERDUE, task.due_at)]
    if soon > ctx.now:  # set within the hour before: they know already
        rows.append((DUE, soon))
    for kind, at in rows:
        Reminder.create(member=ctx.member, group=task.group, task=task, kind=kind, due_at=at)
        ctx.wake_at.append(at)


def cancel_due(task: Task, kinds: tuple[str, ...] = (DUE, OVERDUE)) -> None:
    """Cancel a task's pending due-date reminders (it is done)."""
    (Reminder.update(status=CANCELLED)
     .where(Reminder.task == task, Reminder.kind.in_(kinds), Reminder.status == PENDING)
     .execute())
