"""Fixed-window rate limits counted in Redis, shared by every web process."""

from __future__ import annotations

import hashlib

from redis import Redis
from redis.exceptions import RedisError

WINDOW = 15 * 60  # seconds
CODES_PER_ADDRESS = 3  # codes asked for one number or email address per window
CODES_PER_IP = 10  # codes asked for from one client address, across numbers
GUESSES_PER_ADDRESS = 10  # codes typed for one number or address, across its codes
GUESSES_PER_IP = 20
TEXTS_PER_IP = 60  # simulator texts from one client address
TEXTS_PER_MEMBER = 60  # text-box texts from one logged-in member


def over(redis: Redis, kind: str, key: str, limit: int, window: int = WINDOW) -> bool:
    """Count one more `kind` event for `key`; tell whether that passes `limit` in the window."""
    name = f"web:limit:{kind}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    try:
        with redis.pipeline() as pipe:
            pipe.set(name, 0, ex=window, nx=True)  # the window starts with its first event
            pipe.incr(name)
            _, count = pipe.execute()
    except RedisError:
        return True  # no counter, no codes: failing closed is the safe side for logins
    return int(count) > limit

