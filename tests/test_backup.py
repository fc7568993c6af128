"""`commons backup` and `commons restore`, on the suite's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import sqlite3

import psycopg2
from click.testing import CliRunner
from redis import Redis
from rq import Worker

from cli.main import commons
from loopback.crowds import OWNER, crowd
from loopback.services import PostgresDatabase
from store.backup import restore
from store.db import db, is_sqlite, tuples
from tests.conftest import TABLES
from tests.deliveries import ALICE, BOB, CAROL, wait_until
from tests.test_faults import assert_each_sent_once, statuses

DAN = "+14155550104"


def rows() -> dict[str, list[tuple]]:
    """Return every row of every table, in a stable order."""
    with db.connection_context():
        return {model._meta.table_name: list(tuples(model.select().order_by(
                    *model._meta.sorted_fields))) for model in TABLES}


def commons_cli(deployment, *args: str):
    settings, _, _ = deployment
    return CliRunner().invoke(commons, list(args), obj=settings)


def test_a_restored_backup_brings_back_every_row_as_it_was(phones, deployment, tmp_path):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")]})
    for number, text in [(ALICE, "@team first meeting tuesday"), (BOB, "task @team fix it"),
                         (CAROL, "done 1"), (ALICE, "thanks @carol")]:
        phones.text(number, text)
        phones.settle()
    before = rows()
    path = tmp_path / "commons.backup"
    made = commons_cli(deployment, "backup", str(path))
    assert made.exit_code == 0, made.output
    assert made.output.startswith("Backed up ") and f" to {path} (" in made.output

    for number, text in [(DAN, "name dan"), (DAN, "join @team"), (BOB, "@team after it"),
                         (CAROL, "leave @team")]:
        phones.text(number, text)
        phones.settle()
    assert rows() != before

    put_back = commons_cli(deployment, "restore", str(path), "--yes")
    assert put_back.exit_code == 0, put_back.output
    assert put_back.output.startswith(f"Restored {path} into ")
    assert rows() == before
    phones.received()
    phones.run(f"""
    {ALICE} > @team back as we were
    {BOB} < [@team] alice: back as we were
    {CAROL} < [@team] alice: back as we were
    """)


def test_what_is_not_a_backup_is_refused_and_nothing_changes(phones, deployment, tmp_path):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    before = rows()
    wrong = tmp_path / "members.csv"
    wrong.write_text("phone\n+14155550101\n")
    refused = commons_cli(deployment, "restore", str(wrong), "--yes")
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: Nothing was restored: members.csv is ")
    assert rows() == before
    nowhere = commons_cli(deployment, "backup", str(tmp_path / "missing" / "x.backup"))
    assert (nowhere.exit_code, nowhere.output) == (
        1, f"Error: No backup was written: there is no folder {tmp_path / 'missing'}.\n")


def test_restore_refuses_while_workers_run(crew, tmp_path):
    phones, workers = crew
    workers.start()
    settings = workers.settings
    path = tmp_path / "commons.backup"
    assert CliRunner().invoke(commons, ["backup", str(path)], obj=settings).exit_code == 0
    wait_until(lambda: Worker.all(connection=Redis.from_url(settings.REDIS_URL)),
               timeout=30, what="the worker")
    refused = CliRunner().invoke(commons, ["restore", str(path), "--yes"], obj=settings)
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: Commons is running (1 worker processes): stop ")
    assert phones.received() == {}


def test_a_backup_taken_while_a_fan_out_writes_is_one_moment_of_it(crew, tmp_path):
    phones, workers = crew
    numbers = crowd(300)
    workers.start(TWILIO_MPS=50.0)  # a fan-out long enough to back up in the middle of
    phones.text(OWNER, "@crowd hello crowd")
    wait_until(lambda: statuses().get("sent", 0) >= 30, timeout=60, what="sends under way")
    sent_before = statuses().get("sent", 0)
    path = tmp_path / "commons.backup"
    made = CliRunner().invoke(commons, ["backup", str(path)], obj=workers.settings)
    assert made.exit_code == 0, made.output
    sent_after = statuses().get("sent", 0)
    assert sent_after < len(numbers)  # taken while the worker was still writing
    phones.settle(120)
    assert_each_sent_once(phones.api, numbers)  # the writers were never in its way

    counts = restored_statuses(path, tmp_path)  # the backup, put back into a database apart
    assert sum(counts.values()) == len(numbers)  # the fan-out's rows, each once
    assert sent_before <= counts.get("sent", 0) <= sent_after


def restored_statuses(path, tmp_path) -> dict[str, int]:
    """Restore the backup into a scratch database; count its post rows by status."""
    query = "SELECT status, COUNT(*) FROM outbox WHERE kind = 'post' GROUP BY status"
    with db.connection_context():
        sqlite = is_sqlite()
    if sqlite:
        scratch = tmp_path / "scratch.db"
        restore(f"sqlite:///{scratch}", path)
        with sqlite3.connect(scratch) as conn:
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            return dict(conn.execute(query).fetchall())
    live = db.obj.connect_params
    scratch = PostgresDatabase(f"postgresql://{live.get('user', 'postgres')}@"
                               f"{live.get('host', '127.0.0.1')}:{live.get('port', 5432)}/"
                               f"{db.obj.database}")
    url = scratch.create()
    try:
        restore(url, path)
        pg = psycopg2.connect(url)
        with pg.cursor() as cursor:
            cursor.execute(query)
            found = dict(cursor.fetchall())
        pg.close()
        return found
    finally:
        scratch.drop()

