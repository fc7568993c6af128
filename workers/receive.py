"""One inbound text, from any channel: keep it, handle it, queue what it caused."""

from __future__ import annotations

import json
import logging

from peewee import IntegrityError

from handlers import handle_inbound
from handlers.context import Context
from store.db import db, has_returning
from store.models import Inbound, utcnow
from store.settings import Settings
from store.statements import Statement, slot
from workers.enqueue import queue_effects

log = logging.getLogger(__name__)

KEEP = Statement(lambda: Inbound.insert(
    channel=slot("channel"), provider_id=slot("provider_id"), sender=slot("sender"),
    body=slot("body"), media=slot("media"), address=slot("address"), status=slot("status"),
    subject=slot("subject"), received_at=slot("received_at"),
).returning(*([Inbound.id] if has_returning() else [])))


def store(channel: str, provider_id: str, sender: str, body: str,
          media: list[dict] | None = None, address: str | None = None,
          status: str = "received", subject: str | None = None) -> int | None:
    """Keep the raw text, claiming its provider id atomically; None for a replay."""
    try:
        with db.atomic():
            cursor = KEEP.execute(channel=channel, provider_id=provider_id, sender=sender,
                                  body=body, media=json.dumps(media or []), address=address,
                                  status=status, subject=subject, received_at=utcnow())
            return cursor.fetchone()[0] if has_returning() else cursor.lastrowid
    except IntegrityError:
        return None


def receive(settings: Settings, channel: str, provider_id: str, sender: str, body: str,
            media: list[dict] | None = None) -> Context | None:
    """Take one text through the whole pipeline; None when it was a replay."""
    inbound_id = store(channel, provider_id, sender, body, media)
    if inbound_id is None:
        log.info("replayed %s %s ignored", channel, provider_id)
        return None
    ctx = handle_inbound(inbound_id)
    if ctx is not None:
        queue_effects(settings.REDIS_URL, ctx)
    return ctx
