"""Everything a handler needs besides the update, built once at start-up."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import SystemClock
from bot.config import Settings
from bot.services.keyring import Keyring
from bot.services.people import SecretPolicy
from storage import crypto


@dataclass
class AppContext:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    org_id: int
    translate_core: Any  # aiogram-i18n core: .get(key, locale, **kwargs)
    clock: Any = field(default_factory=SystemClock)
    engine: AsyncEngine | None = None
    keyring: Keyring = field(init=False)
    outbox_wakeup: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.keyring = Keyring(timedelta(minutes=self.settings.security.session_idle_minutes))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.organization.timezone)

    @property
    def argon2_cost(self) -> crypto.Argon2Cost:
        security = self.settings.security
        return crypto.Argon2Cost(security.argon2_memory_kib, security.argon2_iterations, security.argon2_lanes)

    @property
    def secret_policy(self) -> SecretPolicy:
        security = self.settings.security
        return SecretPolicy(
            cost=self.argon2_cost,
            passphrase_min_length=security.passphrase_min_length,
            free_attempts=security.unlock_free_attempts,
            lockout_base_seconds=security.unlock_lockout_base_seconds,
        )

    def translate(self, locale: str, key: str, /, **kwargs: Any) -> str:
        return self.translate_core.get(key, locale, **kwargs)

    def pseudonym(self, label: str, value: int) -> str:
        return crypto.pseudonym(self.settings.security.secret_key, label, value)
