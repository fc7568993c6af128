"""The `login` command: a one-time link to the web dashboard, sent back by text."""

from __future__ import annotations

from handlers.context import Context
from handlers.login_codes import issue_link
from handlers.registry import handles, says
from parsers import Command
from parsers.limits import LINK_MINUTES
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
    token = issue_link(ctx.member)
    ctx.reply(SAY["link"].format(url=f"{public_url(ctx.settings)}/login/link/{token}"))
