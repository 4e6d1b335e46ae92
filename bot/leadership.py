"""One instance at a time does the background work: draining the outbox (so Telegram's global
rate limit holds across instances), deleting expired views, and ticking reminders. Every instance
handles updates.

- PostgreSQL: a session-level advisory lock on a dedicated connection. If the process dies, the
  server ends its session and the lock is free; a follower takes it at its next check.
- SQLite: an exclusive lock on a file beside the database, which the kernel releases when the
  process dies. (SQLite serves one machine; this keeps a second process from double-sending.)

Leadership is a rate-limit and efficiency device, not the only guard: outbox rows are claimed
one by one and reminder marks are unique, so even two leaders would not send anything twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

# "Adal" in ASCII; distinct from the migration lock's key.
_ADVISORY_KEY = 0x4164616C


class Leadership(Protocol):
    async def held(self) -> bool:
        """True while this instance leads; cheap enough to ask before every round of work."""

    async def release(self) -> None: ...


class PostgresLeadership:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._held = False
        self._lock = asyncio.Lock()  # the sender, the tick and /healthz ask concurrently

    async def held(self) -> bool:
        async with self._lock:
            return await self._check()

    async def _check(self) -> bool:
        try:
            if self._connection is None:
                self._connection = await self._engine.connect()
            if self._held:
                # The lock lives exactly as long as this connection: prove it is still there.
                await self._connection.execute(text("SELECT 1"))
            else:
                self._held = bool(await self._connection.scalar(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": _ADVISORY_KEY}))
                if self._held:
                    log.info("this instance now runs the sender and the reminder ticks")
            await self._connection.commit()
        except (SQLAlchemyError, OSError) as exc:
            log.warning("leadership check failed (%s); background work paused", type(exc).__name__)
            await self._forget()
        return self._held

    async def _forget(self) -> None:
        """The connection failed: drop it for good (its server session, and the lock, end with it)."""
        self._held = False
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.invalidate()

    async def release(self) -> None:
        """A graceful stop: unlock at once, so a follower need not wait for the session to end."""
        async with self._lock:
            if self._held and self._connection is not None:
                with contextlib.suppress(SQLAlchemyError, OSError):
                    await self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _ADVISORY_KEY})
                    await self._connection.commit()
                    await self._connection.close()
                    self._connection = None
            await self._forget()  # whatever is left (a failed unlock included) is invalidated


class FileLeadership:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._handle: IO[str] | None = None

    async def held(self) -> bool:
        if self._handle is not None:
            return True
        handle = open(self._path, "a+")  # noqa: SIM115 - kept open for as long as we lead
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._handle = handle
        return True

    async def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


class SoleInstance:
    """An in-memory SQLite database belongs to one process: it always leads."""

    async def held(self) -> bool:
        return True

    async def release(self) -> None:
        return None


def leadership_for(url: str, engine: AsyncEngine) -> Leadership:
    if url.startswith("postgresql"):
        return PostgresLeadership(engine)
    database = make_url(url).database
    if not database or database == ":memory:":
        return SoleInstance()
    return FileLeadership(Path(database).with_suffix(Path(database).suffix + ".leader-lock"))
