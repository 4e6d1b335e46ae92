"""Receipt attempts are rate-limited: a few per hour per person, plus a global slow-down against
a distributed guesser. The clock is injected.

The per-person count is in this process's memory under a per-process pseudonym: with several
instances each person's updates reach one instance (bot/affinity.py), so it sees all their
attempts, and nothing keyed by a person is ever written to Redis or disk. The global window is
shared through Redis when there is one (`storage.redis_limits.RedisGlobalWindow`): it counts
everyone together and names nobody.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime, timedelta
from typing import Protocol

log = logging.getLogger(__name__)


class GlobalWindow(Protocol):
    async def take(self, now: datetime) -> bool:
        """Count one attempt in the shared window if it has room."""


class AttemptLimiter:
    MAX_SUBJECTS = 100_000  # bound memory under a flood of distinct users

    def __init__(self, *, per_subject: int = 5, subject_window: timedelta = timedelta(hours=1),
                 global_limit: int = 60, global_window: timedelta = timedelta(minutes=1),
                 shared_global: GlobalWindow | None = None) -> None:
        self.per_subject, self.subject_window = per_subject, subject_window
        self.global_limit, self.global_window = global_limit, global_window
        self._shared_global = shared_global
        self._subjects: dict[str, deque[datetime]] = {}
        self._global: deque[datetime] = deque()

    @staticmethod
    def _trim(stamps: deque[datetime], now: datetime, window: timedelta) -> None:
        while stamps and now - stamps[0] >= window:
            stamps.popleft()

    async def _take_global(self, now: datetime) -> bool:
        if self._shared_global is not None:
            try:
                return await self._shared_global.take(now)
            except Exception as exc:  # noqa: BLE001 - Redis away (restarting): count in this instance meanwhile
                log.warning("the shared attempt window is unreachable (%s); counting in this instance",
                            type(exc).__name__)
        self._trim(self._global, now, self.global_window)
        if len(self._global) >= self.global_limit:
            return False
        self._global.append(now)
        return True

    async def allow(self, subject: str, now: datetime) -> bool:
        """Count an attempt if allowed. Only failures should be counted: call `forgive` on success."""
        stamps = self._subjects.setdefault(subject, deque())
        self._trim(stamps, now, self.subject_window)
        if len(stamps) >= self.per_subject or not await self._take_global(now):
            return False
        stamps.append(now)
        if len(self._subjects) > self.MAX_SUBJECTS:
            self._subjects = {k: v for k, v in self._subjects.items() if v and now - v[-1] < self.subject_window}
        return True

    def retry_after(self, subject: str, now: datetime) -> timedelta:
        """How long until an attempt refused just now would be allowed: the person's oldest
        attempt leaving their window, or else the global window (counted elsewhere when shared:
        its full length, the most it can take)."""
        stamps = self._subjects.get(subject)
        if stamps and len(stamps) >= self.per_subject:
            return max(timedelta(0), stamps[0] + self.subject_window - now)
        if self._shared_global is None and self._global:
            return max(timedelta(0), self._global[0] + self.global_window - now)
        return self.global_window

    async def forgive(self, subject: str) -> None:
        """A successful attempt does not count against the person."""
        stamps = self._subjects.get(subject)
        if stamps:
            stamps.pop()
