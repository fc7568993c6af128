"""Inline actions: `done task 12`, `claim #4`, `thanks @bob` carried out from inside a message."""

from __future__ import annotations

from handlers import karma, task_steps
from handlers.context import Context
from handlers.lookup import member_named, membership
from handlers.registry import says
from handlers.tasks import resolve
from parsers import Command, inline_actions
from store.cooperation import Task
from store.models import Message

MAX_NOTE_TEXT = 30  # of a task's text in the note a post carries: a few words say which task
DONE_WORDS = {"task_done": "done", "task_claim": "taken"}

SAY = says("inline", {
    "no_task": "No task {n} in @{group}.",
    "note": "{text}: {done}",
    "no_member": "No member @{member} to thank.",
    "outsider": "@{member} is not in @{group}: no point given.",
})

STEPS = {"task_done": task_steps.complete, "task_claim": task_steps.claim}


def carry_out(ctx: Context, message: Message) -> list[str]:
    """Carry out the actions written in a post or DM; the author hears what was done, once.

    Return a few words on each task it changed ("fix the sink: done"), for the readers' copy.
    """
    notes = []
    for action in inline_actions(message.body):
        if action.action == "thanks":
            _thank(ctx, action, message)
        else:
            task = _task(ctx, action, message)
            if task is not None:
                notes.append(SAY["note"].format(text=short(task.text),
                                                done=DONE_WORDS[action.action]))
    return notes


def short(text: str, limit: int = MAX_NOTE_TEXT) -> str:
    """Shorten `text` to its first words, within `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 3)
    return text[: cut if cut > limit // 2 else limit - 3].rstrip(" ,.;:") + "..."


def _task(ctx: Context, action: Command, message: Message) -> Task | None:
    """Carry out a task action; return the task when this action changed it."""
    if message.group_id is None:  # a DM has no group: the number is read as `done 12` would be
        task = resolve(ctx, action)
    else:
        task = Task.get_or_none(Task.group == message.group_id, Task.number == action.number)
        if task is None:
            ctx.reply(SAY["no_task"].format(n=action.number, group=message.group.handle))
    if task is None:
        return None
    before = (task.status, task.assignee_id)
    ctx.reply(STEPS[action.action](ctx, task, message))
    return task if (task.status, task.assignee_id) != before else None


def _thank(ctx: Context, action: Command, message: Message) -> None:
    receiver = member_named(action.member)
    if receiver is None:
        ctx.reply(SAY["no_member"].format(member=action.member))
        return
    group = message.group
    if group is not None and membership(receiver, group) is None:
        ctx.reply(SAY["outsider"].format(member=receiver.handle, group=group.handle))
        return
    if group is None:  # in a DM, the point counts in a group the two share, if any
        shared = karma.shared_groups(ctx.member, receiver)
        group = shared[0] if shared else None
    ctx.reply(karma.thank(ctx, receiver, message.body, group, message))
