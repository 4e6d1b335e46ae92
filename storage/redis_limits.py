"""The one limit several instances count together in Redis: receipt attempts by everyone, per
minute (a distributed guesser spreads over instances). It names nobody: one sorted set for the
deployment. Per-person limits stay in each instance's memory (bot/services/limits.py,
bot/services/flood.py): a per-person key in Redis, even hashed, is computable from a Telegram
id by whoever holds the server's secrets, and shows who was using the bot when.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from redis.asyncio import Redis

# One round trip, atomic: trim the window, refuse if full, else count the attempt.
_TAKE = """
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""


class RedisGlobalWindow:
    def __init__(self, redis: Redis, *, prefix: str, limit: int, window: timedelta = timedelta(minutes=1)) -> None:
        self._name = f"{prefix}:attempts:all"
        self.limit, self.window = limit, window
        self._take = redis.register_script(_TAKE)

    async def take(self, now: datetime) -> bool:
        taken = await self._take(keys=[self._name], args=[
            int(now.timestamp() * 1000), int(self.window.total_seconds() * 1000), self.limit, secrets.token_hex(8)])
        return bool(taken)
