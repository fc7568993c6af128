"""The steps of a task's life: claim, complete, drop, reopen, assign; also run from inside posts.

Each step returns what to tell the sender, so a command replies with it and a post that carries
several inline actions sends one short confirmation of them all. Every change is conditional on
the state it starts from: two people completing one task at once earn its points once.
"""

from __future__ import annotations

from typing import cast

from handlers.audience import reads
from handlers.context import Context
from handlers.language import speaking_to
from handlers.lookup import membership
from handlers.registry import handles, says
from handlers.reminders import cancel_due
from handlers.tasks import member_in, resolve, short, tell_assignee
from parsers import Command
from parsers.counts import plural
from store import ledger
from store.cooperation import Task
from store.models import Group, Member, Message

SAY = says("task_steps", {
    "taken": "You took task {n} in @{group}. Text done {n} when it's done.",
    "already_yours": "Task {n} in @{group} is already yours.",
    "theirs": "Task {n} in @{group} is taken by {member}.",
    "is_done": "Task {n} in @{group} is done already.",
    "done": "Done: task {n} in @{group} ({text}). {points}",
    "done_told": "{member} finished task {n} in @{group}: {text}",
    "points": "+{points} for you.",
    "own_capped": "No points: that's the day's most for your own tasks.",
    "pair_capped": "No points: that's the day's most for tasks from {member}.",
    "dropped": "You dropped task {n} in @{group}: it's open for others now.",
    "not_yours": "Task {n} in @{group} isn't yours to drop.",
    "reopened": "Task {n} in @{group} is open again.",
    "reopened_back": "Task {n} in @{group} is open again; your {points} for it were taken back.",
    "reopened_back_theirs": "Task {n} in @{group} is open again; {member}'s {points} for it were "
                            "taken back.",
    "reopened_told": "{member} reopened task {n} in @{group}: your {points} for it were taken "
                     "back.",
    "reopened_plain_told": "{member} reopened task {n} in @{group}.",
    "not_done": "Task {n} in @{group} isn't done.",
    "no_reopen": "Only its creator, whoever did it or an admin can reopen task {n}.",
    "no_reassign": "Task {n} is {member}'s: only they, its creator or an admin can give it away.",
    "assigned": "Task {n} in @{group} is now @{member}'s.",
})


@handles("task_claim", "task_done", "task_drop", "task_reopen", "task_assign")
def task_step(ctx: Context, cmd: Command) -> None:
    """Claim, complete, drop, reopen or assign a numbered task."""
    task = resolve(ctx, cmd)
    if task is None:
        return
    if cmd.action == "task_assign":
        assign(ctx, task, cmd.member or "")
        return
    step = {"task_claim": claim, "task_done": complete, "task_drop": drop,
            "task_reopen": reopen}[cmd.action]
    ctx.reply(step(ctx, task))


def claim(ctx: Context, task: Task, post: Message | None = None) -> str:
    """Take an open task; return what to tell the sender."""
    n, group = task.number, task.group.handle
    if task.status == "done":
        return SAY["is_done"].format(n=n, group=group)
    if task.assignee_id == ctx.member.id:
        return SAY["already_yours"].format(n=n, group=group)
    if task.assignee is not None:
        return SAY["theirs"].format(n=n, group=group, member=task.assignee.label)
    if not _move(task, ["open"], assignee=ctx.member.id, status="taken"):
        return claim(ctx, Task.get_by_id(task.id), post)
    return SAY["taken"].format(n=n, group=group)


def complete(ctx: Context, task: Task, post: Message | None = None) -> str:
    """Mark a task done and credit whoever did it; its creator is told."""
    n, group = task.number, task.group
    if task.status == "done":
        return SAY["is_done"].format(n=n, group=group.handle)
    if not _move(task, ["open", "taken"], status="done", done_by=ctx.member.id, done_at=ctx.now):
        return SAY["is_done"].format(n=n, group=group.handle)
    cancel_due(task)
    own = task.creator_id == ctx.member.id
    kind = "own_task" if own else "task"
    points, capped = _task_points(ctx, task, kind)
    ledger.credit(ctx.member, kind, group=group, task=task, reason=task.text, message=post,
                  inbound=ctx.inbound, points=points)
    if not own and not reads(task.creator, post, ctx.now):
        with speaking_to(task.creator):
            ctx.notify(task.creator, SAY["done_told"].format(member=ctx.member.label, n=n,
                                                             group=group.handle, text=task.text))
    earned = SAY["points"].format(points=plural(points, "point")) if points else capped
    return SAY["done"].format(n=n, group=group.handle, text=short(task.text), points=earned)


def _task_points(ctx: Context, task: Task, kind: str) -> tuple[int, str]:
    """Return the points completing `task` earns today, and why none when capped."""
    if kind == "own_task":
        if ledger.own_task_points_today(ctx.member, ctx.now) + ledger.POINTS[kind] \
                > ledger.OWN_TASK_POINTS_PER_DAY:
            return 0, SAY["own_capped"]
    elif ledger.pair_today(ctx.member, kind, task.creator, ctx.now) \
            >= ledger.TASKS_PER_PAIR_PER_DAY:
        return 0, SAY["pair_capped"].format(member=task.creator.label)
    return ledger.POINTS[kind], ""


def drop(ctx: Context, task: Task, post: Message | None = None) -> str:
    """Hand back a task the sender had taken."""
    n, group = task.number, task.group.handle
    if task.status == "done":
        return SAY["is_done"].format(n=n, group=group)
    if task.assignee_id != ctx.member.id:
        return SAY["not_yours"].format(n=n, group=group)
    if not _move(task, ["taken"], assignee=None, status="open"):
        return SAY["is_done"].format(n=n, group=group)
    return SAY["dropped"].format(n=n, group=group)


def reopen(ctx: Context, task: Task, post: Message | None = None) -> str:
    """Open a done task again and take back the points it earned."""
    n, group = task.number, task.group
    if task.status != "done":
        return SAY["not_done"].format(n=n, group=group.handle)
    if ctx.member.id not in (task.creator_id, task.done_by_id) and not _manages(ctx, group):
        return SAY["no_reopen"].format(n=n)
    done_by = task.done_by
    if not _move(task, ["done"], status="taken" if task.assignee_id else "open", done_by=None,
                 done_at=None):
        return SAY["not_done"].format(n=n, group=group.handle)
    entry = ledger.standing_entry(task=task)
    points = plural(entry.points, "point") if entry is not None and entry.points > 0 else None
    if entry is not None:
        ledger.reverse(entry, f"reopened by {ctx.member.label}", inbound=ctx.inbound)
    mine = done_by is None or done_by.id == ctx.member.id
    if not mine:
        assert done_by is not None  # else it would be mine
        with speaking_to(done_by):
            told = SAY["reopened_told" if points else "reopened_plain_told"]
            ctx.notify(done_by, told.format(member=ctx.member.label, n=n, group=group.handle,
                                            points=points))
    if points is None:  # nothing was earned (a capped completion): nothing to take back
        return SAY["reopened"].format(n=n, group=group.handle)
    if mine:
        return SAY["reopened_back"].format(n=n, group=group.handle, points=points)
    return SAY["reopened_back_theirs"].format(n=n, group=group.handle, points=points,
                                              member=cast(Member, done_by).label)


def assign(ctx: Context, task: Task, handle: str) -> None:
    """Give a task to a member of its group, who is told."""
    n, group = task.number, task.group
    if task.status == "done":
        ctx.reply(SAY["is_done"].format(n=n, group=group.handle))
        return
    person = member_in(ctx, group, handle)
    if person is None:
        return
    holder = task.assignee_id
    if holder and ctx.member.id not in (holder, task.creator_id) and not _manages(ctx, group):
        assert task.assignee is not None  # the holder
        ctx.reply(SAY["no_reassign"].format(n=n, member=task.assignee.label))
        return
    if not _move(task, ["open", "taken"], assignee=person.id, status="taken"):
        ctx.reply(SAY["is_done"].format(n=n, group=group.handle))
        return
    ctx.reply(SAY["assigned"].format(n=n, group=group.handle, member=person.handle))
    if person.id != ctx.member.id:
        tell_assignee(ctx, task, person)


def _manages(ctx: Context, group: Group) -> bool:
    mine = membership(ctx.member, group)
    return mine is not None and mine.role in ("owner", "admin")


def _move(task: Task, from_statuses: list[str], **changes) -> bool:
    """Change the task only if it is still in one of `from_statuses`; say whether it was."""
    moved = (Task.update(**changes)
             .where(Task.id == task.id, Task.status.in_(from_statuses)).execute())
    if moved:
        for name, value in changes.items():
            setattr(task, f"{name}_id" if name in ("assignee", "done_by") else name, value)
    return bool(moved)

