"""Commons deployed across hosts (loopback/netns.py): the web on one, `python -m workers` on others.

This machine (the root namespace) plays the servers every host shares, reached over TCP on the
network's address: a PostgreSQL cluster of the deployment's own (initdb and pg_ctl, as the
shared server at 127.0.0.1:5432 listens on loopback only), a redis-server and the
Twilio-compatible API. Each host runs its process as the Procfile says, with the environment a
deployment would give it.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg2
import requests

from loopback import netns
from loopback.netns import SPACE, Network
from loopback.phones import Phones
from loopback.services import RedisServer
from loopback.twilio_api import TwilioAPI
from store.db import db, open_database

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT_SID = "AC" + "0" * 31 + "5"
AUTH_TOKEN = "hosts-auth-token-0123456789abcdef"
FROM = "+15005550006"
STARTED = 60  # seconds a server may take to answer on a busy machine
PREFIX = "commons-hosts-"  # a cluster's directory: commons-hosts-<maker's pid>-...
# PostgreSQL refuses to run as root; Debian's package makes this user.
POSTGRES_USERS = ("postgres", "nobody")
# A test's database: nothing it holds must outlive a crash of the machine.
POSTGRES_CONF = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                 "max_connections": "200"}


def unavailable() -> str | None:
    """Return why a cluster cannot be run here, or None when it can."""
    if postgres_bin() is None:
        return "PostgreSQL's initdb is missing (apt-get install postgresql)"
    return netns.unavailable()


def procfile() -> dict[str, str]:
    """Return the Procfile's commands by process name."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


def postgres_bin() -> Path | None:
    """Return the directory of the newest installed PostgreSQL's initdb and pg_ctl, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(Path(path).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


class PrivatePostgres:
    """A PostgreSQL cluster of its own, listening on `address`:`port`, removed on stop."""

    def __init__(self, directory: Path, address: str, port: int) -> None:
        self.data = directory / "postgres"
        self.address, self.port = address, port
        self.log = directory / "postgres.log"
        self.url = f"postgresql://postgres@{address}:{port}/commons"
        bindir = postgres_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL's initdb is missing (apt-get install postgresql)")
        self.bin = bindir
        self.user = next(u for u in POSTGRES_USERS if _user_exists(u))

    def _run(self, *command: str) -> None:
        with open(self.log, "ab") as out:
            subprocess.run(["runuser", "-u", self.user, "--", *command], check=True,
                           stdout=out, stderr=subprocess.STDOUT, cwd="/")

    def start(self) -> str:
        """Make the cluster, start it and create its database; return the database's URL."""
        self.data.mkdir()
        self.log.touch()
        for path in (self.data, self.log):  # the server's, written as its user
            shutil.chown(path, self.user)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "-A", "trust", "-E", "UTF8", "--no-sync")
        with open(self.data / "pg_hba.conf", "a") as hba:
            hba.write(f"host all all {SPACE} trust\n")  # the hosts of the deployment
        settings = {"listen_addresses": f"'{self.address}'", "port": str(self.port),
                    "unix_socket_directories": f"'{self.data}'", **POSTGRES_CONF}
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                  "-w", "-t", str(STARTED), "start")
        admin = psycopg2.connect(host=self.address, port=self.port, user="postgres",
                                 dbname="postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("CREATE DATABASE commons")
        admin.close()
        return self.url

    def stop(self) -> None:
        """Stop the server at once (its data is thrown away with it)."""
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class Cluster:
    """Commons on hosts: `web` runs the Procfile's web; `worker-1`... its worker when told.

    `settings` are the deployment's (names as in store/settings.py), over ones fit for a test;
    every process's log is copied to `logs` when the cluster closes.
    """

    def __init__(self, worker_hosts: int = 2, mail_host: bool = False,
                 own_api_process: bool = False, logs: Path | None = None,
                 **settings: object) -> None:
        self.logs = logs
        remove_orphans()
        self.dir = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
        self.dir.chmod(0o755)  # the PostgreSQL user reaches its data directory through it
        self.workers = [f"worker-{n}" for n in range(1, worker_hosts + 1)]
        self.network: Network | None = None
        self.processes: list[subprocess.Popen] = []
        self.postgres: PrivatePostgres | None = None
        self.redis: RedisServer | None = None
        self.api: TwilioAPI | None = None
        try:
            self.network = Network(["web", *self.workers, *(["mail"] if mail_host else [])])
            self._start(own_api_process, settings)
        except Exception:
            self.close()
            raise

    def _start(self, own_api_process: bool, settings: dict[str, object]) -> None:
        assert self.network is not None  # made just before, in __init__
        address, net = self.network.address, self.network
        self.postgres = PrivatePostgres(self.dir, address, net.port())
        database_url = self.postgres.start()
        self.redis = RedisServer(self.dir, address, net.port())
        self.redis.start()
        self.api = TwilioAPI(ACCOUNT_SID, AUTH_TOKEN, host=address,
                             own_process=own_api_process).start()
        web = net.hosts["web"].address
        port = net.port()  # any port is free on a host of its own; this one is in our range
        self.url = f"http://{web}:{port}"
        smtp_port = net.port()
        values: dict[str, object] = dict(
            PORT=port, PUBLIC_URL=self.url, SECRET_KEY=secrets.token_hex(32),
            DATABASE_URL=database_url, REDIS_URL=self.redis.url,
            TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_FROM=FROM,
            TWILIO_API_BASE=self.api.url, TWILIO_MPS=2500.0, SWEEP_SECONDS=1, WORKERS=1,
            SMTP_BRIDGE_HOST="0.0.0.0", SMTP_BRIDGE_PORT=smtp_port)
        values.update(settings)
        self.settings = {name: str(value) for name, value in values.items()}
        self._wait_for(self.run("web", "web"), self._web_answers, "web")
        self.phones = Phones(self.url, AUTH_TOKEN, self.api)
        if "mail" in net.hosts:  # after the web, which migrates the database
            self.smtp = (net.hosts["mail"].address, smtp_port)
            self._wait_for(self.run("mail", "smtp"), self._smtp_answers, "mail")

    def env(self) -> dict[str, str]:
        """Return the environment a host's process gets: the settings, the venv on PATH."""
        base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        path = f"{Path(sys.executable).parent}:{base.get('PATH', '/usr/bin:/bin')}"
        return {**base, **self.settings, "PATH": path}

    def run(self, role: str, process: str) -> subprocess.Popen:
        """Run the Procfile's `process` on host `role`, as that machine would."""
        log = self.dir / f"{role}.log"
        assert self.network is not None
        started = self.network.hosts[role].run(["sh", "-c", procfile()[process]], self.env(),
                                               log, cwd=ROOT)
        self.processes.append(started)
        return started

    def _wait_for(self, process: subprocess.Popen, answers, role: str) -> None:
        """Wait until `answers()` says the server `process` started on `role` is up."""
        deadline = time.monotonic() + STARTED
        while time.monotonic() < deadline and process.poll() is None:
            if answers():
                return
            time.sleep(0.1)
        raise RuntimeError(f"the {role} host did not answer; see {self.dir / role}.log")

    def _web_answers(self) -> bool:
        try:
            return requests.get(f"{self.url}/healthz", timeout=2).status_code == 200
        except requests.RequestException:  # not listening yet
            return False

    def _smtp_answers(self) -> bool:
        try:
            socket.create_connection(self.smtp, timeout=2).close()
        except OSError:  # not listening yet
            return False
        return True

    def start_workers(self, role: str) -> subprocess.Popen:
        """Start the Procfile's worker on host `role`."""
        return self.run(role, "worker")

    def lose(self, role: str) -> int:
        """Kill every process on host `role` (SIGKILL), as a lost machine; return how many."""
        assert self.network is not None
        killed = self.network.hosts[role].kill()
        self._reap()
        return killed

    def hostname(self, role: str) -> str:
        assert self.network is not None
        return self.network.hosts[role].hostname

    def _reap(self) -> None:
        self.processes = [p for p in self.processes if p.poll() is None]

    @contextmanager
    def bound(self) -> Iterator[None]:
        """Bind this process's database to the deployment's, then back to what it was."""
        before = db.obj
        assert self.postgres is not None
        database = open_database(self.postgres.url)
        try:
            yield
        finally:
            database.close_all()  # type: ignore[attr-defined]  # a pool, on PostgreSQL
            db.initialize(before)

    def close(self) -> None:
        """Stop everything (the hosts' processes killed), keeping the logs if asked to."""
        if self.network is not None:
            self.network.close()
        for process in self.processes:
            process.wait()
        if self.api is not None:
            self.api.stop()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()
        if self.logs is not None:
            self.logs.mkdir(parents=True, exist_ok=True)
            for log in self.dir.glob("*.log"):
                shutil.copy(log, self.logs / log.name)
        shutil.rmtree(self.dir, ignore_errors=True)


def remove_orphans() -> None:
    """Stop the servers of clusters whose maker died without closing them; remove their files."""
    for directory in Path(tempfile.gettempdir()).glob(f"{PREFIX}*-*"):
        maker = directory.name[len(PREFIX):].split("-")[0]
        if not maker.isdigit() or netns.alive(int(maker)):
            continue
        if (directory / "postgres" / "postmaster.pid").exists():
            PrivatePostgres(directory, "", 0).stop()
        for pid in serving_from(directory):  # its redis-server
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(directory, ignore_errors=True)


def serving_from(directory: Path) -> list[int]:
    """Return the pids of the processes working in `directory` (redis-server's --dir)."""
    found = []
    for cwd in Path("/proc").glob("[0-9]*/cwd"):
        with suppress(OSError):
            if Path(os.readlink(cwd)).is_relative_to(directory):
                found.append(int(cwd.parent.name))
    return found
