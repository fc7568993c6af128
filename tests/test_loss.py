"""Redis down: webhooks still answer, the outbox keeps everything, and all of it goes out once."""

from __future__ import annotations

import pytest
import requests

from gateway.app import create_app
from loopback.services import RedisServer, WebServer, free_port
from store.db import db
from store.models import Inbound, Message, Outbox
from tests.conftest import AUTH_TOKEN, clean, make_settings, worker_env
from tests.deliveries import (
    ALICE,
    BOB,
    CAROL,
    STRANGER,
    make_group,
    requests_to,
    sent_to,
    wait_until,
)
from tests.phones import Phones

OUTAGE_RECOVERY = 60  # seconds: RQ's worker reconnects with a backoff that doubles each try


@pytest.fixture
def lossy(deployment, database_url, twilio_api, tmp_path, fork_server):
    """A deployment with a Redis of its own, to stop; the suite's deployment runs no worker.

    Its worker would sweep the same database: left running, it would deliver this test's rows
    through the other Redis and hide whatever this deployment failed to do.
    """
    _, _, shared_worker = deployment
    shared_worker.stop()
    redis = RedisServer(tmp_path)
    redis.start()
    port = free_port()
    settings = make_settings(database_url, redis.url, twilio_api, port)
    twilio_api.reset()
    clean(redis.url)  # this deployment's Redis only: the shared one is left as it is
    server = WebServer(create_app(settings), port).start()
    worker = fork_server.start(worker_env(settings))
    yield Phones(server.url, AUTH_TOKEN, twilio_api), redis
    worker.kill()
    server.stop()
    redis.stop()


def test_with_redis_down_texts_are_kept_and_delivered_once_it_is_back(lossy):
    phones, redis = lossy
    since = make_group(phones)
    # Redis dies while the worker is in the middle of a job, as it would in a real outage.
    phones.api.set_latency(1)
    phones.text(BOB, "help")
    wait_until(lambda: requests_to(phones.api, BOB, since), what="a send in flight")
    redis.stop()
    phones.api.set_latency(0)

    health = requests.get(phones.url + "/healthz", timeout=10)
    assert health.status_code == 503 and health.json()["redis"] != "ok"
    reply = phones.text(STRANGER, "help")
    post = phones.text(ALICE, "@team the show goes on")
    assert reply.status_code == post.status_code == 200
    with db.connection_context():
        assert Inbound.get(Inbound.sender == STRANGER).status == "handled"
        assert {row.status for row in Inbound.select()} == {"handled"}
        [queued] = Outbox.select().where(Outbox.to == STRANGER)
        assert queued.status == "queued"
        message = Message.get(Message.body == "the show goes on")
        assert not message.fanned_out

    redis.start()
    wait_until(lambda: all(sent_to(phones.api, n, since) for n in (STRANGER, BOB, CAROL)),
               timeout=OUTAGE_RECOVERY, what="delivery after Redis came back")
    phones.settle(OUTAGE_RECOVERY)
    assert requests.get(phones.url + "/healthz", timeout=10).status_code == 200
    assert sent_to(phones.api, BOB, since)[1:] == ["[@team] alice: the show goes on"]
    assert sent_to(phones.api, CAROL, since) == ["[@team] alice: the show goes on"]
    assert len(sent_to(phones.api, STRANGER, since)) == 1
    assert sent_to(phones.api, ALICE, since) == []
    with db.connection_context():
        assert {row.status for row in Outbox.select()} == {"sent"}
