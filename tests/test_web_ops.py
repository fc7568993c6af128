"""/ops for operators: behind OPS_TOKEN, gone without one, and no actions from other sites."""

from __future__ import annotations

import base64
import dataclasses
from datetime import timedelta

import pytest

from gateway.app import create_app
from store.db import db
from store.models import Outbox, utcnow
from tests.webapp import (  # noqa: F401 - fixtures
    OPS_TOKEN,
    Site,
    _site,
    _twilio_site_app,
    team,
    text,
)


def basic(token: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"ops:{token}".encode()).decode()}


def failed_earlier(site, count: int) -> None:
    """Write `count` texts that failed three hours ago: nothing in the system moves them."""
    then = utcnow() - timedelta(hours=3)
    with db.connection_context():
        for n in range(count):
            Outbox.create(to=f"+1555010{n:04d}", body="lost", status="failed", error_code=21211,
                          error="number is not valid", created_at=then, updated_at=then)


def test_ops_needs_the_token_and_shows_queues_and_deliveries(site):
    team(site)
    failed_earlier(site, 2)
    visitor = site.visitor()
    assert visitor.get("/ops").status_code == 401
    assert visitor.get("/ops", headers=basic("wrong")).status_code == 401
    assert visitor.get("/ops/rq/").status_code == 401
    page = visitor.get("/ops", headers=basic(OPS_TOKEN))
    assert page.status_code == 200
    body = text(page)
    assert "<td>replies</td>" in body and "<td>posts</td>" in body
    # The session's worker may be delivering @team's texts meanwhile, so those counts move;
    # the failed ones are out of the last hour but within the day.
    assert "<tr><td>failed</td><td>0</td><td>2</td></tr>" in body
    assert "(21211): number is not valid" in body
    assert visitor.get("/ops", headers={"Authorization": f"Bearer {OPS_TOKEN}"}).status_code \
        == 200
    rq = visitor.get("/ops/rq/", headers=basic(OPS_TOKEN))
    assert rq.status_code == 200 and "RQ dashboard" in text(rq)
    assert "frame-ancestors 'none'" in rq.headers["Content-Security-Policy"]


@pytest.fixture
def no_ops_token(site):
    """The same deployment's dashboard, started with no ops token."""
    settings = dataclasses.replace(site.settings, OPS_TOKEN="")
    app = create_app(settings)
    app.config["TESTING"] = True
    return Site(app, settings)


def test_ops_is_off_without_a_token(no_ops_token):
    visitor = no_ops_token.visitor()
    assert visitor.get("/ops").status_code == 404
    assert visitor.get("/ops/rq/", headers=basic("")).status_code == 404


def test_ops_actions_are_refused_from_another_sites_page(site):
    visitor, login = site.visitor(), basic(OPS_TOKEN)
    for method, path in (("post", "/ops/rq/queue/replies/failed/empty"),
                         ("post", "/ops/rq/requeue/replies"),
                         ("get", "/ops/rq/requeue/replies")):  # an <img src> would do
        send = getattr(visitor.client, method)
        for elsewhere in ({}, {"Origin": "https://evil.example"},
                          {"Referer": "https://evil.example/page"}):
            assert send(path, headers={**login, **elsewhere}).status_code == 403, (path,
                                                                                   elsewhere)
        here = send(path, headers={**login, "Origin": "http://localhost"})
        assert here.status_code == 200, path
    bearer = {"Authorization": f"Bearer {OPS_TOKEN}"}  # a script's token: never sent by itself
    assert visitor.client.post("/ops/rq/requeue/replies", headers=bearer).status_code == 200
    assert visitor.get("/ops/rq/", headers=login).status_code == 200
