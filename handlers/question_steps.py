"""After a question is asked: `results`, `nudge`, `cancel event`, and its timed texts.

The timed texts are reminder rows (store/reminders.py) fired by handlers/firing.py: a question
closing (told to its asker), an event's prompt the day before and its reminder an hour before
(each to those who said yes or maybe). Whatever a member did not ask for right now (these, a
nudge, an event called off) is held through their quiet hours as posts are; a direct reply to
their own text is not.
"""

from __future__ import annotations

from datetime import datetime

from handlers import bundles, dates
from handlers.audience import hears
from handlers.context import Context
from handlers.conversation import current_conversation
from handlers.language import speaking_to
from handlers.lookup import group_named, membership, my_groups, not_in, unknown
from handlers.questions import SAY as ASKED
from handlers.questions import body_for, eligible, shown_choice, tally
from handlers.quiet import is_quiet
from handlers.registry import handles, says
from parsers import Command
from store import outbox
from store.models import Group, Member, Membership, Outbox
from store.questions import CANCELLED, CLOSED, EVENT, OPEN, Answer, Question
from store.reminders import CANCELLED as REMINDER_CANCELLED
from store.reminders import CLOSES, CONFIRM, FIRED, PENDING, SOON, Reminder

SAY = says("question_steps", {
    "none": "No questions in your groups yet. Ask one: ask @group question?",
    "none_in": "No questions in @{group} yet. Ask one: ask @{group} question?",
    "unknown": "No question {n}.",
    "heading": "Question {n} in @{group}: {text} ({state})",
    "heading_event": "Event {n} in @{group}: {text}, {when} ({state})",
    "open_until": "open until {when}",
    "closed": "closed",
    "cancelled": "cancelled",
    "line": "{label} {count}: {names}",
    "line_empty": "{label} 0",
    "waiting": "no answer {count}: {names}",
    "nudged": "Nudged {count} who haven't answered question {n}.",
    "nudged_none": "Everyone asked has answered question {n}.",
    "nudge_which": "Which question? nudge <n>, e.g. nudge 12",
    "not_open": "Question {n} is closed: nothing to nudge.",
    # What only the asker or the group's owner or admins may do, each said whole.
    "not_yours_nudge": "Only the one who asked, or @{group}'s owner or an admin, can nudge "
                       "question {n}.",
    "not_yours_cancel": "Only the one who asked, or @{group}'s owner or an admin, can cancel "
                        "event {n}.",
    "not_event": "Question {n} is not an event.",
    "event_cancelled": "Event {n} cancelled; told the {count} who said yes or maybe.",
    "already_cancelled": "Event {n} was cancelled already.",
    "cancelled_told": "Cancelled: {what}, {when} (@{group} event {n}), by {who}.",
})
MAX_NAMES = 12  # names under one answer before "+3 more"


def _names(members: list[Member]) -> str:
    shown = " ".join(m.label for m in members[:MAX_NAMES])
    more = len(members) - MAX_NAMES
    return shown + (f" +{more} more" if more > 0 else "")


def _readable(ctx: Context, question: Question) -> bool:
    """Tell whether the sender may see a question's answers: members of its group only."""
    if membership(ctx.member, question.group) is not None:
        return True
    ctx.reply(not_in(question.group))
    return False


def _latest(ctx: Context, group: Group | None) -> Question | None:
    """Return the latest question in `group`, else in the current conversation or any group."""
    if group is None:
        current = current_conversation(ctx.member, ctx)
        groups = [current] if isinstance(current, Group) else my_groups(ctx.member)
    else:
        groups = [group]
    return (Question.select().where(Question.group.in_([g.id for g in groups]))
            .order_by(Question.created_at.desc(), Question.id.desc()).first()) if groups else None


def _find(ctx: Context, cmd: Command) -> Question | None:
    """Return the question `cmd` names (a number, a group, or none), replying when there is none."""
    if cmd.number is not None:
        found = Question.get_or_none(Question.number == cmd.number)
        if found is None:
            ctx.reply(SAY["unknown"].format(n=cmd.number))
        return found
    group = None
    if cmd.target:
        group = group_named(cmd.target)
        if group is None:
            ctx.reply(unknown(cmd.target, ctx.member))
            return None
        if membership(ctx.member, group) is None:
            ctx.reply(not_in(group))
            return None
    found = _latest(ctx, group)
    if found is None:
        ctx.reply(SAY["none_in"].format(group=group.handle) if group else SAY["none"])
    return found


def state(question: Question, member: Member, now: datetime) -> str:
    """Say whether a question is open (until when), closed or cancelled."""
    if question.status == CANCELLED:
        return SAY["cancelled"]
    if question.status == OPEN and question.closes_at > now:
        return SAY["open_until"].format(when=dates.show_when(question.closes_at, True, member))
    return SAY["closed"]


@handles("results")
def results(ctx: Context, cmd: Command) -> None:
    """Show a question's tally with the names under each answer (members of its group only)."""
    question = _find(ctx, cmd)
    if question is None or not _readable(ctx, question):
        return
    ctx.listing = True
    for line in result_lines(question, ctx.member, ctx.now):
        ctx.reply(line)


def result_lines(question: Question, reader: Member, now: datetime) -> list[str]:
    """Return a question's heading, a line per answer with its names, and who hasn't answered."""
    group = question.group.handle
    if question.kind == EVENT:
        lines = [SAY["heading_event"].format(
            n=question.number, group=group, text=question.text,
            when=dates.show_when(question.start, True, reader),
            state=state(question, reader, now))]
    else:
        lines = [SAY["heading"].format(n=question.number, group=group, text=question.text,
                                       state=state(question, reader, now))]
    by_choice: dict[str, list[Member]] = {}
    rows = (Answer.select(Answer, Member).join(Member)
            .where(Answer.question == question.id).order_by(Answer.answered_at, Answer.id))
    for row in rows:
        by_choice.setdefault(row.choice, []).append(row.member)
    for choice in question.choices:
        people = by_choice.get(choice, [])
        label = shown_choice(question, choice)
        if question.option_texts:
            label = f"{choice} {label}"
        lines.append(SAY["line"].format(label=label, count=len(people), names=_names(people))
                     if people else SAY["line_empty"].format(label=label))
    answered = {m.id for people in by_choice.values() for m in people}
    waiting = [m for m in eligible(question) if m.id not in answered]
    if waiting:
        lines.append(SAY["waiting"].format(count=len(waiting), names=_names(waiting)))
    return lines


def _may_run(ctx: Context, question: Question, what: str) -> bool:
    """Tell whether the sender asked the question or runs its group; say why not (`what`:
    "nudge" or "cancel", the not_yours_ template that says it)."""
    if question.asker_id == ctx.member.id:
        return True
    mine = membership(ctx.member, question.group)
    if mine is not None and mine.role in ("owner", "admin"):
        return True
    ctx.reply(SAY[f"not_yours_{what}"].format(group=question.group.handle, n=question.number))
    return False


@handles("nudge")
def nudge(ctx: Context, cmd: Command) -> None:
    """Ask a question again of those who were asked and have not answered."""
    if cmd.number is None and cmd.target is None:
        question = (Question.select().where(Question.asker == ctx.member.id,
                                            Question.status == OPEN)
                    .order_by(Question.created_at.desc(), Question.id.desc()).first())
        if question is None:
            ctx.reply(SAY["nudge_which"])
            return
    else:
        question = _find(ctx, cmd)
        if question is None or not _readable(ctx, question):
            return
    if not _may_run(ctx, question, "nudge"):
        return
    if question.status != OPEN or question.closes_at <= ctx.now:
        ctx.reply(SAY["not_open"].format(n=question.number))
        return
    answered = Answer.select(Answer.member).where(Answer.question == question.id)
    waiting = [m for m in eligible(question) if m.id not in {a.member_id for a in answered}]
    sent = 0
    for member in waiting:
        if hears(member, question.group, ctx.now):
            sent += _post(ctx, member, body_for(question, member, again=True))
    ctx.reply(SAY["nudged"].format(count=sent, n=question.number) if waiting
              else SAY["nudged_none"].format(n=question.number))


def _post(ctx: Context, member: Member, body: str) -> int:
    """Write a post-like text to a member now, held through their quiet hours; count it."""
    row = outbox.write(member, body, kind="post", inbound=ctx.inbound)
    if row is None:
        return 0
    if is_quiet(member, ctx.now):
        bundles.hold([row.id])
    else:
        ctx.outbox_ids.append(row.id)
    return 1


@handles("cancel_event")
def cancel_event(ctx: Context, cmd: Command) -> None:
    """Call an event off and tell everyone who said yes or maybe."""
    question = Question.get_or_none(Question.number == cmd.number)
    if question is None or not _readable(ctx, question):
        if question is None:
            ctx.reply(SAY["unknown"].format(n=cmd.number))
        return
    if question.kind != EVENT:
        ctx.reply(SAY["not_event"].format(n=question.number))
        return
    if not _may_run(ctx, question, "cancel"):
        return
    if question.status == CANCELLED:
        ctx.reply(SAY["already_cancelled"].format(n=question.number))
        return
    Question.update(status=CANCELLED).where(Question.id == question.id).execute()
    (Reminder.update(status=REMINDER_CANCELLED)
     .where(Reminder.question == question.id, Reminder.status == PENDING).execute())
    told = 0
    for member in coming(question):
        if member.id == ctx.member.id:
            continue
        with speaking_to(member):
            ctx.notify(member, SAY["cancelled_told"].format(
                what=question.text, when=dates.show_when(question.start, True, member),
                group=question.group.handle, n=question.number, who=ctx.member.label), quiet=True)
        told += 1
    ctx.reply(SAY["event_cancelled"].format(n=question.number, count=told))


def coming(question: Question, member_id: int | None = None) -> list[Member]:
    """Return who said yes or maybe to an event (and is still in its group)."""
    query = (Member.select().join(Answer).switch(Member).join(
        Membership, on=(Membership.member == Member.id) & (Membership.group == question.group_id))
        .where(Answer.question == question.id, Answer.choice.in_(("yes", "maybe"))))
    if member_id is not None:
        query = query.where(Member.id == member_id)
    return list(query)


def timed_texts(reminder: Reminder, now: datetime) -> list[tuple[Member, str, str]]:
    """Return (member, body, outbox kind) for a question's closing or an event's reminders."""
    question = Question.get_or_none(Question.id == reminder.question_id)
    if question is None or question.status == CANCELLED:
        return []
    group = question.group.handle
    if reminder.kind == CLOSES:
        closed = (Question.update(status=CLOSED)
                  .where(Question.id == question.id, Question.status == OPEN).execute())
        if not closed:
            return []
        key = "event_closed_told" if question.kind == EVENT else "closed_told"
        with speaking_to(question.asker):
            return [(question.asker, ASKED[key].format(group=group, n=question.number,
                                                       tally=tally(question)), "post")]
    if question.starts_at is not None and question.starts_at <= now:
        return []  # fired late (workers away): "in an hour" and "still coming?" are over
    whom = coming(question, reminder.member_id if reminder.kind == CONFIRM else None)
    return [(member, prompt(question, member, _prompt_key(reminder, question, member, now)),
             "post") for member in whom]


def _prompt_key(reminder: Reminder, question: Question, member: Member, now: datetime) -> str:
    """Name the template of an event's timed text arriving at `now`: the day-before prompt
    says "Today" when it comes on the event's own day (on the member's clock)."""
    if reminder.kind != CONFIRM:
        return "soon"
    today = dates.local_now(member, now).date()
    return "confirm_today" if dates.local_now(member, question.start).date() == today \
        else "confirm"


def prompt(question: Question, member: Member, key: str, when: str | None = None) -> str:
    """Write an event's timed text (`key`: confirm, confirm_today, soon) for `member`; `when`
    stands for its time, else the time is shown as their language writes it."""
    with speaking_to(member):
        return ASKED[key].format(what=question.text, n=question.number,
                                 when=when or dates.show_when(question.start, True, member),
                                 group=question.group.handle)


def arriving(member: Member, rows: list[Outbox], now: datetime) -> None:
    """Let a day-before prompt held through quiet hours into the event's own day say so: the
    held "Tomorrow: ..." goes out as "Today: ..." (bundles.release calls this)."""
    timed = {row.expires_at for row in rows if row.expires_at is not None}
    if not timed:
        return
    prompts = (Reminder.select(Reminder, Question).join(Question)
               .where(Reminder.member == member.id, Reminder.kind == CONFIRM,
                      Reminder.status == FIRED, Question.starts_at.in_(list(timed))))
    for reminder in prompts:
        question = reminder.question
        assert question is not None  # joined
        key = _prompt_key(reminder, question, member, now)
        if key == "confirm":
            continue
        # The held text as written, whatever its time looked like then (another zone since).
        before, _, after = prompt(question, member, "confirm", when="\0").partition("\0")
        fresh = prompt(question, member, key)
        for row in rows:
            if row.expires_at == question.starts_at and row.body.startswith(before) \
                    and row.body.endswith(after):
                row.body = fresh
                Outbox.update(body=fresh).where(Outbox.id == row.id).execute()


bundles.ARRIVING.append(arriving)


QUESTION_KINDS = (CLOSES, CONFIRM, SOON)


def over_at(reminder: Reminder) -> datetime | None:
    """Return when an event's prompt or reminder is no longer worth sending: its start."""
    if reminder.kind not in (CONFIRM, SOON):
        return None
    question = Question.get_or_none(Question.id == reminder.question_id)
    return None if question is None else question.starts_at
