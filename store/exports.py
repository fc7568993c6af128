"""A group's records as rows for a spreadsheet: the ledger, shares, posts, tasks, members.

`commons export` and the web's `/@team/ledger.csv` write the same rows. Nobody is named by a
phone number or address here unless the caller asks for them (`numbers=True`): the people
column is the member's @handle, and `member_id` tells apart those with none.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from peewee import JOIN

from store import ledger
from store.cooperation import Contribution, Task
from store.models import Group, Member, Membership, Message
from store.questions import Answer, Question

LEDGER_COLUMNS = ("entry", "time", "member_id", "member", "kind", "points", "reason",
                  "reverses", "giver", "task")
SHARE_COLUMNS = ("member_id", "member", "points", "share")
POST_COLUMNS = ("post", "time", "author", "body")
TASK_COLUMNS = ("task", "text", "status", "creator", "assignee", "done_by", "due", "created",
                "done")
MEMBER_COLUMNS = ("member_id", "member", "role", "joined", "points")
NUMBER_COLUMNS = ("phone", "email")
ANSWER_COLUMNS = ("question", "kind", "asked", "text", "member_id", "member", "answer",
                  "answered")
# Columns people typed freely. A spreadsheet runs a cell that starts like a formula, so such a
# cell gets a leading apostrophe in CSV (OWASP's advice on CSV injection); JSON keeps it as is.
FREE_TEXT = ("reason", "body", "text")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def iso(moment: datetime | None) -> str:
    """Write a stored (naive UTC) time as ISO 8601 in UTC, or "" for none."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def handle(member: Member | None) -> str:
    """Name a member as the rows do: @handle, or "" for none (member_id still tells them apart)."""
    return f"@{member.handle}" if member is not None and member.handle else ""


def ledger_entries(group: Group, since: datetime | None = None) -> list[dict]:
    """Return every ledger entry of `group` (from `since`, UTC), oldest first."""
    earner, giver = Member.alias(), Member.alias()
    query = (Contribution.select(Contribution, earner, giver, Task)
             .join(earner, on=Contribution.member == earner.id, attr="earner")
             .switch(Contribution)
             .join(giver, JOIN.LEFT_OUTER, on=Contribution.giver == giver.id, attr="thanker")
             .switch(Contribution)
             .join(Task, JOIN.LEFT_OUTER, on=Contribution.task == Task.id, attr="for_task")
             .where(Contribution.group == group).order_by(Contribution.id))
    if since is not None:
        query = query.where(Contribution.created_at >= since)
    # earner and for_task: the joins' attrs, set on each row by peewee.
    return [{
        "entry": row.id, "time": iso(row.created_at), "member_id": row.member_id,
        "member": handle(row.earner), "kind": row.kind, "points": row.points,  # type: ignore[attr-defined]
        "reason": row.reason, "reverses": row.reverses_id,
        "giver": handle(getattr(row, "thanker", None)),
        "task": row.for_task.number if getattr(row, "for_task", None) else None,  # type: ignore[attr-defined]
    } for row in query]


def share_rows(group: Group) -> list[dict]:
    """Return each contributor's points and whole-percent share, as `top @group` shows them."""
    return [{"member_id": member.id, "member": handle(member), "points": points, "share": share}
            for member, points, share in ledger.standings(group)]


def post_rows(group: Group) -> list[dict]:
    """Return the group's posts, oldest first."""
    query = (Message.select(Message, Member).join(Member, on=Message.author == Member.id)
             .where(Message.group == group).order_by(Message.id))
    return [{"post": row.id, "time": iso(row.created_at), "author": handle(row.author),
             "body": row.body} for row in query]


def task_rows(group: Group) -> list[dict]:
    """Return the group's tasks by number."""
    people: dict[int | None, Member] = {m.id: m for m in Member.select().where(Member.id.in_(
        Task.select(Task.creator).where(Task.group == group)
        | Task.select(Task.assignee).where(Task.group == group)
        | Task.select(Task.done_by).where(Task.group == group)))}
    return [{
        "task": row.number, "text": row.text, "status": row.status,
        "creator": handle(people.get(row.creator_id)),
        "assignee": handle(people.get(row.assignee_id)),
        "done_by": handle(people.get(row.done_by_id)),
        "due": iso(row.due_at), "created": iso(row.created_at), "done": iso(row.done_at),
    } for row in Task.select().where(Task.group == group).order_by(Task.number)]


def member_rows(group: Group, numbers: bool = False) -> list[dict]:
    """Return the group's members with their role and points there; numbers only when asked."""
    points = {row["member_id"]: row["points"] for row in share_rows(group)}
    query = (Membership.select(Membership, Member).join(Member)
             .where(Membership.group == group).order_by(Membership.joined_at, Membership.id))
    rows = []
    for row in query:
        person = row.member
        found = {"member_id": person.id, "member": handle(person), "role": row.role,
                 "joined": iso(row.joined_at), "points": points.get(person.id, 0)}
        if numbers:
            found.update(phone=person.phone or "", email=person.email or "")
        rows.append(found)
    return rows


def answer_rows(group: Group, number: int | None = None, numbers: bool = False) -> list[dict]:
    """Return each answer to the group's questions (or question `number`), oldest first."""
    query = (Answer.select(Answer, Question, Member).join(Question).switch(Answer).join(Member)
             .where(Question.group == group).order_by(Question.number, Answer.answered_at,
                                                       Answer.id))
    if number is not None:
        query = query.where(Question.number == number)
    rows = []
    for row in query:
        question, options = row.question, row.question.option_texts
        choice = row.choice
        if options and choice.isdigit() and 0 < int(choice) <= len(options):
            choice = f"{choice} {options[int(choice) - 1]}"
        found = {"question": question.number, "kind": question.kind,
                 "asked": iso(question.created_at), "text": question.text,
                 "member_id": row.member_id, "member": handle(row.member), "answer": choice,
                 "answered": iso(row.answered_at)}
        if numbers:
            found.update(phone=row.member.phone or "", email=row.member.email or "")
        rows.append(found)
    return rows


def as_csv(columns: tuple[str, ...], rows: list[dict]) -> str:
    """Write rows as CSV text with a header line (None as an empty cell)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: f"'{value}" if key in FREE_TEXT and str(value).startswith(
            FORMULA_START) else value for key, value in row.items()})
    return out.getvalue()


def as_json(rows: list[dict]) -> str:
    """Write rows as a JSON list, one object per row."""
    return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"
