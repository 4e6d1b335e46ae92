"""Conversation state (FSM) in this process's memory only, forgotten after an idle time.

A conversation holds what must never be at rest: a reporter's unfinished draft, the language a
reporter chose, which case a reporter is looking at after /check. So it lives nowhere that
outlives the process — not the database, not Redis, not disk — and an abandoned conversation is
dropped after `idle` instead of lingering until the next restart. With several instances, every
update of a person is handled by the one instance that holds their conversation
(`bot.affinity`), so nothing of it needs to be shared.

The clock is injected (tests use a fake one); expired conversations are swept on access, at most
once a minute, so a sweep costs nothing per update.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

_SWEEP_EVERY = timedelta(minutes=1)


@dataclass
class _Conversation:
    touched: datetime
    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


class ExpiringMemoryStorage(BaseStorage):
    def __init__(self, *, idle: timedelta, now: Callable[[], datetime]) -> None:
        self._idle, self._now = idle, now
        self._conversations: dict[StorageKey, _Conversation] = {}
        self._swept = now()

    @property
    def conversations(self) -> int:
        """How many conversations are held (no __len__: aiogram treats an empty storage as none)."""
        return len(self._conversations)

    def _sweep(self, now: datetime) -> None:
        if now - self._swept < _SWEEP_EVERY:
            return
        self._swept = now
        for key in [key for key, value in self._conversations.items() if now - value.touched > self._idle]:
            del self._conversations[key]

    def _live(self, key: StorageKey) -> _Conversation | None:
        now = self._now()
        self._sweep(now)
        conversation = self._conversations.get(key)
        if conversation is not None and now - conversation.touched > self._idle:
            del self._conversations[key]
            return None
        return conversation

    def _store(self, key: StorageKey) -> _Conversation:
        conversation = self._live(key)
        if conversation is None:
            conversation = self._conversations[key] = _Conversation(touched=self._now())
        conversation.touched = self._now()
        return conversation

    def _forget_if_empty(self, key: StorageKey) -> None:
        conversation = self._conversations.get(key)
        if conversation is not None and conversation.state is None and not conversation.data:
            del self._conversations[key]

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        self._store(key).state = state.state if isinstance(state, State) else state
        self._forget_if_empty(key)

    async def get_state(self, key: StorageKey) -> str | None:
        conversation = self._live(key)
        return conversation.state if conversation else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            raise DataNotDictLikeError(f"Data must be a dict or dict-like object, got {type(data).__name__}")
        self._store(key).data = deepcopy(data)
        self._forget_if_empty(key)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        conversation = self._live(key)
        return deepcopy(conversation.data) if conversation else {}

    async def close(self) -> None:
        self._conversations.clear()
