"""A scratch PostgreSQL database for a benchmark run: created empty, dropped afterwards."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator


@contextlib.asynccontextmanager
async def scratch_postgres(base_url: str) -> AsyncIterator[str]:
    """A new database on the server `base_url` names (postgresql+asyncpg://...); yields its URL."""
    import asyncpg
    from sqlalchemy.engine import make_url

    base = make_url(base_url)
    name = f"adal_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(user=base.username, password=base.password, host=base.host,
                                  port=base.port or 5432, database=base.database)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
