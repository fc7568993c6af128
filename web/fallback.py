"""The text box on /me: the SMS grammar for people without a phone at hand.

A text typed here goes through the same pipeline as one sent by SMS (kept as an Inbound row on
channel "web", parsed, handled, its outbox rows written in one transaction). The replies to
the sender are shown on the page instead of texted: store/outbox.py writes them already
delivered on channel "web", in the handler's own transaction, so no worker ever sends them.
Everything else the text caused (a post's fan-out, a note to someone thanked) is queued as usual.

The form answers with a redirect (303 to /me), keeping only the text's id in the session: /me
then says once what the text did (posted, sent, the replies), and a reload never sends it again.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, g, redirect, request, session, url_for
from flask_babel import gettext

from handlers.inbound import take_in
from parsers.intake import cap_body, strip_controls
from parsers.segments import gsm_safe
from store.models import Member
from web import limits
from web.auth import login_required
from web.pages import BOX, BOX_CUT, me_page
from web.security import check_csrf
from workers import runtime

bp = Blueprint("fallback", __name__)


def text_as(member: Member, body: str) -> int | None:
    """Handle `body` as a text from `member`; return its Inbound id (None if it was refused)."""
    assert member.phone is not None  # the box is for members with a phone: text()
    ctx = take_in(runtime.of(current_app), "web", f"web-{uuid.uuid4().hex}", member.phone, body)
    if ctx is None:
        return None
    assert ctx.inbound is not None  # take_in hands back the context of the text it kept
    return ctx.inbound.id


@bp.post("/me/text")
@login_required
def text():
    """Take one text in the SMS grammar, then send the browser to /me to see what it did."""
    check_csrf()
    # Typed on a computer, "it's" often arrives with a curly quote: read it as a phone sends it.
    body, cut = cap_body(gsm_safe(strip_controls(request.form.get("body", "")).strip()))
    if not g.member.phone:
        return me_page([gettext("The text box needs a phone number on your account.")], body, 400)
    if not body:
        return me_page([gettext("Type a text, e.g. help")], body, 400)
    if limits.over(runtime.of(current_app).redis(), "text-member", str(g.member.id),
                   limits.TEXTS_PER_MEMBER):
        return me_page([gettext("Slow down: that's a lot of texts. Try again later.")],
                       body, 429)
    session[BOX] = text_as(g.member, body)
    session[BOX_CUT] = cut
    return redirect(url_for("pages.me"), 303)
