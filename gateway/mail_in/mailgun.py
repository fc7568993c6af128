"""Mailgun's inbound route: `POST /email/inbound`, its form fields made a mail for the bridge.

Mailgun signs each post: hex HMAC-SHA256 of timestamp + token, keyed by MAILGUN_SIGNING_KEY.
A bad or missing signature, a timestamp more than 15 minutes off, or a token seen before is
refused with 403 and changes nothing. An address we do not take gets 406, which tells Mailgun
not to retry; an error gets 500, and Mailgun retries. Accepted mail gets 200. A post over
MAX_POST gets 413 and nothing is kept: counted while the body is read, signed or not, so a
chunked upload (no Content-Length) is stopped as surely as one that announces its size. The
body is read into a spooled file (memory up to IN_MEMORY, then disk) before any field is
parsed, so a post costs the same memory however large it claims, or turns out, to be.

The route only checks, keeps and queues: the mail is kept as it came and cleaned by a worker
(gateway/mail_in/bridge.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from tempfile import SpooledTemporaryFile

from flask import Blueprint, Response, abort, current_app, request
from redis.exceptions import RedisError
from werkzeug.datastructures import MultiDict
from werkzeug.wsgi import get_content_length, get_input_stream

from gateway.mail_in.bridge import UnreadableMail, accepts, longest_header, receive
from handlers.mail_clean import MAX_RAW
from workers import runtime

log = logging.getLogger(__name__)
bp = Blueprint("mailgun", __name__)

MAX_AGE = 15 * 60  # seconds a signature stays good; its token is remembered a little longer
MAX_POST = 30 * 1024 * 1024  # bytes; Mailgun takes mail up to 25 MB, its fields add a little
IN_MEMORY = 1024 * 1024  # bytes of a post held in memory while it is read; the rest on disk
READ_SIZE = 64 * 1024
# Headers that describe the original MIME body, which is rebuilt here from the parsed fields.
BODY_HEADERS = {"content-type", "content-transfer-encoding", "mime-version", "content-length"}


def read_form() -> tuple[MultiDict, MultiDict]:
    """Read the post, counting, into a spooled file (413 past MAX_POST); return its fields
    and files."""
    if (get_content_length(request.environ) or 0) > MAX_POST:
        abort(413)  # announced: refused before a byte is read
    # Chunked: the server ends the stream; announced: it is cut to its Content-Length.
    source = get_input_stream(request.environ, max_content_length=None)
    with SpooledTemporaryFile(max_size=IN_MEMORY) as body:
        size = 0
        while chunk := source.read(READ_SIZE):
            size += len(chunk)
            if size > MAX_POST:
                abort(413)
            body.write(chunk)
        body.seek(0)
        _, form, files = request.make_form_data_parser().parse(
            body, request.mimetype, size, request.mimetype_params)
    return form, files


def check_signature(serving: runtime.Runtime, form: MultiDict) -> None:
    """Refuse (403) a post Mailgun did not sign just now; remember its token against replays."""
    timestamp, token, signature = (form.get(k, "") for k in ("timestamp", "token", "signature"))
    key = serving.settings.MAILGUN_SIGNING_KEY
    if not key or not timestamp.isdigit() or not token or not signature:
        abort(403)
    expected = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature.lower()):
        log.warning("bad Mailgun signature")
        abort(403)
    if abs(time.time() - int(timestamp)) > MAX_AGE:
        abort(403)
    try:
        fresh = serving.redis().set(f"mailgun:token:{token}", 1, nx=True, ex=2 * MAX_AGE)
    except RedisError:  # the Message-ID still makes a replayed mail a no-op
        log.warning("Redis unavailable: Mailgun token %s not checked for replay", token)
        fresh = True
    if not fresh:
        abort(403)


def message_from_form(form: MultiDict, files: MultiDict) -> EmailMessage:
    """Rebuild the mail from Mailgun's fields (or take it whole from body-mime)."""
    if form.get("body-mime"):
        return BytesParser(policy=policy.default).parsebytes(form["body-mime"].encode())
    message = EmailMessage()
    for name, value in _headers(form.get("message-headers", "")):
        if name.lower() not in BODY_HEADERS:
            try:
                message[name] = value
            except (TypeError, ValueError):  # a header too broken to keep: the mail still counts
                log.info("Mailgun header %s dropped", name)
    for name, field in (("From", "from"), ("Subject", "subject"), ("Message-ID", "Message-Id")):
        if name not in message and form.get(field):
            message[name] = form[field]
    # Only the first MAX_RAW characters of a body are ever read (handlers/mail_clean.py).
    plain, html = (form.get(field, "")[:MAX_RAW] for field in ("body-plain", "body-html"))
    message.set_content(plain)
    if html and not plain:
        message.set_content(html, subtype="html")
    elif html:
        message.add_alternative(html, subtype="html")
    for upload in files.values():
        kind = (upload.mimetype or "application/octet-stream").split("/", 1)
        if len(kind) != 2:
            kind = ["application", "octet-stream"]
        # Only its name is ever used (a post names its attachments): the content stays behind.
        message.add_attachment(b"", maintype=kind[0], subtype=kind[1],
                               filename=upload.filename or "attachment")
    return message


def longest_field(form: MultiDict) -> int:
    """Return the length of the longest header the mail would have (see bridge.MAX_HEADER)."""
    if form.get("body-mime"):
        return longest_header(form["body-mime"].encode())
    values = [value for _, value in _headers(form.get("message-headers", ""))]
    values += [form.get(field, "") for field in ("from", "subject", "Message-Id")]
    return max(len(value) for value in values)


def _headers(raw: str) -> list[tuple[str, str]]:
    try:
        pairs = json.loads(raw or "[]")
    except ValueError:
        return []
    return [(str(p[0]), str(p[1]).replace("\r", " ").replace("\n", " ")) for p in pairs
            if isinstance(p, list | tuple) and len(p) == 2]


@bp.post("/email/inbound")
def inbound() -> Response:
    """Take one mail from Mailgun; 406 for an address that goes nowhere."""
    # A whole mail may sit in one field (body-mime), so fields may be as large as the post.
    request.max_content_length = MAX_POST
    request.max_form_memory_size = MAX_POST
    form, files = read_form()
    serving = runtime.of(current_app)
    settings = serving.settings
    check_signature(serving, form)
    recipients = [r.strip() for r in form.get("recipient", "").split(",") if r.strip()]
    known = [r for r in recipients if accepts(r, settings.MAIL_DOMAIN)]
    if not known:
        return Response("no such group or member here\n", status=406, mimetype="text/plain")
    try:
        receive(serving, lambda: message_from_form(form, files), form.get("sender"), known,
                longest_field(form))
    except UnreadableMail:  # it would be as unreadable next time: 406, so Mailgun gives up
        log.warning("unreadable mail from %s refused", form.get("sender"))
        return Response("mail could not be read\n", status=406, mimetype="text/plain")
    return Response("ok\n", mimetype="text/plain")
