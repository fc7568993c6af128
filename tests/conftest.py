"""Fixtures: real database, real Redis, the Twilio-compatible API, the app and a worker."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from pathlib import Path

import pytest
from peewee import OperationalError
from redis import Redis

from gateway.app import create_app
from store.cooperation import COOPERATION_MODELS
from store.db import db, is_sqlite
from store.models import MODELS
from store.settings import Settings
from tests.mail_sink import mail_worker, mailbox, smtp_sink  # noqa: F401 - fixtures
from tests.mailboxes import bridge  # noqa: F401 - a fixture
from tests.phones import Phones
from tests.services import PostgresDatabase, RedisServer, WebServer, WorkerProcess, free_port
from tests.twilio_api import TwilioAPI
from workers import runtime

ACCOUNT_SID = "AC" + "0" * 31 + "1"
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
FROM = "+15005550006"
MAILGUN_KEY = "key-test-mailgun-signing-0123456789"
TEARDOWN_SETTLE = 5  # seconds


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh PostgreSQL database when DATABASE_URL names one; otherwise a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        database = PostgresDatabase(url)
        yield database.create()
        db.close()
        database.drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'commons.db'}"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """REDIS_URL when set; otherwise a redis-server of the suite's own."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def twilio_api():
    api = TwilioAPI(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    api.start()
    yield api
    api.stop()


def make_settings(database_url: str, redis_url: str, twilio_api, port: int, **extra) -> Settings:
    """Settings for a test deployment talking to the loopback Twilio-compatible API."""
    values = dict(
        PORT=port, PUBLIC_URL=f"http://127.0.0.1:{port}", DATABASE_URL=database_url,
        REDIS_URL=redis_url, TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM=FROM, TWILIO_API_BASE=twilio_api.url, SWEEP_SECONDS=1, TWILIO_MPS=500.0,
        MAILGUN_SIGNING_KEY=MAILGUN_KEY,
        WORKERS=1,  # a test's worker process is one process: its claims name that pid
    )
    values.update(extra)
    return Settings(**values)


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment a worker process reads its settings from."""
    names = Settings.__dataclass_fields__
    return {name: str(getattr(settings, name)) for name in names if getattr(settings, name) != ""}


@pytest.fixture(scope="session")
def deployment(database_url, redis_url, twilio_api, tmp_path_factory):
    """The app on a real HTTP server and one real worker process, sharing DB and Redis."""
    port = free_port()
    settings = runtime.bind(make_settings(database_url, redis_url, twilio_api, port))
    server = WebServer(create_app(settings), port).start()
    log = tmp_path_factory.mktemp("logs") / "worker.log"
    worker = WorkerProcess(worker_env(settings), log).start()
    yield settings, server, worker
    worker.stop()
    server.stop()


def clean(redis_url: str) -> None:
    """Empty every table and Redis, so each test starts from nothing."""
    with db.connection_context():
        if is_sqlite():
            with db.atomic():
                for model in reversed(MODELS + COOPERATION_MODELS):
                    model.delete().execute()
        else:
            tables = ", ".join(f'"{m._meta.table_name}"' for m in MODELS + COOPERATION_MODELS)
            for attempt in range(5):
                try:  # the running worker's sweeper may hold one of the tables a moment
                    db.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
                    break
                except OperationalError:  # "deadlock detected": PostgreSQL picked us to retry
                    if attempt == 4:
                        raise
                    time.sleep(0.2)
    Redis.from_url(redis_url).flushdb()


@pytest.fixture
def phones(deployment, twilio_api):
    """Phones texting the running deployment; everything is emptied first."""
    settings, server, _ = deployment
    twilio_api.reset()
    clean(settings.REDIS_URL)
    phones = Phones(server.url, AUTH_TOKEN, twilio_api)
    yield phones
    # Let this test's last sends finish, so none lands in the next test's provider records.
    with contextlib.suppress(AssertionError):  # a test that left a send hanging on purpose
        phones.settle(timeout=TEARDOWN_SETTLE)


class Crew:
    """Worker processes of a test's own, to start, stop and kill."""

    def __init__(self, settings, logs) -> None:
        self.settings = settings
        self.logs = logs
        self.workers: list[WorkerProcess] = []

    def start(self, **extra) -> WorkerProcess:
        settings = dataclasses.replace(self.settings, **extra)
        log = self.logs / f"worker{len(self.workers)}.log"
        worker = WorkerProcess(worker_env(settings), log).start()
        self.workers.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()


@pytest.fixture
def crew(deployment, twilio_api, tmp_path):
    """The deployment with its own worker paused, so the test alone decides who works."""
    settings, server, shared = deployment
    shared.stop()
    twilio_api.reset()
    clean(settings.REDIS_URL)
    workers = Crew(settings, tmp_path)
    yield Phones(server.url, AUTH_TOKEN, twilio_api), workers
    workers.stop()
    shared.start()


@pytest.fixture
def artifacts() -> Path:
    path = Path(__file__).resolve().parent.parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
