"""Twilio's webhooks: inbound texts and delivery status callbacks, both signed."""

from __future__ import annotations

import logging
import time

from flask import Blueprint, Response, abort, current_app, g, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from handlers.carrier_keywords import OPT_OUT_TYPES
from handlers.inbound import take_in
from parsers.intake import MAX_MEDIA, strip_controls
from store.settings import Settings
from workers import callbacks, runtime, spool
from workers.counters import observe_webhook

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


def check_signature() -> runtime.Runtime:
    """Refuse (403) anything not signed with our auth token; with no token, refuse everything.
    Return the app's runtime."""
    serving = runtime.of(current_app)
    settings = serving.settings
    signature = request.headers.get("X-Twilio-Signature", "")
    if not settings.TWILIO_AUTH_TOKEN or not signature:
        abort(403)
    validator = RequestValidator(settings.TWILIO_AUTH_TOKEN)
    # The whole form, repeated keys included: the signature covers every parameter received.
    if not validator.validate(signed_url(settings), request.form, signature):
        log.warning("bad Twilio signature for %s", request.path)
        abort(403)
    return serving


@bp.post("/sms/twilio")
def inbound() -> Response:
    """Take one inbound SMS or MMS; answer with empty TwiML, replies go out through the outbox.

    With the database away the text is spooled (workers/spool.py) and still answered 200:
    Twilio would not send it again.
    """
    serving = check_signature()
    text = _text()
    try:
        take_in(serving, "twilio", text["sid"], text["sender"], text["body"], text["media"],
                opt_out_type=text["opt_out_type"])
    except spool.DATABASE_DOWN as error:
        log.warning("database unavailable, text %s spooled: %s", text["sid"], error)
        spool.keep(serving, text)
    else:
        spool.lift_file(serving)  # what this host spooled while Redis was away too
    return Response(EMPTY_TWIML, mimetype="text/xml")


@bp.post("/sms/twilio/fallback")
def fallback() -> Response:
    """Twilio's fallback URL, called when the webhook failed: spool the text, replayed later."""
    serving = check_signature()
    text = _text()
    log.warning("text %s came by the fallback URL: spooled", text["sid"])
    spool.keep(serving, text)
    return Response(EMPTY_TWIML, mimetype="text/xml")


def _text() -> dict:
    """Read an inbound text's fields from Twilio's form (400 when it is no text)."""
    form = {key: strip_controls(value) for key, value in request.form.items()}
    sid, sender = form.get("MessageSid") or form.get("SmsSid"), form.get("From")
    if not sid or not sender or len(sid) > MAX_SID:
        abort(400)
    media = [{"url": form.get(f"MediaUrl{i}"), "type": form.get(f"MediaContentType{i}")}
             for i in range(min(_int(form.get("NumMedia")), MAX_MEDIA))]
    kind = form.get("OptOutType", "").strip().upper()
    return spool.entry(sid, sender, form.get("Body", ""), media,
                       kind if kind in OPT_OUT_TYPES else None)


@bp.post("/sms/twilio/status")
def status() -> Response:
    """Apply a delivery status callback (workers/callbacks.py).

    With the database away the callback is spooled, in its turn among the texts, and still
    answered: Twilio would not send it again.
    """
    serving = check_signature()
    form = {key: strip_controls(value) for key, value in request.form.items()}
    sid, state = form.get("MessageSid") or form.get("SmsSid"), form.get("MessageStatus")
    if not sid or not state or len(sid) > MAX_SID:
        abort(400)
    code, sender = _int(form.get("ErrorCode")) or None, form.get("From") or None
    row_id = _int(request.args.get("row")) or None
    try:
        callbacks.apply(serving, sid, state, code, sender, row_id)
    except spool.DATABASE_DOWN as error:
        log.warning("database unavailable, status %s of %s spooled: %s", state, sid, error)
        spool.keep(serving, callbacks.entry(sid, state, code, sender, row_id))
    return Response(status=204)


@bp.before_request
def _started() -> None:
    g.twilio_started = time.perf_counter()


@bp.after_request
def _timed(response: Response) -> Response:
    """Add the answer's time to the webhook histogram (/metrics); signed or not, all count."""
    started = g.pop("twilio_started", None)
    if started is not None:
        observe_webhook(runtime.of(current_app).redis(), request.path,
                        time.perf_counter() - started)
    return response


def _int(value: str | None) -> int:
    """Read a count, code or row id; 0 for anything else, so no column overflows."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS else 0
