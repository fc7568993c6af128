"""Headers on every response, and the CSRF token every form carries."""

from __future__ import annotations

import hmac
import secrets

from flask import Response, abort, request, session
from flask_babel import gettext

# No inline script or style anywhere: scripts and CSS are files under /static.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}")
# RQ's own dashboard (under /ops/rq, behind the ops token) ships inline scripts of its own.
RQ_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
          "script-src 'self' 'unsafe-inline' 'unsafe-eval'; object-src 'none'; base-uri 'none'; "
          "frame-ancestors 'none'")
EMBEDDABLE = "places.embed"  # the one endpoint other sites may put in an iframe
CSRF_FIELD = "csrf"


def secure_headers(response: Response) -> Response:
    """Add the CSP and framing rules: only the embed page may be framed, by anyone."""
    if request.endpoint == EMBEDDABLE:
        response.headers["Content-Security-Policy"] = CSP.format(ancestors="*")
    else:
        policy = RQ_CSP if request.path.startswith("/ops/rq") else CSP.format(ancestors="'none'")
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def csrf_token() -> str:
    """Return this session's CSRF token, making one the first time."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return session[CSRF_FIELD]


def check_csrf() -> None:
    """Refuse a form post whose token is not this session's."""
    sent = request.form.get(CSRF_FIELD, "")
    # As bytes: compare_digest raises on a str that is not ASCII, and the form is anyone's.
    if not sent or not hmac.compare_digest(sent.encode(), session.get(CSRF_FIELD, "").encode()):
        abort(400, gettext("The form expired. Go back, reload the page and try again."))
