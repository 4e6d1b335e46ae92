"""Flood control counted in Redis, across every instance: behind a load balancer the in-memory
gate would give a flooder a fresh allowance on each instance. Same contract as
`bot.services.flood.FloodGate`.

Subjects are already HMACs of Telegram ids; here they are hashed once more into the name. The
clock is wall time in milliseconds (instances share it through NTP; monotonic clocks differ
between machines), injected for tests.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

from redis.asyncio import Redis

from bot.services.flood import Verdict

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
        name = f"{self._prefix}:flood:{hashlib.sha256(subject.encode()).hexdigest()[:40]}"
        verdict = await self._check(
            keys=[name, f"{name}:warned"],
            args=[int(self.now() * 1000), int(self.window * 1000), self.limit, secrets.token_hex(8)],
        )
        return _VERDICTS[int(verdict)]
