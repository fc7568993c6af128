"""A group's page beside its feed: members, task board and ledger, each bounded in rows.

A group can have thousands of members and tasks; the page shows a page of each (one query
apiece, people joined in), never all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_number, ngettext
from peewee import JOIN, fn

from handlers.questions import tally
from store import ledger
from store.cooperation import Task
from store.db import tuples
from store.models import Group, Member, Membership
from store.questions import EVENT, OPEN, Answer, Question
from store.reminders import GROUP, PENDING, Reminder
from web.privacy import shown_name

MEMBERS = 60  # members listed per page of the group's page; ?members=N for page N
TASKS = 30  # tasks listed per column: open and claimed oldest first, done latest first
REMINDERS = 10  # a group's next reminders on its page
QUESTIONS = 10  # open questions and upcoming events shown on a group's page
LEDGER = 12  # contributors drawn in the chart; the rest are one "others" bar


@dataclass
class Members:
    """A page of a group's members, with how many there are and the next page's number."""

    rows: list[tuple[Member, str]]
    total: int
    next: int | None


@dataclass
class Column:
    """The tasks of one status: the first few shown and how many there are in all."""

    tasks: list[Task]
    total: int


def members_of(group: Group, page: int = 1) -> Members:
    """Return one page of the group's members with their roles, handles in order, then the rest."""
    page = max(page, 1)
    query = (Membership.select(Membership, Member).join(Member)
             .where(Membership.group == group)
             .order_by(Member.handle.is_null(), Member.handle, Membership.id))
    rows = [(row.member, row.role) for row in query.paginate(page, MEMBERS)]
    total = Membership.select().where(Membership.group == group).count()
    return Members(rows, total, page + 1 if page * MEMBERS < total else None)


def tasks_by_status(group: Group) -> dict[str, Column]:
    """Return the group's tasks under open, claimed and done, a few of each."""
    assignee, done_by = Member.alias(), Member.alias()
    totals = dict(tuples(Task.select(Task.status, fn.COUNT(Task.id)).where(Task.group == group)
                         .group_by(Task.status)))
    board = {}
    for column, status, order in (("open", "open", Task.number),
                                  ("claimed", "taken", Task.number),
                                  ("done", "done", Task.done_at.desc())):
        query = (Task.select(Task, assignee, done_by)
                 .join(assignee, JOIN.LEFT_OUTER, on=Task.assignee == assignee.id,
                       attr="assignee")
                 .switch(Task).join(done_by, JOIN.LEFT_OUTER, on=Task.done_by == done_by.id,
                                    attr="done_by")
                 .where(Task.group == group, Task.status == status)
                 .order_by(order, Task.number.desc()).limit(TASKS))
        board[column] = Column(list(query), totals.get(status, 0))
    return board


def ledger_rows(group: Group) -> list[tuple[str, int, int]]:
    """Return (name, points, share %) of the top contributors, then "N others" for the rest."""
    standings = ledger.standings(group)
    rows = [(shown_name(member), points, share) for member, points, share in standings[:LEDGER]]
    rest = standings[LEDGER:]
    if rest:
        others = ngettext("%(count)s other", "%(count)s others", len(rest),
                          count=format_number(len(rest)))
        rows.append((others, sum(points for _, points, _ in rest),
                     sum(share for _, _, share in rest)))
    return rows


def upcoming_reminders(group: Group) -> list[Reminder]:
    """Return the group's next pending reminders, soonest first."""
    return list(Reminder.select().where(Reminder.group == group, Reminder.kind == GROUP,
                                        Reminder.status == PENDING)
                .order_by(Reminder.due_at).limit(REMINDERS))


@dataclass
class Asked:
    """An open question with its tally, or an upcoming event with who is coming."""

    question: Question
    tally: str
    coming: list[str]


def open_questions(group: Group, now) -> list[Asked]:
    """Return the group's open questions (not events), newest first, each with its tally."""
    query = (Question.select().where(Question.group == group, Question.kind != EVENT,
                                     Question.status == OPEN, Question.closes_at > now)
             .order_by(Question.created_at.desc()).limit(QUESTIONS))
    return [Asked(q, tally(q), []) for q in query]


def upcoming_events(group: Group, now) -> list[Asked]:
    """Return the group's events still to come, soonest first, with who said yes."""
    query = (Question.select().where(Question.group == group, Question.kind == EVENT,
                                     Question.status == OPEN, Question.starts_at > now)
             .order_by(Question.starts_at).limit(QUESTIONS))
    found = []
    for event in query:
        coming = (Member.select().join(Answer).where(Answer.question == event.id,
                                                     Answer.choice == "yes")
                  .order_by(Answer.answered_at))
        found.append(Asked(event, tally(event), [shown_name(m) for m in coming]))
    return found
