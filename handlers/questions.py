"""Rapid action: `ask` a group a question, `event` for an RSVP; what members receive and tallies.

A question is sent as a group Message through the same fan-out as a post (workers/fanout.py
asks body_for() for each member's text, since an event's time is shown in each one's zone).
Answers are handlers/answers.py; results, nudges and cancelling are handlers/question_steps.py.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta

from peewee import fn

from handlers import dates
from handlers.context import Context
from handlers.conversation import converse
from handlers.language import speaking_to
from handlers.lookup import joined
from handlers.registry import handles, says
from parsers import Command
from parsers.repeat_words import repeat_words
from parsers.times import find
from parsers.when import another_time, hour_range
from store.models import Group, Member, Membership, Message
from store.questions import EVENT, OPEN, Answer, Question
from store.reminders import CLOSES, PENDING, SOON, Reminder
from store.statements import Statement, slot

OPEN_FOR = timedelta(hours=24)  # a question without `until` takes answers this long
MAX_OPEN_FOR = timedelta(days=90)
MAX_QUESTION = 200  # characters: with the options and "Reply 1, 2 or 3" it stays a text or two
QUOTE = 40  # characters of a question quoted in a one-line reply
SOON_BEFORE = timedelta(hours=1)  # the reminder before an event
CONFIRM_HOUR = 18  # the day before an event, at 6pm in each member's zone: still coming?
LABELS = {"yes": "word_yes", "no": "word_no", "maybe": "word_maybe"}  # the words, shown: SAY keys
EVENT_LABELS = {"yes": "coming", "no": "not_coming"}  # an event's answers, shown: SAY keys

SAY = says("questions", {
    # The answer words as a member is asked to text them (their language's own are read too).
    "word_yes": "yes", "word_no": "no", "word_maybe": "maybe",
    "asked": "Question {n} sent to @{group}: '{quote}'. Open until {when}; results {n} shows "
             "the answers.",
    "evented": "Event {n} sent to @{group}: {what}, {when}. results {n} shows who's coming.",
    "body": "[@{group}] {author} asks: {text}{options}{until} Reply {how}",
    "body_event": "[@{group}] {author}: {text}, {when}. Coming? Reply yes, no or maybe",
    "until": " (until {when})",
    "choices": "{some} or {last}",
    "no_answers": "no answers yet",
    "coming": "coming",
    "not_coming": "not coming",
    "shown": "asks",
    "shown_event": "event",
    "again": "asks again",
    "bad_when": "I couldn't read the time in '{text}': try 'ask @{group} lunch? until fri 5pm'",
    "bad_event_when": "I couldn't read the time in '{text}': try 'event @{group} sat 10am "
                      "park cleanup'",
    "event_once": "An event is one day and time, and '{every}' is more: send one for each, like "
                  "event @{group} sat 10am park cleanup. Nothing was sent.",
    "event_what": "What is the event? Try: event @{group} {when} park cleanup",
    "past": "That time has passed: {when}. Nothing was sent.",
    "too_far": f"Questions and events go at most {MAX_OPEN_FOR.days} days ahead.",
    "too_long": f"Keep a question under {MAX_QUESTION} characters.",
    "closed_told": "Question {n} in @{group} closed: {tally}. results {n} for names.",
    "event_closed_told": "Event {n} in @{group} starts now: {tally}.",
    "all_told": "Everyone in @{group} has answered question {n}: {tally}. results {n} for names.",
    "soon": "In an hour: {what}, {when} (@{group} event {n}).",
    "confirm": "Tomorrow: {what}, {when} (@{group} event {n}). Still coming? Reply yes {n} or "
               "no {n}",
    # The same prompt, when it arrives on the event's own day (sent late, or held overnight).
    "confirm_today": "Today: {what}, {when} (@{group} event {n}). Still coming? Reply yes {n} "
                     "or no {n}",
})


def how_to_answer(question: Question) -> str:
    """Say how to answer: "yes, no or maybe" or "1, 2 or 3"."""
    choices = [SAY[LABELS[choice]] if choice in LABELS else choice for choice in question.choices]
    return SAY["choices"].format(some=", ".join(choices[:-1]), last=choices[-1])


def quote(question: Question) -> str:
    """Quote a question for a one-line reply, cut to QUOTE characters."""
    text = question.text
    return text if len(text) <= QUOTE else text[: QUOTE - 3].rstrip() + "..."


def shown_choice(question: Question, choice: str) -> str:
    """Name an answer as a reply does: "yes", "coming", or "2 (tacos)"."""
    options = question.option_texts
    if options and choice.isdigit() and 0 < int(choice) <= len(options):
        return options[int(choice) - 1]
    if question.kind == EVENT and choice in EVENT_LABELS:
        return SAY[EVENT_LABELS[choice]]
    return SAY[LABELS[choice]] if choice in LABELS else choice


# Every answer runs these: written once as SQL (store/statements.py).
COUNTS = Statement(lambda: Answer.select(Answer.choice, fn.COUNT(Answer.id))
                   .where(Answer.question == slot("question")).group_by(Answer.choice))
WAITING = Statement(lambda: Membership.select(fn.COUNT(Membership.id)).where(
    Membership.group == slot("group"), Membership.joined_at <= slot("asked"),
    Membership.member != slot("asker"),
    Membership.member.not_in(Answer.select(Answer.member)
                             .where(Answer.question == slot("question")))))


def counts(question: Question) -> Counter[str]:
    """Count the answers to a question by choice."""
    return Counter(dict(COUNTS.execute(question=question.id).fetchall()))


def tally(question: Question, counted: Counter[str] | None = None) -> str:
    """Say the tally in a few words: "3 yes, 1 no" or "2 tacos, 1 pizza"; "no answers yet"."""
    counted = counts(question) if counted is None else counted
    parts = [f"{counted[c]} {shown_choice(question, c)}" for c in question.choices if counted[c]]
    return ", ".join(parts) or SAY["no_answers"]


def body_for(question: Question, member: Member, again: bool = False) -> str:
    """Write the text `member` receives for a question or an event, times in their zone, in
    their language."""
    with speaking_to(member):
        return _body_for(question, member, again)


def _body_for(question: Question, member: Member, again: bool) -> str:
    group, author = question.group.handle, question.asker.name
    if question.kind == EVENT:
        when = dates.show_when(question.start, True, member)
        author = f"{author} {SAY['again']}" if again else author
        return SAY["body_event"].format(group=group, author=author, text=question.text, when=when)
    options = question.option_texts
    listed = " " + " ".join(f"{i} {o}" for i, o in enumerate(options, 1)) + "." if options else ""
    until = ""
    if question.closes_at - question.created_at != OPEN_FOR:
        until = SAY["until"].format(when=dates.show_when(question.closes_at, True, member))
    body = SAY["body"].format(group=group, author=author, text=question.text, options=listed,
                              until=until, how=how_to_answer(question))
    return body.replace(f" {SAY['shown']}:", f" {SAY['again']}:", 1) if again else body


def of_message(message: Message) -> Question | None:
    """Return the question a group message carries, if it is one."""
    return Question.get_or_none(Question.message == message.id)


def asked_members(question: Question):
    """Select the memberships of who is asked: in the group when it was asked, not the asker."""
    return Membership.select(Membership.member).where(
        Membership.group == question.group_id, Membership.joined_at <= question.created_at,
        Membership.member != question.asker_id)


def eligible(question: Question) -> list[Member]:
    """Return who is asked: the group's members who were in it when it was asked, not the asker."""
    return list(Member.select().where(Member.id.in_(asked_members(question))))


def waiting_count(question: Question) -> int:
    """Count who is asked and has not answered, in the database (a crowd's answers each ask)."""
    found = WAITING.row(group=question.group_id, asked=question.created_at,
                        asker=question.asker_id, question=question.id)
    assert found is not None  # a COUNT: always one row
    return found[0]


@handles("ask")
def ask(ctx: Context, cmd: Command) -> None:
    """Ask a group a yes/no/maybe question, or one with numbered options."""
    mine = joined(ctx, cmd.target)
    if mine is None:
        return
    group = mine.group
    if len(cmd.text) + sum(len(o) for o in cmd.options) > MAX_QUESTION:
        ctx.reply(SAY["too_long"])
        return
    closes = ctx.now + OPEN_FOR
    if cmd.when:
        found = dates.read(cmd.when, ctx.member, ctx.now)
        if found is None:
            ctx.reply(SAY["bad_when"].format(text=cmd.when[:40], group=group.handle))
            return
        closes = dates.to_stored(found.moment if found.has_time
                                 else found.moment.replace(hour=23, minute=59))
        if not _fits(ctx, closes, found.has_time):
            return
    question = _send(ctx, group, cmd.text, closes, options=list(cmd.options))
    ctx.reply(SAY["asked"].format(n=question.number, group=group.handle, quote=quote(question),
                                  when=dates.show_when(closes, True, ctx.member)))


@handles("event")
def event(ctx: Context, cmd: Command) -> None:
    """Announce an event to a group; members answer yes, no or maybe and are reminded."""
    mine = joined(ctx, cmd.target)
    if mine is None:
        return
    group = mine.group
    if (every := repeat_words(cmd.text)) is not None:  # never one of them sent as the event
        ctx.reply(SAY["event_once"].format(every=every, group=group.handle))
        return
    local = dates.local_now(ctx.member, ctx.now)
    span = find(cmd.text, local, accept=lambda reading: reading.has_time)
    what = span.rest(cmd.text).strip(" ,.-:") if span is not None else ""
    # Sent to the whole group: a range of hours, or a day left in the words, is asked about.
    if span is None or hour_range(cmd.text) or another_time(what, local):
        ctx.reply(SAY["bad_event_when"].format(text=cmd.text[:40], group=group.handle))
        return
    reading = dates.read(span.when, ctx.member, ctx.now)
    if reading is None:
        ctx.reply(SAY["bad_event_when"].format(text=cmd.text[:40], group=group.handle))
        return
    starts = dates.to_stored(reading.moment)
    when = dates.show_when(starts, True, ctx.member)
    if not what:
        ctx.reply(SAY["event_what"].format(group=group.handle, when=cmd.text[:30]))
        return
    if len(what) > MAX_QUESTION:
        ctx.reply(SAY["too_long"])
        return
    if not _fits(ctx, starts, True):
        return
    question = _send(ctx, group, what, starts, kind=EVENT)
    if starts - SOON_BEFORE > ctx.now:
        Reminder.create(member=ctx.member, group=group, question=question, kind=SOON,
                        due_at=starts - SOON_BEFORE, status=PENDING)
        ctx.wake_at.append(starts - SOON_BEFORE)
    ctx.reply(SAY["evented"].format(n=question.number, group=group.handle, what=what, when=when))


def _fits(ctx: Context, moment: datetime, has_time: bool) -> bool:
    """Tell whether a closing or starting moment is ahead and not too far; say why not."""
    if dates.has_passed(moment, ctx.now) or moment <= ctx.now:
        ctx.reply(SAY["past"].format(when=dates.show_when(moment, has_time, ctx.member)))
        return False
    if moment - ctx.now > MAX_OPEN_FOR:
        ctx.reply(SAY["too_far"])
        return False
    return True


def _send(ctx: Context, group: Group, text: str, closes: datetime, *, kind: str = "question",
          options: list[str] | None = None) -> Question:
    """Store a question or event, its message for the fan-out and its closing; make it current."""
    # What the web page, search and recap show of it; members get body_for()'s text.
    listed = "".join(f" {i} {o}" for i, o in enumerate(options or [], 1))
    shown = f"{SAY['shown_event']}: {text}" if kind == EVENT else f"{SAY['shown']}: {text}{listed}"
    message = Message.create(author=ctx.member, group=group, body=shown, inbound=ctx.inbound)
    question = Question.create(kind=kind, group=group, asker=ctx.member, text=text,
                               options=json.dumps(options or []), closes_at=closes,
                               starts_at=closes if kind == EVENT else None, status=OPEN,
                               message=message, inbound=ctx.inbound, created_at=ctx.now)
    Reminder.create(member=ctx.member, group=group, question=question, kind=CLOSES,
                    due_at=closes, status=PENDING)
    ctx.wake_at.append(closes)
    ctx.fan_out(message)
    converse(ctx.member, "group", group.id, ctx)
    return question
