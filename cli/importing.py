"""`commons import members.csv --group @team`: invite a spreadsheet of numbers.

Each valid new number gets the group's invitation from its owner, written to the outbox and
queued for the worker like any text (paced at TWILIO_MPS), never sent from here. The rows are
taken CHUNK at a time, each chunk one transaction whose texts are queued once it commits.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.database import group_named, open_store, require_key
from cli.spreadsheet import read_sheet
from handlers.context import Context
from handlers.roster import Roster, take
from store.db import db
from store.settings import Settings
from workers.enqueue import enqueue_bulk

CHUNK = 200  # rows per transaction: short enough that the web and worker keep writing
SHOWN_INVALID = 50  # invalid lines listed one by one; the rest are counted


@click.command("import")
@click.argument("path", metavar="MEMBERS.CSV",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--group", "group_name", required=True, metavar="@GROUP",
              help="the group to invite them to")
@click.option("--region", default="US", show_default=True, metavar="CC",
              help="where numbers without a + are read, as a two-letter country code")
@click.option("--dry-run", is_flag=True, help="change nothing and send nothing; show the table")
@click.pass_obj
def import_members(settings: Settings, path: Path, group_name: str, region: str,
                   dry_run: bool) -> None:
    """Invite every number in a CSV file (a phone column; name, email, tags are optional)."""
    require_key(settings)  # it acts as the owner, through the handlers
    sheet = read_sheet(path)
    rows = sheet.rows
    runtime = open_store(settings)
    with db.connection_context():
        group = group_named(group_name)
        if not group.owner.handle:  # the invitation names its sender: never by their number
            raise click.ClickException(
                f"The owner of @{group.handle} has no name yet, and the invitations say who "
                "they are from: text `name yourname` from the owner's phone first.")
        roster = Roster()
        with click.progressbar(length=len(rows), label=f"Reading {path.name}",
                               file=sys.stderr) as bar:
            for at in range(0, len(rows), CHUNK):
                chunk = rows[at:at + CHUNK]
                with db.atomic():
                    ctx = Context(member=group.owner, settings=runtime.settings,
                                  region=region.upper())
                    for line, raw in chunk:
                        take(ctx, group, roster, line, raw, dry_run=dry_run)
                if not dry_run:  # after the commit: a worker must find the rows
                    enqueue_bulk(runtime.redis(), ctx.outbox_ids, runtime.settings.retry_seconds)
                bar.update(len(chunk))
    click.echo(table(roster, group.handle, dry_run))
    for note in sheet.notes:
        click.echo(f"Note: {note}.")


def table(roster: Roster, group: str, dry_run: bool) -> str:
    """Lay out what the import did (or would do), one count a line, invalid lines listed."""
    invite = "Would invite" if dry_run else "Invited"
    counts = [
        (f"{invite} to @{group}", len(roster.invited)),
        ("Already members (left as they are)", len(roster.members)),
        ("Invited before (not texted again)", len(roster.pending)),
        ("Opted out (never texted)", len(roster.opted_out)),
        ("Invalid", len(roster.invalid)),
    ]
    width = max(len(label) for label, _ in counts)
    lines = ["Dry run: nothing was changed or sent." if dry_run else ""]
    lines += [f"{label:<{width}}  {count:>6,}" for label, count in counts]
    for line, raw, why in roster.invalid[:SHOWN_INVALID]:
        lines.append(f"  line {line}: {why}" + (f" ({raw})" if raw else ""))
    if len(roster.invalid) > SHOWN_INVALID:
        lines.append(f"  ... and {len(roster.invalid) - SHOWN_INVALID:,} more")
    if roster.invited and not dry_run:
        lines.append("The invitations are queued: the worker sends them, paced by TWILIO_MPS.")
    return "\n".join(line for line in lines if line)
