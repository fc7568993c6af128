"""/metrics: Prometheus' text format behind OPS_TOKEN, the whole deployment's numbers in it.

The texts come through the signed webhooks and go out through a worker process of their own;
/metrics is read from another app on the same database and Redis, as Prometheus scraping one
web process of several would.
"""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from loopback.crowds import accepted
from store.db import db
from store.models import DeliveryEvent, Member, utcnow
from store.reminders import Reminder
from tests.deliveries import ALICE, BOB, CAROL, make_group, wait_until
from tests.webapp import OPS_TOKEN, _site, _twilio_site_app  # noqa: F401 - fixtures

pytestmark = pytest.mark.full_stack


def scrape(site) -> dict[str, dict[tuple, float]]:
    """Read /metrics as Prometheus would; return each sample's value by name and labels."""
    token = base64.b64encode(f"prometheus:{OPS_TOKEN}".encode()).decode()
    page = site.visitor().get("/metrics", headers={"Authorization": f"Basic {token}"})
    assert page.status_code == 200 and page.content_type.startswith("text/plain; version=")
    found: dict[str, dict[tuple, float]] = {}
    for family in text_string_to_metric_families(page.get_data(as_text=True)):
        for sample in family.samples:
            found.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def scrape_until(site, check, timeout: float = 60) -> dict[str, dict[tuple, float]]:
    """Scrape until `check` holds of what was read; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check(found := scrape(site)):
        assert time.monotonic() < deadline, f"gave up waiting for the counts: {found}"
        time.sleep(0.05)
    return found


def test_metrics_count_answers_once_a_member_a_question(phones, site):
    make_group(phones)
    phones.text(ALICE, "ask @team pizza friday?")
    phones.settle()
    phones.text(BOB, "yes")
    phones.text(CAROL, "no")
    phones.settle()
    assert scrape_until(site, lambda f: f.get("commons_answers_total", {}).get(()) == 2)
    phones.text(BOB, "no")  # a changed answer replaces the first: still one answer of bob's
    phones.settle()
    assert scrape(site)["commons_answers_total"][()] == 2


def test_metrics_need_the_ops_token(site):
    assert site.visitor().get("/metrics").status_code == 401
    bearer = {"Authorization": "Bearer wrong"}
    assert site.visitor().get("/metrics", headers=bearer).status_code == 401


SENT = (("channel", "sms"), ("error_code", ""), ("status", "sent"))


def test_metrics_count_sends_reports_webhooks_queues_and_late_reminders(phones, site,
                                                                         deployment):
    phones.api.deliver_to(CAROL, "sent", "delivered")
    phones.api.deliver_to(BOB, "sent", "undelivered", code=30005)
    make_group(phones)  # 4 texts in, each answered
    phones.text(ALICE, "@team hello")
    phones.settle()
    wait_until(lambda: DeliveryEvent.select().count() == 8, what="4 texts' 2 reports each")
    taken = sum(accepted(phones.api).values())
    # Counted by the worker process just after it wrote the sends: wait for the last of them.
    found = scrape_until(site, lambda f: f.get("commons_sends_total", {}).get(SENT) == taken)
    sends = found["commons_sends_total"]
    assert sends[(("channel", "sms"), ("error_code", ""), ("status", "delivered"))] == 2
    assert sends[(("channel", "sms"), ("error_code", "30005"), ("status", "undelivered"))] == 2
    inbound = (("path", "/sms/twilio"),)
    assert found["commons_webhook_seconds_count"][inbound] == 5
    assert found["commons_webhook_seconds_bucket"][(("le", "+Inf"), ("path", "/sms/twilio"))] \
        == 5
    assert found["commons_webhook_seconds_count"][(("path", "/sms/twilio/status"),)] >= 4
    assert found["commons_queue_jobs"][(("queue", "posts"), ("state", "waiting"))] == 0
    assert found["commons_reminder_lag_seconds"][()] == 0
    assert found["commons_members_unreachable"][()] == 0

    deployment[2].stop()  # no worker: a reminder due 5 minutes ago stays unfired
    with db.connection_context():
        Reminder.create(member=Member.get(Member.phone == ALICE), text="call the printer",
                        due_at=utcnow() - timedelta(minutes=5))
    assert scrape(site)["commons_reminder_lag_seconds"][()] >= 300
