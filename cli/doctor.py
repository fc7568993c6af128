"""`commons doctor`: check the configuration, one line a part, and say what to fix."""

from __future__ import annotations

import click

from cli import checks
from store.settings import Settings

MARK = {True: click.style("ok ", fg="green"), False: click.style("FIX", fg="red", bold=True)}


@click.command()
@click.pass_obj
def doctor(settings: Settings) -> None:
    """Check database, Redis, PUBLIC_URL, Twilio, mail and secrets; exit 0 only if all is right."""
    findings = checks.run(settings)
    width = max(len(finding.part) for finding in findings)
    for finding in findings:
        click.echo(f"{MARK[finding.ok]}  {finding.part:<{width}}  {finding.text}")
    wrong = sum(not finding.ok for finding in findings)
    if wrong:
        click.echo(f"{wrong} to fix.")
        raise SystemExit(1)
    click.echo("Everything is ready.")
