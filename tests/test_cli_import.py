"""`commons import`: a spreadsheet of 1,000 numbers becomes invitations, each sent once.

The command runs in-process (click's CliRunner) against the suite's real database and Redis;
the invitations go out through the running worker to the loopback Twilio API.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cli.main import commons
from store.db import db
from store.models import Invite, Member, Membership, Outbox

ALICE, BOB, OPTED = "+14155550101", "+14155550102", "+14155550109"
# A stranger is sent only the group's name and how to join or stop, by import too (issue 24).
INVITE = "You are invited to @team on Commons. Reply YES to join, or STOP to opt out."
ROWS = 1000
DELIVERY_TIMEOUT = 120  # seconds for the worker to send about 1,000 texts
# Every kind of line a real spreadsheet has wrong, by its line number in the file (the header
# is line 1), with what the table must say about it.
BAD = {
    10: (",Blank Person,,", "line 10: blank"),
    20: ("call me,Letters,,", "line 20: letters, not a number (call me)"),
    30: ("12345,Short,,", "line 30: too short (12345)"),
    40: ("44 7911 123456,Nigel,,",
         "line 40: not a US number; from abroad it needs a +, as in +447911123456 "
         "(44 7911 123456)"),
    50: ("415.555.1000,Dup,,", "line 50: the same number as line 2 (415.555.1000)"),
    60: ("+1 (415) 555-1001,Dup again,,", "line 60: the same number as line 3"),
}
OPTED_LINE, MEMBER_LINE = 70, 80


def write_csv(path, rows: int = ROWS) -> list[str]:
    """Write the file of `rows` rows, every bad kind among the first 80; return the numbers that
    should be invited, in E.164."""
    lines, fresh = ["phone,name,email,tags"], []
    for line in range(2, rows + 2):
        if line in BAD:
            lines.append(BAD[line][0])
        elif line == OPTED_LINE:
            lines.append(f"{OPTED},Opted Out,,")
        elif line == MEMBER_LINE:
            lines.append("(415) 555-0102,Bob,bob@example.com,already")
        else:
            number = 1000 + line - 2
            shown = ("(415) 555-{:04d}", "+1 415-555-{:04d}", "415.555.{:04d}")[line % 3]
            lines.append(f"{shown.format(number)},Person {line},p{line}@example.com,volunteer")
            fresh.append(f"+1415555{number:04d}")
    path.write_text("\n".join(lines) + "\n")
    return fresh


def counts(output: str) -> dict[str, int]:
    """Read the table's counts: label -> number."""
    return {label.strip(): int(n.replace(",", ""))
            for label, n in re.findall(r"^([A-Z][^\n]*?)\s{2,}([\d,]+)$", output, re.M)}


def snapshot() -> tuple[int, int, int, int]:
    with db.connection_context():
        return (Member.select().count(), Invite.select().count(), Outbox.select().count(),
                Membership.select().count())


def setup_team(phones) -> None:
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    phones.text(OPTED, "STOP")
    phones.settle()
    phones.received()


def run_import(deployment, path, *extra: str):
    settings, _, _ = deployment
    result = CliRunner().invoke(commons, ["import", str(path), "--group", "@team", *extra],
                                obj=settings)
    assert result.exit_code == 0, result.output
    return result


def test_a_thousand_rows_are_invited_once_and_bad_rows_are_explained(phones, deployment,
                                                                     tmp_path):
    setup_team(phones)
    fresh = write_csv(tmp_path / "members.csv")
    assert len(fresh) == ROWS - len(BAD) - 2

    first = run_import(deployment, tmp_path / "members.csv")
    assert counts(first.stdout) == {
        "Invited to @team": len(fresh), "Already members (left as they are)": 1,
        "Invited before (not texted again)": 0, "Opted out (never texted)": 1,
        "Invalid": len(BAD)}
    for _, said in BAD.values():
        assert said in first.stdout, first.stdout
    # Nobody joined: an invitation is a text, and joining is the invitee's own `join`.
    with db.connection_context():
        assert Membership.select().count() == 2
        assert Invite.select().count() == len(fresh)

    phones.settle(timeout=DELIVERY_TIMEOUT)
    got = phones.received()
    assert got == {number: [INVITE] for number in fresh}  # nothing to Bob, Alice or OPTED

    # One of them answers; the rest stay invited, not members.
    phones.run(f"""
    {fresh[0]} > join @team
    {fresh[0]} < Welcome to @team! Post with: @team your message
    """)
    second = run_import(deployment, tmp_path / "members.csv")
    assert counts(second.stdout) == {
        "Invited to @team": 0, "Already members (left as they are)": 2,
        "Invited before (not texted again)": len(fresh) - 1, "Opted out (never texted)": 1,
        "Invalid": len(BAD)}
    phones.settle(timeout=DELIVERY_TIMEOUT)
    assert phones.received() == {}  # nobody texted twice


def test_a_dry_run_changes_nothing_and_shows_the_same_table(phones, deployment, tmp_path):
    setup_team(phones)
    fresh = write_csv(tmp_path / "members.csv", rows=100)  # every kind of line, not 1,000
    before = snapshot()
    dry = run_import(deployment, tmp_path / "members.csv", "--dry-run")
    assert dry.stdout.startswith("Dry run: nothing was changed or sent.")
    assert counts(dry.stdout)["Would invite to @team"] == len(fresh)
    assert counts(dry.stdout)["Invalid"] == len(BAD)
    assert snapshot() == before
    phones.settle()
    assert phones.received() == {}

    real = run_import(deployment, tmp_path / "members.csv")
    assert counts(real.stdout)["Invited to @team"] == len(fresh)
    assert [line for line in real.stdout.splitlines() if line.startswith("  line")] == [
        line for line in dry.stdout.splitlines() if line.startswith("  line")]


def test_a_file_without_a_phone_column_is_refused(phones, deployment, tmp_path):
    setup_team(phones)
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAnn,ann@example.com\n")
    settings, _, _ = deployment
    result = CliRunner().invoke(commons, ["import", str(path), "--group", "@team"], obj=settings)
    assert result.exit_code == 1
    assert "people.csv has no phone column" in result.output
    missing = CliRunner().invoke(commons, ["import", str(tmp_path / "members.csv"),
                                           "--group", "@team"], obj=settings)
    assert missing.exit_code == 2 and "does not exist" in missing.output
    write_csv(tmp_path / "members.csv")
    nogroup = CliRunner().invoke(commons, ["import", str(tmp_path / "members.csv"),
                                           "--group", "@nope"], obj=settings)
    assert nogroup.exit_code == 1 and "No group @nope." in nogroup.output
    with db.connection_context():
        assert Invite.select().count() == 0


def test_the_owner_needs_a_name_first_so_no_invitation_shows_their_number(phones, deployment,
                                                                            tmp_path):
    phones.text(ALICE, "create @team")
    phones.settle()
    path = tmp_path / "one.csv"
    path.write_text("phone\n415 555 0150\n")
    settings, _, _ = deployment
    result = CliRunner().invoke(commons, ["import", str(path), "--group", "@team"], obj=settings)
    assert result.exit_code == 1 and "text `name yourname`" in result.output
    with db.connection_context():
        assert Invite.select().count() == 0


def test_numbers_without_a_country_code_are_read_in_the_region(phones, deployment, tmp_path):
    setup_team(phones)
    path = tmp_path / "uk.csv"
    path.write_text("Phone\n07911 123457\n1 415 555 0199\n")
    first = run_import(deployment, path, "--region", "GB")
    assert counts(first.stdout)["Invited to @team"] == 1
    assert "line 3: not a GB number; from abroad it needs a +, as in +14155550199" \
        in first.stdout
    phones.settle()
    assert phones.received() == {"+447911123457": [INVITE]}


TWO = ["+14155550160", "+14155550161"]
LAYOUTS = {  # each as a spreadsheet program or a person saves it
    "excel-europe": "Name;Phone Number;Email\r\nZoë Müller;(415) 555-0160;zoe@example.com\r\n"
                    "René Façade;415.555.0161;\r\n".encode("cp1252"),
    "excel-unicode-text": "Name\tMobile\nAnn\t415 555 0160\nBob\t415 555 0161\n".encode("utf-16"),
    "google-contacts": "\ufeffName,Given Name,Phone 1 - Type,Phone 1 - Value\n"
                       "Ann,Ann,Mobile,+1 415-555-0160\nBob,Bob,Mobile,+1 415-555-0161\n"
                       .encode(),
    "just-numbers": b"415 555 0160\n\n415 555 0161\n",
    "unclosed-quote": b'phone,name,email\n415 555 0160,"Ann,ann@example.com\n'
                      b"415 555 0161,Bob,bob@example.com\n",
    "unclosed-quote-last-column": b'phone,name\n415 555 0160,"Ann\n415 555 0161,Bob\n',
    "a-note-over-two-lines": b'phone,name,notes\n415 555 0160,Ann,"call after 6,\nnot before"\n'
                             b"415 555 0161,Bob,\n",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_common_spreadsheet_layouts_are_read(phones, deployment, tmp_path, layout):
    setup_team(phones)
    path = tmp_path / "members.csv"
    path.write_bytes(LAYOUTS[layout])
    result = run_import(deployment, path)
    assert counts(result.stdout)["Invited to @team"] == 2, result.stdout
    assert counts(result.stdout)["Invalid"] == 0, result.stdout
    if layout.startswith("unclosed-quote"):  # nothing swallowed, and the table says so
        assert "Note: line 2: a quote (\") opens and never closes; lines 2-3 were read one " \
            "by one." in result.stdout
    else:
        assert "Note:" not in result.stdout
    phones.settle()
    assert phones.received() == {number: [INVITE] for number in TWO}


@pytest.mark.parametrize("name, data, kind", [
    ("members.xlsx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4,
     "a zipped file (an Excel .xlsx or other workbook)"),
    ("members.csv", bytes(range(256)) * 8, "not text (a binary file)"),
], ids=["workbook", "binary"])
def test_a_workbook_or_binary_file_is_refused_in_one_line(phones, deployment, tmp_path, name,
                                                          data, kind):
    setup_team(phones)
    path = tmp_path / name
    path.write_bytes(data)
    settings, _, _ = deployment
    result = CliRunner().invoke(commons, ["import", str(path), "--group", "@team"], obj=settings)
    assert (result.exit_code, result.output) == (
        1, f"Error: {name} is {kind}, not a CSV file: save it as CSV (Excel: File > Save As > "
           "CSV UTF-8; Google Sheets: File > Download > CSV) and import that.\n")
    with db.connection_context():
        assert Invite.select().count() == 0
