"""The dashboard under test: apps on the real database and Redis, visitors, and texts.

Test modules import the fixtures they use from here. Members and posts are made the way people
make them, by texts through `handlers.inbound.take_in`; nothing of the system is mocked.
"""

from __future__ import annotations

import dataclasses
import re
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.app import create_app
from handlers.inbound import take_in
from loopback.services import free_port
from store.db import db
from store.models import Member, Outbox
from store.settings import Settings
from tests.conftest import clean, make_settings
from workers import runtime

OPS_TOKEN = "ops-token-for-tests-0123456789"
ALICE, BOB, CAROL, DAN = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
CODE = re.compile(r"\b(\d{6})\b")


@dataclasses.dataclass
class Site:
    """One app and its settings, emptied before each test."""

    app: Flask
    settings: Settings

    def visitor(self) -> Visitor:
        """Return a new browser-less visitor with an empty cookie jar."""
        return Visitor(self.app.test_client(), self)

    def text(self, sender: str, body: str) -> list[str]:
        """Text the system as `sender`; return the replies that sender got."""
        with db.connection_context():
            ctx = take_in(runtime.of(self.app), "console", f"test-{uuid.uuid4().hex}", sender, body)
            if ctx is None:
                return []
            rows = Outbox.select().where(Outbox.id.in_(ctx.outbox_ids or [0]),
                                         Outbox.member == ctx.member, Outbox.kind == "reply")
            return [row.body for row in rows.order_by(Outbox.id)]

    def texts(self, script: str) -> None:
        """Send each `+1555... > text` line of `script` in order."""
        for line in script.strip().splitlines():
            sender, _, body = line.strip().partition(" > ")
            self.text(sender, body)

    def last_code(self, to: str) -> str:
        """Return the login code most recently written to the number or address `to`."""
        with db.connection_context():
            row = (Outbox.select().where(Outbox.to == to, Outbox.body.contains("login code"))
                   .order_by(Outbox.id.desc()).first())
        assert row is not None, f"no code was written to {to}"
        found = CODE.search(row.body)
        assert found is not None, row.body
        return found.group(1)

    def member(self, phone: str) -> Member:
        with db.connection_context():
            return Member.get(Member.phone == phone)


class Visitor:
    """A person using the site through Flask's test client."""

    def __init__(self, client: FlaskClient, site: Site) -> None:
        self.client = client
        self.site = site

    def get(self, path: str, **kw):
        return self.client.get(path, **kw)

    def csrf(self, path: str = "/login") -> str:
        """Return the form token of this visitor's session, read from a page's form."""
        page = self.client.get(path).get_data(as_text=True)
        found = CSRF.search(page)
        assert found is not None, page
        return found.group(1)

    def post(self, path: str, data: dict, token_from: str = "/login", **kw):
        """Submit a form at `path` the way the page's form would, with its CSRF token."""
        return self.client.post(path, data={"csrf": self.csrf(token_from), **data}, **kw)

    def ask_code(self, address: str):
        return self.post("/login", {"address": address})

    def enter_code(self, code: str):
        return self.post("/login/code", {"code": code}, token_from="/login")

    def log_in(self, phone: str) -> Visitor:
        """Log in with a code sent to `phone`, as a person would."""
        assert self.ask_code(phone).status_code == 302
        response = self.enter_code(self.site.last_code(phone))
        assert response.status_code == 302 and response.location.endswith("/me"), response
        return self


def build(database_url: str, redis_url: str, twilio_api, **extra) -> Site:
    """Build an app for the suite's database and Redis, with the ops token set."""
    port = free_port()
    settings = make_settings(database_url, redis_url, twilio_api, port, OPS_TOKEN=OPS_TOKEN,
                             **extra)
    app = create_app(settings)
    app.config["TESTING"] = True
    return Site(app, settings)


# Fixtures are named apart from their functions: a test module imports `_site` and its tests
# take `site`, so no parameter shadows an import.
@pytest.fixture(scope="session", name="twilio_site_app")
def _twilio_site_app(database_url, redis_url, twilio_api) -> Site:
    return build(database_url, redis_url, twilio_api)


@pytest.fixture(scope="session", name="console_site_app")
def _console_site_app(database_url, redis_url, twilio_api) -> Site:
    return build(database_url, redis_url, twilio_api, TWILIO_ACCOUNT_SID="")


@pytest.fixture(name="site")
def _site(twilio_site_app) -> Site:
    """The dashboard of a Twilio deployment (no simulator), with everything emptied."""
    clean(twilio_site_app.settings.REDIS_URL)
    return twilio_site_app


@pytest.fixture(name="console_site")
def _console_site(console_site_app) -> Site:
    """The dashboard of a console deployment (the simulator is on), with everything emptied."""
    clean(console_site_app.settings.REDIS_URL)
    return console_site_app


def team(site: Site) -> None:
    """Alice's public @team with Bob in it, a task board, points, and Carol's private @home."""
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team Launch crew
    {BOB} > name bob
    {BOB} > join @team
    {CAROL} > name carol
    {CAROL} > create @home Family things
    {CAROL} > private @home
    {CAROL} > @home the secret recipe
    {ALICE} > task @team write the docs
    {ALICE} > task @team fix the printer
    {ALICE} > task @team order pizza
    {BOB} > claim 2
    {BOB} > done 3
    {ALICE} > thanks @bob for the pizza
    {ALICE} > @team first post #launch
    {BOB} > @team second post <script>alert(1)</script> "><img src=x onerror=alert(2)>
    """)


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)
