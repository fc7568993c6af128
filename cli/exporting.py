"""`commons export ...`: a group's ledger, shares, posts, tasks and members, for a spreadsheet.

The rows come from store/exports.py, the same the web's `/@team/ledger.csv` serves, and the
shares from the one function `top @team` reads, so the three can never disagree.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from cli.database import group_named, open_store
from store import exports
from store.db import db
from store.settings import Settings

FORMATS = click.Choice(["csv", "json"])
WHO_SEES_NUMBERS = ("members.csv holds phone numbers and email addresses: they are for the "
                    "group's owner and admins only. Keep the file private and delete it after use.")


@click.group()
def export() -> None:
    """Write a group's records out as CSV or JSON."""


def _check_out(out: Path | None) -> None:
    """Stop with one clear line, before any work, when `out` is in no folder."""
    if out is not None and not out.parent.is_dir():
        raise click.ClickException(f"Cannot write {out}: there is no folder {out.parent} "
                                   "(create it, or give another --out).")


def _write(rows: list[dict], columns: tuple[str, ...], fmt: str, out: Path | None) -> None:
    text = exports.as_json(rows) if fmt == "json" else exports.as_csv(columns, rows)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:  # not allowed, a full disk, a folder of that name
        raise click.ClickException(f"Cannot write {out}: {error.strerror or error}.") from None


@export.command("ledger")
@click.argument("group_name", metavar="@GROUP")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
              help="only entries from this UTC day (or time) on, e.g. 2026-01-01")
@click.option("--format", "fmt", type=FORMATS, default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="a file to write (default: the screen)")
@click.pass_obj
def ledger(settings: Settings, group_name: str, since: datetime | None, fmt: str,
           out: Path | None) -> None:
    """Every ledger entry: time (UTC), member, kind, points, reason, the entry it reverses."""
    _check_out(out)
    open_store(settings)
    with db.connection_context():
        rows = exports.ledger_entries(group_named(group_name), since)
    _write(rows, exports.LEDGER_COLUMNS, fmt, out)


@export.command("shares")
@click.argument("group_name", metavar="@GROUP")
@click.option("--format", "fmt", type=FORMATS, default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="a file to write (default: the screen)")
@click.pass_obj
def shares(settings: Settings, group_name: str, fmt: str, out: Path | None) -> None:
    """Each contributor's points and whole-percent share (equal points alike), as `top` shows."""
    _check_out(out)
    open_store(settings)
    with db.connection_context():
        rows = exports.share_rows(group_named(group_name))
    _write(rows, exports.SHARE_COLUMNS, fmt, out)


@export.command("group")
@click.argument("group_name", metavar="@GROUP")
@click.option("--out", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="the folder to write posts.csv, tasks.csv, members.csv and ledger.csv into")
@click.option("--with-numbers", is_flag=True,
              help="add members' phone numbers and email addresses to members.csv")
@click.pass_obj
def group(settings: Settings, group_name: str, folder: Path, with_numbers: bool) -> None:
    """Posts, tasks, members and the ledger as CSV files in a folder."""
    open_store(settings)
    with db.connection_context():
        found = group_named(group_name)
        files = {
            "posts.csv": (exports.POST_COLUMNS, exports.post_rows(found)),
            "tasks.csv": (exports.TASK_COLUMNS, exports.task_rows(found)),
            "members.csv": (exports.MEMBER_COLUMNS
                            + (exports.NUMBER_COLUMNS if with_numbers else ()),
                            exports.member_rows(found, numbers=with_numbers)),
            "ledger.csv": (exports.LEDGER_COLUMNS, exports.ledger_entries(found)),
        }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, (columns, rows) in files.items():
            (folder / name).write_text(exports.as_csv(columns, rows), encoding="utf-8")
            click.echo(f"{folder / name}: {len(rows):,} rows")
    except OSError as error:
        raise click.ClickException(f"Cannot write into {folder}: "
                                   f"{error.strerror or error}.") from None
    if with_numbers:
        click.echo(WHO_SEES_NUMBERS)


@export.command("answers")
@click.argument("group_name", metavar="@GROUP")
@click.argument("number", type=int, required=False)
@click.option("--with-numbers", is_flag=True,
              help="add members' phone numbers and email addresses")
@click.option("--format", "fmt", type=FORMATS, default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="a file to write (default: the screen)")
@click.pass_obj
def answers(settings: Settings, group_name: str, number: int | None, with_numbers: bool,
            fmt: str, out: Path | None) -> None:
    """Every answer to the group's questions and events (or question NUMBER's), oldest first."""
    _check_out(out)
    open_store(settings)
    with db.connection_context():
        rows = exports.answer_rows(group_named(group_name), number, numbers=with_numbers)
    columns = exports.ANSWER_COLUMNS + (exports.NUMBER_COLUMNS if with_numbers else ())
    _write(rows, columns, fmt, out)
    if with_numbers and out is not None:
        click.echo(WHO_SEES_NUMBERS.replace("members.csv", str(out.name)))
