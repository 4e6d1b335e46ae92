"""Backup and restore: a consistent copy taken while the bot runs, content still sealed, and a
restored database that an officer can read with their passphrase."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.services import case_actions, people
from bot.services.audit import verify
from storage.db import create_engine, create_session_factory
from storage.models import Person
from tests.conftest import AUDIT_KEY, TEST_SECRET, RunningBot, make_settings
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE, choose_english, enrol, file_report, has

ROOT = Path(__file__).resolve().parents[1]
CANARY = "CANARY-BACKUP the rector's brother won the tender"


async def test_backup_while_running_and_restore(fake_tg: FakeTelegram, tmp_path: Path) -> None:
    db_path = tmp_path / "live" / "adal.db"
    settings = make_settings(fake_tg.base_url, fake_tg.token, f"sqlite+aiosqlite:///{db_path}")
    config = tmp_path / "config.toml"
    config.write_text(f'[telegram]\ntoken = "{fake_tg.token}"\n[storage]\nurl = "sqlite+aiosqlite:///{db_path}"\n'
                      f'[security]\nsecret_key = "{TEST_SECRET}"\n', encoding="utf-8")
    officer, reporter = fake_tg.new_user("Officer"), fake_tg.new_user("Reporter")
    copy = tmp_path / "backups" / "adal-backup.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    async with RunningBot(settings):
        await enrol(fake_tg, settings, officer)
        await choose_english(fake_tg, reporter)
        public_id, _ = await file_report(fake_tg, reporter, CANARY)
        await fake_tg.wait_for_message(officer.id, has("New report"))
        made = subprocess.run([sys.executable, "-m", "bot", "backup", str(copy), "-c", str(config)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert "backup written" in made.stdout and copy.is_file()
    # Made under the process's umask 077, whatever the caller's: only the bot's user can read it.
    assert copy.stat().st_mode & 0o777 == 0o600 and copy.parent.stat().st_mode & 0o077 == 0
    assert CANARY.encode() not in copy.read_bytes()
    again = subprocess.run([sys.executable, "-m", "bot", "backup", str(copy), "-c", str(config)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "exists" in again.stderr  # never overwrites

    # Restore: with the bot stopped, the backup file becomes the database file.
    restored = tmp_path / "restored" / "adal.db"
    restored.parent.mkdir()
    shutil.copyfile(copy, restored)
    engine = create_engine(f"sqlite+aiosqlite:///{restored}")
    async with create_session_factory(engine, audit_key=AUDIT_KEY)() as db:
        assert (await verify(db)).ok
        person = await db.scalar(select(Person))
        unlocked = await people.unlock(db, person, passphrase=PASSPHRASE,
                                       policy=people.SecretPolicy(cost=_cost(settings)), now=_now())
        content = await case_actions.read_case(db, person, unlocked.private_key, public_id, now=_now())
    await engine.dispose()
    assert content.report["text"] == CANARY


def _cost(settings):  # type: ignore[no-untyped-def]
    return settings.security.argon2_cost


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_backup_on_postgresql_points_to_pg_dump(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[telegram]\ntoken = "1:x"\n[storage]\nurl = "postgresql+asyncpg://adal@db.internal/adal"\n'
                      f'[security]\nsecret_key = "{TEST_SECRET}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    result = subprocess.run([sys.executable, "-m", "bot", "backup", str(tmp_path / "x"), "-c", str(config)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "pg_dump" in result.stderr and "db.internal" in result.stderr
