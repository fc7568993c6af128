"""What every data command needs first: the database open and migrated, and a group by name."""

from __future__ import annotations

import click

from store.db import db, open_database
from store.embedded_redis import ensure_redis
from store.models import Group
from store.schema import migrate
from store.secret import refusal
from store.settings import Settings
from workers.runtime import Runtime


def open_store(settings: Settings) -> Runtime:
    """Open (and migrate) the database, start the embedded Redis if needed; return the
    command's runtime.

    The caller holds `db.connection_context()` around its work.
    """
    runtime = Runtime(ensure_redis(settings))
    open_database(settings.DATABASE_URL)
    with db.connection_context():
        migrate()
    return runtime


def require_key(settings: Settings) -> None:
    """Stop with one line when the key would let anyone forge what this command derives."""
    line = refusal(settings)
    if line is not None:
        raise click.ClickException(line)


def group_named(name: str) -> Group:
    """Return the group `@name` (or `name`), or stop with a clear error."""
    handle = name.strip().lstrip("@").lower()
    group = Group.get_or_none(Group.handle == handle)
    if group is None:
        raise click.ClickException(f"No group @{handle}.")
    return group
