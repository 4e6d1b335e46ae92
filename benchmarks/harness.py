"""What the bot-level benchmarks share: the fake Bot API server kept in tests/, Adal and the bare
echo bot (benchmarks/echo_bot.py) each in a process of its own, and readings: RSS and percentiles.

Each bot is a separate process so that the driver (the fake server and the simulated users, in
the benchmark's own process) does not share its event loop or its CPU time with the bot."""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.cli import _invite  # noqa: E402
from bot.config import load_settings  # noqa: E402
from tests.conftest import write_config  # noqa: E402
from tests.fake_telegram import FakeTelegram, FakeUser  # noqa: E402

PRODUCTION_ARGON2 = {"argon2_memory_kib": 65536, "argon2_iterations": 3, "argon2_lanes": 4}
MINIMAL_ARGON2 = {"argon2_memory_kib": 8, "argon2_iterations": 1, "argon2_lanes": 1, "allow_weak_argon2_for_tests": True}
PASSPHRASE = "benchmark passphrase that is long"


def sqlite_url(directory: Path) -> str:
    return f"sqlite+aiosqlite:///{directory / 'adal.db'}"


def adal_config(directory: Path, fake: FakeTelegram, db_url: str, *, argon2: dict[str, int],
                **sections: dict[str, Any]) -> Path:
    return write_config(directory / "config.toml", fake.base_url, fake.token, db_url, security=argon2,
                        organization={"name": "Benchmark University"}, outbox={"poll_seconds": 0.2}, **sections)


class BotProcess:
    """A bot in its own process, its output in a log file (a pipe nobody reads would stall it)."""

    def __init__(self, args: list[str], log: Path) -> None:
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)

    @classmethod
    def adal(cls, config: Path) -> BotProcess:
        return cls([sys.executable, "-m", "bot", "run", "-c", str(config)], config.parent / "adal.log")

    @classmethod
    def echo(cls, fake: FakeTelegram, directory: Path) -> BotProcess:
        directory.mkdir(parents=True, exist_ok=True)
        return cls([sys.executable, str(ROOT / "benchmarks" / "echo_bot.py"), fake.base_url, fake.token],
                    directory / "echo.log")

    @classmethod
    def floor(cls, fake: FakeTelegram, directory: Path, db_url: str) -> BotProcess:
        directory.mkdir(parents=True, exist_ok=True)
        return cls([sys.executable, str(ROOT / "benchmarks" / "floor_bot.py"), fake.base_url, fake.token, db_url],
                   directory / "floor.log")

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(self.process.wait, 60)
        except subprocess.TimeoutExpired:
            self.process.kill()


async def answered(fake: FakeTelegram, user: FakeUser, action: Callable[[], Any],
                   expect: Callable[[dict[str, Any]], bool] = lambda m: True, timeout: float = 120) -> dict[str, Any]:
    """Act as the user, then wait for the bot's answer in that chat."""
    mark = len(fake.bot_sent)
    action()
    return await fake.wait_for_message(user.id, expect, after=mark, timeout=timeout)


async def wait_ready(fake: FakeTelegram, bot: BotProcess, timeout: float = 60) -> None:
    """The bot answers a first message: it is up and polling."""
    probe = fake.new_user("Probe")
    deadline = time.monotonic() + timeout
    mark = len(fake.bot_sent)
    probe.send("/start")
    while time.monotonic() < deadline:
        if bot.process.poll() is not None:
            raise RuntimeError(f"bot exited: {bot.log.read_text()[-2000:]}")
        try:
            await fake.wait_for_message(probe.id, after=mark, timeout=1)
            return
        except TimeoutError:
            continue
    raise RuntimeError(f"bot never answered: {bot.log.read_text()[-2000:]}")


@contextlib.asynccontextmanager
async def running(fake: FakeTelegram, bot: BotProcess) -> AsyncIterator[BotProcess]:
    """The bot, once it answers; stopped (SIGTERM) on the way out."""
    try:
        await wait_ready(fake, bot)
        yield bot
    finally:
        await bot.stop()


async def enrol_officer(fake: FakeTelegram, config: Path, name: str = "Officer") -> FakeUser:
    """An officer enrolled the way people are: an invite link, /start, the passphrase."""
    officer = fake.new_user(name, language_code="en")
    token = (await _invite(load_settings(config), "officer"))[1].split("/start ")[1].split()[0]
    await answered(fake, officer, lambda: officer.send(f"/start {token}"), lambda m: "passphrase" in m.get("text", ""))
    await answered(fake, officer, lambda: officer.send(PASSPHRASE), lambda m: "recovery key" in m.get("text", ""))
    return officer


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]
