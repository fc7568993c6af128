"""SECRET_KEY fails closed: a forgeable key starts nothing that others can reach.

Each entry point is run as its own process, as an operator starts it, with a Twilio account
(or a public address) and no key: each says one line and exits 1, before it opens anything.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from cli.main import commons
from gateway.app import create_app
from handlers.rotation import MAIL, SAY
from loopback.services import ROOT, free_port
from store.addresses import token_for
from store.db import db
from store.models import Outbox
from store.secret import MIN_SECRET, refusal
from store.settings import DEV_SECRET, Settings
from tests.conftest import ACCOUNT_SID
from tests.deliveries import ALICE, BOB, member
from tests.mailboxes import link
from tests.webapp import _site, _twilio_site_app  # noqa: F401

ALICE_MAIL = "alice@example.org"
LOCAL = Settings()  # the console channel on this machine only, as a fresh clone runs


def session_cookie(key: str, member_id: int, epoch: int = 0) -> str:
    """Return a session cookie for `member_id` signed with `key`, as a forger would make it."""
    forger = Flask("forger")
    forger.secret_key = key
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    assert serializer is not None
    return serializer.dumps({"member_id": member_id, "epoch": epoch})


def me_with(app: Flask, cookie: str) -> int:
    """Return the status of /me for a browser holding `cookie`."""
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return client.get("/me").status_code


def test_a_session_cookie_forged_with_the_old_default_key_gets_no_access(site):
    site.text(ALICE, "name alice")
    alice = site.member(ALICE)
    assert me_with(site.app, session_cookie(DEV_SECRET, alice.id)) == 302  # to /login
    assert me_with(site.app, session_cookie(site.settings.SECRET_KEY, alice.id)) == 200
    assert len(site.settings.SECRET_KEY) >= MIN_SECRET  # the suite's own key is a real one


@pytest.mark.parametrize("changes, reason", [
    ({"TWILIO_ACCOUNT_SID": ACCOUNT_SID}, "a Twilio account is set"),
    ({"MAILGUN_SIGNING_KEY": "k" * 40}, "a Mailgun route is set"),
    ({"PUBLIC_URL": "https://commons.example.org"}, "PUBLIC_URL is https://commons.example.org"),
    ({"HOST": "0.0.0.0"}, "HOST is 0.0.0.0"),
    ({"SMTP_BRIDGE_HOST": "0.0.0.0"}, "SMTP_BRIDGE_HOST is 0.0.0.0"),
], ids=["twilio", "mailgun", "public-url", "host", "bridge-host"])
def test_a_weak_key_is_refused_wherever_others_can_reach_commons(changes, reason):
    exposed = dataclasses.replace(LOCAL, **changes)
    assert (refusal(exposed) or "").startswith(
        f"Refusing to start: SECRET_KEY is the development value and {reason}.")
    short = dataclasses.replace(exposed, SECRET_KEY="k" * (MIN_SECRET - 1))
    assert (refusal(short) or "").startswith(
        f"Refusing to start: SECRET_KEY is shorter than {MIN_SECRET}")
    assert refusal(dataclasses.replace(exposed, SECRET_KEY="k" * MIN_SECRET)) is None


def test_the_console_on_this_machine_only_may_start_with_the_development_key():
    assert refusal(LOCAL) is None
    for url in ("http://localhost:5000", "http://127.0.0.1:5000", "http://[::1]:5000"):
        assert refusal(dataclasses.replace(LOCAL, PUBLIC_URL=url, HOST="localhost")) is None
    assert (refusal(LOCAL, listens_on=["0.0.0.0"]) or "").endswith(  # gunicorn's --bind
        "it listens on 0.0.0.0. Anyone could forge logins and mail addresses with it: set "
        "SECRET_KEY to a random value, e.g. python -c 'import secrets; print("
        "secrets.token_urlsafe(32))'")


def test_the_app_factory_refuses_a_weak_key(deployment):
    settings, _, _ = deployment
    with pytest.raises(SystemExit) as stopped:
        create_app(dataclasses.replace(settings, SECRET_KEY=DEV_SECRET))
    assert stopped.value.code == 1


def test_every_entry_point_refuses_to_start_with_no_key(tmp_path):
    csv = tmp_path / "members.csv"
    csv.write_text("phone\n+14155550101\n")
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "REDIS_URL", "DATABASE_URL") and not k.startswith("TWILIO_")}
    # No key anywhere (not even this tree's var/secret_key), a Twilio account, a database that
    # must not be created: each refuses before it opens anything.
    env |= {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": "token",
            "SECRET_KEY_FILE": str(tmp_path / "no-key"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'commons.db'}",
            "PORT": str(free_port()), "SMTP_BRIDGE_PORT": str(free_port())}
    py = sys.executable
    commands = {
        "gunicorn": [py, "-m", "gunicorn", "--bind", f"127.0.0.1:{env['PORT']}",
                     "gateway.app:create_app()"],
        "workers": [py, "-m", "workers"],
        "smtp bridge": [py, "-m", "gateway.mail_in"],
        "make text": [py, "-m", "gateway.console", ALICE, "name alice"],
        "commons send": [py, "-m", "cli", "send", "@team", "hello"],
        "commons import": [py, "-m", "cli", "import", str(csv), "--group", "@team"],
    }
    started = {name: subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
               for name, command in commands.items()}
    said = "SECRET_KEY is the development value and a Twilio account is set."
    try:
        for name, process in started.items():
            out, err = process.communicate(timeout=60)
            lines = err.strip().splitlines()
            assert (process.returncode, len(lines), out) == (1, 1, ""), (name, err)
            assert said in lines[0], (name, err)
    finally:  # one that started anyway must not outlive the test
        for process in started.values():
            process.kill()
    # make run makes its own key when there is none; one set too short is refused.
    run = subprocess.run([py, "-m", "gateway.run"], cwd=ROOT, env={**env, "SECRET_KEY": "short"},
                         capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr.strip().splitlines() == [
        f"Refusing to start: SECRET_KEY is shorter than {MIN_SECRET} characters and a Twilio "
        "account is set. Anyone could forge logins and mail addresses with it: set SECRET_KEY "
        "to a random value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))'"]
    assert not (tmp_path / "commons.db").exists() and not (tmp_path / "no-key").exists()


def test_rotating_the_key_ends_sessions_and_tells_each_linked_member_once(phones, deployment,
                                                                          tmp_path):
    settings, _, _ = deployment
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    link(ALICE, ALICE_MAIL)
    alice = member(ALICE)
    kept = tmp_path / "secret_key"  # as make run keeps it
    kept.write_text(settings.SECRET_KEY + "\n")
    old = dataclasses.replace(settings, SECRET_KEY_FILE=str(kept))
    old_app = create_app(old)
    cookie = session_cookie(old.SECRET_KEY, alice.id, alice.session_epoch)
    assert me_with(old_app, cookie) == 200

    result = CliRunner().invoke(commons, ["rotate-secret"], obj=old)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote a new key to {kept}. Restart Commons now")
    assert "the 1 members with a linked mail address are texted" in result.output
    key = kept.read_text().strip()
    assert len(key) >= MIN_SECRET and key != old.SECRET_KEY
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    phones.settle()
    phones.run("")  # nobody is told before Commons runs with the new key

    new = dataclasses.replace(old, SECRET_KEY=key)
    new_app = create_app(new)  # the restart
    assert me_with(new_app, cookie) == 302  # everyone logs in again
    phones.run(f"{ALICE} < {SAY['text'].format(masked='a...@example.org')}")
    with db.connection_context():
        [mail] = Outbox.select().where(Outbox.to == ALICE_MAIL)
    assert mail.subject == MAIL["subject"]
    assert f"commands+{token_for(key, alice, 'commands')}@" in mail.body
    assert f"team+{token_for(key, alice, 'team')}@" in mail.body
    assert token_for(old.SECRET_KEY, alice, "team") not in mail.body

    create_app(new)  # another process, or the next restart: nobody is told twice
    phones.settle()
    phones.run("")
    with db.connection_context():
        assert Outbox.select().where(Outbox.to == ALICE_MAIL).count() == 1


def test_a_key_set_outside_make_run_is_printed_once_to_set(deployment, tmp_path):
    settings, _, _ = deployment
    elsewhere = dataclasses.replace(settings, SECRET_KEY_FILE=str(tmp_path / "none"))
    result = CliRunner().invoke(commons, ["rotate-secret"], obj=elsewhere)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("The new key (shown once):\n\n    SECRET_KEY=")
    assert not (tmp_path / "none").exists()
