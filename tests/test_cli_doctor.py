"""`commons doctor` against the loopback Twilio API: exit 0 only when every part is right."""

from __future__ import annotations

import dataclasses
import re
import socket

import pytest
from click.testing import CliRunner

from cli.main import commons
from loopback.services import free_port
from tests.conftest import FROM, clean

PUBLIC = "https://commons.example.org"
RIGHT = f"{PUBLIC}/sms/twilio"
FALLBACK = f"{PUBLIC}/sms/twilio/fallback"
STATUS = f"{PUBLIC}/sms/twilio/status"
SERVICE = "MG" + "0" * 31 + "7"


@pytest.fixture
def ready(deployment, twilio_api):
    """Settings that are right in every part, once the account has its number."""
    settings, _, _ = deployment
    twilio_api.reset()
    clean(settings.REDIS_URL)
    return dataclasses.replace(settings, PUBLIC_URL=PUBLIC, SECRET_KEY="s" * 40,
                               SMTP_BRIDGE_PORT=free_port())


def doctor(settings) -> tuple[int, dict[str, str]]:
    """Run the doctor; return its exit code and each part's line (FIX lines win)."""
    result = CliRunner().invoke(commons, ["doctor"], obj=settings)
    lines: dict[str, str] = {}
    for line in result.stdout.splitlines()[:-1]:
        mark = line[:3].strip()
        part, text = re.split(r"\s{2,}", line[5:], maxsplit=1)
        if lines.get(part, "").startswith("FIX"):
            continue
        lines[part] = f"{mark} {text}"
    return result.exit_code, lines


def test_a_number_whose_webhook_points_elsewhere_is_reported(ready, twilio_api):
    twilio_api.add_phone_number(FROM, "https://old-host.example.net/sms", sms_fallback_url=FALLBACK)
    code, lines = doctor(ready)
    assert code == 1
    assert lines["webhook"] == (f"FIX {FROM} sends incoming texts to POST "
                                f"https://old-host.example.net/sms: set the number's messaging "
                                f"webhook to POST {RIGHT}")
    assert lines["TWILIO_FROM"] == f"ok {FROM} belongs to the account"
    assert [part for part, line in lines.items() if line.startswith("FIX")] == ["webhook"]


def test_a_right_setup_passes(ready, twilio_api):
    twilio_api.add_phone_number(FROM, RIGHT, sms_fallback_url=FALLBACK)
    result = CliRunner().invoke(commons, ["doctor"], obj=ready)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("Everything is ready.\n")
    code, lines = doctor(ready)
    assert lines["webhook"] == f"ok {FROM} sends incoming texts to POST {RIGHT}"
    assert lines["fallback URL"] == f"ok {FROM} falls back to POST {FALLBACK}"
    assert lines["migrations"] == "ok all applied"
    assert lines["senders"] == "ok none paused"
    assert lines["members"] == "ok every member's phone takes texts"
    assert lines["twilio"].startswith("ok account AC")


def test_a_messaging_service_is_checked_instead_of_the_number(ready, twilio_api):
    settings = dataclasses.replace(ready, TWILIO_MESSAGING_SERVICE_SID=SERVICE)
    code, lines = doctor(settings)
    assert code == 1 and lines["TWILIO_MESSAGING_SERVICE_SID"].startswith(
        f"FIX {SERVICE} is no Messaging Service of this account")
    twilio_api.add_service(SERVICE, "https://old-host.example.net/sms")
    code, lines = doctor(settings)
    assert code == 1 and lines["webhook"].endswith(
        f"set the service's incoming webhook to POST {RIGHT}")
    assert lines["fallback URL"] == (f"FIX {SERVICE} falls back to POST nowhere: set the "
                                     f"service's fallback URL to POST {FALLBACK}")
    assert lines["status callback"] == (
        f"FIX {SERVICE} reports delivery to POST nowhere: set the service's delivery status "
        f"callback to POST {STATUS}")
    twilio_api.add_service(SERVICE, RIGHT, fallback_url=FALLBACK,
                           status_callback="https://old-host.example.net/status")
    code, lines = doctor(settings)
    assert code == 1 and lines["fallback URL"] == f"ok {SERVICE} falls back to POST {FALLBACK}"
    assert lines["status callback"].startswith(
        f"FIX {SERVICE} reports delivery to POST https://old-host.example.net/status:")
    twilio_api.add_service(SERVICE, RIGHT, fallback_url=FALLBACK, status_callback=STATUS)
    code, lines = doctor(settings)
    assert code == 0, lines
    assert lines["status callback"] == f"ok {SERVICE} reports delivery to POST {STATUS}"


def test_what_is_wrong_is_said_one_line_each(ready, twilio_api):
    twilio_api.add_phone_number("+15005550001", RIGHT)  # another number, not TWILIO_FROM
    code, lines = doctor(ready)
    assert code == 1 and lines["TWILIO_FROM"] == (
        f"FIX {FROM} is not a number of this account: buy or port it, or set TWILIO_FROM to "
        "one that is")

    wrong = dataclasses.replace(ready, TWILIO_AUTH_TOKEN="not-the-token")
    code, lines = doctor(wrong)
    assert lines["twilio"].startswith("FIX the account does not answer (20003: Twilio refused")

    twilio_api.set_account_status("suspended")
    assert doctor(ready)[1]["twilio"] == "FIX the account is suspended: reactivate it in Twilio"
    twilio_api.set_account_status("active")

    plain = dataclasses.replace(ready, PUBLIC_URL="http://commons.example.org")
    assert doctor(plain)[1]["PUBLIC_URL"].startswith("FIX http://commons.example.org is not https")
    unset = dataclasses.replace(ready, PUBLIC_URL="")
    assert doctor(unset)[1]["PUBLIC_URL"].startswith("FIX unset: set it to the https address")
    dev = dataclasses.replace(ready, SECRET_KEY="dev-only-not-secret")
    assert doctor(dev)[1]["SECRET_KEY"].startswith("FIX the development value")
    for url in ("", "http://127.0.0.1:5000"):  # checked whatever PUBLIC_URL is
        dev = dataclasses.replace(ready, PUBLIC_URL=url, SECRET_KEY="dev-only-not-secret")
        assert doctor(dev)[1]["SECRET_KEY"].startswith(
            "FIX the development value; nothing starts with it while a Twilio account is set")
    short = dataclasses.replace(ready, PUBLIC_URL="", SECRET_KEY="k" * 31)
    assert doctor(short)[1]["SECRET_KEY"].startswith("FIX shorter than 32 characters")

    down = dataclasses.replace(ready, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
                               SMTP_URL=f"smtp://127.0.0.1:{free_port()}")
    code, lines = doctor(down)
    assert code == 1
    assert lines["redis"].startswith("FIX redis://127.0.0.1:")
    assert lines["SMTP_URL"].startswith("FIX smtp://127.0.0.1:")

    with socket.socket() as taken:  # another program holds the bridge's port
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = dataclasses.replace(ready, SMTP_BRIDGE_PORT=taken.getsockname()[1])
        assert doctor(busy)[1]["SMTP bridge"].startswith("FIX ")


def test_the_bridge_port_served_by_the_bridge_is_right(ready, twilio_api, bridge):
    twilio_api.add_phone_number(FROM, RIGHT, sms_fallback_url=FALLBACK)
    served = dataclasses.replace(ready, SMTP_BRIDGE_PORT=bridge)
    code, lines = doctor(served)
    assert (code, lines["SMTP bridge"]) == (
        0, f"ok 127.0.0.1:{bridge} is served by the Commons bridge")


def test_without_twilio_credentials_nothing_would_be_sent(ready):
    console = dataclasses.replace(ready, TWILIO_ACCOUNT_SID="", TWILIO_AUTH_TOKEN="")
    code, lines = doctor(console)
    assert code == 1 and lines["twilio"].startswith("FIX no TWILIO_ACCOUNT_SID")


def test_a_mistyped_sqlite_path_is_reported_and_not_created(ready, tmp_path):
    typo = tmp_path / "var" / "comons.db"
    code, lines = doctor(dataclasses.replace(ready, DATABASE_URL=f"sqlite:///{typo}"))
    assert code == 1
    assert lines["database"] == (f"FIX sqlite:///{typo}: there is no file {typo} (nothing was "
                                 "created): check DATABASE_URL, or start the web process once "
                                 "to create it")
    assert "migrations" not in lines
    assert not typo.exists() and not typo.parent.exists()


def test_texts_waiting_in_the_spool_are_reported(ready, twilio_api):
    from workers import spool
    from workers.runtime import Runtime

    twilio_api.add_phone_number(FROM, RIGHT, sms_fallback_url=FALLBACK)
    assert "spooled texts" not in doctor(ready)[1]  # none waiting: no line at all
    serving = Runtime(ready)
    spool.keep(serving, spool.entry("SM" + "1" * 32, "+14155550101", "hello", [], None))
    serving.close()
    code, lines = doctor(ready)
    assert code == 1
    assert lines["spooled texts"] == (
        "FIX 1 texts that came while the database was away wait to be handled: start a worker, "
        "whose sweeper replays them in order as soon as the database answers")
