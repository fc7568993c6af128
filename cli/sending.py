"""`commons send @team "text"`: post to a group as its owner, through the texts' own pipeline.

The text is kept as an inbound text on channel "terminal" from the owner's number, parsed and
handled as if the owner had texted `@team text`; the replies are shown here instead of texted,
and the post's fan-out is queued for the worker like any other.
"""

from __future__ import annotations

import uuid

import click

from cli.database import group_named, open_store, require_key
from handlers.inbound import take_in
from store.db import db
from store.models import Outbox
from store.outbox import TERMINAL, WEB
from store.settings import Settings


@click.command()
@click.argument("group_name", metavar="@GROUP")
@click.argument("text")
@click.pass_obj
def send(settings: Settings, group_name: str, text: str) -> None:
    """Post TEXT to a group as its owner, exactly as if the owner had texted it."""
    if not text.strip():
        raise click.ClickException("Nothing to send: give the text to post.")
    require_key(settings)  # the handlers derive mail addresses from it
    runtime = open_store(settings)
    with db.connection_context():
        group = group_named(group_name)
        owner = group.owner
        if not owner.phone:
            raise click.ClickException(f"The owner of @{group.handle} has no phone number.")
        ctx = take_in(runtime, TERMINAL, f"terminal-{uuid.uuid4().hex}", owner.phone,
                      f"@{group.handle} {text.strip()}")
        if ctx is None:
            raise click.ClickException("The text was not taken; try again.")
        shown = list(Outbox.select(Outbox.body).where(
            Outbox.inbound == ctx.inbound, Outbox.channel == WEB).order_by(Outbox.id))
    for row in shown:
        click.echo(row.body)
    if not ctx.posts:
        raise click.ClickException(f"Nothing was posted to @{group.handle}.")
    click.echo(f"Posted to @{group.handle} as its owner; the worker sends it to the members.")
