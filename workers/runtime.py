"""What one process runs with: its settings, and the clients and channels made from them.

An entry point (the app factory, `python -m workers`, `make text`, the SMTP bridge, `commons`)
builds one Runtime from its settings and passes it down; each client is made the first time it
is asked for, and kept on the Runtime, not in the process. Web code finds the app's with
`of(current_app)`. RQ calls a job with the plain values it was queued with, so a job cannot be
handed one: the worker runs its jobs inside `serving(runtime)`, and a job reads `current()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from typing import Any

from redis import Redis
from rq import Queue

from handlers.context import Context
from store.settings import Settings
from workers.channels import Channel, channel_for
from workers.channels.smtp import ConsoleMailChannel, SmtpChannel, mail_channel_for
from workers.claims import Heartbeat
from workers.enqueue import queue_effects
from workers.pacing import Pacer, service_rate
from workers.queues import connect, queue

APP_KEY = "commons"  # where the app factory keeps the app's Runtime: app.extensions[APP_KEY]

_serving: ContextVar[Runtime] = ContextVar("runtime")


class Runtime:
    """One deployment as this process sees it: settings, Redis clients, channels, heartbeat."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._clients: dict[bool, Redis] = {}

    def redis(self, blocking: bool = False) -> Redis:
        """Return the process's client for REDIS_URL (a worker's BLPOP one when `blocking`)."""
        if blocking not in self._clients:
            self._clients[blocking] = connect(self.settings.REDIS_URL, blocking)
        return self._clients[blocking]

    def queue(self, name: str) -> Queue:
        """Return the RQ queue `name` on this deployment's Redis."""
        return queue(self.redis(), name)

    def queue_effects(self, ctx: Context) -> None:
        """Queue the texts and fan-outs a handled text caused (handlers.inbound.take_in)."""
        queue_effects(self.redis(), ctx)

    @cached_property
    def sms(self) -> tuple[Channel, Pacer | None]:
        """The SMS channel and, for Twilio, the pacer of the lines its texts go out on.

        A number is paced at TWILIO_MPS, a Messaging Service at its 10DLC tier
        (TWILIO_10DLC_TIER): Twilio would queue what a service is sent beyond it, and a reply
        would wait behind a fan-out there, out of our reach; a text from one number of a
        service holds both lines.
        """
        settings = self.settings
        channel = channel_for(settings)
        if channel.name != "twilio":
            return channel, None
        service = settings.TWILIO_MESSAGING_SERVICE_SID
        if not service:
            return channel, Pacer(self.redis(), settings.TWILIO_FROM, settings.TWILIO_MPS)
        rate = service_rate(settings.TWILIO_10DLC_TIER)
        if settings.TWILIO_FROM:
            return channel, Pacer(self.redis(), settings.TWILIO_FROM, settings.TWILIO_MPS,
                                  also=[(service, rate)])
        return channel, Pacer(self.redis(), service, rate)

    @cached_property
    def mail(self) -> SmtpChannel | ConsoleMailChannel:
        """The mail channel: SMTP_URL's server, or the console."""
        return mail_channel_for(self.settings.SMTP_URL, self.settings.SEND_TIMEOUT_SECONDS)

    @cached_property
    def heartbeat(self) -> Heartbeat | None:
        """The claim heartbeat of this process's jobs (none without Redis)."""
        settings = self.settings
        if not settings.REDIS_URL:
            return None
        return Heartbeat(self.redis(), settings.CLAIM_HEARTBEAT_SECONDS,
                         settings.SENDING_STALE_SECONDS)

    def close(self) -> None:
        """Close the Redis clients made so far (the embedded server counts its connections)."""
        for client in self._clients.values():
            client.close()
        self._clients.clear()


@contextmanager
def serving(runtime: Runtime) -> Iterator[Runtime]:
    """Run the jobs of a block (a worker's, or a test's in-process ones) with `runtime`."""
    token = _serving.set(runtime)
    try:
        yield runtime
    finally:
        _serving.reset(token)


def current() -> Runtime:
    """Return the Runtime the running job is served with; a job run outside `serving` is a bug."""
    runtime = _serving.get(None)
    if runtime is None:
        raise RuntimeError("no runtime: run jobs inside workers.runtime.serving(runtime)")
    return runtime


def of(app: Any) -> Runtime:
    """Return the Runtime the app factory gave a Flask app (web code: `of(current_app)`)."""
    return app.extensions[APP_KEY]
