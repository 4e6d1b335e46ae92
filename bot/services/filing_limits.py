"""Limits on filing, against floods: reports per person and from everyone per hour, and the bytes
of files everyone may file per day. Counted in this process's memory only, under the same
per-process pseudonym as the receipt attempts (bot/services/limits.py): nothing here is ever
written anywhere, and a memory dump names nobody."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from bot.services.limits import AttemptLimiter

_DAY = timedelta(days=1)


class FilingLimits:
    def __init__(self, *, per_person_per_hour: int, per_hour: int, file_bytes_per_day: int) -> None:
        self._reports = AttemptLimiter(per_subject=per_person_per_hour, subject_window=timedelta(hours=1),
                                       global_limit=per_hour, global_window=timedelta(hours=1))
        self.file_bytes_per_day = file_bytes_per_day
        self._bytes: deque[tuple[datetime, int]] = deque()
        self._bytes_total = 0

    def _bytes_used(self, now: datetime) -> int:
        while self._bytes and now - self._bytes[0][0] >= _DAY:
            self._bytes_total -= self._bytes.popleft()[1]
        return self._bytes_total

    async def admit(self, subject: str, now: datetime, *, file_bytes: int, is_report: bool = True) -> str | None:
        """Count a filing if it is within the limits; otherwise the limit it met ("reports" or
        "bytes") and nothing is counted."""
        if file_bytes and self._bytes_used(now) + file_bytes > self.file_bytes_per_day:
            return "bytes"
        if is_report and not await self._reports.allow(subject, now):
            return "reports"
        if file_bytes:
            self._bytes.append((now, file_bytes))
            self._bytes_total += file_bytes
        return None

    async def give_back(self, subject: str, now: datetime, *, file_bytes: int, is_report: bool = True) -> None:
        """A filing that was admitted but not stored (it failed) does not count."""
        if is_report:
            await self._reports.forgive(subject)
        if file_bytes and self._bytes and self._bytes[-1] == (now, file_bytes):
            self._bytes.pop()
            self._bytes_total -= file_bytes
