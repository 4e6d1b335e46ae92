"""Flood control: at most `limit` updates per `window` seconds per user. The first update over
the limit gets one warning; the rest are dropped silently until the window frees up.

Keyed by a per-process pseudonym, never the Telegram id, in memory only. With several
instances each person's updates reach one instance (bot/affinity.py), which counts them all;
nothing per person goes to Redis. The clock is injected and monotonic: flood control is about
real seconds between messages, not business time.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol


class Verdict(enum.Enum):
    ALLOW = "allow"
    WARN = "warn"  # the first update over the limit: tell the person once
    DROP = "drop"


class Gate(Protocol):
    async def check(self, subject: str) -> Verdict: ...


class FloodGate:
    MAX_SUBJECTS = 100_000  # bound memory under a flood of distinct users

    def __init__(self, limit: int = 20, window: float = 10.0, now: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.now = limit, window, now
        self._seen: dict[str, deque[float]] = {}
        self._warned: set[str] = set()

    async def check(self, subject: str) -> Verdict:
        now = self.now()
        stamps = self._seen.setdefault(subject, deque())
        while stamps and now - stamps[0] >= self.window:
            stamps.popleft()
        if len(stamps) >= self.limit:
            if subject in self._warned:
                return Verdict.DROP
            self._warned.add(subject)
            return Verdict.WARN
        self._warned.discard(subject)
        stamps.append(now)
        if len(self._seen) > self.MAX_SUBJECTS:
            self._seen = {k: v for k, v in self._seen.items() if v and now - v[-1] < self.window}
        return Verdict.ALLOW
