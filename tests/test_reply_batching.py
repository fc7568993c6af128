"""Replies waiting at once go out in one job, not one RQ job each, and each is sent once."""

from __future__ import annotations

import pytest
from redis import Redis
from rq import Queue

from loopback.crowds import accepted
from tests.deliveries import wait_until
from workers.enqueue import WAITING
from workers.queues import REPLIES, queue

PEOPLE = [f"+1415{3_100_000 + n:07d}" for n in range(30)]


# No sweep within the test: on a loaded machine a sweep could see the queue empty while the one
# job runs, and add a job that claims nothing, which the last check would count.
@pytest.mark.settings(SWEEP_SECONDS=120)
def test_replies_waiting_together_share_one_job_and_each_goes_once(crew):
    phones, workers = crew  # no worker runs until the texts are in
    for number in PEOPLE:
        phones.text(number, "help")
    redis = Redis.from_url(workers.settings.REDIS_URL)
    assert queue(redis, REPLIES).count == 1
    assert redis.llen(WAITING) == len(PEOPLE)
    workers.start()
    phones.settle(60)
    counts = accepted(phones.api)
    assert set(counts) == set(PEOPLE) and max(counts.values()) == 1
    replies = queue(redis, REPLIES)
    # No job queues another (one would be queued or running at almost every look); the one job
    # may still be closing when the last text arrives.
    wait_until(lambda: replies.count == 0 and replies.started_job_registry.count == 0,
               what="no reply job queued or running")


def test_replies_whose_job_a_dying_worker_took_are_sent_once_by_the_sweeper(crew):
    phones, workers = crew
    people = PEOPLE[:3]
    for number in people:
        phones.text(number, "help")
    redis = Redis.from_url(workers.settings.REDIS_URL)
    # A worker takes the replies' job off the queue and dies before it runs it.
    assert Queue.dequeue_any([queue(redis, REPLIES)], None, connection=redis)
    workers.start()
    phones.settle()
    counts = accepted(phones.api)
    assert set(counts) == set(people) and max(counts.values()) == 1
