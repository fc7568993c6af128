"""/simulator: text the system as any number and watch every number's replies, like a wall of
phones. Only with the console channel, where no text leaves the machine; 404 with Twilio.

It shows every number, every reply and every login link, so it answers only a client on this
machine: a request from any other address gets 404, whatever address the server is bound to,
and so does one a proxy forwarded (the proxy is local, the person behind it is not)."""

from __future__ import annotations

import ipaddress
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext

from handlers.inbound import take_in
from handlers.phone_numbers import sender_number
from parsers.intake import strip_controls
from store.models import Inbound, Outbox
from web import limits
from web.security import check_csrf
from workers import runtime

bp = Blueprint("simulator", __name__)

PHONES = 24  # numbers on the wall, most recently active first
LINES = 30  # texts shown per number


@dataclass
class Line:
    """One text on a phone of the wall: sent by it (`out`) or received."""

    out: bool
    body: str
    at: datetime
    status: str = ""


FORWARDED = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


@bp.before_request
def console_only() -> None:
    """Hide the simulator unless the console channel is in use and the client is this machine."""
    if runtime.of(current_app).settings.channel != "console" or not from_loopback():
        abort(404)


def from_loopback() -> bool:
    """Tell whether the request comes from a loopback address, and not through a proxy."""
    if any(request.headers.get(name) for name in FORWARDED):
        return False
    try:
        client = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:  # a unix socket, or no address at all
        return False
    if isinstance(client, ipaddress.IPv6Address) and client.ipv4_mapped:
        client = client.ipv4_mapped
    return client.is_loopback


def wall() -> dict[str, list[Line]]:
    """Return each recent number's texts, oldest first, numbers most recently active first."""
    phones: dict[str, list[Line]] = defaultdict(list)
    sent = (Inbound.select().where(Inbound.channel == "console")
            .order_by(Inbound.id.desc()).limit(PHONES * LINES))
    for row in sent:
        phones[row.sender].append(Line(True, row.body, row.received_at))
    got = (Outbox.select().where(Outbox.channel == "sms")
           .order_by(Outbox.id.desc()).limit(PHONES * LINES))
    for out in got:
        phones[out.to].append(Line(False, out.body, out.created_at, out.status))
    latest = sorted(phones, key=lambda n: max(line.at for line in phones[n]), reverse=True)
    return {n: sorted(phones[n], key=lambda line: line.at)[-LINES:] for n in latest[:PHONES]}


@bp.get("/simulator")
def simulator():
    """Show the wall of phones and a box to text from any number."""
    return render_template("simulator.html", wall=wall(), sender=request.args.get("as", ""))


@bp.post("/simulator")
def text():
    """Text the system as the number typed or picked, through the console channel."""
    check_csrf()
    serving = runtime.of(current_app)
    sender = sender_number(request.form.get("sender", ""))
    body = strip_controls(request.form.get("body", "")).strip()  # take_in() cuts, and says so
    if sender is None or not body:
        return render_template("simulator.html", wall=wall(), sender=request.form.get("sender"),
                               error=gettext("Pick a phone number and type a text.")), 400
    if limits.over(serving.redis(), "text-ip", request.remote_addr or "?",
                   limits.TEXTS_PER_IP):
        abort(429)
    take_in(serving, "console", f"sim-{uuid.uuid4().hex}", sender, body)
    return redirect(url_for("simulator.simulator", **{"as": sender}))  # type: ignore[arg-type]
