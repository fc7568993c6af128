"""`commons export` and `commons send`: what the command line shows equals what texts show."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

from click.testing import CliRunner

from cli.main import commons
from loopback.services import ROOT
from tests.conftest import worker_env

ALICE, BOB, CAROL, DAN = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
RANK = re.compile(r"\d+\. @(\w+) (-?\d+) \((\d+)%\)")


def ask(phones, number: str, text: str) -> str:
    """Text Commons and return the one reply `number` got, its lines joined by " | "."""
    phones.settle()
    phones.received()
    phones.text(number, text)
    phones.settle()
    replies = phones.received()[number]
    assert len(replies) == 1, replies
    return replies[0]


def cli(deployment, *args: str) -> str:
    settings, _, _ = deployment
    result = CliRunner().invoke(commons, list(args), obj=settings)
    assert result.exit_code == 0, result.output
    return result.stdout


def contributions(phones) -> None:
    """Tasks done by others, one done and reopened (a reversal), thanks: three contributors."""
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAN, "dan")]})
    for number, text in [
        (ALICE, "task @team write the docs"), (ALICE, "task @team fix the printer"),
        (ALICE, "task @team order pizza"), (BOB, "done 1"), (CAROL, "done 2"),
        (BOB, "done 3"), (ALICE, "reopen 3"), (ALICE, "thanks @carol for the printer"),
        (BOB, "thanks @alice"), (DAN, "thanks @alice for =HYPERLINK(1)"),
    ]:
        phones.text(number, text)
        phones.settle()


def test_shares_equal_top_and_the_ledger_sums_to_karma(phones, deployment):
    contributions(phones)
    top = RANK.findall(ask(phones, ALICE, "top @team"))
    assert top == [("carol", "4", "45"), ("bob", "3", "33"), ("alice", "2", "22")]
    shares = list(csv.DictReader(io.StringIO(cli(deployment, "export", "shares", "@team"))))
    assert [(row["member"], row["points"], row["share"]) for row in shares] == [
        (f"@{name}", points, share) for name, points, share in top]
    assert sum(int(row["share"]) for row in shares) == 100

    ledger = list(csv.DictReader(io.StringIO(cli(deployment, "export", "ledger", "@team"))))
    assert {row["kind"] for row in ledger} == {"task", "thanks", "reversal"}
    reversal = next(row for row in ledger if row["kind"] == "reversal")
    reversed_entry = next(row for row in ledger if row["entry"] == reversal["reverses"])
    assert (reversed_entry["member"], reversed_entry["points"], reversal["points"]) == (
        "@bob", "3", "-3")
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["time"]) for row in ledger)
    # A reason someone typed is never run as a spreadsheet formula.
    assert any(row["reason"] == "'=HYPERLINK(1)" for row in ledger)
    for name in ("alice", "bob", "carol"):
        karma = ask(phones, DAN, f"karma @{name}")
        said = re.match(rf"@{name} has (-?\d+) points", karma)
        assert said is not None, karma
        points = int(said.group(1))
        assert sum(int(row["points"]) for row in ledger if row["member"] == f"@{name}") == points

    as_json = json.loads(cli(deployment, "export", "ledger", "@team", "--format", "json"))
    assert [str(row["entry"]) for row in as_json] == [row["entry"] for row in ledger]
    assert as_json[-1]["reason"] == "=HYPERLINK(1)"
    assert {type(row["reverses"]) for row in as_json} == {int, type(None)}
    assert cli(deployment, "export", "ledger", "@team", "--since", "2100-01-01").strip() == (
        "entry,time,member_id,member,kind,points,reason,reverses,giver,task")
    assert len(json.loads(cli(deployment, "export", "ledger", "@team", "--since", "2000-01-01",
                              "--format", "json"))) == len(ledger)


def test_export_group_writes_csv_files_without_numbers_unless_asked(phones, deployment,
                                                                    tmp_path):
    contributions(phones)
    phones.text(BOB, "@team see you at 5, call me on 415 555 0102")
    phones.settle()
    out = cli(deployment, "export", "group", "@team", "--out", str(tmp_path / "team"))
    names = sorted(path.name for path in (tmp_path / "team").iterdir())
    assert names == ["ledger.csv", "members.csv", "posts.csv", "tasks.csv"]
    assert "members.csv: 4 rows" in out and "phone numbers" not in out
    members = list(csv.DictReader((tmp_path / "team" / "members.csv").open()))
    assert [(row["member"], row["role"]) for row in members] == [
        ("@alice", "owner"), ("@bob", "member"), ("@carol", "member"), ("@dan", "member")]
    assert "phone" not in members[0]
    everything = "".join(path.read_text() for path in (tmp_path / "team").iterdir())
    assert not any(number in everything for number in (ALICE, BOB, CAROL, DAN))
    tasks = list(csv.DictReader((tmp_path / "team" / "tasks.csv").open()))
    assert [(row["task"], row["status"], row["done_by"]) for row in tasks] == [
        ("1", "done", "@bob"), ("2", "done", "@carol"), ("3", "open", "")]
    posts = list(csv.DictReader((tmp_path / "team" / "posts.csv").open()))
    assert posts[-1]["author"] == "@bob" and posts[-1]["body"].startswith("see you at 5")

    out = cli(deployment, "export", "group", "@team", "--out", str(tmp_path / "full"),
              "--with-numbers")
    assert "for the group's owner and admins only" in out
    members = list(csv.DictReader((tmp_path / "full" / "members.csv").open()))
    assert [row["phone"] for row in members] == [ALICE, BOB, CAROL, DAN]


def test_send_posts_as_the_owner_through_the_pipeline(phones, deployment):
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    out = cli(deployment, "send", "@team", "Meeting moved to 6pm")
    assert out == "Posted to @team as its owner; the worker sends it to the members.\n"
    phones.settle()
    assert phones.received() == {BOB: ["[@team] alice: Meeting moved to 6pm"]}

    settings, _, _ = deployment
    result = CliRunner().invoke(commons, ["send", "@nope", "hello"], obj=settings)
    assert (result.exit_code, result.output) == (1, "Error: No group @nope.\n")
    phones.text(ALICE, "STOP")
    phones.settle()
    result = CliRunner().invoke(commons, ["send", "@team", "still there?"], obj=settings)
    assert result.exit_code == 1 and "Nothing was posted to @team." in result.output
    phones.settle()
    assert phones.received() == {}


def test_the_command_line_runs_as_its_own_process(phones, deployment):
    contributions(phones)
    settings, _, _ = deployment
    env = {**os.environ, **worker_env(settings)}
    done = subprocess.run([sys.executable, "-m", "cli", "export", "shares", "@team",
                           "--format", "json"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(
        cli(deployment, "export", "shares", "@team", "--format", "json"))


def test_every_command_of_the_command_line_is_in_the_organisers_guide():
    readme = (ROOT / "docs" / "organisers.md").read_text()
    names = [f"commons {name}" for name, command in commons.commands.items()
             if not hasattr(command, "commands")]
    names += [f"commons {group} {name}" for group, command in commons.commands.items()
              for name in getattr(command, "commands", {})]
    assert len(names) == 11
    assert [name for name in names if f"`{name}" not in readme] == []


def test_an_out_file_in_a_missing_folder_is_one_clear_line(phones, deployment, tmp_path):
    settings, _, _ = deployment
    phones.form({"team": [(ALICE, "alice"), (BOB, "bob")]})
    missing = tmp_path / "missing" / "dir" / "x.csv"
    for what in ("ledger", "shares"):
        result = CliRunner().invoke(commons, ["export", what, "@team", "--out", str(missing)],
                                    obj=settings)
        assert (result.exit_code, result.output) == (
            1, f"Error: Cannot write {missing}: there is no folder {missing.parent} (create it, "
               "or give another --out).\n")
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    result = CliRunner().invoke(commons, ["export", "group", "@team", "--out",
                                          str(blocked / "folder")], obj=settings)
    assert result.exit_code == 1 and result.output.startswith(
        f"Error: Cannot write into {blocked / 'folder'}: "), result.output
    assert not (tmp_path / "missing").exists()
