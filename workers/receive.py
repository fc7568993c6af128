"""One inbound text, from any channel: keep it, handle it, queue what it caused."""

from __future__ import annotations

import json
import logging
import re

from peewee import IntegrityError

from handlers import handle_inbound
from handlers.context import Context
from handlers.phone_numbers import phone_number
from handlers.sizes import tell_cut
from parsers.intake import cap_body, strip_controls
from store.db import db, has_returning
from store.models import Inbound, utcnow
from store.settings import Settings
from store.statements import Statement, slot
from workers.enqueue import queue_effects

log = logging.getLogger(__name__)

# What a number can be written with; anything else ("whatsapp:+1...", a name, markup) is not a
# number that can take texts, however phonenumbers would read the digits inside it.
NUMBER_SHAPE = re.compile(r"\+?[0-9 ().-]{1,30}")
MAX_SENDER = 255  # the sender column: a refused sender is kept cut to it

KEEP = Statement(lambda: Inbound.insert(
    channel=slot("channel"), provider_id=slot("provider_id"), sender=slot("sender"),
    body=slot("body"), media=slot("media"), address=slot("address"), status=slot("status"),
    subject=slot("subject"), received_at=slot("received_at"), opt_out_type=slot("opt_out_type"),
    draft=slot("draft"),
).returning(*([Inbound.id] if has_returning() else [])))


def store(channel: str, provider_id: str, sender: str, body: str,
          media: list[dict] | None = None, address: str | None = None,
          status: str = "received", subject: str | None = None,
          opt_out_type: str | None = None, draft: str | None = None) -> int | None:
    """Keep the raw text, claiming its provider id atomically; None for a replay.

    Every door's text passes here: whatever a door missed, no control character is kept.
    `draft` is a mail's body as it came, for a worker to clean (handlers/mail_clean.py).
    """
    clean = strip_controls
    try:
        with db.atomic():
            cursor = KEEP.execute(channel=channel, provider_id=clean(provider_id),
                                  sender=clean(sender), body=clean(body),
                                  media=json.dumps(media or []),
                                  address=clean(address) or None, status=status,
                                  subject=clean(subject) if subject else None,
                                  received_at=utcnow(), opt_out_type=opt_out_type,
                                  draft=clean(draft) or None)
            return cursor.fetchone()[0] if has_returning() else cursor.lastrowid
    except IntegrityError:
        return None


def sender_number(raw: str, region: str = "US") -> str | None:
    """Return a sender as E.164, or None when it is not a number that can take texts."""
    raw = strip_controls(raw).strip()
    if not NUMBER_SHAPE.fullmatch(raw):
        return None
    return phone_number(raw, region)


def receive(settings: Settings, channel: str, provider_id: str, sender: str, body: str,
            media: list[dict] | None = None, opt_out_type: str | None = None) -> Context | None:
    """Take one text through the whole pipeline; None when it was a replay or refused.

    A sender that is no textable number is kept as a refused text: no member, no reply.
    `opt_out_type` is Twilio's word that it took the text for an opt-out, opt-in or help
    keyword, and answered it (handlers/carrier_keywords.py).
    """
    body, cut = cap_body(strip_controls(body))
    number = sender_number(sender)
    if number is None:
        store(channel, provider_id, strip_controls(sender)[:MAX_SENDER], body, media,
              status="refused")
        log.info("%s %s from a sender that is no textable number kept, refused", channel,
                 provider_id)
        return None
    inbound_id = store(channel, provider_id, number, body, media, opt_out_type=opt_out_type)
    if inbound_id is None:
        log.info("replayed %s %s ignored", channel, provider_id)
        return None
    ctx = handle_inbound(inbound_id, settings)
    if ctx is not None:
        if cut:
            tell_cut(ctx)
        queue_effects(settings.REDIS_URL, ctx)
    return ctx
