"""The `login` command: a one-time link to the web dashboard, sent back by text.

Asked for by mail (or in the web box, or at `commons send`), its use is texted to the phone.
"""

from __future__ import annotations

from handlers.context import Context
from handlers.login_codes import issue_link
from handlers.registry import handles, says
from parsers import Command
from parsers.limits import LINK_MINUTES
from store.outbox import EMAIL, TEXTED
from store.settings import Settings

SAY = says("login", {
    "link": f"Your Commons web login, good once for {LINK_MINUTES} min: {{url}}",
})


def public_url(settings: Settings) -> str:
    """Return the dashboard's base URL: PUBLIC_URL, else this machine on PORT."""
    return (settings.PUBLIC_URL or f"http://localhost:{settings.PORT}").rstrip("/")


@handles("login")
def login(ctx: Context, cmd: Command) -> None:
    """Reply with a single-use link that logs the sender in to the dashboard."""
    inbound = ctx.inbound
    asked_by = None  # from the phone: its owner knows
    if inbound is not None and inbound.channel not in TEXTED:
        asked_by = inbound.sender if inbound.channel == EMAIL else inbound.channel
    token = issue_link(ctx.member, asked_by)
    ctx.reply(SAY["link"].format(url=f"{public_url(ctx.settings)}/login/link/{token}"))
