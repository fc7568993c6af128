"""Pacing: slots on a sender's line are handed out in order, never two at once."""

from __future__ import annotations

import time

import pytest
from redis import Redis
from rq import Worker

from loopback.crowds import OWNER, crowd
from tests.deliveries import STRANGER, wait_until
from workers.pacing import Pacer, Paused, pause, pause_key, service_rate

SERVICE = "MG" + "0" * 31 + "3"


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


def too_soon(times: list[float], since: float, per_second: float) -> list[int]:
    """Return which sends reached the provider sooner than a line of `per_second` allows.

    What the pacer promises: slots at least 1/per_second apart, the first no sooner than `since`
    (any moment before the first reservation), and no send before its slot. So the k-th request
    to arrive (from 0) is never sooner than k slots after `since`, however late any of them is
    (a late send can arrive right behind the next one: a loaded machine only makes them later).
    """
    return [k for k, at in enumerate(sorted(times)) if at - since < k / per_second]


def test_two_workers_together_keep_to_the_line_rate(crew, redis_url):
    phones, workers = crew
    crowd(25)
    band = crowd(25, handle="band", first=3_000_000)
    for _ in range(2):
        workers.start(TWILIO_MPS=10.0)
    redis = Redis.from_url(redis_url)
    wait_until(lambda: len(Worker.all(connection=redis)) == 2, timeout=30, what="two workers")
    since = time.time()
    phones.text(OWNER, "@crowd hello crowd")
    phones.text(OWNER, "@band hello band")  # a second post: a job for each worker
    phones.settle(30)
    sent = [r for r in phones.api.messages() if r["sid"]]
    assert len(sent) == 50
    times = [r["received_at"] for r in sent]
    to_band = [r["received_at"] for r in sent if r["to"] in band]
    to_crowd = [r["received_at"] for r in sent if r["to"] not in band]
    # Each post's sends began before the other's ended: one job on each worker, sharing the line.
    assert min(to_band) < max(to_crowd) and min(to_crowd) < max(to_band)
    assert too_soon(times, since, per_second=10.0) == []


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


def test_a_text_from_a_number_of_a_service_holds_both_lines(redis_url):
    redis = Redis.from_url(redis_url)
    service = ("MG" + "0" * 31 + "5", 2.0)  # the campaign's tier: 2 a second for all its numbers
    first = Pacer(redis, "+15005550010", per_second=10, also=[service])
    second = Pacer(redis, "+15005550011", per_second=10, also=[service])
    starts = sorted([first.slot(1)[0], second.slot(1)[0], first.slot(1)[0], second.slot(1)[0]])
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps == [first.length(1)] * 3 and first.length(1) >= 500  # the service's pace


def test_a_paused_line_hands_out_no_slot_until_the_pause_ends(redis_url):
    redis = Redis.from_url(redis_url)
    line = Pacer(redis, "+15005550012", per_second=10)
    started = time.monotonic()
    pause(redis, "+15005550012", 30)
    with pytest.raises(Paused) as paused:
        line.slot(1)
    # What is left of the 30 s: less only by the time gone since (and Redis's millisecond).
    left = 30 - (time.monotonic() - started) - 0.001
    assert left <= paused.value.seconds <= 30
    redis.delete(pause_key("+15005550012"))
    assert line.slot(1)[1] == 0  # nothing was reserved while it was paused


def test_the_10dlc_tier_names_a_rate_and_a_wrong_one_is_refused():
    assert service_rate("standard_high") == 75.0 and service_rate("12.5") == 12.5
    with pytest.raises(ValueError, match="TWILIO_10DLC_TIER='gold'"):
        service_rate("gold")


def test_a_messaging_service_is_paced_at_its_tier(crew):
    phones, workers = crew
    crowd(30)
    workers.start(TWILIO_MESSAGING_SERVICE_SID=SERVICE, TWILIO_FROM="", TWILIO_10DLC_TIER="10")
    since = time.time()
    phones.text(OWNER, "@crowd hello crowd")
    phones.settle(30)
    sent = [r for r in phones.api.messages() if r["sid"]]
    assert len(sent) == 30
    assert {(r["messaging_service_sid"], r["from"]) for r in sent} == {(SERVICE, None)}
    assert too_soon([r["received_at"] for r in sent], since, per_second=10.0) == []
