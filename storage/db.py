"""Engine and session factory. SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


# How long a statement waits for SQLite's write lock before it fails (and the step is repeated).
SQLITE_BUSY_SECONDS = 30.0

def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    # hide_parameters: SQL errors and logs never show bound values (sealed blobs, tags, ids).
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        # One connection. Every SQLite transaction here begins with the write lock (BEGIN
        # IMMEDIATE, below), so a second connection could only sleep in SQLite's busy handler
        # until the first commits. Sessions rather queue for the pooled connection (an asyncio
        # wait, in order), and no connection (each one a thread of aiosqlite's, set up with the
        # pragmas below) is opened and closed again under load, as pool overflow did.
        engine = create_async_engine(url, hide_parameters=True, connect_args={"timeout": SQLITE_BUSY_SECONDS},
                                     pool_size=1, max_overflow=0, pool_timeout=60)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            # Let SQLAlchemy, not the driver, open transactions (see _begin_immediate).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # Freed pages are zeroed so deleted rows do not linger in the file.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _begin_immediate(connection) -> None:  # type: ignore[no-untyped-def]
            # Take the write lock at the start: a deferred transaction that reads, then writes
            # after another commit fails with SQLITE_BUSY_SNAPSHOT instead of waiting its turn.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # A fixed pool with a little headroom: opening an asyncpg connection (authentication, type
    # introspection) costs far more than waiting a moment for a pooled one, and connections
    # beyond the pool were opened and closed again for every burst.
    return create_async_engine(url, hide_parameters=True, pool_pre_ping=True, pool_size=pool_size, max_overflow=5,
                               pool_timeout=60)


def create_session_factory(engine: AsyncEngine, *, audit_key: bytes | None = None) -> async_sessionmaker[AsyncSession]:
    """`audit_key`: the audit chain's HMAC key (bot.services.audit.chain_key); sessions without
    it can read everything but cannot append to, or verify, the audit log."""
    return async_sessionmaker(engine, expire_on_commit=False, info={"audit_key": audit_key})


_STARTUP_LOCK_KEY = 0x41646173  # distinct from the migration and leadership locks


@contextlib.asynccontextmanager
async def startup_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    """Instances starting together create the organization and its built-in plan one after the
    other, not side by side (on PostgreSQL's READ COMMITTED both would insert). SQLite needs
    nothing: each of its transactions begins with the write lock (BEGIN IMMEDIATE)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    async with engine.connect() as connection:
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _STARTUP_LOCK_KEY})
        await connection.commit()
        try:
            yield
        finally:
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _STARTUP_LOCK_KEY})
            await connection.commit()
