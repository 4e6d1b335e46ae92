"""The deploy files as text: the systemd unit parses, has no inline comments (systemd would take
them as part of the value), does not restart on the exit codes a restart cannot fix, and is the
one the README shows; the install script is valid shell and sets up what the README says."""

from __future__ import annotations

import configparser
import re
import subprocess
from pathlib import Path

from bot import startup

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "adal.service"
INSTALL = ROOT / "deploy" / "install.sh"


def _unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True, comment_prefixes=("#", ";"),
                                       inline_comment_prefixes=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def test_the_unit_parses_and_says_what_it_must() -> None:
    unit = _unit()
    assert set(unit.sections()) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    assert service["User"] == "adal" and service["UMask"] == "0077"
    assert service["ExecStart"].endswith("-m bot run -c /etc/adal/config.toml")
    assert service["ExecStart"].split()[0] == "/opt/adal/.venv/bin/python"
    assert service["EnvironmentFile"] == "/etc/adal/secrets.env"
    assert service["Restart"] == "on-failure"
    assert {int(code) for code in service["RestartPreventExitStatus"].split()} == set(startup.NOT_RESTARTED)
    assert "/opt/adal/data" in service["ReadWritePaths"].split()
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_no_value_carries_an_inline_comment() -> None:
    for number, line in enumerate(UNIT.read_text(encoding="utf-8").splitlines(), start=1):
        if "=" in line and not line.lstrip().startswith(("#", ";")):
            assert not re.search(r"\s[#;]", line.split("=", 1)[1]), f"line {number}: {line}"


def test_the_readme_shows_the_shipped_unit() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```ini\n" + UNIT.read_text(encoding="utf-8") + "```" in readme


def test_the_install_script_is_valid_and_sets_up_what_the_readme_says() -> None:
    assert subprocess.run(["sh", "-n", str(INSTALL)], capture_output=True).returncode == 0
    script = INSTALL.read_text(encoding="utf-8")
    for step in ("useradd --system", "install -d -o adal -g adal -m 700 /opt/adal/data",
                 "install -d -o root -g adal -m 750 /etc/adal", "python3 -m venv /opt/adal/.venv",
                 "pip install --quiet .", "chmod 600 /etc/adal/secrets.env", "umask 077",
                 "deploy/adal.service /etc/systemd/system/adal.service", "systemctl daemon-reload"):
        assert step in script, step
    assert "pip install -e" not in script  # an installed copy, not the checkout
    sqlite_url = re.search(r'^url = "(.*)"', (ROOT / "config.example.toml").read_text(encoding="utf-8"), re.M).group(1)
    assert f's|^url = "{sqlite_url}"|' in script  # the config's database moves into the data folder
