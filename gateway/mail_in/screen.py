"""Mail no person wrote: auto-replies, bounces, lists, and the bridge's own mail coming back.

Such mail is kept but never posted or answered, so two robots cannot mail each other forever.
The outbound side marks every mail Commons sends with `X-Commons-Mail: 1` and
`Auto-Submitted: auto-generated` (RFC 3834), and sends it from MAIL_DOMAIN.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import getaddresses

OWN_HEADER = "X-Commons-Mail"
BULK = {"bulk", "junk", "list", "auto_reply"}
ROBOT_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder")
ROBOTS = {"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply"}


def from_address(message: EmailMessage) -> str:
    """Return the From address, lower-cased ("" when there is none to read)."""
    try:
        pairs = getaddresses([str(message.get("From", ""))])
    except (TypeError, ValueError, IndexError, RecursionError):  # a header too broken to read
        return ""
    return next((addr.lower() for _, addr in pairs if "@" in addr), "")


def automatic(message: EmailMessage, envelope_sender: str | None, domain: str) -> str | None:
    """Say why a mail must be left alone: "loop" (our own), "auto" (a robot), or None."""
    sender = from_address(message)
    if message.get(OWN_HEADER) or sender.endswith("@" + domain.lower()):
        return "loop"
    submitted = str(message.get("Auto-Submitted", "no")).split(";")[0].strip().lower()
    if submitted != "no":  # auto-generated, auto-replied, auto-notified (RFC 3834)
        return "auto"
    if str(message.get("Precedence", "")).strip().lower() in BULK:
        return "auto"
    if any(message.get(name) for name in ROBOT_HEADERS):
        return "auto"
    if envelope_sender is not None and envelope_sender.strip() in ("", "<>"):
        return "auto"  # a bounce: its envelope has no sender (the null reverse-path)
    if str(message.get("Return-Path", "")).strip() == "<>":
        return "auto"
    if message.get_content_type() == "multipart/report":  # a delivery status notification
        return "auto"
    if not sender or sender.split("@")[0] in ROBOTS:
        return "auto"
    return None
