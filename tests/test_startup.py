"""What an administrator sees when the bot cannot start: one line naming the problem and what to
do, no traceback, and an exit code that tells a supervisor whether a restart can help
(bot/startup.py; deploy/adal.service lists the codes it must not restart on)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import startup
from tests.conftest import write_config
from tests.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[1]


def _start(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    return subprocess.run([sys.executable, "-m", "bot", *(args or ("run",)), "-c", str(config)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _the_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith("adal: ")]
    assert len(lines) == 1, result.stderr[-3000:]
    return lines[0]


async def test_a_token_telegram_refuses(fake_tg: FakeTelegram, tmp_path: Path) -> None:
    config = write_config(tmp_path / "c.toml", fake_tg.base_url, "999:not-the-token",
                          f"sqlite+aiosqlite:///{tmp_path / 'adal.db'}")
    result = await asyncio.to_thread(_start, config)
    assert result.returncode == startup.EXIT_TOKEN
    assert "Telegram refused the bot token" in _the_line(result) and "@BotFather" in _the_line(result)
    assert "not-the-token" not in result.stderr


def test_an_unreachable_bot_api(tmp_path: Path) -> None:
    config = write_config(tmp_path / "c.toml", "http://127.0.0.1:9", "1:x", f"sqlite+aiosqlite:///{tmp_path / 'adal.db'}")
    result = _start(config)
    assert result.returncode == startup.EXIT_BOT_API
    assert "cannot reach the Bot API at http://127.0.0.1:9" in _the_line(result)


def test_an_unreachable_database(tmp_path: Path) -> None:
    config = write_config(tmp_path / "c.toml", "http://127.0.0.1:9", "1:x",
                          "postgresql+asyncpg://adal:hunter2-password@127.0.0.1:9/adal")
    for command in (("run",), ("migrate",), ("people", "list")):
        result = _start(config, *command)
        assert result.returncode == startup.EXIT_DATABASE, command
        line = _the_line(result)
        assert "cannot use the database postgresql+asyncpg://adal:***@127.0.0.1:9/adal" in line
        assert "hunter2" not in result.stderr


def test_a_database_that_does_not_exist(tmp_path: Path) -> None:
    base = os.environ.get("ADAL_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("ADAL_TEST_POSTGRES_URL is not set: no PostgreSQL server to ask for a missing database")
    url = base.rsplit("/", 1)[0] + "/adal_no_such_database"
    result = _start(write_config(tmp_path / "c.toml", "http://127.0.0.1:9", "1:x", url))
    assert result.returncode == startup.EXIT_DATABASE
    assert "adal_no_such_database" in _the_line(result) and "does the database exist" in _the_line(result)


def test_a_data_folder_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")  # refused even for root
    config = write_config(tmp_path / "c.toml", "http://127.0.0.1:9", "1:x",
                          f"sqlite+aiosqlite:///{blocker / 'data' / 'adal.db'}")
    result = _start(config)
    assert result.returncode == startup.EXIT_DATA_FOLDER
    assert f"the data folder {blocker / 'data'} is not writable" in _the_line(result)


def test_an_obviously_weak_secret(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[telegram]\ntoken = "1:x"\n[security]\nsecret_key = "change-me-change-me-change-me-change-me"\n',
                      encoding="utf-8")
    result = _start(config)
    assert result.returncode == startup.EXIT_CONFIG
    assert "security.secret_key" in result.stderr and "placeholder" in result.stderr and "Traceback" not in result.stderr


def test_invite_says_why_there_is_no_link(tmp_path: Path) -> None:
    config = write_config(tmp_path / "c.toml", "http://127.0.0.1:9", "1:x", f"sqlite+aiosqlite:///{tmp_path / 'adal.db'}")
    result = _start(config, "invite", "officer")
    assert result.returncode == 0 and "/start inv_" in result.stdout
    assert "no t.me link" in result.stdout and "cannot reach the Bot API" in result.stdout
