"""Settings, read once from the environment (and an optional .env file)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import phonenumbers
from dotenv import dotenv_values

from store.db import ROOT

DEFAULT_COUNTRY = "US"  # where invitations go with no TWILIO_FROM to tell (console, Service)
DEV_SECRET = "dev-only-not-secret"  # SECRET_KEY unset: refused unless local only (store.secret)

# Each setting's environment name is its field name; the README's table documents every one.


@dataclass(frozen=True)
class Settings:
    PORT: int = 5000
    HOST: str = "127.0.0.1"
    PUBLIC_URL: str = ""
    SECRET_KEY: str = DEV_SECRET
    SECRET_KEY_FILE: str = "var/secret_key"  # make run's own key, read when SECRET_KEY is unset
    DATABASE_URL: str = ""
    REDIS_URL: str = ""
    TWILIO_ACCOUNT_SID: str = ""
    TWILIO_AUTH_TOKEN: str = ""
    TWILIO_FROM: str = ""
    TWILIO_MESSAGING_SERVICE_SID: str = ""
    TWILIO_API_BASE: str = "https://api.twilio.com"
    TWILIO_MPS: float = 1.0
    TWILIO_10DLC_TIER: str = "low_volume"  # a Messaging Service's pace (workers/pacing.py)
    SWEEP_SECONDS: float = 30.0
    SCHEDULER_SECONDS: float = 1.0  # how often RQ's scheduler queues the jobs now due
    SEND_TIMEOUT_SECONDS: float = 10.0
    SENDING_STALE_SECONDS: float = 30.0
    CLAIM_HEARTBEAT_SECONDS: float = 2.0
    SCHEDULER_CHECK_SECONDS: int = 5  # an idle worker's heartbeat: a dead RQ scheduler restarted
    RESTART_SECONDS: float = 1.0  # before a dead child process is started again (then doubling)
    # A send that failed for now is tried again after the first wait, then the second...; past
    # the last, each wait is the last one (store/delivery_state.py gives up after MAX_ATTEMPTS).
    RETRY_SECONDS: str = "2,10,30,120,600"
    MAIL_DOMAIN: str = "commons.localhost"
    SMTP_BRIDGE_PORT: int = 2525
    SMTP_BRIDGE_HOST: str = "127.0.0.1"
    SMTP_URL: str = ""
    MAILGUN_SIGNING_KEY: str = ""
    MAIL_CLEAN_SECONDS: float = 10.0  # a mail's cleaning, in a worker's child, is cut off here
    OPS_TOKEN: str = ""
    SPOOL_DIR: str = "var/spool"  # texts kept while the database and Redis are both away
    WORKERS: int = os.cpu_count() or 1  # worker processes `python -m workers` runs
    # Invitations to numbers (handlers/invitations.py): a member's strangers a day, an owner's
    # of a group with history, the countries texted, the hours of the invitee's clock, and
    # how long a bare YES takes one up (a YES months later is not an answer to it).
    INVITES_PER_DAY: int = 5
    INVITES_PER_DAY_OWNER: int = 20
    ALLOWED_COUNTRIES: str = ""  # "US,CA"; empty: the country of TWILIO_FROM (else US)
    INVITE_HOURS: str = "8-21"
    INVITE_DAYS: int = 30
    GROUP_REMINDERS_PER_MINUTE: int = 2  # a group's reminders set for one minute, at most

    def __post_init__(self) -> None:
        start, dash, end = self.INVITE_HOURS.partition("-")
        if not (dash and start.isdigit() and end.isdigit() and int(start) < 24
                and int(end) <= 24 and start != end):
            raise ValueError(f"INVITE_HOURS must be two hours, as in 8-21: {self.INVITE_HOURS!r}")
        # Whole seconds: RQ schedules a job to the second (workers/retries.py).
        if not all(part.strip().isdigit() and int(part) > 0
                   for part in self.RETRY_SECONDS.split(",")):
            raise ValueError("RETRY_SECONDS must be whole seconds, at least 1, as in 2,10,30: "
                             f"{self.RETRY_SECONDS!r}")

    @classmethod
    def from_env(cls, env: Mapping[str, str | None] | None = None) -> Settings:
        """Read every setting from `env` (default: .env overlaid by the process environment)."""
        if env is None:
            env = {**dotenv_values(ROOT / ".env"), **os.environ}
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = env.get(field.name)
            if raw in (None, ""):
                continue
            kind = type(field.default)
            values[field.name] = kind(raw) if kind in (int, float) else raw
        if "SECRET_KEY" not in values:  # the key `make run` generated, shared by every process
            kept = ROOT / values.get("SECRET_KEY_FILE", cls.SECRET_KEY_FILE)
            if kept.is_file():
                values["SECRET_KEY"] = kept.read_text().strip()
        return cls(**values)

    @property
    def allowed_countries(self) -> frozenset[str]:
        """Return the two-letter countries invitations may be texted to."""
        if self.ALLOWED_COUNTRIES.strip():
            return frozenset(c.strip().upper() for c in self.ALLOWED_COUNTRIES.split(",")
                             if c.strip())
        return frozenset({country_of(self.TWILIO_FROM) or DEFAULT_COUNTRY})

    @property
    def invite_hours(self) -> tuple[int, int]:
        """Return INVITE_HOURS as (first hour, hour it ends); 0-24 is any time."""
        start, _, end = self.INVITE_HOURS.partition("-")
        return int(start), int(end)

    @property
    def retry_seconds(self) -> tuple[int, ...]:
        """Return RETRY_SECONDS: the waits before a failed send's second attempt, third..."""
        return tuple(int(part) for part in self.RETRY_SECONDS.split(","))

    @property
    def channel(self) -> str:
        """Name the SMS channel: Twilio with an account, otherwise the console."""
        return "twilio" if self.TWILIO_ACCOUNT_SID else "console"


def country_of(phone: str | None) -> str | None:
    """Return the two-letter country of an E.164 number (its calling code's main one at worst)."""
    try:
        number = phonenumbers.parse(phone or "")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code is None:  # parse() sets it on every number it returns
        return None
    return (phonenumbers.region_code_for_number(number)
            or phonenumbers.region_code_for_country_code(number.country_code) or None)
