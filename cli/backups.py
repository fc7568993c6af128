"""`commons backup PATH` and `commons restore PATH`: the whole database, copied and put back."""

from __future__ import annotations

from pathlib import Path

import click
from redis.exceptions import RedisError
from rq import Worker

from store.backup import BackupError, backup, restore
from store.db import DEFAULT_URL, db, open_database
from store.embedded_redis import ensure_redis
from store.schema import migrate
from store.settings import Settings
from workers.queues import connect


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup_command(settings: Settings, path: Path) -> None:
    """Copy the whole database to PATH, consistently, while Commons runs."""
    url = settings.DATABASE_URL or DEFAULT_URL
    try:
        backup(url, path)
    except BackupError as error:
        raise click.ClickException(f"No backup was written: {error}.") from None
    click.echo(f"Backed up {url} to {path} ({path.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="do not ask before replacing the database")
@click.pass_obj
def restore_command(settings: Settings, path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup at PATH (stop Commons first)."""
    url = settings.DATABASE_URL or DEFAULT_URL
    running = _workers(settings)
    if running:
        raise click.ClickException(
            f"Commons is running ({running} worker processes): stop every process (web, "
            "workers, smtp; Ctrl-C for make run) first, then restore.")
    if not yes:
        click.confirm(f"Replace everything in {url} with {path}? What was written since that "
                      "backup is lost", abort=True)
    try:
        restore(url, path)
    except BackupError as error:
        raise click.ClickException(f"Nothing was restored: {error}.") from None
    open_database(settings.DATABASE_URL)
    with db.connection_context():
        applied = migrate()  # a backup from an older version is brought up to this one
    later = f"; {len(applied)} newer migrations applied" if applied else ""
    click.echo(f"Restored {path} into {url}{later}. Start Commons again: the sweeper takes up "
               "what the backup held unfinished.")


def _workers(settings: Settings) -> int:
    """Count the worker processes registered in Redis (0 when Redis is not there at all)."""
    try:
        with connect(ensure_redis(settings).REDIS_URL) as client:
            return len(Worker.all(connection=client))
    except RedisError:
        return 0
