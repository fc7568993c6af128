"""Twilio's webhooks: inbound texts and delivery status callbacks, both signed."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from parsers.intake import MAX_MEDIA, strip_controls
from store.db import db
from store.delivery_state import apply_status
from store.settings import Settings
from workers.receive import receive

log = logging.getLogger(__name__)
bp = Blueprint("twilio", __name__)

EMPTY_TWIML = str(MessagingResponse())
MAX_DIGITS = 9  # fits an integer column; no code, count or row id of ours is longer
MAX_SID = 64  # Twilio's sids are 34 characters; a longer one is no request of Twilio's


def signed_url(settings: Settings) -> str:
    """Return the URL Twilio signed: PUBLIC_URL (behind a proxy) + path + query."""
    base = settings.PUBLIC_URL.rstrip("/") if settings.PUBLIC_URL else request.host_url.rstrip("/")
    query = request.query_string.decode("latin-1")
    return base + request.path + (f"?{query}" if query else "")


def check_signature() -> Settings:
    """Refuse (403) anything not signed with our auth token; with no token, refuse everything."""
    settings: Settings = current_app.config["COMMONS"]
    signature = request.headers.get("X-Twilio-Signature", "")
    if not settings.TWILIO_AUTH_TOKEN or not signature:
        abort(403)
    validator = RequestValidator(settings.TWILIO_AUTH_TOKEN)
    # The whole form, repeated keys included: the signature covers every parameter received.
    if not validator.validate(signed_url(settings), request.form, signature):
        log.warning("bad Twilio signature for %s", request.path)
        abort(403)
    return settings


@bp.post("/sms/twilio")
def inbound() -> Response:
    """Take one inbound SMS or MMS; answer with empty TwiML, replies go out through the outbox."""
    settings = check_signature()
    form = {key: strip_controls(value) for key, value in request.form.items()}
    sid, sender = form.get("MessageSid") or form.get("SmsSid"), form.get("From")
    if not sid or not sender or len(sid) > MAX_SID:
        abort(400)
    media = [{"url": form.get(f"MediaUrl{i}"), "type": form.get(f"MediaContentType{i}")}
             for i in range(min(_int(form.get("NumMedia")), MAX_MEDIA))]
    receive(settings, "twilio", sid, sender, form.get("Body", ""), media)
    return Response(EMPTY_TWIML, mimetype="text/xml")


@bp.post("/sms/twilio/status")
def status() -> Response:
    """Apply a delivery status callback, once per (sid, status), never moving a row backwards."""
    check_signature()
    form = {key: strip_controls(value) for key, value in request.form.items()}
    sid, state = form.get("MessageSid") or form.get("SmsSid"), form.get("MessageStatus")
    if not sid or not state or len(sid) > MAX_SID:
        abort(400)
    with db.atomic():
        apply_status(sid, state, _int(form.get("ErrorCode")) or None,
                     _int(request.args.get("row")) or None)
    return Response(status=204)


def _int(value: str | None) -> int:
    """Read a count, code or row id; 0 for anything else, so no column overflows."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS else 0
