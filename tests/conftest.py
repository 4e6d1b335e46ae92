"""Shared fixtures: a fake Bot API server, settings pointing at it, databases, a running bot.

PostgreSQL: set ADAL_TEST_POSTGRES_URL (for example
postgresql+asyncpg://postgres@127.0.0.1:5432/test) and every `db_url` test also runs there,
each in a database of its own. Without it those runs are skipped, and say so.

Redis: set ADAL_TEST_REDIS_URL (for example redis://127.0.0.1:6379/0) and the `redis_config`
tests run, each under a name prefix of its own that is deleted afterwards. Without it they are
skipped, and say so. .ci/run sets both.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bot.clock import FakeClock
from bot.services import audit
from bot.config import Settings, load_settings
from bot.logs import setup_logging
from tests.fake_telegram import FakeTelegram

POSTGRES_ENV = "ADAL_TEST_POSTGRES_URL"
REDIS_ENV = "ADAL_TEST_REDIS_URL"
# Cheapest Argon2id the library allows: the tests exercise the code path, not the cost.
TEST_ARGON2 = {"argon2_memory_kib": 8, "argon2_iterations": 1, "argon2_lanes": 1, "allow_weak_argon2_for_tests": True}
TEST_SECRET = "Tq3-vX9pL2mZ8rW4kN7bY1cF6hJ0sD5gE8aU"  # random-looking: obvious non-secrets are refused
# The audit chain key a bot derives from TEST_SECRET: sessions made with it can append and verify.
AUDIT_KEY = audit.chain_key(TEST_SECRET)


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Logs formatted exactly as in production (bot.logs), at DEBUG, captured for canary searches."""
    stream = io.StringIO()
    handler = setup_logging("DEBUG", stream)
    yield stream
    logging.getLogger().removeHandler(handler)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 26, 4, 0, tzinfo=UTC))


@pytest.fixture
async def fake_tg() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


async def _pg_admin(base_url: str, statement: str) -> None:
    """Run one statement (CREATE/DROP DATABASE) on the server that ADAL_TEST_POSTGRES_URL names."""
    import asyncpg

    url = make_url(base_url)
    connection = await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port or 5432, database=url.database
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database URL: SQLite always, PostgreSQL when ADAL_TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'adal.db'}"
        return
    async with _pg_database() as url:
        yield url


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database, for what only PostgreSQL supports (several instances)."""
    async with _pg_database() as url:
        yield url


@contextlib.asynccontextmanager
async def _pg_database() -> AsyncIterator[str]:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL run skipped: {POSTGRES_ENV} is not set (.ci/run sets it)")
    name = f"adal_test_{secrets.token_hex(6)}"
    await _pg_admin(base, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        await _pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.asynccontextmanager
async def _redis_section() -> AsyncIterator[dict[str, str]]:
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"Redis run skipped: {REDIS_ENV} is not set (.ci/run sets it)")
    prefix = f"adaltest-{secrets.token_hex(6)}"
    yield {"url": url, "prefix": prefix}
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    names = [name async for name in client.scan_iter(f"{prefix}:*")]
    if names:
        await client.delete(*names)
    await client.aclose()


@pytest.fixture
async def redis_config() -> AsyncIterator[dict[str, str]]:
    """A `[redis]` config section with a fresh name prefix; its keys are deleted afterwards."""
    async with _redis_section() as section:
        yield section


@pytest.fixture(params=["memory", "redis"])
async def shared_state(request: pytest.FixtureRequest) -> AsyncIterator[dict[str, str] | None]:
    """None (state in process memory), then a `[redis]` section: the test runs both ways."""
    if request.param == "memory":
        yield None
        return
    async with _redis_section() as section:
        yield section


async def redis_contents(config: dict[str, str]) -> bytes:
    """Every name under the prefix and every value, read by type (DUMP may compress, which
    could hide a leak from a byte search)."""
    from redis.asyncio import Redis

    client = Redis.from_url(config["url"])
    chunks: list[bytes] = []
    try:
        async for name in client.scan_iter(f"{config['prefix']}:*"):
            chunks.append(name)
            kind = (await client.type(name)).decode()
            if kind == "string":
                chunks.append(await client.get(name) or b"")
            elif kind == "zset":
                chunks.extend(member for member, _ in await client.zrange(name, 0, -1, withscores=True))
            elif kind == "hash":
                for field_name, value in (await client.hgetall(name)).items():
                    chunks += [field_name, value]
            elif kind in ("list", "set"):
                chunks.extend(await (client.lrange(name, 0, -1) if kind == "list" else client.smembers(name)))
    finally:
        await client.aclose()
    return b"\x00".join(chunks)


def _config_data(api_base: str, token: str, db: str, **sections: dict[str, Any]) -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = {
        "telegram": {"token": token, "api_base": api_base, "polling_timeout": 1},
        "storage": {"url": db},
        "organization": {"name": "Test University", "kind": "hei"},
        # Tests click at machine speed: a person's flood allowance would cut a journey short.
        "security": {"secret_key": TEST_SECRET, **TEST_ARGON2, "flood_updates": 200},
        "outbox": {"poll_seconds": 0.05},
    }
    for section, values in sections.items():
        data.setdefault(section, {}).update(values)
    return data


def make_settings(api_base: str, token: str, db: str, **sections: dict[str, Any]) -> Settings:
    return load_settings(None, **_config_data(api_base, token, db, **sections))


def write_config(path: Path, api_base: str, token: str, db: str, **sections: dict[str, Any]) -> Path:
    """The settings `make_settings` gives, as a config file for `python -m bot ...` processes.
    (JSON's strings, numbers, booleans and arrays are valid TOML values.)"""
    lines = []
    for section, values in _config_data(api_base, token, db, **sections).items():
        lines += [f"[{section}]", *(f"{key} = {json.dumps(value)}" for key, value in values.items()), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def settings(fake_tg: FakeTelegram, db_url: str) -> Settings:
    """Settings for the bot under test: every test using them runs on SQLite and on PostgreSQL."""
    return make_settings(fake_tg.base_url, fake_tg.token, db_url)


class RunningBot:
    """The bot's real `run` entry point as a task, stopped on exit."""

    def __init__(self, settings: Settings, clock: Any = None) -> None:
        self.settings, self.clock = settings, clock
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> RunningBot:
        from bot.app import run

        self.task = asyncio.create_task(run(self.settings, stop=self.stop, clock=self.clock))
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stop.set()
        assert self.task is not None
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self.task, timeout=30)
