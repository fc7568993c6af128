"""Tasks: add and list work in a group, and find the task a step names (the steps, claim to
assign, with their replies, are handlers/task_steps.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from peewee import IntegrityError, fn

from handlers import blocks, dates, reminders
from handlers.context import Context
from handlers.conversation import current_conversation
from handlers.language import speaking_to
from handlers.lookup import joined, member_named, membership, my_groups
from handlers.registry import handles, says
from parsers import Command
from store.cooperation import Task
from store.db import db
from store.models import Group, Member

MAX_TASK_TEXT = 200
MAX_NAMED_TEXT = 30  # of a task's text where a reply or a post's note names it: a few words
MAX_AHEAD = timedelta(days=3 * 366)  # a due date further out than this is a typo
VERBS = {"task_claim": "claim", "task_done": "done", "task_drop": "drop",
         "task_reopen": "reopen", "task_assign": "assign"}


SAY = says("tasks", {
    "added": "Task {n} in @{group}: {text}",
    "for": "for @{member}",
    "due": "due {when}",
    "assigned_told": "{author} gave you task {n} in @{group}: {text}. Text done @{group} {n} "
                     "when it's done.",
    "listing": "Open tasks in @{group}:",
    "listing_mine_in": "Your tasks in @{group}:",
    "group_heading": "@{group}:",
    "no_tasks": "No open tasks in @{group}. Add one: task @{group} what needs doing",
    "no_tasks_mine": "You have no open tasks. See them all: tasks",
    "no_tasks_all": "No open tasks in your groups.",
    "no_groups": "You're in no groups yet. Text: join @name",
    "unknown": "No task {n} in @{group}. See them: tasks @{group}",
    "unknown_all": "No task {n} in your groups. See them: tasks",
    "which": "Which group's task {n}? Text {example}",
    "assign_outsider": "@{member} is not in @{group}: invite them first.",
    "no_member": "No member @{member}.",
    "too_long": f"Keep a task under {MAX_TASK_TEXT} characters.",
    "which_group": "Which group is this task for? Text: task @group {text}",
    "bad_due": "Can't read the due date \"{when}\". Try e.g. due fri 5pm or due dec 3",
    "past_due": "That due date has passed: {when}.",
})


@handles("task_add")
def task_add(ctx: Context, cmd: Command) -> None:
    """Add a task to a group, optionally for someone and due at a time.

    Without a group (`task buy paper`) the task goes to the current conversation's group.
    """
    if cmd.target is None:
        group = current_conversation(ctx.member, ctx)
        if not isinstance(group, Group):
            ctx.reply(SAY["which_group"].format(text=cmd.text))
            return
    else:
        mine = joined(ctx, cmd.target)
        if mine is None:
            return
        group = mine.group
    if len(cmd.text) > MAX_TASK_TEXT:
        ctx.reply(SAY["too_long"])
        return
    assignee = None
    if cmd.member:
        assignee = member_in(ctx, group, cmd.member)
        if assignee is None:
            return
    due = None
    if cmd.when:
        due = _due(ctx, cmd.when)
        if due is None:
            return
    task = _create(ctx, group, cmd.text, assignee, due)
    reminders.plan_due(ctx, task)
    extra = []
    if assignee:
        extra.append(SAY["for"].format(member=assignee.handle))
    if due:
        extra.append(SAY["due"].format(when=dates.show_when(*due, ctx.member)))
    text = f"{cmd.text} ({', '.join(extra)})" if extra else cmd.text
    ctx.reply(SAY["added"].format(n=task.number, group=group.handle, text=text))
    if assignee and assignee.id != ctx.member.id:
        tell_assignee(ctx, task, assignee)


def _due(ctx: Context, when: str) -> tuple[datetime, bool] | None:
    found = dates.read_when(when, ctx.member, ctx.now)
    if found is None or found[0] - ctx.now > MAX_AHEAD:
        ctx.reply(SAY["bad_due"].format(when=when[:30]))
        return None
    if dates.has_passed(found[0], ctx.now):
        ctx.reply(SAY["past_due"].format(when=dates.show_when(*found, ctx.member)))
        return None
    return found


def _create(ctx: Context, group: Group, text: str, assignee: Member | None,
            due: tuple[datetime, bool] | None) -> Task:
    """Number the task after the group's last; two at once retry rather than share a number."""
    for attempt in range(5):
        number = (Task.select(fn.COALESCE(fn.MAX(Task.number), 0)).where(Task.group == group)
                  .scalar()) + 1
        try:
            with db.atomic():
                return Task.create(group=group, number=number, text=text, creator=ctx.member,
                                   assignee=assignee, status="taken" if assignee else "open",
                                   due_at=due[0] if due else None,
                                   due_time=due[1] if due else False, inbound=ctx.inbound)
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def short(text: str, limit: int = MAX_NAMED_TEXT) -> str:
    """Shorten `text` to its first words, within `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 3)
    return text[: cut if cut > limit // 2 else limit - 3].rstrip(" ,.;:") + "..."


def member_in(ctx: Context, group: Group, handle: str) -> Member | None:
    """Return member @handle if they are in `group`, replying why not otherwise."""
    person = member_named(handle)
    if person is None:
        ctx.reply(SAY["no_member"].format(member=handle))
        return None
    if membership(person, group) is None:
        ctx.reply(SAY["assign_outsider"].format(member=person.handle, group=group.handle))
        return None
    return person


def tell_assignee(ctx: Context, task: Task, assignee: Member) -> None:
    """Text the member a task was given to what it is and how to finish it.

    Not one who blocked the giver: the task is theirs in `tasks`, its words not texted to them.
    """
    if blocks.is_blocked(assignee, ctx.member):
        return
    with speaking_to(assignee):  # its due date too, as their language writes it
        text = task.text
        if task.due_at:
            text += f" ({due_text(task, assignee)})"
        ctx.notify(assignee, SAY["assigned_told"].format(author=ctx.member.label, n=task.number,
                                                         group=task.group.handle, text=text),
                   quiet=True)


@handles("task_list")
def task_list(ctx: Context, cmd: Command) -> None:
    """List open tasks: one group's, all the sender's groups', or only the sender's own."""
    ctx.listing = True
    query = Task.select().where(Task.status != "done")
    if cmd.target:
        mine = joined(ctx, cmd.target)
        if mine is None:
            return
        groups = [mine.group]
    else:
        groups = my_groups(ctx.member)
        if not groups:
            ctx.reply(SAY["no_groups"])
            return
    query = query.where(Task.group.in_(groups))
    if cmd.mine:
        query = query.where(Task.assignee == ctx.member)
    tasks = list(query.order_by(Task.group, Task.number))
    if not tasks:
        key = "no_tasks_mine" if cmd.mine else "no_tasks" if cmd.target else "no_tasks_all"
        ctx.reply(SAY[key].format(group=groups[0].handle))
        return
    # One heading line per group, the first naming the list too ("Open tasks in @team:"):
    # a second heading line would cost the first page an item. A page after `more` that
    # begins inside a group's tasks begins with its heading again.
    shown = None
    for task in tasks:
        heading = SAY["group_heading"].format(group=task.group.handle)
        if task.group_id != shown:
            key = ("listing_mine_in" if cmd.mine else "listing") if shown is None \
                else "group_heading"
            ctx.reply(SAY[key].format(group=task.group.handle))
            shown = task.group_id
        line = _line(task, ctx.member, mine=cmd.mine)
        ctx.reply(line, resumed=f"{heading}\n{line}")


def due_text(task: Task, viewer: Member) -> str:
    """Show a task's due date: a time in the viewer's zone, a day as its creator meant it."""
    reader = viewer if task.due_time else task.creator
    assert task.due_at is not None  # shown for a task with a due date alone
    return SAY["due"].format(when=dates.show_when(task.due_at, task.due_time, reader))


def _line(task: Task, viewer: Member, mine: bool = False) -> str:
    """Show a task in a listing: "12 fix the sink (@bob, due Fri Nov 27)"."""
    notes = []
    if not mine and task.assignee is not None:  # in `tasks mine` every one is the reader's
        notes.append(task.assignee.label)
    if task.due_at:
        notes.append(due_text(task, viewer))
    return f"{task.number} {task.text}" + (f" ({', '.join(notes)})" if notes else "")


def resolve(ctx: Context, cmd: Command) -> Task | None:
    """Find the task a command names, in the named group, the current one, or the only match."""
    if cmd.target:
        mine = joined(ctx, cmd.target)
        return _numbered(ctx, mine.group, cmd.number) if mine else None
    current = current_conversation(ctx.member, ctx)
    if isinstance(current, Group):
        return _numbered(ctx, current, cmd.number)
    groups = my_groups(ctx.member)
    if not groups:
        ctx.reply(SAY["no_groups"])
        return None
    found = list(Task.select().where(Task.group.in_(groups), Task.number == cmd.number))
    if len(found) == 1:
        return found[0]
    if not found:
        ctx.reply(SAY["unknown_all"].format(n=cmd.number))
        return None
    verb = VERBS.get(cmd.action, "done")
    choices = " or ".join(f"{verb} @{task.group.handle} {cmd.number}" for task in found)
    ctx.reply(SAY["which"].format(n=cmd.number, example=choices))
    return None


def _numbered(ctx: Context, group: Group, number: int | None) -> Task | None:
    task = Task.get_or_none(Task.group == group, Task.number == number)
    if task is None:
        ctx.reply(SAY["unknown"].format(n=number, group=group.handle))
    return task
