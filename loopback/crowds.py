"""Big groups for the delivery tests and benchmarks, written straight to the database.

Texting a thousand joins would test the join handler a thousand times; these tests are about
what happens after one post, so the members are simply there.
"""

from __future__ import annotations

from collections import Counter

from store.db import db
from store.models import Group, Handle, Member, Membership

OWNER = "+14155550100"


def crowd(size: int, handle: str = "crowd", owner: str = OWNER, first: int = 2_000_000,
          owner_handle: str = "alice") -> list[str]:
    """Create @handle owned by `owner` with `size` other members; return their numbers."""
    numbers = [f"+1415{first + n:07d}" for n in range(size)]
    with db.connection_context(), db.atomic():
        alice, _ = Member.get_or_create(phone=owner, defaults={"handle": owner_handle})
        Handle.insert(name=owner_handle, kind="member").on_conflict_ignore().execute()
        Handle.insert(name=handle, kind="group").execute()
        group = Group.create(handle=handle, description="a crowd", owner=alice)
        Membership.create(member=alice, group=group, role="owner")
        for at in range(0, size, 500):
            Member.insert_many([{"phone": n} for n in numbers[at:at + 500]]).execute()
        ids = [m.id for m in Member.select(Member.id).where(Member.phone.in_(numbers))]
        for at in range(0, size, 500):
            Membership.insert_many([{"member": i, "group": group.id}
                                    for i in ids[at:at + 500]]).execute()
    return numbers


def accepted(api, since: int = 0) -> Counter:
    """Count the texts the provider accepted, by recipient."""
    return Counter(r["to"] for r in api.messages(since) if r.get("sid"))


def most_in_flight(records: list[dict]) -> int:
    """Return the most requests the provider was holding at once."""
    events = sorted([(r["received_at"], 1) for r in records if r["answered_at"]]
                    + [(r["answered_at"], -1) for r in records if r["answered_at"]])
    most = now = 0
    for _, step in events:
        now += step
        most = max(most, now)
    return most
