"""deploy/systemd: a unit for each of the Procfile's processes, running the Procfile's command.

tests/test_hosts.py runs the Procfile's commands on hosts of their own; these tests hold the
units to those same commands, and to what systemd accepts (`systemd-analyze verify`).
"""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from loopback.hosts import ROOT, procfile

UNITS = ROOT / "deploy" / "systemd"
INSTALLED = "/opt/commons"  # where the units expect the checkout, its .venv made by `make`


def unit(path: Path) -> configparser.ConfigParser:
    """Read a systemd unit file (INI-like: case-sensitive keys, no interpolation)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd's keys are CamelCase
    parser.read(path)
    return parser


def test_each_procfile_process_has_a_unit_that_runs_its_command():
    processes = procfile()
    assert sorted(p.name for p in UNITS.glob("*.service")) == sorted(
        f"commons-{name}.service" for name in processes)
    for name, command in processes.items():
        service = unit(UNITS / f"commons-{name}.service")["Service"]
        expected = shlex.split(command.replace("$PORT", "${PORT}"))
        expected[0] = f"{INSTALLED}/.venv/bin/{expected[0]}"
        assert shlex.split(service["ExecStart"]) == expected, name
        assert service["WorkingDirectory"] == INSTALLED
        assert service["EnvironmentFile"] == "/etc/commons/commons.env"
        assert service["Restart"] == "always"  # a process that dies is started again
        assert service["User"] == "commons"  # never root


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is missing")
def test_systemd_accepts_the_units(tmp_path):
    # Installed here instead of /opt/commons, so that each command's program exists.
    for path in UNITS.glob("*.service"):
        (tmp_path / path.name).write_text(path.read_text().replace(INSTALLED, str(ROOT)))
    checked = subprocess.run(["systemd-analyze", "verify", *sorted(tmp_path.glob("*.service"))],
                             capture_output=True, text=True)
    assert checked.returncode == 0 and not checked.stdout + checked.stderr, checked.stderr
