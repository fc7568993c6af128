"""`commons unpause SENDER`: send from a sender paused for carrier filtering again, now."""

from __future__ import annotations

import click

from cli.database import open_store
from handlers import pauses
from store.carrier import PAUSED, OpsAlert
from store.db import db
from store.models import Outbox, utcnow
from store.settings import Settings
from workers.pacing import HELD_NOTE, pause_key
from workers.sweeper import LONG_AGO


@click.command()
@click.argument("sender")
@click.pass_obj
def unpause(settings: Settings, sender: str) -> None:
    """End the pause of SENDER (a number or Messaging Service SID) that `doctor` reports."""
    runtime = open_store(settings)
    with db.connection_context():
        if pauses.paused_until(sender) is None:
            raise click.ClickException(f"{sender} is not paused.")
        now = utcnow()
        (OpsAlert.update(until=now)
         .where(OpsAlert.kind == PAUSED, OpsAlert.subject == sender, OpsAlert.until > now)
         .execute())
        # The texts it held wait for the pause's end: the sweeper takes them now instead.
        (Outbox.update(next_attempt_at=LONG_AGO)
         .where(Outbox.status == "queued", Outbox.error == HELD_NOTE).execute())
    runtime.redis().delete(pause_key(sender))
    click.echo(f"{sender} sends again: its waiting texts go out within "
               f"{settings.SWEEP_SECONDS:g} s.")
