"""Texts too long to keep whole: the sender hears that only the start of theirs was read."""

from __future__ import annotations

from handlers.context import Context
from handlers.registry import says
from parsers.intake import MAX_BODY
from store.db import db

SAY = says("sizes", {
    "cut": f"Your text was too long: only its first {MAX_BODY} characters were read.",
})
ANSWERED = ("handled", "failed")  # a refused text (a flood, a loop) hears nothing more


def tell_cut(ctx: Context) -> None:
    """Tell the sender of a handled text that it was cut to MAX_BODY characters."""
    if ctx.inbound is None or ctx.inbound.status not in ANSWERED:
        return
    with db.atomic():
        ctx.send_reply(SAY["cut"])
