"""Alembic, driven from code so that `python -m bot migrate` and start-up share one path."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import threading
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@contextlib.contextmanager
def _sqlite_file_lock(url: str) -> Iterator[None]:
    """Serialize migrations of one SQLite file across processes (the bot and `invite` may race)."""
    database = make_url(url).database
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_suffix(Path(database).suffix + ".migrate-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# Alembic keeps its migration context in module globals: two upgrades in one process (the bot
# starting while `invite` runs in-process, as the tests do) must not overlap.
_IN_PROCESS = threading.Lock()


def upgrade_sync(url: str, revision: str = "head") -> None:
    # Across processes: a file lock for SQLite; PostgreSQL takes an advisory lock in env.py.
    lock = _sqlite_file_lock(url) if url.startswith("sqlite") else contextlib.nullcontext()
    with _IN_PROCESS, lock:
        command.upgrade(alembic_config(url), revision)


async def upgrade(url: str, revision: str = "head") -> None:
    # env.py runs its own event loop for the async engine, so it gets a thread of its own.
    await asyncio.to_thread(upgrade_sync, url, revision)
