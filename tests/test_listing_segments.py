"""What a listing costs: realistic lists of 5, 20 and 100 items, measured in segments per item.

Every listing is asked for by a signed webhook, as a phone would; its first page is the text
the phone got, the rest are the pages `more` sends (one of them sent to check). A page is one
segment whenever its items fit one, and a list of short items costs well under a segment each.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from handlers.context import MORE_HINT
from handlers.follows import LAST_POSTS, MAX_FOLLOWS
from handlers.missed import MAX_LISTED
from handlers.search import MAX_HITS
from parsers.segments import segments
from store.cooperation import BoardItem, BoardTag, Contribution, Follow, Task
from store.db import db
from store.models import Group, Handle, Member, Membership, Message, Outbox, utcnow
from store.reminders import Reminder

ALICE = "+14155550101"
SIZES = (5, 20, 100)
FULL_PAGE = 120  # characters a full page holds at least: 160, less the hint and a line's slack
MAX_SEGMENTS_PER_ITEM = 0.5  # short items: at least two to a segment, once a list pays a heading
# Listings under one heading line: when three items fit a segment under it, the first page
# names all three (a second heading line would cost one).
HEADED = ("tasks", "tasks_groups", "needs", "offers", "top", "reminders", "recap")
FIRST_PAGE_ITEMS = 3
CHORES = ["fix the sink", "buy paper for the printer", "water the plants", "call the landlord",
          "book the hall for friday", "take the bins out", "mend the fence", "print flyers"]
POSTS = ["see you at 6", "running 10 min late", "I'll bring chairs", "who has the key?",
         "done, thanks all", "the hall is booked for friday"]
NAMES = ["bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory"]


def _people(count: int) -> list[Member]:
    """Make `count` named members: bob, carol, ... then bob2, carol2, ..."""
    people = []
    for i in range(count):
        handle = NAMES[i % len(NAMES)] + (str(i // len(NAMES) + 1) if i >= len(NAMES) else "")
        Handle.create(name=handle, kind="member")
        people.append(Member.create(phone=f"+1415555{3000 + i}", handle=handle))
    return people


def _team(alice: Member, people: list[Member]) -> Group:
    Handle.create(name="team", kind="group")
    team = Group.create(handle="team", owner=alice)
    Membership.create(member=alice, group=team, role="owner")
    for person in people:
        Membership.create(member=person, group=team)
    return team


def build(listing: str, size: int) -> tuple[str, int]:
    """Write `size` realistic items of `listing` for alice; return her command and item count."""
    alice = Member.create(phone=ALICE, handle="alice")
    Handle.create(name="alice", kind="member")
    people = _people(min(size, 100))
    team = _team(alice, people if listing == "who" else people[:10])
    if listing == "tasks_groups":  # alice is in two groups: "@home:" must not cost an item
        home = Group.create(handle="home", owner=alice)
        Handle.create(name="home", kind="group")
        Membership.create(member=alice, group=home, role="owner")
        for n in range(1, size + 1):
            Task.create(group=team if n <= size - 2 else home, number=n, creator=alice,
                        text=CHORES[n % len(CHORES)])
        return "tasks", size
    if listing == "reminders":
        for n in range(1, size + 1):
            Reminder.create(member=alice, number=n, text=CHORES[n % len(CHORES)],
                            due_at=utcnow() + timedelta(days=n % 40 + 1, hours=n % 9))
        return "reminders", size
    if listing == "find":
        for n in range(size):
            Message.create(author=people[n % 10], group=team, fanned_out=True,
                           body=f"key: {POSTS[n % len(POSTS)]}")
        return "find key", min(size, MAX_HITS)
    if listing == "recap":  # posts that came while alice had @team muted
        Membership.update(muted_until=utcnow() + timedelta(days=1)).where(
            Membership.member == alice).execute()
        for n in range(size):
            Message.create(author=people[(n // 2) % 10], group=team, fanned_out=True,
                           body=POSTS[n % len(POSTS)])
        return "recap", min(size, MAX_LISTED)
    if listing == "tasks":
        for n in range(1, size + 1):
            Task.create(group=team, number=n, text=CHORES[n % len(CHORES)], creator=alice,
                        assignee=people[n % 10] if n % 3 == 0 else None,
                        status="taken" if n % 3 == 0 else "open")
        return "tasks", size
    if listing == "last":
        for n in range(size):
            Message.create(author=people[(n // 2) % 10], group=team, fanned_out=True,
                           body=POSTS[n % len(POSTS)])
        return "last", min(size, LAST_POSTS)
    if listing in ("needs", "offers"):
        for n in range(size):
            item = BoardItem.create(kind=listing[:-1], author=people[n % 10],
                                    text=CHORES[n % len(CHORES)], tags="home")
            BoardTag.create(item=item, tag="home")
        return listing, size
    if listing == "who":
        return "who @team", size + 1
    if listing == "groups":
        for n in range(size - 1):
            Handle.create(name=f"garden{n}", kind="group")
            group = Group.create(handle=f"garden{n}", owner=alice)
            Membership.create(member=alice, group=group, role="owner")
        return "groups", size
    if listing == "top":
        for n, person in enumerate(people[:size]):
            Contribution.create(member=person, kind="thanks", points=size - n + 1, group=team)
        return "top @team", min(size, len(people))
    if listing == "following":
        count = min(size, MAX_FOLLOWS)
        for n in range(count):
            if n % 2:
                Follow.create(follower=alice, member=people[n // 2])
            else:
                Follow.create(follower=alice, tag=f"{CHORES[n % 8].split()[-1]}{n}")
        return "following", count
    raise ValueError(listing)


def replies() -> list[str]:
    """Return the texts alice was sent, oldest first, as the phone shows them."""
    with db.connection_context():
        return [row.body for row in Outbox.select().join(Member).where(Member.phone == ALICE)
                .order_by(Outbox.id)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("listing", ["tasks", "tasks_groups", "last", "needs", "offers", "who",
                                     "groups", "top", "following", "reminders", "find", "recap"])
def test_a_listing_fills_one_segment_pages_and_costs_little_per_item(phones, listing, size):
    with db.connection_context(), db.atomic():
        command, items = build(listing, size)
    phones.text(ALICE, command)
    phones.settle()
    [first] = replies()
    with db.connection_context():
        rest = json.loads(Member.get(Member.phone == ALICE).pages or "[]")
    pages = [first, *rest]
    if rest:  # what the stored pages hold is what `more` sends
        phones.text(ALICE, "more")
        phones.settle()
        assert replies()[-1] == rest[0]
    cost = sum(segments(page) for page in pages)
    print(f"{listing:9} {items:3} items: {len(pages):2} pages, {cost / items:.2f} segments/item")
    assert all(segments(page) == 1 for page in pages), [p for p in pages if segments(p) > 1]
    assert all(page.endswith(MORE_HINT) for page in pages[:-1])
    assert cost / items <= MAX_SEGMENTS_PER_ITEM
    text = "\n".join(page.removesuffix(MORE_HINT) for page in pages)
    assert cost <= max(1, -(-len(text) // FULL_PAGE))  # no more pages than the words need
    # Filled before the next page starts: the next page's first line did not fit on this one.
    # A page that begins inside a group's list says its heading again first (tasks, recap).
    for at, (page, after) in enumerate(zip(pages, pages[1:], strict=False)):
        lines = after.removesuffix(MORE_HINT).split("\n")
        before = "\n".join(pages[: at + 1]).split("\n")
        heading = next((line for line in reversed(before) if line.endswith(":")), None)
        # "@team:" again after "Open tasks in @team:" (or after "@team:" itself)
        repeated = len(lines) > 1 and heading is not None and lines[0].startswith("@") and (
            heading == lines[0] or heading.endswith(" " + lines[0]))
        head = lines[1] if repeated else lines[0]
        assert segments(page.removesuffix(MORE_HINT) + "\n" + head + MORE_HINT) > 1
    if listing in HEADED:  # one heading line, then items: "Open tasks in @team:" / "1 ..."
        lines = text.split("\n")
        assert lines[0].endswith(":") and not lines[1].endswith(":"), pages[0]
        top = lines[: FIRST_PAGE_ITEMS + 1]
        if segments("\n".join(top) + MORE_HINT) == 1:  # three fit under the heading: shown
            assert pages[0].removesuffix(MORE_HINT).startswith("\n".join(top)), pages[0]
