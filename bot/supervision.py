"""How the background loops are doing: each one's last success and failures in a row.

The loops (the outbox sender, which also deletes expired views; the reminder tick; the daily
jobs; the deletion of expired reporter messages) never end on an error: they log its type, back
off and go on. This records how they fare, so that a loop that keeps failing is reported (a
critical log line at the fifth failure in a row) and `/healthz` and `python -m bot status` can
say which one is stuck. The records hold times and error type names only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import LoopStatus

log = logging.getLogger(__name__)

# How long without a success before a loop counts as stuck (the daily jobs run once a day).
STALE_AFTER = {
    "sender": timedelta(minutes=5),
    "reminders": timedelta(minutes=15),
    "daily": timedelta(hours=26),
    "expiry": timedelta(minutes=5),
}
REPORT_AFTER_FAILURES = 5
_PERSIST_EVERY = timedelta(seconds=30)


@dataclass
class LoopState:
    last_success: datetime | None = None
    failures: int = 0
    last_error: str = ""
    persisted_at: datetime | None = None
    changed: bool = True


def is_stuck(name: str, last_success: datetime | None, failures: int, now: datetime, started: datetime) -> bool:
    since = last_success or started
    return failures >= REPORT_AFTER_FAILURES or now - since > STALE_AFTER.get(name, timedelta(hours=1))


class LoopHealth:
    def __init__(self, clock: Any) -> None:
        self._clock = clock
        self.started = clock.now()
        self.loops: dict[str, LoopState] = {}

    def succeeded(self, name: str) -> None:
        state = self.loops.setdefault(name, LoopState())
        if state.failures:
            log.info("the %s loop works again after %d failure(s)", name, state.failures)
            state.changed = True
        state.last_success, state.failures, state.last_error = self._clock.now(), 0, ""

    def failed(self, name: str, error: BaseException) -> None:
        state = self.loops.setdefault(name, LoopState())
        state.failures += 1
        state.last_error = type(error).__name__
        state.changed = True
        if state.failures == REPORT_AFTER_FAILURES:
            log.critical("the %s loop has failed %d times in a row (last: %s); see python -m bot status",
                         name, state.failures, state.last_error)

    def report(self) -> dict[str, dict[str, Any]]:
        now = self._clock.now()
        return {name: {
            "last_success_seconds": round((now - s.last_success).total_seconds(), 1) if s.last_success else None,
            "failures_in_row": s.failures,
            "last_error": s.last_error or None,
            "stuck": is_stuck(name, s.last_success, s.failures, now, self.started),
        } for name, s in sorted(self.loops.items())}

    def healthy(self) -> bool:
        return not any(entry["stuck"] for entry in self.report().values())

    async def persist(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """Write what changed (at most every 30 s per loop while all is well) for `bot status`,
        which runs in another process. A database that fails here fails quietly: the loop that
        uses it records that failure itself."""
        now = self._clock.now()
        due = {name: s for name, s in self.loops.items()
               if s.changed or s.persisted_at is None or now - s.persisted_at >= _PERSIST_EVERY}
        if not due:
            return
        try:
            async with sessions() as db:
                rows = {row.name: row for row in await db.scalars(select(LoopStatus).where(LoopStatus.name.in_(due)))}
                for name, state in due.items():
                    row = rows.get(name) or LoopStatus(name=name)
                    row.last_success_at, row.failures_in_row = state.last_success, state.failures
                    row.last_error, row.updated_at = state.last_error or None, now
                    db.add(row)
                await db.commit()
        except Exception as exc:  # noqa: BLE001 - see docstring
            log.debug("loop status not written: %s", type(exc).__name__)
            return
        for state in due.values():
            state.persisted_at, state.changed = now, False


async def stored_status(session: AsyncSession) -> list[LoopStatus]:
    return list(await session.scalars(select(LoopStatus).order_by(LoopStatus.name)))
