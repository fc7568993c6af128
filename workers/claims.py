"""Claim tokens: which job holds an outbox row, and whether that job is still alive.

A delivery job claims its rows under a token naming its host and process. While the job runs,
a heartbeat keeps `commons:claim:<token>` alive in Redis; when the job ends, the key is kept a
while longer as "ended". A token whose key is gone belongs to a job that died (a SIGKILL, a lost
host), so the sweeper can hand its rows on in seconds instead of waiting out the job timeout.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

PREFIX = "commons:claim:"
# A job silent for this many beats (CLAIM_HEARTBEAT_SECONDS) is dead: one missed beat is not.
ALIVE_BEATS = 5
# An ended job's key is kept this many times the sweeper's wait for its unanswered sends
# (SENDING_STALE_SECONDS): those rows are settled by the slow rule, not taken for a dead job's.
ENDED_STALES = 2


def new_token() -> str:
    """Return a fresh claim token naming this host and process, so a row shows who took it."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


class Heartbeat:
    """Keeps the claim tokens of this process's running jobs alive in Redis."""

    def __init__(self, redis: Redis, beat_seconds: float, sending_stale_seconds: float) -> None:
        self.redis = redis
        self.beat_seconds = beat_seconds
        self.alive_ms = round(ALIVE_BEATS * beat_seconds * 1000)
        self.ended_ms = round(ENDED_STALES * sending_stale_seconds * 1000)
        self.tokens: set[str] = set()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    @contextmanager
    def holding(self, token: str) -> Iterator[None]:
        """Keep `token` alive while the block runs, then mark it ended."""
        self.redis.set(PREFIX + token, "alive", px=self.alive_ms)
        with self.lock:
            self.tokens.add(token)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._beat, name="claim-heartbeat",
                                               daemon=True)
                self.thread.start()
        try:
            yield
        finally:
            with self.lock:
                self.tokens.discard(token)
            try:
                self.redis.set(PREFIX + token, "ended", px=self.ended_ms)
            except RedisError:  # Redis away: the rows' own age settles them
                pass

    def _beat(self) -> None:
        stop = threading.Event()
        while not stop.wait(self.beat_seconds):
            with self.lock:
                tokens = list(self.tokens)
                if not tokens:  # no job running: the next one starts a new thread
                    self.thread = None
                    return
            try:
                pipe = self.redis.pipeline(transaction=False)
                for token in tokens:
                    pipe.set(PREFIX + token, "alive", px=self.alive_ms)
                pipe.execute()
            except RedisError as error:  # a restarted Redis gets the keys back on the next beat
                log.warning("claim heartbeat failed: %s", error)


def dead(redis: Redis, tokens: Iterable[str]) -> set[str]:
    """Return the tokens among `tokens` whose job is neither running nor recently ended."""
    tokens = sorted(set(tokens))
    if not tokens:
        return set()
    found = redis.mget([PREFIX + token for token in tokens])
    return {token for token, value in zip(tokens, found, strict=True) if value is None}
