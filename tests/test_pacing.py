"""Pacing: slots on a sender's line are handed out in order, never two at once."""

from __future__ import annotations

from redis import Redis

from tests.crowds import OWNER, crowd
from tests.deliveries import STRANGER, wait_until
from workers.pacing import Pacer


def pacer(redis_url: str, sender: str, per_second: float) -> Pacer:
    redis = Redis.from_url(redis_url)
    redis.delete(f"commons:pace:{sender}")
    return Pacer(redis, sender, per_second)


def test_slots_follow_each_other_at_the_configured_rate(redis_url):
    line = pacer(redis_url, "+15005550006", per_second=10)
    starts = [line.slot(1)[0] for _ in range(10)]
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps == [line.length(1)] * 9 and line.length(1) >= 100


def test_the_first_send_on_a_free_line_does_not_wait(redis_url):
    assert pacer(redis_url, "+15005550009", per_second=1).slot(1)[1] == 0


def test_segments_cost_their_share_of_the_line(redis_url):
    line = pacer(redis_url, "+15005550007", per_second=3)
    first, _ = line.slot(3)
    second, _ = line.slot(1)
    # three segments at 3 per second hold the line for a second (and its slack)
    assert second - first == line.length(3) == 3 * line.length(1) >= 1000


def test_two_workers_share_one_line(redis_url):
    first = pacer(redis_url, "+15005550008", per_second=2)
    second = Pacer(Redis.from_url(redis_url), "+15005550008", per_second=2)
    starts = sorted([first.slot(1)[0], second.slot(1)[0], first.slot(1)[0], second.slot(1)[0]])
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps == [first.length(1)] * 3 and first.length(1) >= 500


def most_in_any_window(times: list[float], seconds: float) -> int:
    """Return the most of `times` that fall in any window `seconds` long."""
    times = sorted(times)
    most = start = 0
    for end, at in enumerate(times):
        while at - times[start] >= seconds:
            start += 1
        most = max(most, end - start + 1)
    return most


def test_two_workers_together_keep_to_the_line_rate(crew):
    phones, workers = crew
    crowd(40)
    for _ in range(2):
        workers.start(TWILIO_MPS=10.0)
    phones.text(OWNER, "@crowd hello crowd")
    phones.settle(30)
    sends = [r["received_at"] for r in phones.api.messages() if r["sid"]]
    assert len(sends) == 40
    # A generous window: two seconds, so the check is about the rate, not about jitter.
    assert most_in_any_window(sends, 2.0) <= 20


def test_a_reply_goes_ahead_of_a_queued_fan_out(crew):
    phones, workers = crew
    crowd(50)
    workers.start(TWILIO_MPS=10.0)
    phones.text(OWNER, "@crowd hello crowd")
    wait_until(lambda: len(phones.api.messages()) >= 5, what="the fan-out to start")
    phones.text(STRANGER, "help")
    phones.settle(30)
    order = [r["to"] for r in phones.api.messages() if r["sid"]]
    assert order.count(STRANGER) == 1 and len(order) == 51
    assert len(order) - order.index(STRANGER) > 30  # most of the fan-out was still to go
