"""The database away: texts are still answered 200, kept, and handled once, in order, on its return.

The web app here talks to a database that refuses it: a SQLite file where none can be opened,
or a PostgreSQL port nothing listens on (the shared server is left alone). Its Redis is its own,
to stop as well. The worker's part (the sweeper that replays the spool) runs in this process.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playhouse.pool import PooledPostgresqlDatabase

from gateway.app import create_app
from loopback.services import RedisServer, WebServer, free_port
from store.db import SQLITE_PRAGMAS, db, is_sqlite
from store.models import DeliveryEvent, Inbound, Member, Outbox
from store.sqlite import QueuedSqliteDatabase
from tests.conftest import AUTH_TOKEN, clean, make_settings
from tests.deliveries import wait_until
from tests.inprocess import InlineWorker
from tests.phones import Phones
from workers import spool, sweeper
from workers.runtime import Runtime

ALICE, BOB, CAROL = "+14155550101", "+14155550102", "+14155550103"


@pytest.fixture
def away(deployment, database_url, twilio_api, tmp_path):
    """Phones texting an app with a Redis of its own and a spool file of its own, and the
    Runtime its worker's part runs with."""
    _, _, shift = deployment
    shift.stop()
    redis = RedisServer(tmp_path)
    redis.start()
    port = free_port()
    settings = make_settings(database_url, redis.url, twilio_api, port,
                             SPOOL_DIR=str(tmp_path / "spool"))
    twilio_api.reset()
    clean(redis.url)
    server = WebServer(create_app(settings), port).start()
    worker = InlineWorker(settings)
    yield Phones(server.url, AUTH_TOKEN, twilio_api, worker=worker), redis, worker.runtime
    worker.close()
    server.stop()
    redis.stop()


@contextmanager
def database_away() -> Iterator[None]:
    """Make every connection to the database fail until the block ends, as an outage would."""
    live = db.obj
    if is_sqlite():
        refusing = QueuedSqliteDatabase("/proc/commons-away/commons.db", pragmas=SQLITE_PRAGMAS)
    else:
        refusing = PooledPostgresqlDatabase("commons", host="127.0.0.1", port=free_port(),
                                            user="postgres", connect_timeout=2)
    db.initialize(refusing)
    try:
        yield
    finally:
        db.initialize(live)


def replayed(phones: Phones, serving: Runtime) -> None:
    """Let the worker sweep until the spool is empty, then settle."""
    def empty() -> bool:
        phones.worker.work()
        return spool.waiting(serving) == 0
    wait_until(empty, what="the spool to be replayed")
    phones.settle()


def stored() -> list[tuple[str, str]]:
    with db.connection_context():
        return [(row.sender, row.body) for row in Inbound.select().order_by(Inbound.id)]


def test_texts_that_come_while_the_database_is_away_are_handled_once_in_order(away):
    phones, _, serving = away
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    before = len(stored())
    with database_away():
        for n in ("one", "two", "three"):
            phones.text(ALICE, f"@team {n}")  # asserts 200
        phones.text(CAROL, "help")
        fallback = phones.webhook_params(ALICE, "@team four, by the fallback URL")
        assert phones.post("/sms/twilio/fallback", fallback).status_code == 200
        assert spool.waiting(serving) == 5
    replayed(phones, serving)
    got = phones.received()
    assert got[BOB] == [f"[@team] alice: {n}" for n in
                        ("one", "two", "three", "four, by the fallback URL")]
    assert set(got) == {BOB, CAROL}
    assert stored()[before:] == [(ALICE, "@team one"), (ALICE, "@team two"),
                                 (ALICE, "@team three"), (CAROL, "help"),
                                 (ALICE, "@team four, by the fallback URL")]
    # A sweeper killed between storing a text and removing it from the spool: replayed again,
    # it is the same text (its MessageSid), and nothing happens twice.
    with db.connection_context():
        sid = Inbound.get(Inbound.body == "@team one").provider_id
    again = spool.entry(sid, ALICE, "@team one", [], None)
    spool.keep(serving, again)
    replayed(phones, serving)
    assert phones.received() == {} and len(stored()) == before + 5


def test_with_redis_away_too_texts_are_kept_in_a_file_and_replayed_first(away):
    phones, redis, serving = away
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    with database_away():
        redis.stop()
        phones.text(ALICE, "@team one")
        phones.text(ALICE, "@team two")
        lines = spool.spool_path(serving.settings).read_text().splitlines()
        assert [json.loads(line)["body"] for line in lines] == ["@team one", "@team two"]
        redis.start()  # empty: a crash, not a restart with its data
        phones.text(ALICE, "@team three")  # the database is still away: into Redis
        assert spool.waiting(serving) == 3
    replayed(phones, serving)
    assert phones.received() == {BOB: ["[@team] alice: one", "[@team] alice: two",
                                       "[@team] alice: three"]}
    assert spool.spool_path(serving.settings).read_text() == ""


def test_with_redis_still_away_the_file_is_replayed_straight_into_the_database(away):
    phones, redis, serving = away
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    redis.stop()
    with database_away():
        phones.text(ALICE, "@team one")
        phones.text(ALICE, "@team two")
    assert spool.waiting(serving) == 2
    with db.connection_context():
        assert spool.replay(serving) == 2
        assert spool.replay(serving) == 0
    assert [body for _, body in stored()][-2:] == ["@team one", "@team two"]
    redis.start()
    sweeper.sweep(serving)  # the sweeper finishes what the missing Redis left
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: one", "[@team] alice: two"]}


def test_the_fallback_url_refuses_what_twilio_did_not_sign(away):
    phones, _, serving = away
    params = phones.webhook_params(ALICE, "@team forged")
    assert phones.post("/sms/twilio/fallback", params, signature="bad").status_code == 403
    assert phones.post("/sms/twilio/fallback", params, signature="").status_code == 403
    assert spool.waiting(serving) == 0


def test_status_callbacks_while_the_database_is_away_are_kept_and_applied_in_order(
        away, twilio_api):
    phones, _, serving = away
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")]})
    phones.text(ALICE, "@team hello")
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: hello"], CAROL: ["[@team] alice: hello"]}
    with db.connection_context():
        rows = {row.to: row for row in Outbox.select().where(Outbox.body.endswith("hello"))}
    assert {row.status for row in rows.values()} == {"sent"}
    with database_away():
        answers = [twilio_api.callback(rows[BOB].provider_sid, "delivered"),
                   twilio_api.callback(rows[CAROL].provider_sid, "sent"),
                   twilio_api.callback(rows[CAROL].provider_sid, "undelivered", error_code=21610)]
        assert [answer["status"] for answer in answers] == [204, 204, 204]
        assert spool.waiting(serving) == 3
    replayed(phones, serving)
    with db.connection_context():
        assert {to: Outbox.get_by_id(row.id).status for to, row in rows.items()} == {
            BOB: "delivered", CAROL: "undelivered"}
        assert Member.get(Member.phone == CAROL).opted_out  # 21610: she texted STOP
        events = [(e.sid, e.status) for e in DeliveryEvent.select().order_by(DeliveryEvent.id)]
    assert events == [(rows[BOB].provider_sid, "delivered"), (rows[CAROL].provider_sid, "sent"),
                      (rows[CAROL].provider_sid, "undelivered")]
    phones.text(ALICE, "@team later")
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: later"]}
