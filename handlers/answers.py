"""Answers: a bare `yes`, `no`, `maybe` or option to an open question, counted, never posted.

A bare YES is, in this order: START for a number that opted out (handlers/dispatch.py), joining
the group of the newest open invitation, an answer to an open question, or else plain chat.
An answer is one row per (question, member): answering again replaces it, and two webhooks at
once for one member leave one row.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from peewee import fn

from handlers import dates, groups, invitations
from handlers.audience import shared_groups
from handlers.context import Context
from handlers.conversation import current_conversation
from handlers.language import speaking_to
from handlers.lookup import my_groups
from handlers.messages import chat
from handlers.questions import (
    CONFIRM_HOUR,
    EVENT,
    asked_members,
    counts,
    how_to_answer,
    quote,
    shown_choice,
    tally,
    waiting_count,
)
from handlers.questions import SAY as ASKED
from handlers.registry import handles, says
from parsers import Command
from store import ledger
from store.cooperation import Contribution
from store.db import is_sqlite
from store.models import Group, Invite, Member, Membership
from store.questions import OPEN, Answer, Question
from store.reminders import CANCELLED, CONFIRM, PENDING, Reminder
from store.statements import Statement, slot

MAX_WORD_ANSWER = 30  # characters: an option's word typed alone ("tacos"), not a sentence
ANSWER_POINTS = 1  # answering is a contribution: small, and capped
ANSWER_POINTS_PER_DAY = 3
# More answers than this can't be in flight at once (each is a worker's transaction), so a
# count still short by more is not the last: it need not wait for the others to commit.
LOCK_WITHIN = 64

SAY = says("answers", {
    "got": "Got it: {choice} to '{quote}' ({tally} so far)",
    "changed": "Changed to {choice}: '{quote}' ({tally} so far)",
    "which": " Question {n} in @{group}; {others} open too.",
    "how": "Reply {how} to '{quote}' (question {n}).",
    "none": "No open question {n} for you.",
    "closed": "Question {n} is closed: results {n} shows the answers.",
})


# Every answer runs these: written once as SQL (store/statements.py).
OPEN_TO = Statement(lambda: Question.select().join(
    Membership, on=(Membership.group == Question.group)).where(
    Membership.member == slot("member"), Membership.joined_at <= Question.created_at,
    Question.status == OPEN, Question.closes_at > slot("now"))
    .order_by(Question.created_at.desc(), Question.id.desc()))
BEFORE = Statement(lambda: Answer.select(Answer.choice).where(
    Answer.question == slot("question"), Answer.member == slot("member")))
UPSERT = Statement(lambda: Answer.insert(
    question=slot("question"), member=slot("member"), choice=slot("choice"),
    inbound=slot("inbound"), answered_at=slot("at"))
    .on_conflict(conflict_target=[Answer.question, Answer.member],
                 update={Answer.choice: slot("choice"), Answer.answered_at: slot("at"),
                         Answer.inbound: slot("inbound")}))
EARNED = Statement(lambda: Contribution.select(fn.COALESCE(fn.SUM(Contribution.points), 0))
                   .where(Contribution.member == slot("member"), Contribution.kind == "answer",
                          Contribution.created_at >= slot("since")))


def open_questions(member: Member, now: datetime) -> list[Question]:
    """Return the open questions `member` was asked, newest first."""
    return OPEN_TO.rows(Question, member=member.id, now=now)


def open_invite(member: Member, asked: list[Question]) -> Invite | None:
    """Return the invitation a bare YES takes up, if any (it may be too old: see fresh()).

    The newest invitation to a group `member` is not in yet, unless a question they were asked
    since is newer: then YES answers that question, as they meant.
    """
    invite = (Invite.select().where(
        Invite.member == member.id,
        ~fn.EXISTS(Membership.select().where(Membership.member == member.id,
                                             Membership.group == Invite.group)))
        .order_by(Invite.created_at.desc(), Invite.id.desc()).first())
    if invite is None or (asked and asked[0].created_at > invite.created_at):
        return None
    return invite


@handles("chat")
def chat_or_answer(ctx: Context, cmd: Command) -> None:
    """Count an option's word typed alone ("tacos") as an answer; anything else is chat."""
    if not take_word(ctx, cmd.text):
        chat(ctx, cmd)


@handles("answer")
def answer(ctx: Context, cmd: Command) -> None:
    """Count an answer to an open question; a YES to an invitation joins; else it is chat."""
    asked = open_questions(ctx.member, ctx.now)
    stale = None  # an invitation too old for a bare YES
    if cmd.choice == "yes" and cmd.number is None:
        invite = open_invite(ctx.member, asked)
        if invite is not None and invitations.fresh(invite, ctx.settings, ctx.now):
            groups.join(ctx, Command("join", target=invite.group.handle))
            return
        stale = invite
    if cmd.number is not None:
        chosen = next((q for q in asked if q.number == cmd.number), None)
        if chosen is None:
            closed = Question.get_or_none(Question.number == cmd.number)
            mine = closed is not None and Membership.select().where(
                Membership.member == ctx.member.id, Membership.group == closed.group_id).exists()
            ctx.reply(SAY["closed" if mine else "none"].format(n=cmd.number))
            return
    else:
        chosen = pick(ctx, asked, cmd.choice or "")
    if chosen is None and stale is not None and not my_groups(ctx.member):
        ctx.reply(invitations.too_old(stale.group, ctx.settings))
        return
    if chosen is None:
        if ctx.inbound is not None and ctx.inbound.opt_out_type:
            return  # Twilio took it for an opt-in keyword and has answered it
        chat(ctx, Command("chat", text=cmd.text))
        return
    if (cmd.choice or "") not in chosen.choices:
        ctx.reply(SAY["how"].format(how=how_to_answer(chosen), quote=quote(chosen),
                                    n=chosen.number))
        return
    # A named question needs no word on which one took it.
    record(ctx, chosen, cmd.choice or "", others=0 if cmd.number else len(asked) - 1)


def pick(ctx: Context, asked: list[Question], choice: str) -> Question | None:
    """Pick the question a bare answer is for: one it fits, in the current conversation first."""
    if not asked:
        return None
    fitting = [q for q in asked if choice in q.choices] or asked
    current = current_conversation(ctx.member, ctx)
    if isinstance(current, Member) and ctx.member.conv_at is not None \
            and ctx.member.conv_at > fitting[0].created_at and shared_groups(ctx.member, current):
        # Someone of theirs wrote to them since it was asked: "yes" answers that person (a
        # stranger's message never takes an answer meant for the group).
        return None
    here = [q for q in fitting if isinstance(current, Group) and q.group_id == current.id]
    return (here or fitting)[0]


def take_word(ctx: Context, text: str) -> bool:
    """Count a text that is an option's word ("tacos") as an answer; tell whether it was one."""
    word = text.strip(" .!?").lower()
    if not word or len(word) > MAX_WORD_ANSWER or "\n" in word:
        return False
    asked = [q for q in open_questions(ctx.member, ctx.now) if q.option_texts]
    fits = [q for q in asked if word in (o.lower() for o in q.option_texts)]
    chosen = pick(ctx, fits, "")
    if chosen is None:  # no open question has this word among its options
        return False
    options = [o.lower() for o in chosen.option_texts]
    record(ctx, chosen, str(options.index(word) + 1), others=len(open_questions(
        ctx.member, ctx.now)) - 1)
    return True


def record(ctx: Context, question: Question, choice: str, others: int = 0) -> None:
    """Keep the member's answer (replacing an earlier one), reply with the tally, credit it."""
    before = BEFORE.row(question=question.id, member=ctx.member.id)
    UPSERT.execute(question=question.id, member=ctx.member.id, choice=choice,
                   inbound=ctx.inbound.id if ctx.inbound else None, at=ctx.now)
    counted = counts(question)
    key = "changed" if before is not None and before[0] != choice else "got"
    line = SAY[key].format(choice=shown_choice(question, choice), quote=quote(question),
                           tally=tally(question, counted))
    if others:
        line += SAY["which"].format(n=question.number, group=question.group.handle,
                                    others=f"{others} other" + ("s" if others > 1 else ""))
    ctx.reply(line)
    if before is None:
        _credit(ctx, question)
    if question.kind == EVENT:
        _confirm_prompt(ctx, question, choice)
    _tell_when_all_answered(ctx, question)


def _credit(ctx: Context, question: Question) -> None:
    """Give a first answer its small point, up to ANSWER_POINTS_PER_DAY a day."""
    if question.asker_id == ctx.member.id:
        return
    earned = EARNED.row(member=ctx.member.id, since=ledger.day_start(ctx.now))
    assert earned is not None  # a SUM: always one row
    today = earned[0]
    if today + ANSWER_POINTS <= ANSWER_POINTS_PER_DAY:
        ledger.credit(ctx.member, "answer", group=question.group, inbound=ctx.inbound,
                      reason=f"question {question.number}")


def _confirm_prompt(ctx: Context, question: Question, choice: str) -> None:
    """Keep one day-before prompt for a member coming or maybe coming; none for a no."""
    pending = Reminder.select().where(Reminder.question == question.id,
                                      Reminder.member == ctx.member.id, Reminder.kind == CONFIRM,
                                      Reminder.status == PENDING)
    if choice == "no":
        Reminder.update(status=CANCELLED).where(Reminder.id.in_(pending)).execute()
        return
    if pending.exists():
        return
    local = dates.local_now(ctx.member, question.start)
    prompt = (local - timedelta(days=1)).replace(hour=CONFIRM_HOUR, minute=0, second=0,
                                                 microsecond=0)
    at = dates.to_stored(prompt)
    if at > ctx.now:
        Reminder.create(member=ctx.member, group=question.group_id, question=question,
                        kind=CONFIRM, due_at=at, status=PENDING)
        ctx.wake_at.append(at)


def _tell_when_all_answered(ctx: Context, question: Question) -> None:
    """Tell the asker, once, when everyone asked has answered."""
    if question.all_told_at is not None:
        return
    if waiting_count(question) > LOCK_WITHIN:
        return  # even if every answer in flight commits, someone is still to answer
    if not is_sqlite():
        # The last answers may come at once: each waits for the one before to commit, so the
        # last to count sees them all and the asker is told (SQLite's writers take turns). NO
        # KEY: each answer's foreign key holds a KEY SHARE lock on the row, which this must not
        # wait for, or two answers deadlock.
        (Question.select(Question.id).where(Question.id == question.id)
         # peewee takes the lock's words as a string; its stubs allow only a bool.
         .for_update("FOR NO KEY UPDATE").execute())  # type: ignore[arg-type]
    if waiting_count(question) or not asked_members(question).exists():
        return
    told = (Question.update(all_told_at=ctx.now)
            .where(Question.id == question.id, Question.all_told_at.is_null()).execute())
    if told:
        with speaking_to(question.asker):
            line = ASKED["all_told"].format(group=question.group.handle, n=question.number,
                                            tally=tally(question))  # counted again, after the lock
        if question.asker_id == ctx.member.id:
            ctx.reply(line)
        else:
            ctx.notify(question.asker, line, quiet=True)  # not asked for now: waits out quiet
