"""A whole deployment on loopback for the benchmarks, each part in a process of its own.

The Twilio-compatible API (loopback/twilio_api.py, run as `python -m loopback.twilio_api`), a
private redis-server, gunicorn with the Procfile's web settings, and `python -m workers`
processes (each running WORKERS worker processes: 1 unless the benchmark asks for the default
deployment's `WORKERS=DEFAULT_WORKERS`). The database is a SQLite file or a fresh PostgreSQL
database, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from redis import Redis

from loopback.phones import Phones
from loopback.services import PostgresDatabase, RedisServer, WorkerProcess, free_port
from loopback.twilio_api import TwilioAPI
from store.db import db, open_database
from store.models import Inbound, Message, Outbox
from store.schema import migrate
from store.secret import new_key
from store.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT_SID = "AC" + "0" * 31 + "7"
AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
FROM = "+15005550006"
# An account's limit: the fan-out figures are the engine's, not a long code's. (At 4,000 a fan-out
# held 800 requests at the provider at once, and a reply queued behind them there for 0.5 s.)
ACCOUNT_MPS = 2500.0
DEFAULT_WORKERS = Settings.WORKERS  # what `make run` and the Procfile start: the core count


def gunicorn(app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Serve `app` as the Procfile's web process does (gthread, 8 threads)."""
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--worker-class",
             "gthread", "--threads", "8", "--backlog", "2048", app],
            cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except (requests.ConnectionError, requests.Timeout):  # a busy machine answers late
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start, see {log}")


def stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Deployment:
    """Everything Commons runs on, started for one benchmark and stopped after it."""

    def __init__(self, database: str = "sqlite", workers: int = 2, **extra) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="commons-bench-"))
        self.postgres = PostgresDatabase(database) if database.startswith("postgres") else None
        if self.postgres:  # a database of the benchmark's own, beside whatever the server holds
            old, self.postgres.name = self.postgres.name, "bench_" + self.postgres.name[-8:]
            self.postgres.url = self.postgres.url.replace(old, self.postgres.name)
        self.database_url = (self.postgres.create() if self.postgres
                             else f"sqlite:///{self.dir / 'commons.db'}")
        self.redis = RedisServer(self.dir)
        self.redis.start()
        self.api = TwilioAPI(ACCOUNT_SID, AUTH_TOKEN, own_process=True).start()
        self.port = free_port()
        values = dict(
            PORT=self.port, PUBLIC_URL=f"http://127.0.0.1:{self.port}",
            DATABASE_URL=self.database_url, REDIS_URL=self.redis.url,
            TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_FROM=FROM,
            TWILIO_API_BASE=self.api.url, TWILIO_MPS=ACCOUNT_MPS, SWEEP_SECONDS=5, WORKERS=1,
            SECRET_KEY=new_key())
        self.settings = Settings(**{**values, **extra})
        self.env = {name: str(getattr(self.settings, name))
                    for name in Settings.__dataclass_fields__
                    if getattr(self.settings, name) != ""}
        open_database(self.database_url)
        with db.connection_context():
            migrate()
        self.web = gunicorn("gateway.app:create_app()", self.port, self.env, self.dir / "web.log")
        self.workers = [self.start_worker() for _ in range(workers)]
        self.phones = Phones(f"http://127.0.0.1:{self.port}", AUTH_TOKEN, self.api)

    def start_worker(self) -> WorkerProcess:
        n = len(getattr(self, "workers", []))
        return WorkerProcess(self.env, self.dir / f"worker{n}.log").start()

    def stop_workers(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def close(self) -> None:
        self.stop_workers()
        stop(self.web)
        self.api.stop()
        self.redis.stop()
        db.close()
        if self.postgres:
            self.postgres.drop()

    def __enter__(self) -> Deployment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def redis_memory(self) -> int:
        """Return the bytes Redis uses now."""
        return int(Redis.from_url(self.redis.url).info("memory")["used_memory"])

    def post_webhook(self, author: str, text: str) -> float:
        """Text `text` from `author`; return how long the webhook took to answer, in seconds."""
        started = time.perf_counter()
        self.phones.text(author, text)
        return time.perf_counter() - started

    def post(self, author: str, text: str, timeout: float = 600) -> dict:
        """Post `text` and wait for its fan-out to end; return what it took."""
        since = len(self.api.messages())
        started = time.time()
        response = self.phones.text(author, text)
        answered = time.time()
        self.phones.settle(timeout)
        records = [r for r in self.api.messages(since) if r.get("sid")]
        last = max(r["received_at"] for r in records)
        return {"sent": len(records), "seconds": last - started, "webhook": answered - started,
                "records": records, "status": response.status_code}

    def forget_posts(self) -> None:
        """Drop queued fan-outs (a benchmark measured only their webhooks)."""
        Redis.from_url(self.redis.url).flushdb()
        with db.connection_context():
            Message.update(fanned_out=True).execute()
            Outbox.delete().where(Outbox.status == "queued").execute()
            Inbound.update(status="handled").where(Inbound.status == "received").execute()


def bare_send_rate(api: TwilioAPI, count: int) -> float:
    """Return sends/s of a bare loop of `twilio` client sends from one process to `api`."""
    client = api.client()
    for n in range(20):  # warm the connection
        client.messages.create(to=f"+1415900{n:04d}", from_=FROM, body="warm")
    started = time.perf_counter()
    for n in range(count):
        client.messages.create(to=f"+1415900{n:04d}", from_=FROM, body="[@crowd] alice: hi")
    return count / (time.perf_counter() - started)


def sign_all(phones: Phones, texts: list[tuple[str, str]]) -> list[tuple[dict, dict]]:
    """Return each (author, text) as a signed webhook's (form, headers)."""
    signed = []
    for author, text in texts:
        params = phones.webhook_params(author, text)
        signed.append((params, {"X-Twilio-Signature": phones.sign("/sms/twilio", params)}))
    return signed


def median_ms(values: list[float]) -> float:
    return round(1000 * statistics.median(values), 2)


def percentile_ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


def rss_mb(pid: int) -> float:
    """Return the resident memory of process `pid`, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def report(figures: dict) -> dict:
    """Print one script's figures as a table, then as one JSON line; return them."""
    for name, value in figures.items():
        print(f"{name:<28}{value:>12}")
    print(json.dumps(figures))
    return figures
