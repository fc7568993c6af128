"""/metrics for Prometheus (text format), behind OPS_TOKEN as /ops is.

Read at scrape time, from Redis and the database, never from the scraped process's memory: the
web, the workers and the SMTP bridge run as many processes on many hosts, and each adds its
counts to Redis (workers/counters.py) or writes rows, so any web process answers for the whole
deployment. (prometheus_client's multiprocess mode adds up the processes of one host only, and
workers on other hosts would be missing.) Scrape one web process, not each.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, current_app
from peewee import fn
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector, CollectorRegistry
from redis.exceptions import RedisError
from rq import Worker
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

from handlers import pauses
from store.carrier import YES_OPT_IN, OpsAlert
from store.db import tuples
from store.delivery_state import IN_FLIGHT
from store.models import Member, Outbox, utcnow
from store.reminders import PENDING, Reminder
from store.tallies import TALLIES
from workers import counters, runtime
from workers.enqueue import WAITING
from workers.queues import QUEUE_NAMES

bp = Blueprint("metrics", __name__)
WAITING_STATUSES = (*IN_FLIGHT, "quiet")  # rows not yet sent, as the outbox holds them


class Deployment(Collector):
    """Every metric of one deployment, read when Prometheus asks."""

    def __init__(self, serving: runtime.Runtime) -> None:
        self.runtime = serving

    def collect(self) -> Iterator[Metric]:
        try:
            yield from self.queues()
            yield from self.redis_counts()
        except RedisError:
            up = GaugeMetricFamily("commons_redis_up", "Whether Redis answered this scrape")
            up.add_metric([], 0)
            yield up
        yield from self.database()

    def queues(self) -> Iterator[Metric]:
        jobs = GaugeMetricFamily("commons_queue_jobs", "RQ jobs by queue and state",
                                 labels=["queue", "state"])
        for name in QUEUE_NAMES:
            q = self.runtime.queue(name)
            for state, count in (("waiting", q.count),
                                 ("running", StartedJobRegistry(queue=q).count),
                                 ("scheduled", ScheduledJobRegistry(queue=q).count),
                                 ("failed", FailedJobRegistry(queue=q).count)):
                jobs.add_metric([name, state], count)
        yield jobs
        redis = self.runtime.redis()
        waiting = GaugeMetricFamily("commons_replies_waiting",
                                    "Reply texts listed for the next reply job")
        waiting.add_metric([], redis.llen(WAITING))
        yield waiting
        workers = GaugeMetricFamily("commons_workers", "Worker processes registered in Redis")
        workers.add_metric([], Worker.count(connection=redis))
        yield workers

    def redis_counts(self) -> Iterator[Metric]:
        redis = self.runtime.redis()
        sends = CounterMetricFamily(
            "commons_sends", "Send outcomes (sent, retried, failed) and delivery reports "
            "(delivered, undelivered, failed) by channel and error code",
            labels=["channel", "status", "error_code"])
        for (channel, status, code), count in sorted(counters.sends(redis).items(),
                                                     key=lambda item: str(item[0])):
            sends.add_metric([channel, status, str(code or "")], count)
        yield sends
        latency = HistogramMetricFamily("commons_webhook_seconds",
                                        "Time to answer Twilio's webhooks", labels=["path"])
        for path, (buckets, total, _) in sorted(counters.webhooks(redis).items()):
            latency.add_metric([path], buckets, total)
        yield latency

    def database(self) -> Iterator[Metric]:
        now = utcnow()
        rows = GaugeMetricFamily("commons_outbox_waiting", "Outbox rows not yet sent",
                                 labels=["channel", "status"])
        for channel, status, count in tuples(Outbox.select(Outbox.channel, Outbox.status,
                                                           fn.COUNT(Outbox.id))
                                             .where(Outbox.status.in_(WAITING_STATUSES))
                                             .group_by(Outbox.channel, Outbox.status)):
            rows.add_metric([channel, status], count)
        yield rows
        oldest = (Reminder.select(fn.MIN(Reminder.due_at))
                  .where(Reminder.status == PENDING, Reminder.due_at <= now).scalar())
        lag = GaugeMetricFamily("commons_reminder_lag_seconds",
                                "How long the most overdue reminder has waited past its time")
        lag.add_metric([], (now - oldest).total_seconds() if oldest else 0.0)
        yield lag
        paused = GaugeMetricFamily("commons_sender_paused",
                                   "Senders paused after carrier filtering (30007), 1 each",
                                   labels=["sender"])
        for alert in pauses.active(now):
            paused.add_metric([alert.subject], 1)
        yield paused
        unreachable = GaugeMetricFamily("commons_members_unreachable",
                                        "Members whose phone no longer takes texts")
        unreachable.add_metric([], Member.select().where(
            Member.unreachable_at.is_null(False) | Member.phone_invalid).count())
        yield unreachable
        misread = CounterMetricFamily(
            "commons_opt_in_misreads", "Answers Twilio took for an opt-in keyword (YES)")
        misread.add_metric([], OpsAlert.select().where(OpsAlert.kind == YES_OPT_IN).count())
        yield misread
        for name, (description, count) in sorted(TALLIES.items()):
            counted = CounterMetricFamily(f"commons_{name}", description)
            counted.add_metric([], count())
            yield counted


@bp.get("/metrics")
def metrics() -> Response:
    """Serve every metric in Prometheus' text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(Deployment(runtime.of(current_app)))
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
