"""Unlocked private keys, held only in process memory and dropped after an idle time.

Never in Redis, the database or on disk, not even sealed under a configured secret: whoever
holds the config and a copy of that store would open every case. With several instances, a
person's updates are brought to the instance where they unlocked (bot/affinity.py); if it
dies, they unlock again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class _Entry:
    private_key: bytes
    last_used: datetime


class Keyring:
    def __init__(self, idle: timedelta) -> None:
        self._idle = idle
        self._entries: dict[int, _Entry] = {}

    async def put(self, person_id: int, private_key: bytes, now: datetime) -> None:
        self._entries[person_id] = _Entry(private_key, now)

    async def get(self, person_id: int, now: datetime) -> bytes | None:
        """The key if the session is still live; each use restarts the idle timer."""
        entry = self._entries.get(person_id)
        if entry is None:
            return None
        if now - entry.last_used > self._idle:
            del self._entries[person_id]
            return None
        entry.last_used = now
        return entry.private_key

    async def drop(self, person_id: int) -> bool:
        return self._entries.pop(person_id, None) is not None
