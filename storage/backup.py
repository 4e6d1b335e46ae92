"""Consistent backups. SQLite: the online backup API, safe while the bot runs. The copy holds
what the database holds — sealed blobs, never plaintext — and is checked before it is reported."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    pass


def _sqlite_backup(source: Path, target: Path) -> int:
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)  # page by page, consistent even with concurrent writers
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the copy failed its integrity check")
    return target.stat().st_size


async def backup(url: str, target: Path) -> int:
    """Write a backup of the database at `url` to `target`; returns its size in bytes."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        raise BackupError(
            "PostgreSQL: use pg_dump, e.g. pg_dump --format=custom --file adal.dump "
            f"--host {parsed.host or 'localhost'} {parsed.database or ''}".rstrip()
        )
    source = Path(parsed.database or "")
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    return await asyncio.to_thread(_sqlite_backup, source, target)
