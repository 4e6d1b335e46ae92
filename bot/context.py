"""Everything a handler needs besides the update, built once at start-up."""

from __future__ import annotations

import asyncio
import secrets
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import SystemClock
from bot.expiry import MessageExpiry
from bot.services.filing_limits import FilingLimits
from bot.supervision import LoopHealth
from bot.config import Settings
from bot.services.calendar import WorkCalendar
from bot.services.case_actions import Actions
from bot.leadership import Leadership, SoleInstance
from bot.services.keyring import Keyring
from bot.services.flood import FloodGate, Gate
from bot.services.limits import AttemptLimiter
from bot.services.notifications import NotificationKey
from bot.services.reminders import ReminderPolicy
from bot.services.people import SecretPolicy
from storage import crypto
from storage.redis_limits import RedisGlobalWindow


_PROCESS_PSEUDONYM_KEY = secrets.token_hex(32)

# The time zone of the organization the current update acts for (a staff member's organization;
# set by handlers.middlewares.DatabaseMiddleware). Each organization counts its own local days:
# dates shown, deadlines and reminders follow it. Unset: the home organization's zone.
current_zone: ContextVar[ZoneInfo | None] = ContextVar("current_zone", default=None)


@dataclass
class AppContext:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    org_id: int
    translate_core: Any  # aiogram-i18n core: .get(key, locale, **kwargs)
    clock: Any = field(default_factory=SystemClock)
    engine: AsyncEngine | None = None
    plan_extended_on: date | None = None  # the local day the plan's occurrences were last extended
    anchored_on: date | None = None  # the local day the audit head last went to the Board
    retention_run_on: date | None = None  # the local day retention last deleted and warned
    digest_checked_on: date | None = None  # the local day the overseers' weekly digest was last considered
    redis: Any = None  # redis.asyncio.Redis when [redis] url is set: state shared by all instances
    leadership: Leadership = field(default_factory=SoleInstance)
    keyring: Keyring = field(init=False)
    receipt_limiter: AttemptLimiter = field(init=False)
    flood_gate: Gate = field(init=False)
    outbox_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    tick_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one reminder tick at a time
    expiry: MessageExpiry = field(init=False)  # reporters' messages that delete themselves
    health: LoopHealth = field(init=False)  # how the background loops fare (bot/supervision.py)
    filing_limits: FilingLimits = field(init=False)  # reports per person and per hour, bytes per day

    def __post_init__(self) -> None:
        # Unlocked keys, per-person limits and conversations live in this process's memory only,
        # also with several instances (each person's updates reach the one instance that holds
        # them: bot/affinity.py). Redis counts only what identifies nobody: the global window.
        security = self.settings.security
        self.keyring = Keyring(timedelta(minutes=security.session_idle_minutes))
        global_window = None
        if self.redis is not None:
            global_window = RedisGlobalWindow(self.redis, prefix=self.settings.redis.prefix,
                                              limit=security.receipt_attempts_global_per_minute)
        self.receipt_limiter = AttemptLimiter(per_subject=security.receipt_attempts_per_hour,
                                              global_limit=security.receipt_attempts_global_per_minute,
                                              shared_global=global_window)
        self.expiry = MessageExpiry(self.clock.now)
        self.health = LoopHealth(self.clock)
        reports = self.settings.reports
        self.filing_limits = FilingLimits(per_person_per_hour=reports.reports_per_person_per_hour,
                                          per_hour=reports.reports_per_hour, file_bytes_per_day=reports.file_bytes_per_day)
        self.flood_gate = FloodGate(limit=security.flood_updates, window=security.flood_window_seconds)

    @property
    def home_zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.organization.timezone)

    @property
    def zone(self) -> ZoneInfo:
        """The zone of the organization this update acts for (see `current_zone`)."""
        return current_zone.get() or self.home_zone

    @property
    def argon2_cost(self) -> crypto.Argon2Cost:
        return self.settings.security.argon2_cost

    @property
    def secret_policy(self) -> SecretPolicy:
        security = self.settings.security
        return SecretPolicy(
            cost=self.argon2_cost,
            passphrase_min_length=security.passphrase_min_length,
            free_attempts=security.unlock_free_attempts,
            lockout_base_seconds=security.unlock_lockout_base_seconds,
        )

    @property
    def notification_key(self) -> NotificationKey | None:
        secret = self.settings.security.notification_key
        return NotificationKey.from_secret(secret) if secret else None

    @property
    def actions(self) -> Actions:
        return Actions(translate=self.translate, zone=self.zone, notification_key=self.notification_key,
                       retention_days=self.settings.cases.retention_days)

    @property
    def reminder_policy(self) -> ReminderPolicy:
        return self.reminder_policy_in(self.zone)

    def reminder_policy_in(self, zone: ZoneInfo) -> ReminderPolicy:
        settings = self.settings.reminders
        hour, minute = (int(part) for part in settings.local_time.split(":"))
        return ReminderPolicy(
            calendar=WorkCalendar(zone, time(hour, minute)),
            lead_days=tuple(settings.lead_days),
            escalate_after_days=settings.escalate_after_days,
        )

    @property
    def reporter_view_ttl(self) -> timedelta:
        return timedelta(minutes=self.settings.reports.reporter_view_ttl_minutes)

    @property
    def view_ttl(self) -> timedelta:
        return timedelta(minutes=self.settings.cases.view_ttl_minutes)

    def translate(self, locale: str, key: str, /, **kwargs: Any) -> str:
        return self.translate_core.get(key, locale, **kwargs)

    def pseudonym(self, label: str, value: int) -> str:
        """A per-process name for a Telegram id (in-memory rate limits). Keyed by a random key that
        never leaves this process: unlike a configured secret, whoever holds the config cannot
        recompute it, and it is gone at restart together with everything it named."""
        return crypto.pseudonym(_PROCESS_PSEUDONYM_KEY, label, value)
