"""Fixtures: real database, real Redis, the Twilio-compatible API, the app and a worker.

Conversation tests do the worker's part in the test process (tests/inprocess.py); a test marked
`full_stack` (delivery, faults, mail) gets a worker process of its own, started clean for it.
A test marked `settings(NAME=value, ...)` runs its worker with those settings.
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import settings as hypothesis_settings
from peewee import OperationalError
from redis import Redis

from gateway.app import create_app
from loopback.services import (
    ForkServer,
    PostgresDatabase,
    RedisServer,
    WebServer,
    WorkerProcess,
    free_port,
)
from loopback.twilio_api import TwilioAPI
from store.carrier import CARRIER_MODELS
from store.cooperation import COOPERATION_MODELS
from store.db import db, is_sqlite
from store.models import MODELS
from store.questions import QUESTION_MODELS
from store.reminders import REMINDER_MODELS
from store.settings import Settings
from tests import answered
from tests.inprocess import InlineWorker
from tests.keys import SECRET_KEY
from tests.mail_sink import mail_settings, mailbox, smtp_sink  # noqa: F401 - fixtures
from tests.mailboxes import bridge  # noqa: F401 - a fixture
from tests.phones import Phones
from tests.snapshots import Deployment, Formations, sequences
from workers import runtime
from workers.runtime import Runtime

ACCOUNT_SID = "AC" + "0" * 31 + "1"
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
FROM = "+15005550006"
MAILGUN_KEY = "key-test-mailgun-signing-0123456789"
# `pytest --hypothesis-profile=thorough`: the property tests try ten times their suite's texts.
hypothesis_settings.register_profile("thorough", max_examples=1000)
TABLES = MODELS + COOPERATION_MODELS + QUESTION_MODELS + REMINDER_MODELS + CARRIER_MODELS


_formations = Formations(TABLES)  # groups formed in this process, to put back (tests/snapshots.py)

ANSWERS = "inbound answered"  # the user property each phones test reports its tally under
_answers: dict[str, int] = {}  # the whole run's tally, summed on the controller
_silences: list[str] = []


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "full_stack: the test's worker is a process of its own")
    config.addinivalue_line("markers", "settings(**values): settings of the test's worker")
    config.addinivalue_line("markers", "hosts: Commons across network namespaces (root; slow)")


def pytest_runtest_logreport(report) -> None:
    """Add up each test's tally of answered texts (sent here from every xdist worker)."""
    for name, value in report.user_properties:
        if name == ANSWERS:
            counts, silent = value
            for outcome, n in counts.items():
                _answers[outcome] = _answers.get(outcome, 0) + n
            _silences.extend(f"{report.nodeid}: {text}" for text in silent)


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the run's share of inbound texts answered or acted on, and keep it in a file."""
    if not _answers:
        return
    line = answered.share(Counter(_answers))
    terminalreporter.write_line(line)
    folder = Path(__file__).resolve().parent.parent / "test-artifacts"
    folder.mkdir(exist_ok=True)
    (folder / "answered.txt").write_text("\n".join([line, *sorted(_silences)]) + "\n")


def record_answers(request) -> None:
    """Report the test's tally of its inbound texts: answered, silent by rule, or silent."""
    found = answered.verdicts()
    silent = [f"{v.sender} > {v.body}" for v in found if v.outcome == "silent"]
    request.node.user_properties.append((ANSWERS, (dict(answered.tally(found)), silent)))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh PostgreSQL database when DATABASE_URL names one; otherwise a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        database = PostgresDatabase(url)
        yield database.create(durable=False)  # thrown away at the end: no wait for the disk
        db.close()
        database.drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'commons.db'}"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory, worker_id):
    """REDIS_URL when set, one database of it per parallel runner; otherwise a redis-server of
    the runner's own. Every test empties its Redis, so two runners never share one."""
    if os.environ.get("REDIS_URL"):
        yield runner_database(os.environ["REDIS_URL"], worker_id)
        return
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server.url
    server.stop()


def runner_database(url: str, worker_id: str) -> str:
    """Return `url` with its database number moved up by the runner's number (gw2: +2)."""
    if not worker_id.startswith("gw"):  # not run by pytest-xdist: the URL as given
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + int(worker_id[2:])}"))


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
        MAILGUN_SIGNING_KEY=MAILGUN_KEY, SECRET_KEY=SECRET_KEY,
        WORKERS=1,  # a test's worker process is one process: its claims name that pid
        SCHEDULER_CHECK_SECONDS=1,  # a dead RQ scheduler is started again within a second
        RESTART_SECONDS=0.2,  # and a dead worker process (`python -m workers` of WORKERS>1)
        RETRY_SECONDS="1",  # a send that failed for now is tried again in a second, not 2, 10...
        INVITE_HOURS="0-24",  # invitations go at any hour; tests of the hours set their own
    )
    values.update(extra)
    return Settings(**values)


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment a worker process reads its settings from."""
    names = Settings.__dataclass_fields__
    return {name: str(getattr(settings, name)) for name in names if getattr(settings, name) != ""}


class Shift:
    """The deployment's worker process: none between tests, a clean one for each test that asks.

    A worker left running from one test to the next would sweep and send while the next test's
    tables are emptied under it; each test's worker is killed when the test ends.
    """

    def __init__(self, settings: Settings, fork_server: ForkServer) -> None:
        self.settings = settings
        self.fork_server = fork_server
        self.worker: WorkerProcess | None = None

    def start(self, settings: Settings | None = None, **env: str) -> WorkerProcess:
        """Start a clean worker for `settings` (default: the deployment's), `env` added."""
        self.stop()
        self.worker = self.fork_server.start({**worker_env(settings or self.settings), **env})
        return self.worker

    def stop(self) -> None:
        """Kill the running worker, if any, with everything it was doing."""
        if self.worker is not None:
            self.worker.kill()
            self.worker = None


@pytest.fixture(scope="session")
def fork_server(tmp_path_factory):
    """Starts worker processes at once (loopback.services.ForkServer)."""
    server = ForkServer(tmp_path_factory.mktemp("logs"))
    yield server
    server.close()


@pytest.fixture(scope="session")
def deployment(database_url, redis_url, twilio_api, fork_server, tmp_path_factory):
    """The app on a real HTTP server, and its worker: (settings, server, Shift)."""
    port = free_port()
    settings = make_settings(database_url, redis_url, twilio_api, port,
                             SPOOL_DIR=str(tmp_path_factory.mktemp("spool")))
    server = WebServer(create_app(settings), port).start()
    shift = Shift(settings, fork_server)
    yield settings, server, shift
    shift.stop()
    server.stop()


def clean(redis_url: str) -> None:
    """Empty every table and Redis, so each test starts from nothing, ids from 1 again.

    On PostgreSQL the rows are deleted, not TRUNCATEd: a TRUNCATE of every table makes each a
    new file on disk, near a second per test, where deleting a test's few rows takes milliseconds.
    """
    with db.connection_context():
        if is_sqlite():
            with db.atomic():
                for model in reversed(TABLES):
                    model.delete().execute()
        else:
            for attempt in range(5):
                try:  # a worker killed a moment ago may hold a row until PostgreSQL notices
                    with db.atomic():
                        for model in reversed(TABLES):
                            model.delete().execute()
                        db.execute_sql("SELECT setval(s, 1, false) FROM"
                                       " unnest(%s::text[]::regclass[]) s", (sequences(TABLES),))
                    break
                except OperationalError:  # "deadlock detected": PostgreSQL picked us to retry
                    if attempt == 4:
                        raise
    Redis.from_url(redis_url).flushdb()


def worker_settings(request, settings: Settings) -> Settings:
    """The deployment's settings, with the test's `settings` marker applied."""
    marker = request.node.get_closest_marker("settings")
    return dataclasses.replace(settings, **marker.kwargs) if marker else settings


@pytest.fixture
def phones(request, deployment, twilio_api):
    """Phones texting the deployment, everything emptied first; who does the worker's part:

    a worker process started clean for this test when it is marked `full_stack` (or reads mail
    from the sink), otherwise this process, whenever the phones settle.
    """
    settings, server, shift = deployment
    shift.stop()
    twilio_api.reset()
    clean(settings.REDIS_URL)
    mail = mail_settings(request)
    app = server.server.app  # the webhook handles each text: it reads the marker's settings too
    served = runtime.of(app)
    if request.node.get_closest_marker("settings"):
        app.extensions[runtime.APP_KEY] = Runtime(worker_settings(request, settings))
    settings = worker_settings(request, dataclasses.replace(settings, **mail.values))
    full_stack = bool(request.node.get_closest_marker("full_stack")) or \
        "mailbox" in request.fixturenames
    how = Deployment(_formations, settings.REDIS_URL, twilio_api,
                     f"{full_stack} {settings} {sorted(mail.env.items())}")
    try:
        if full_stack:
            shift.start(settings, **mail.env)
            yield Phones(server.url, AUTH_TOKEN, twilio_api, settings=settings, deployment=how)
            record_answers(request)
            shift.stop()
        else:
            inline = InlineWorker(settings)
            yield Phones(server.url, AUTH_TOKEN, twilio_api, worker=inline, settings=settings,
                         deployment=how)
            record_answers(request)
            inline.close()
    finally:
        if runtime.of(app) is not served:
            runtime.of(app).close()
            app.extensions[runtime.APP_KEY] = served


class Crew:
    """Worker processes of a test's own, to start, stop and kill."""

    def __init__(self, settings, fork_server: ForkServer) -> None:
        self.settings = settings
        self.fork_server = fork_server
        self.workers: list[WorkerProcess] = []

    def start(self, **extra) -> WorkerProcess:
        settings = dataclasses.replace(self.settings, **extra)
        worker = self.fork_server.start(worker_env(settings))
        self.workers.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.workers:
            worker.kill()


@pytest.fixture
def crew(request, deployment, twilio_api, fork_server):
    """The deployment with no worker, so the test alone decides who works, and when."""
    settings, server, shift = deployment
    shift.stop()
    twilio_api.reset()
    clean(settings.REDIS_URL)
    workers = Crew(worker_settings(request, settings), fork_server)
    yield Phones(server.url, AUTH_TOKEN, twilio_api), workers
    workers.stop()
    record_answers(request)


@pytest.fixture
def artifacts() -> Path:
    path = Path(__file__).resolve().parent.parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
