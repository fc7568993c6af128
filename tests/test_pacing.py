"""Pacing: slots on a sender's line are handed out in order, never two at once."""

from __future__ import annotations

from redis import Redis

from workers.pacing import Pacer


def pacer(redis_url: str, sender: str, per_second: float) -> Pacer:
    redis = Redis.from_url(redis_url)
    redis.delete(f"commons:pace:{sender}")
    return Pacer(redis, sender, per_second)


def test_slots_follow_each_other_at_the_configured_rate(redis_url):
    line = pacer(redis_url, "+15005550006", per_second=10)
    starts = [line.slot(1)[0] for _ in range(10)]
    assert [b - a for a, b in zip(starts, starts[1:], strict=False)] == [100] * 9


def test_the_first_send_on_a_free_line_does_not_wait(redis_url):
    assert pacer(redis_url, "+15005550009", per_second=1).slot(1)[1] == 0


def test_segments_cost_their_share_of_the_line(redis_url):
    line = pacer(redis_url, "+15005550007", per_second=3)
    first, _ = line.slot(3)
    second, _ = line.slot(1)
    assert second - first == 1000  # three segments at 3 per second hold the line for a second


def test_two_workers_share_one_line(redis_url):
    first = pacer(redis_url, "+15005550008", per_second=2)
    second = Pacer(Redis.from_url(redis_url), "+15005550008", per_second=2)
    starts = sorted([first.slot(1)[0], second.slot(1)[0], first.slot(1)[0], second.slot(1)[0]])
    assert [b - a for a, b in zip(starts, starts[1:], strict=False)] == [500, 500, 500]
