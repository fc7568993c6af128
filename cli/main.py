"""The `commons` command group: settings are read once here and handed to every command."""

from __future__ import annotations

import click

from cli import backups, doctor, exporting, importing, rotating, sending, unpausing
from store.settings import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def commons(ctx: click.Context) -> None:
    """Run a Commons community from a terminal: check the setup, invite, export, post."""
    if ctx.obj is None:  # tests hand their own Settings in
        ctx.obj = Settings.from_env()


commons.add_command(doctor.doctor)
commons.add_command(importing.import_members)
commons.add_command(exporting.export)
commons.add_command(sending.send)
commons.add_command(unpausing.unpause)
commons.add_command(rotating.rotate_secret)
commons.add_command(backups.backup_command)
commons.add_command(backups.restore_command)
