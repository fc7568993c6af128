"""`/@team/ledger.csv`: the same rows as `commons export ledger`, for owners and admins only."""

from __future__ import annotations

from click.testing import CliRunner

from cli.main import commons
from tests.webapp import (  # noqa: F401
    ALICE,
    BOB,
    CAROL,
    _site,
    _twilio_site_app,
    team,
    text,
)


def test_the_owner_downloads_the_ledger_the_command_line_writes(site):
    team(site)
    response = site.visitor().log_in(ALICE).get("/@team/ledger.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="team-ledger.csv"' in response.headers["Content-Disposition"]
    exported = CliRunner().invoke(commons, ["export", "ledger", "@team"], obj=site.settings)
    assert exported.exit_code == 0, exported.output
    assert text(response) == exported.stdout
    rows = text(response).splitlines()[1:]
    assert [row.split(",")[3:7] for row in rows] == [
        ["@bob", "task", "3", "order pizza"], ["@bob", "thanks", "1", "the pizza"]]
    assert ALICE not in text(response) and BOB not in text(response)


def test_others_may_not_download_it(site):
    team(site)
    anonymous = site.visitor().get("/@team/ledger.csv")
    assert anonymous.status_code == 302 and anonymous.location.endswith("/login")
    bob = site.visitor().log_in(BOB)
    assert bob.get("/@team/ledger.csv").status_code == 403
    assert site.visitor().log_in(ALICE).get("/@home/ledger.csv").status_code == 403
    assert bob.get("/@nope/ledger.csv").status_code == 404
    assert bob.get("/@carol/ledger.csv").status_code == 404  # a member, not a group

    site.text(ALICE, "admin @team @bob")
    assert bob.get("/@team/ledger.csv").status_code == 200
