"""Texts that came while the database could not take them: kept, then replayed in order, once.

Twilio does not retry an inbound webhook: a text answered 500 is gone. So when the database
fails, the webhook (and Twilio's fallback URL, which Twilio calls when the webhook fails) keeps
the text here and answers 200. The spool is a sorted set in Redis, scored by arrival time; when
Redis is away too, a line in a local append-only file (SPOOL_DIR/texts.jsonl, fsynced), lifted
into Redis by the next webhook or sweep that finds Redis back. The sweeper replays the spool,
oldest first, through the same way in as a webhook (handlers.inbound.take_in): a text is kept once
by its MessageSid, so an entry replayed twice (a sweeper killed between storing and removing
it) is a no-op the second time. An entry that fails for any reason but the database is set
aside (SPOOL_FAILED, kept a week) so it cannot hold up the ones behind it.

Delivery status callbacks that come while the database is away are kept the same way, in the
same spool (workers/callbacks.py's entries, with "kind": "status"), so a text's "delivered"
or "undelivered" is applied in its turn; applying one twice changes nothing.

Redis keeps the spool only as well as it keeps anything: run it with appendonly (AOF) where
texts must survive a Redis crash during a database outage.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from peewee import InterfaceError, OperationalError
from redis.exceptions import RedisError

from handlers.inbound import take_in
from store.db import ROOT
from store.settings import Settings
from workers import callbacks
from workers.runtime import Runtime

log = logging.getLogger(__name__)

SPOOL = "commons:spool:texts"  # sorted set: JSON entry -> arrival time
SPOOL_FAILED = "commons:spool:failed"  # entries that failed for another reason than the database
FAILED_TTL = 7 * 24 * 3600
REPLAYING = "commons:spool:replaying"  # one replayer at a time, across hosts
REPLAY_LOCK_SECONDS = 120
MAX_REPLAY = 2_000  # entries a sweep replays; the next sweep takes the rest
FILE = "texts.jsonl"
DATABASE_DOWN = (OperationalError, InterfaceError)  # what a lost or refusing database raises


def entry(sid: str, sender: str, body: str, media: list[dict],
          opt_out_type: str | None) -> dict:
    """Return what is kept of a text: the webhook's fields, and when it came."""
    return {"at": time.time(), "sid": sid, "sender": sender, "body": body, "media": media,
            "opt_out_type": opt_out_type}


def keep(runtime: Runtime, text: dict) -> str:
    """Spool `text` in Redis, else in the local file; say where ("redis" or "file")."""
    settings = runtime.settings
    line = json.dumps(text, sort_keys=True)
    try:
        runtime.redis().zadd(SPOOL, {line: text["at"]})
        return "redis"
    except RedisError as error:
        log.warning("Redis unavailable too, text %s spooled to a file: %s", text["sid"], error)
    with _locked(settings) as spool:
        spool.seek(0, os.SEEK_END)
        spool.write(line.encode() + b"\n")
        spool.flush()
        os.fsync(spool.fileno())
    return "file"


def waiting(runtime: Runtime) -> int:
    """Count the texts spooled in Redis and in this host's file."""
    lines = file_lines(runtime.settings)
    try:
        return runtime.redis().zcard(SPOOL) + len(lines)
    except RedisError:
        return len(lines)


def lift_file(runtime: Runtime) -> int:
    """Move this host's spooled file into Redis, keeping arrival times; return how many."""
    settings = runtime.settings
    path = spool_path(settings)
    if not path.is_file() or path.stat().st_size == 0:
        return 0
    with _locked(settings) as spool:
        lines = [line for line in spool.read().decode().splitlines() if line.strip()]
        if lines:
            try:
                runtime.redis().zadd(
                    SPOOL, {line: json.loads(line)["at"] for line in lines})
            except RedisError:
                return 0
        spool.seek(0)
        spool.truncate()
    return len(lines)


def replay(runtime: Runtime) -> int:
    """Take spooled texts in order, oldest first, while the database takes them; return how many.

    With Redis away, this host's file is replayed straight into the database.
    """
    try:
        lift_file(runtime)
        redis = runtime.redis()
        if not redis.set(REPLAYING, os.getpid(), nx=True, ex=REPLAY_LOCK_SECONDS):
            return 0  # another sweeper is at it
    except RedisError:
        return _replay_file(runtime)
    try:
        done = 0
        while done < MAX_REPLAY:
            first = redis.zrange(SPOOL, 0, 0)
            if not first:
                break
            line = cast(bytes, first[0])
            if not _take(runtime, line):
                break  # the database is still away: keep it, and the rest, for the next sweep
            redis.zrem(SPOOL, line)
            done += 1
        return done
    finally:
        redis.delete(REPLAYING)


def _replay_file(runtime: Runtime) -> int:
    """Replay this host's file straight into the database (Redis is away); return how many."""
    settings = runtime.settings
    if not spool_path(settings).is_file():
        return 0
    with _locked(settings) as spool:
        lines = [line for line in spool.read().decode().splitlines() if line.strip()]
        done = 0
        for line in lines:
            if not _take(runtime, line, redis_up=False):
                break
            done += 1
        spool.seek(0)
        spool.truncate()
        spool.write("".join(f"{line}\n" for line in lines[done:]).encode())
        spool.flush()
        os.fsync(spool.fileno())
    return done


def _take(runtime: Runtime, line: str | bytes, redis_up: bool = True) -> bool:
    """Hand one spooled text to the way in (a callback to be applied); False when the database
    is still away."""
    try:
        text = json.loads(line)
        if text.get("kind") == callbacks.STATUS:
            callbacks.apply_kept(runtime, text)
        else:
            take_in(runtime, "twilio", text["sid"], text["sender"], text["body"], text["media"],
                    opt_out_type=text["opt_out_type"])
        return True
    except DATABASE_DOWN as error:
        log.warning("database still unavailable, spooled texts wait: %s", error)
        return False
    except Exception:  # a text that cannot be taken must not hold up the ones behind it
        log.exception("a spooled text could not be taken; set aside in %s", SPOOL_FAILED)
        if redis_up:
            try:
                redis = runtime.redis()
                redis.rpush(SPOOL_FAILED, line)
                redis.expire(SPOOL_FAILED, FAILED_TTL)
            except RedisError:
                pass
        return True


def spool_path(settings: Settings) -> Path:
    """Return this host's spool file (SPOOL_DIR, relative to the checkout unless absolute)."""
    return ROOT / settings.SPOOL_DIR / FILE


def file_lines(settings: Settings) -> list[str]:
    """Return the texts spooled in this host's file, oldest first, as JSON lines."""
    path = spool_path(settings)
    if not path.is_file():
        return []
    return [line for line in path.read_text().splitlines() if line.strip()]


@contextmanager
def _locked(settings: Settings) -> Iterator:
    """Open the spool file for reading and appending, locked against this host's others."""
    path = spool_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as spool:
        fcntl.flock(spool, fcntl.LOCK_EX)
        try:
            spool.seek(0)
            yield spool
        finally:
            fcntl.flock(spool, fcntl.LOCK_UN)
