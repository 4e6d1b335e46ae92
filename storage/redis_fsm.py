"""Conversation state (FSM) in Redis, shared by every instance.

What a conversation holds is sensitive: a reporter's unfinished draft, or which case the person
in a chat is looking at. So Redis never sees either in the clear:
- names: an HMAC of aiogram's storage key (bot, chat, user, ...), never a Telegram id;
- values: the state and the data, each sealed with ChaCha20-Poly1305 and bound to its name, so a
  value copied under another name does not open (it reads as "no conversation").
Both expire after a configurable time: an abandoned draft does not linger.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Literal

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, KeyBuilder, StateType, StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation
from redis.asyncio import Redis

from storage import crypto

log = logging.getLogger(__name__)


class HashedKeyBuilder(KeyBuilder):
    """`{prefix}:fsm:{hmac}:{part}`: names that identify nobody without the session key."""

    def __init__(self, session_key: str, prefix: str) -> None:
        self._session_key, self._prefix = session_key, prefix

    def build(self, key: StorageKey, part: Literal["data", "state", "lock"] | None = None) -> str:
        identity = "|".join(str(value) for value in (
            key.bot_id, key.chat_id, key.user_id, key.thread_id, key.business_connection_id, key.destiny))
        return f"{self._prefix}:fsm:{crypto.pseudonym(self._session_key, 'fsm', identity)}:{part or 'all'}"


class SealedRedisStorage(BaseStorage):
    def __init__(self, redis: Redis, *, session_key: str, prefix: str, ttl: timedelta) -> None:
        self.redis = redis
        self.key_builder = HashedKeyBuilder(session_key, prefix)
        self._key = crypto.subkey(session_key, "redis-fsm")
        self._ttl = ttl

    def create_isolation(self) -> RedisEventIsolation:
        """A per-conversation lock in Redis: one update of a person at a time, across instances."""
        return RedisEventIsolation(self.redis, key_builder=self.key_builder)

    async def _write(self, name: str, plaintext: bytes) -> None:
        await self.redis.set(name, crypto.wrap(self._key, plaintext, purpose=name), px=self._ttl)

    async def _read(self, name: str) -> bytes | None:
        blob = await self.redis.get(name)
        if blob is None:
            return None
        try:
            return crypto.unwrap(self._key, blob, purpose=name)
        except crypto.CryptoError:
            # Sealed under an older session key, or moved here from another name: not ours to read.
            log.warning("a conversation value in Redis did not open; treated as empty")
            return None

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = self.key_builder.build(key, "state")
        if state is None:
            await self.redis.delete(name)
            return
        await self._write(name, (state.state if isinstance(state, State) else state).encode())

    async def get_state(self, key: StorageKey) -> str | None:
        value = await self._read(self.key_builder.build(key, "state"))
        return value.decode() if value is not None else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            raise DataNotDictLikeError(f"Data must be a dict or dict-like object, got {type(data).__name__}")
        name = self.key_builder.build(key, "data")
        if not data:
            await self.redis.delete(name)
            return
        await self._write(name, json.dumps(data, ensure_ascii=False).encode())

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        value = await self._read(self.key_builder.build(key, "data"))
        return json.loads(value) if value is not None else {}

    async def close(self) -> None:
        # aiogram calls this at dispatcher shutdown, before handlers in flight have finished; the
        # client is shared with the keyring and the limiter, and the application closes it last.
        return None
