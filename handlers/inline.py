"""Inline actions: `done task 12`, `claim #4`, `thanks @bob` carried out from inside a message."""

from __future__ import annotations

from handlers import karma, task_steps
from handlers.context import Context
from handlers.lookup import member_named, membership
from handlers.registry import says
from handlers.tasks import resolve, short
from parsers import Command, inline_actions
from store.cooperation import Task
from store.models import Message

SAY = says("inline", {
    "no_task": "No task {n} in @{group}.",
    "note": "{text}: {done}",
    # What an action in a post did to its task, in the note the post carries: kept with the
    # post, so in its author's language.
    "task_done": "done",
    "task_claim": "taken",
    "no_member": "No member @{member} to thank.",
    "outsider": "@{member} is not in @{group}: no point given.",
})

STEPS = {"task_done": task_steps.complete, "task_claim": task_steps.claim}


def carry_out(ctx: Context, message: Message) -> list[str]:
    """Carry out the actions written in a post or DM; the author hears what was done, once.

    Return a few words on each task it changed ("fix the sink: done"), for the readers' copy.
    """
    notes = []
    thanked: list[str] = []
    for action in inline_actions(message.body):
        if action.action in ("thanks", "thanks_name"):
            _thank(ctx, action, message, thanked)
        else:
            task = _task(ctx, action, message)
            if task is not None:
                notes.append(SAY["note"].format(text=short(task.text),
                                                done=SAY[action.action]))
    if thanked:
        ctx.reply(karma.SAY["thanked"].format(member=karma.listed(thanked)))
    return notes


def _task(ctx: Context, action: Command, message: Message) -> Task | None:
    """Carry out a task action; return the task when this action changed it."""
    if message.group_id is None:  # a DM has no group: the number is read as `done 12` would be
        task = resolve(ctx, action)
    else:
        task = Task.get_or_none(Task.group == message.group_id, Task.number == action.number)
        if task is None:
            assert message.group is not None  # group_id is not None
            ctx.reply(SAY["no_task"].format(n=action.number, group=message.group.handle))
    if task is None:
        return None
    before = (task.status, task.assignee_id)
    ctx.reply(STEPS[action.action](ctx, task, message))
    return task if (task.status, task.assignee_id) != before else None


def _thank(ctx: Context, action: Command, message: Message, thanked: list[str]) -> None:
    """Thank the member an action names; add their label to `thanked`, or say why not.

    A name written without its @ ("thanks bob!") is a thanks only when it names a member of the
    post's group, or the member a DM goes to; otherwise it is a word like any other, and silent.
    """
    named = action.action == "thanks_name"
    receiver = member_named(action.member)
    group = message.group
    if named and (receiver is None or receiver.id == ctx.member.id or (
            membership(receiver, group) is None if group is not None
            else receiver.id != message.recipient_id)):
        return
    if receiver is None:
        ctx.reply(SAY["no_member"].format(member=action.member))
        return
    if group is not None and membership(receiver, group) is None:
        ctx.reply(SAY["outsider"].format(member=receiver.handle, group=group.handle))
        return
    if group is None:  # in a DM, the point counts in a group the two share, if any
        shared = karma.shared_groups(ctx.member, receiver)
        group = shared[0] if shared else None
    line = karma.thank(ctx, receiver, message.body, group, message)
    if line == karma.SAY["thanked"].format(member=receiver.label):
        thanked.append(receiver.label)
    else:
        ctx.reply(line)
