"""Statements: written by peewee once, they run with each call's own values on either database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from loopback.crowds import crowd
from store.db import db
from store.models import Group, Inbound, Member, utcnow
from store.statements import Statement, slot

BY_HANDLE = Statement(lambda: Group.select().where(Group.handle == slot("handle")))
MEMBERS_SINCE = Statement(lambda: Member.select(Member.phone).where(
    Member.phone.startswith(slot("prefix")), Member.id > slot("after")).order_by(Member.id))


def test_each_run_takes_its_own_values_and_reads_what_the_query_would(phones):
    crowd(3, handle="north", first=1_000)
    crowd(2, handle="south", first=2_000)
    with db.connection_context():
        for handle in ("north", "south", "west"):
            found = BY_HANDLE.first(Group, handle=handle)
            expected = Group.get_or_none(Group.handle == handle)
            assert (found and (found.id, found.owner_id, found.created_at)) == \
                (expected and (expected.id, expected.owner_id, expected.created_at))
        first = Member.select().where(Member.phone == "+14150001000").get()
        assert [row[0] for row in MEMBERS_SINCE.execute(prefix="+14150001", after=first.id)] \
            == ["+14150001001", "+14150001002"]
        assert MEMBERS_SINCE.row(prefix="+14150002", after=0) == ("+14150002000",)


def test_an_insert_that_would_keep_one_timestamp_for_every_row_is_refused(phones):
    stale = Statement(lambda: Inbound.insert(channel=slot("channel"), provider_id=slot("id"),
                                             sender=slot("sender"), body=slot("body")))
    with db.connection_context():
        with pytest.raises(TypeError, match="received_at"):
            stale.execute(channel="twilio", id="SM1", sender="+14155550100", body="hi")
        assert Inbound.select().count() == 0
        fresh = Statement(lambda: Inbound.insert(
            channel=slot("channel"), provider_id=slot("id"), sender=slot("sender"),
            body=slot("body"), received_at=slot("at")))
        now = utcnow().replace(microsecond=0)
        sent = [now - timedelta(minutes=5), now]
        for n, at in enumerate(sent):
            fresh.execute(channel="twilio", id=f"SM{n}", sender="+14155550100", body="hi", at=at)
        assert [row.received_at for row in Inbound.select().order_by(Inbound.id)] == sent
