"""The contribution ledger: who earned how many points, for what, and from which text.

Entries are only ever added. Taking points back (a task reopened) writes a negative entry that
names the one it reverses, so the history of every score can be read back line by line.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from peewee import fn

from store.cooperation import BoardItem, Contribution, Task
from store.models import Group, Inbound, Member, Message

POINTS = {
    "task": 3,  # completing a task someone else created
    "own_task": 1,  # completing your own: worth doing, too easy to farm for more
    "thanks": 1,
    "need": 5,  # helping with someone's need on the board
    "answer": 1,  # answering a group's question: capped per day in handlers/answers.py
}
# Caps, per calendar day (UTC), so a score can't be pumped cheaply.
THANKS_GIVEN_PER_DAY = 10  # by one giver, to anyone
THANKS_PAIR_PER_DAY = 3  # by one giver to the same person
THANKS_RECEIVED_PER_DAY = 20  # by one receiver from everyone: a crowd of throwaway numbers
OWN_TASK_POINTS_PER_DAY = 5  # points for completing tasks you created yourself
# Two accounts trading work back and forth: one creates or needs, the other completes.
TASKS_PER_PAIR_PER_DAY = 5  # credited completions of one creator's tasks by one member
NEEDS_PER_PAIR_PER_DAY = 1  # credited needs of one author met by one helper


def credit(member: Member, kind: str, *, group: Group | None = None, giver: Member | None = None,
           task: Task | None = None, need: BoardItem | None = None, reason: str = "",
           message: Message | None = None, inbound: Inbound | None = None,
           points: int | None = None) -> Contribution:
    """Add an entry giving `member` the points of `kind` (or `points`)."""
    return Contribution.create(
        member=member, kind=kind, points=POINTS[kind] if points is None else points, group=group,
        giver=giver, task=task, need=need, reason=reason[:300], message=message, inbound=inbound)


def reverse(entry: Contribution, reason: str, inbound: Inbound | None = None) -> Contribution:
    """Take an entry's points back with a new entry that names it."""
    return Contribution.create(
        member=entry.member_id, kind="reversal", points=-entry.points, group=entry.group_id,
        task=entry.task_id, need=entry.need_id, reverses=entry, reason=reason[:300],
        inbound=inbound)


def standing_entry(task: Task | None = None, need: BoardItem | None = None) -> Contribution | None:
    """Return the task's or need's completion entry that has not been reversed, if any."""
    reversed_ids = Contribution.select(Contribution.reverses).where(
        Contribution.reverses.is_null(False))
    query = Contribution.select().where(Contribution.kind != "reversal",
                                        Contribution.id.not_in(reversed_ids))
    query = query.where(Contribution.task == task) if task else query.where(
        Contribution.need == need, Contribution.kind == "need")
    return query.order_by(Contribution.id.desc()).first()


def _reversed():
    """Select the ids of entries a reversal took back."""
    return Contribution.select(Contribution.reverses).where(Contribution.reverses.is_null(False))


def day_start(now: datetime) -> datetime:
    """Return the start of `now`'s UTC day, when the daily caps start again."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def thanks_today(now: datetime, giver: Member | None = None,
                 receiver: Member | None = None) -> int:
    """Count today's thanks given by `giver`, received by `receiver`, or between the two."""
    query = Contribution.select().where(Contribution.kind == "thanks",
                                        Contribution.created_at >= day_start(now))
    if giver is not None:
        query = query.where(Contribution.giver == giver)
    if receiver is not None:
        query = query.where(Contribution.member == receiver)
    return query.count()


def own_task_points_today(member: Member, now: datetime) -> int:
    """Sum the points `member` earned today by completing their own tasks, and still has."""
    return (Contribution.select(fn.COALESCE(fn.SUM(Contribution.points), 0))
            .where(Contribution.member == member, Contribution.kind == "own_task",
                   Contribution.id.not_in(_reversed()),
                   Contribution.created_at >= day_start(now))
            .scalar())


def pair_today(member: Member, kind: str, other: Member, now: datetime) -> int:
    """Count today's credited `kind` entries of `member` for tasks or needs by `other`.

    An award taken back (a task or need reopened) no longer counts toward the cap.
    """
    query = Contribution.select().where(Contribution.member == member, Contribution.kind == kind,
                                        Contribution.points > 0,
                                        Contribution.id.not_in(_reversed()),
                                        Contribution.created_at >= day_start(now))
    if kind == "need":
        query = query.join(BoardItem, on=Contribution.need == BoardItem.id).where(
            BoardItem.author == other)
    else:
        query = query.join(Task, on=Contribution.task == Task.id).where(Task.creator == other)
    return query.count()


def points(member: Member, group: Group | None = None) -> int:
    """Return `member`'s points, everywhere or in one group."""
    query = Contribution.select(fn.COALESCE(fn.SUM(Contribution.points), 0)).where(
        Contribution.member == member)
    if group is not None:
        query = query.where(Contribution.group == group)
    return int(query.scalar())


def breakdown(member: Member) -> Counter[str]:
    """Count what `member`'s points came from: tasks, thanks and needs, net of reversals."""
    kinds: Counter[str] = Counter()
    rows = (Contribution.select(Contribution.kind, Contribution.points, Contribution.task,
                                Contribution.need)
            .where(Contribution.member == member))
    for row in rows:
        kind = "task" if row.kind in ("task", "own_task") else row.kind
        if row.kind == "reversal":
            kind = "task" if row.task_id else "need"
        kinds[kind] += -1 if row.kind == "reversal" else 1
    return kinds


def scores(group: Group) -> list[tuple[Member, int]]:
    """Return the group's contributors with their points there, highest first."""
    total = fn.SUM(Contribution.points)
    rows = (Member.select(Member, total.alias("score")).join(Contribution,
                                                            on=Contribution.member == Member.id)
            .where(Contribution.group == group).group_by(Member.id)
            .having(total > 0).order_by(total.desc(), Member.id))
    return [(row, int(row.score)) for row in rows]  # type: ignore[attr-defined]  # its alias


def standings(group: Group | None) -> list[tuple[Member, int, int]]:
    """Return (member, points, share %) for a group's contributors, or everyone's in public.

    `top`, `karma @group`, the web's ledger and `commons export shares` all read this one list.
    """
    rows = scores(group) if group is not None else in_public()
    return [(member, points, share) for (member, points), share
            in zip(rows, shares([points for _, points in rows]), strict=True)]


def in_public() -> list[tuple[Member, int]]:
    """Return every member with points earned in public (public groups and the board)."""
    total = fn.SUM(Contribution.points)
    public = Group.select(Group.id).where(Group.private == False)  # noqa: E712
    rows = (Member.select(Member, total.alias("score")).join(Contribution,
                                                            on=Contribution.member == Member.id)
            .where(Contribution.group.is_null() | Contribution.group.in_(public))
            .group_by(Member.id).having(total > 0).order_by(total.desc(), Member.id))
    return [(row, int(row.score)) for row in rows]  # type: ignore[attr-defined]  # its alias


def shares(values: list[int]) -> list[int]:
    """Turn points into whole percentages, equal for equal points (largest remainder by ties).

    The percents left after rounding down go a whole tie group at a time, largest remainder
    first. When the next group cannot each have one, the rest is given to nobody: three equal
    members show 33% each (99 in all), never 34, 33, 33 for the same points.
    """
    total = sum(values)
    if total <= 0:
        return [0 for _ in values]
    ties: dict[int, list[int]] = {}
    for i, value in enumerate(values):
        ties.setdefault(value, []).append(i)
    whole = {value: 100 * value // total for value in ties}
    left = 100 - sum(whole[value] * len(at) for value, at in ties.items())
    # Largest remainder first; among equal remainders the larger points, so order is kept.
    for value in sorted(ties, key=lambda v: (-(100 * v % total), -v)):
        if left < len(ties[value]) or 100 * value % total == 0:
            break
        whole[value] += 1
        left -= len(ties[value])
    return [whole[value] for value in values]
