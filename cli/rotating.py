"""`commons rotate-secret`: a new SECRET_KEY, and the members told once it is in use."""

from __future__ import annotations

import click

from cli.database import open_store
from handlers.rotation import record_rotation
from store.db import db
from store.secret import key_file, new_key, write_key
from store.settings import Settings

ENDS = """When Commons starts with the new key:
  - everyone is logged out of the web (sessions are signed with the key);
  - login and link codes not used yet stop working;
  - every member's mail addresses change (team+TOKEN@ and the like are derived from the key):
    the {told} members with a linked mail address are texted that they changed, and mailed
    the new ones, once."""


@click.command("rotate-secret")
@click.pass_obj
def rotate_secret(settings: Settings) -> None:
    """Make a new SECRET_KEY; members are told when Commons restarts with it."""
    key = new_key()
    open_store(settings)
    with db.connection_context():
        told = record_rotation(key)
    path = key_file(settings)
    if path.is_file() and path.read_text().strip() == settings.SECRET_KEY:
        write_key(path, key)  # the key `make run` made: replaced where it is read
        click.echo(f"Wrote a new key to {path}. Restart Commons now (Ctrl-C, then make run; or "
                   "restart every web, worker and smtp process).")
    else:
        click.echo(f"The new key (shown once):\n\n    SECRET_KEY={key}\n\nSet it where the old "
                   "one is set (.env, your services' environment), then restart every web, "
                   "worker and smtp process.")
    click.echo(ENDS.format(told=told))
