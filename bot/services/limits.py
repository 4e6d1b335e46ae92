"""Receipt attempts are rate-limited: a few per hour per pseudonymous user, plus a global
slow-down against a distributed guesser. In memory; the clock is injected. Several instances
count together through `storage.redis_limits.RedisAttemptLimiter` (same async methods)."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta


class AttemptLimiter:
    def __init__(self, *, per_subject: int = 5, subject_window: timedelta = timedelta(hours=1),
                 global_limit: int = 60, global_window: timedelta = timedelta(minutes=1)) -> None:
        self.per_subject, self.subject_window = per_subject, subject_window
        self.global_limit, self.global_window = global_limit, global_window
        self._subjects: dict[str, deque[datetime]] = {}
        self._global: deque[datetime] = deque()

    @staticmethod
    def _trim(stamps: deque[datetime], now: datetime, window: timedelta) -> None:
        while stamps and now - stamps[0] >= window:
            stamps.popleft()

    async def allow(self, subject: str, now: datetime) -> bool:
        """Count an attempt if allowed. Only failures should be counted: call `forgive` on success."""
        stamps = self._subjects.setdefault(subject, deque())
        self._trim(stamps, now, self.subject_window)
        self._trim(self._global, now, self.global_window)
        if len(stamps) >= self.per_subject or len(self._global) >= self.global_limit:
            return False
        stamps.append(now)
        self._global.append(now)
        return True

    async def forgive(self, subject: str) -> None:
        """A successful attempt does not count against the person."""
        stamps = self._subjects.get(subject)
        if stamps:
            stamps.pop()
