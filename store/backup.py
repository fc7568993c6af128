"""Backups: a consistent copy of the database taken while Commons runs, and putting one back.

SQLite: the online backup API copies every page within one read transaction (WAL lets the
web and workers write meanwhile), so the copy is the database as it was at one moment.
PostgreSQL: `pg_dump` reads one snapshot (custom format); a restore replays it with `psql` in
one transaction, after dropping every table, so it either replaces everything or nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from store.db import sqlite_file

TOOL_SECONDS = 3600  # at most, for pg_dump or a restore: a stuck server must not hang the shell
MARK_TABLES = ("member", "migratehistory")  # a Commons database has these
DROP_TABLES = """DO $$ DECLARE t text; BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', t);
  END LOOP;
END $$;
"""


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, in one line."""


def backup(url: str, target: Path) -> None:
    """Write a consistent copy of the database at `url` to `target` (replaced only when done)."""
    if not target.parent.is_dir():
        raise BackupError(f"there is no folder {target.parent}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    path = sqlite_file(url)
    try:
        if path is not None:
            _sqlite_copy(path, partial, must_exist=True)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  "--file", str(partial)], url)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def restore(url: str, source: Path) -> None:
    """Replace everything in the database at `url` with the backup `source`."""
    path = sqlite_file(url)
    if path is not None:
        _check_sqlite_backup(source)
        path.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source, path, must_exist=False)
        return
    try:
        listing = _run(["pg_restore", "--list", str(source)], None, what="read it")
    except BackupError as error:
        raise BackupError(f"{source.name} is not a PostgreSQL backup of Commons ({error})") \
            from None
    if " TABLE public member " not in listing:
        raise BackupError(f"{source.name} is a PostgreSQL dump, but not of Commons")
    script = _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                   "--file", "-", str(source)], None, what="read it")
    _run(["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1"],
         url, stdin=DROP_TABLES + script)


def _sqlite_copy(source: Path, target: Path, must_exist: bool) -> None:
    if must_exist and not source.is_file():  # connecting would create it, empty
        raise BackupError(f"there is no database file {source}")
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # all pages in one step: one read transaction, one moment
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source}: {error}") from None
    finally:
        dst.close()
        src.close()


def _check_sqlite_backup(source: Path) -> None:
    """Refuse anything but a whole SQLite database of Commons."""
    with source.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{source.name} is not a SQLite backup of Commons")
    check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in check.execute("SELECT name FROM sqlite_master")}
        whole = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error as error:
        raise BackupError(f"{source.name} cannot be read: {error}") from None
    finally:
        check.close()
    if not set(MARK_TABLES) <= tables:
        raise BackupError(f"{source.name} is a SQLite database, but not of Commons")
    if not whole:
        raise BackupError(f"{source.name} is damaged (SQLite's quick_check failed)")


def _run(command: list[str], url: str | None, stdin: str | None = None,
         what: str = "reach the database") -> str:
    """Run a PostgreSQL client tool (on `url`, its password passed apart); return its output."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install PostgreSQL's client tools "
                          "(Debian: apt-get install postgresql-client)")
    env = dict(os.environ)
    if url is not None:
        parts = urlsplit(url)
        if parts.password:  # not on the command line, where `ps` shows it
            env["PGPASSWORD"] = unquote(parts.password)
            parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", "@"))
        command = [*command, "--dbname", urlunsplit(parts)]
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, env=env,
                              timeout=TOOL_SECONDS)
    except subprocess.TimeoutExpired:
        raise BackupError(f"{command[0]} took over {TOOL_SECONDS} s; nothing was changed")
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["no message"])[0]
        raise BackupError(f"{command[0]} could not {what}: {first}")
    return done.stdout
