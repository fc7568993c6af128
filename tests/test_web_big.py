"""A big group's page: a bounded number of rows and of queries, however many members it has."""

from __future__ import annotations

import logging
import re

import pytest

from store.cooperation import BoardItem, Contribution
from store.db import db
from store.models import Group, Member, Membership, utcnow
from tests.webapp import _site, _twilio_site_app  # noqa: F401

ALICE, BOB = "+14155550101", "+14155550102"
BIG = 5_000  # the big group


class Queries(logging.Handler):
    """Count the SQL statements peewee runs while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@pytest.fixture
def queries():
    logger = logging.getLogger("peewee")
    handler, level = Queries(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def crowd(site, size: int) -> None:
    """Make @team with Alice, Bob's claimed and done tasks, and `size` more members with points."""
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team
    {BOB} > name bob
    {BOB} > join @team
    {ALICE} > task @team hang the banner
    {ALICE} > task @team sweep the hall
    {BOB} > claim 1
    {BOB} > done 2
    {ALICE} > d @bob thanks for sweeping
    """)
    now = utcnow()
    with db.connection_context(), db.atomic():
        team = Group.get(Group.handle == "team")
        Member.insert_many([{"handle": f"m{n:05d}", "created_at": now, "last_seen_at": now}
                            for n in range(size)]).execute()
        crowd = Member.select(Member.id).where(Member.handle.startswith("m"))
        Membership.insert_many([{"member": m.id, "group": team.id, "joined_at": now}
                                for m in crowd]).execute()
        Contribution.insert_many([{"member": m.id, "group": team.id, "kind": "thanks",
                                   "points": 1, "created_at": now} for m in crowd]).execute()


def test_a_5000_member_group_page_is_paged_and_takes_a_few_queries(site, queries):
    crowd(site, BIG)
    visitor = site.visitor()
    queries.count = 0
    response = visitor.get("/@team")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert queries.count <= 15, queries.count
    members = re.findall(r'<li><a href="/@(m\d{5})">', page)
    assert 0 < len(members) <= 100  # a page of them, not five thousand
    assert f"{BIG + 2:,} members" in page
    more = re.search(r'href="\?members=(\d+)"', page)
    assert more, "no link to the next page of members"
    rest = visitor.get(f"/@team?members={more.group(1)}").get_data(as_text=True)
    assert re.findall(r'<li><a href="/@(m\d{5})">', rest)[0] > members[-1]
    assert len(re.findall(r'<tr><td>@m\d{5}</td>', page)) <= 30  # the ledger's top, then the rest
    assert "others" in page.split("<h2>Contributions</h2>")[1]


def test_the_queries_of_a_page_do_not_grow_with_what_it_lists(site, queries):
    crowd(site, 0)
    bob = site.visitor().log_in(BOB)
    counts = {}
    for path in ("/@team", "/me", "/board"):
        queries.count = 0
        bob.get(path)
        counts[path] = queries.count
    for n in range(6):  # more DMs, more claimed tasks, more taken needs
        site.texts(f"""
        {ALICE} > d @bob note {n}
        {ALICE} > task @team chore {n}
        {BOB} > claim {n + 3}
        {ALICE} > need #help lift number {n}
        """)
        with db.connection_context():
            need = BoardItem.select().order_by(BoardItem.id.desc()).first()
        site.text(BOB, f"claim need {need.id}")
    for path, before in counts.items():
        queries.count = 0
        bob.get(path)
        assert queries.count == before, (path, before, queries.count)
