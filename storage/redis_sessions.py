"""Unlocked officers' keys in Redis, so that every instance sees the same sessions.

Each value is the private key and its last use, sealed with ChaCha20-Poly1305 under a key
derived from the deployment session key and bound to its name; the name is an HMAC of the
person's row id. The idle timeout is checked against the injected clock, exactly like the
in-memory keyring; Redis's own expiry only removes what nobody asks for again.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from redis.asyncio import Redis

from storage import crypto

# Redis drops an entry this long after its idle timeout if nobody touches it.
_EXPIRY_GRACE = timedelta(minutes=1)


class RedisKeyring:
    def __init__(self, redis: Redis, *, session_key: str, prefix: str, idle: timedelta) -> None:
        self.redis, self._prefix, self._idle = redis, prefix, idle
        self._session_key = session_key
        self._key = crypto.subkey(session_key, "redis-sessions")

    def _name(self, person_id: int) -> str:
        return f"{self._prefix}:session:{crypto.pseudonym(self._session_key, 'person', person_id)}"

    async def put(self, person_id: int, private_key: bytes, now: datetime) -> None:
        name = self._name(person_id)
        entry = json.dumps({"key": private_key.hex(), "used": now.timestamp()}).encode()
        await self.redis.set(name, crypto.wrap(self._key, entry, purpose=name), px=self._idle + _EXPIRY_GRACE)

    async def get(self, person_id: int, now: datetime) -> bytes | None:
        """The key if the session is still live; each use restarts the idle timer."""
        name = self._name(person_id)
        blob = await self.redis.get(name)
        if blob is None:
            return None
        try:
            entry = json.loads(crypto.unwrap(self._key, blob, purpose=name))
        except crypto.CryptoError:
            await self.redis.delete(name)  # sealed under a previous session key: the session is over
            return None
        if now.timestamp() - entry["used"] > self._idle.total_seconds():
            await self.redis.delete(name)
            return None
        private_key = bytes.fromhex(entry["key"])
        await self.put(person_id, private_key, now)
        return private_key

    async def drop(self, person_id: int) -> bool:
        return bool(await self.redis.delete(self._name(person_id)))
