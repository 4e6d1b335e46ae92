"""Per-person limits in Redis, counted across every instance (in memory, each instance would
give a guesser or a flooder a fresh allowance):
- receipt attempts, same contract as `bot.services.limits.AttemptLimiter`: sliding windows, a
  per-subject and a global limit;
- flood control, same contract as `bot.services.flood.FloodGate`. Its clock is wall time in
  milliseconds (instances share it through NTP; monotonic clocks differ between machines).

Subjects are already HMACs of Telegram ids; here they are hashed once more into the name. Clocks
are injected, for tests.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from redis.asyncio import Redis

from bot.services.flood import Verdict


def _subject_name(prefix: str, kind: str, subject: str) -> str:
    return f"{prefix}:{kind}:{hashlib.sha256(subject.encode()).hexdigest()[:40]}"


# One round trip, atomic: trim both windows, refuse if either is full, else count the attempt.
_ALLOW = """
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[4]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) or redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('ZADD', KEYS[2], now, ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1
"""


class RedisAttemptLimiter:
    def __init__(self, redis: Redis, *, prefix: str, per_subject: int = 5,
                 subject_window: timedelta = timedelta(hours=1), global_limit: int = 60,
                 global_window: timedelta = timedelta(minutes=1)) -> None:
        self.redis, self._prefix = redis, prefix
        self.per_subject, self.subject_window = per_subject, subject_window
        self.global_limit, self.global_window = global_limit, global_window
        self._allow = redis.register_script(_ALLOW)

    def _name(self, subject: str) -> str:
        return _subject_name(self._prefix, "attempts", subject)

    async def allow(self, subject: str, now: datetime) -> bool:
        """Count an attempt if allowed. Only failures should be counted: call `forgive` on success."""
        allowed = await self._allow(
            keys=[self._name(subject), f"{self._prefix}:attempts:all"],
            args=[int(now.timestamp() * 1000), int(self.subject_window.total_seconds() * 1000), self.per_subject,
                  int(self.global_window.total_seconds() * 1000), self.global_limit, secrets.token_hex(8)],
        )
        return bool(allowed)

    async def forgive(self, subject: str) -> None:
        """A successful attempt does not count against the person."""
        await self.redis.zpopmax(self._name(subject))


# One round trip, atomic: trim the window; over the limit, warn once (a flag that lives one
# window) or drop; else count the update and clear the flag.
_CHECK = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  if redis.call('SET', KEYS[2], '1', 'NX', 'PX', window) then
    return 2
  end
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
redis.call('DEL', KEYS[2])
return 1
"""
_VERDICTS = {0: Verdict.DROP, 1: Verdict.ALLOW, 2: Verdict.WARN}


class RedisFloodGate:
    def __init__(self, redis: Redis, *, prefix: str, limit: int = 20, window: float = 10.0,
                 now: Callable[[], float] = time.time) -> None:
        self._prefix, self.limit, self.window, self.now = prefix, limit, window, now
        self._check = redis.register_script(_CHECK)

    async def check(self, subject: str) -> Verdict:
        name = _subject_name(self._prefix, "flood", subject)
        verdict = await self._check(
            keys=[name, f"{name}:warned"],
            args=[int(self.now() * 1000), int(self.window * 1000), self.limit, secrets.token_hex(8)],
        )
        return _VERDICTS[int(verdict)]
