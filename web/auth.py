"""Logging in without a password: a one-time code by text or email, or a link from `login`.

A session holds the member's id and their session epoch; logging out bumps the epoch in the
database, so every session of that member ends, and a copied cookie is worth nothing. A login
by a code mailed to the member, or by a link `login` sent anywhere but their phone, is texted
to their phone: a mailbox someone else reads shows up.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable

from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext, lazy_gettext

from handlers import login_codes
from handlers.email_link import masked
from handlers.phone_numbers import phone_number
from handlers.registry import says
from parsers.intake import strip_controls
from parsers.languages import speaking
from store import outbox
from store.db import db
from store.models import Member, Outbox
from web import limits
from web.security import check_csrf
from workers import runtime
from workers.enqueue import enqueue_deliveries

bp = Blueprint("auth", __name__)

CODE_MINUTES = int(login_codes.CODE_TTL.total_seconds() // 60)
WINDOW_MINUTES = limits.WINDOW // 60
MAIL = says("web_mail", {"code_subject": "Your Commons login code"}, by_mail=True)
# Texted or mailed to the member, in their language (the replies catalogue).
SAY = says("web", {
    "mail_login": "You logged in to Commons on the web with a code mailed to {masked}. "
                  "Not you? Text email to fix it.",
    "link_login": "You logged in to Commons on the web with a login link sent {where}. "
                  "Not you? Text email to fix it.",
    "code_text": f"Your Commons login code is {{code}}. It works once, for {CODE_MINUTES} minutes.",
    "where_mail": "by mail to {masked}",
    "where_door": "on the {door}",
})
# Shown on the login pages, in the page's language (the web catalogue).
SHOWN = {
    "code_sent": lazy_gettext("If %(shown)s belongs to a member, a code is on its way. "
                              "It works once, for %(minutes)s minutes."),
    "no_address": lazy_gettext("Type a phone number or an email address."),
    "too_many_codes": lazy_gettext("Too many codes asked for. Try again in %(minutes)s minutes.",
                                   minutes=WINDOW_MINUTES),
    "too_many_guesses": lazy_gettext("Too many wrong codes. Try again in %(minutes)s minutes, "
                                     "or text login for a link.", minutes=WINDOW_MINUTES),
    "wrong_code": lazy_gettext("That code is wrong or has expired."),
    "link_used": lazy_gettext("This link has been used or has expired. "
                              "Text login for a new one."),
}


@bp.before_app_request
def load_member() -> None:
    """Put the logged-in member, if any, on `g.member`."""
    member_id = session.get("member_id")
    g.member = Member.get_or_none(Member.id == member_id) if member_id else None
    if g.member is not None and session.get("epoch") != g.member.session_epoch:
        session.clear()  # logged out since, on this browser or another
        g.member = None


def login_required(view: Callable) -> Callable:
    """Send anyone not logged in to /login first."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.member is None:
            return redirect(url_for("auth.login"))
        return view(**kwargs)

    return wrapped


def address_of(raw: str) -> str | None:
    """Read what was typed as an E.164 number (US by default) or an email address."""
    raw = strip_controls(raw).strip()
    if "@" in raw:
        local, _, domain = raw.lower().rpartition("@")
        return f"{local}@{domain}" if local and "." in domain and " " not in raw else None
    return phone_number(raw, "US")


def member_at(address: str) -> Member | None:
    """Return the member whose number or verified email `address` is."""
    if "@" in address:
        return Member.get_or_none(Member.email == address)
    return Member.get_or_none(Member.phone == address)


def client_id() -> str:
    """Return this browser's login id, made on its first request for a code."""
    if "client" not in session:
        session["client"] = secrets.token_urlsafe(16)
    return session["client"]


def send_code(member: Member, address: str) -> None:
    """Write a fresh code to the member through the outbox, and queue its delivery."""
    serving = runtime.of(current_app)
    with db.atomic(), speaking(member.language):
        code = login_codes.issue_code(serving.settings.SECRET_KEY, member, client_id())
        body = SAY["code_text"].format(code=code)
        row: Outbox | None
        if "@" in address:
            row = outbox.write_email(address, body, MAIL["code_subject"])
            row.member = member
            row.save(only=["member"])
        else:
            row = outbox.write(member, body, kind="reply")
    if row is not None:
        enqueue_deliveries(serving.redis(), [row.id])


def log_in(member: Member) -> None:
    """Start a fresh session for `member` (a new session, so no fixation)."""
    session.clear()
    session.permanent = True
    session["member_id"] = member.id
    session["epoch"] = member.session_epoch


def tell_phone(member: Member, key: str, **values: str) -> None:
    """Text the member how they logged in (not from their phone), in their language; queue it."""
    with speaking(member.language):
        if "where" in values:  # where a link was asked for: a mail address, or a door
            asked_by = values["where"]
            values["where"] = (SAY["where_mail"].format(masked=masked(asked_by))
                               if "@" in asked_by else SAY["where_door"].format(door=asked_by))
        row = outbox.write_text(member, SAY[key].format(**values))
    if row is not None:
        enqueue_deliveries(runtime.of(current_app).redis(), [row.id])


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Ask for a number or address and send a code to it; the same answer whoever it is."""
    if request.method == "GET":
        return render_template("login.html")
    check_csrf()
    address = address_of(request.form.get("address", ""))
    if address is None:
        return render_template("login.html", error=SHOWN["no_address"]), 400
    redis = runtime.of(current_app).redis()
    ip = request.remote_addr or "?"
    if (limits.over(redis, "code-ip", ip, limits.CODES_PER_IP)
            or limits.over(redis, "code-address", address, limits.CODES_PER_ADDRESS)):
        return render_template("login.html", error=SHOWN["too_many_codes"]), 429
    member = member_at(address)
    if member is not None:  # nothing at all is sent to a number that is no member's
        send_code(member, address)
    client_id()
    session["login_for"] = address
    return redirect(url_for("auth.code"))


@bp.route("/login/code", methods=["GET", "POST"])
def code():
    """Take the code that was sent; every try counts against the code and the client."""
    address = session.get("login_for")
    if not address:
        return redirect(url_for("auth.login"))
    shown = gettext("that address") if "@" in address else gettext("that number")
    sent = str(SHOWN["code_sent"]) % {"shown": shown, "minutes": CODE_MINUTES}
    page = functools.partial(render_template, "code.html", sent=sent)
    if request.method == "GET":
        return page()
    check_csrf()
    redis, ip = runtime.of(current_app).redis(), request.remote_addr or "?"
    # Counted before the check, right or wrong: parallel guesses each count, none slips by.
    # Per client and number: a stranger guessing at someone's number blocks only themself.
    if (limits.over(redis, "guess-ip", ip, limits.GUESSES_PER_IP)
            or limits.over(redis, "guess-address", f"{ip} {address}",
                           limits.GUESSES_PER_ADDRESS)):
        return page(error=SHOWN["too_many_guesses"]), 429
    member = member_at(address)
    typed = request.form.get("code", "").strip()
    if member is not None and typed.isdigit() and login_codes.check_code(
            runtime.of(current_app).settings.SECRET_KEY, member, typed, client_id()):
        if "@" in address:
            tell_phone(member, "mail_login", masked=masked(address))
        log_in(member)
        return redirect(url_for("pages.me"))
    return page(error=SHOWN["wrong_code"]), 400


@bp.route("/login/link/<token>", methods=["GET", "POST"])
def link(token: str):
    """Log in with a link from the `login` text; a button press, so link previews don't use it."""
    if request.method == "GET":
        return render_template("link.html", token=token)
    check_csrf()
    used = login_codes.use_link(token)
    if used is None:
        return render_template("link.html", token=token, error=SHOWN["link_used"]), 400
    member, asked_by = used
    if asked_by:  # not asked for by text: the phone is told
        tell_phone(member, "link_login", where=asked_by)
    log_in(member)
    return redirect(url_for("pages.me"))


@bp.post("/logout")
def logout():
    """End every session of the member, this one and any other, server-side."""
    check_csrf()
    if g.member is not None:
        (Member.update(session_epoch=Member.session_epoch + 1)
         .where(Member.id == g.member.id).execute())
    session.clear()
    return redirect(url_for("pages.home"))
