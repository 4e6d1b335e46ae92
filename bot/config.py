"""Configuration: a TOML file, overridden by ADAL__SECTION__KEY environment variables.

A bad or missing key stops the bot with one line that names it (see `ConfigError`).
"""

from __future__ import annotations

import math
import tomllib
import zlib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from storage.crypto import Argon2Cost

LOCALES = ("kk", "ru", "en")


class ConfigError(Exception):
    """One human-readable line naming the offending key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TelegramSettings(_Section):
    token: str = Field(min_length=1)
    api_base: str = "https://api.telegram.org"
    mode: Literal["polling", "webhook"] = "polling"
    # Long-poll timeout for getUpdates, in seconds.
    polling_timeout: int = Field(default=25, ge=0, le=50)
    # Webhook mode: the public HTTPS URL Telegram posts to (its path is served locally), the
    # secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token, and where to listen.
    webhook_url: str = ""
    webhook_secret: str = Field(default="", pattern=r"^[A-Za-z0-9_-]{0,256}$")
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(default=8080, ge=1, le=65535)
    max_connections: int = Field(default=40, ge=1, le=100)

    @model_validator(mode="after")
    def _webhook_needs_url_and_secret(self) -> TelegramSettings:
        if self.mode == "webhook":
            if not self.webhook_url.startswith("https://"):
                raise ValueError("webhook mode needs telegram.webhook_url, an https:// URL")
            if len(self.webhook_secret) < 16:
                raise ValueError("webhook mode needs telegram.webhook_secret (16-256 of A-Z a-z 0-9 _ -)")
        return self

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: str) -> str:
        bot_id, _, secret = value.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("must look like 123456:ABC... (from @BotFather)")
        return value

    @field_validator("api_base")
    @classmethod
    def _api_base_is_http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


class StorageSettings(_Section):
    url: str = "sqlite+aiosqlite:///./data/adal.db"
    # PostgreSQL connections kept open per instance (SQLite always uses one). At least 4: the
    # leader holds one for its advisory lock, and start-up holds one for its lock.
    pool_size: int = Field(default=10, ge=4, le=500)

    @field_validator("url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value


class OrganizationSettings(_Section):
    slug: str = Field(default="default", pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    name: str = Field(default="Organization", min_length=1, max_length=200)
    timezone: str = "Asia/Almaty"
    kind: Literal["hei", "other"] = "other"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value


class I18nSettings(_Section):
    default_locale: Literal["kk", "ru", "en"] = "kk"


# Words that mark a value copied from documentation rather than generated.
_PLACEHOLDER_WORDS = ("changeme", "replaceme", "yoursecret", "placeholder", "secretkey", "example", "xxxxxx")
MIN_SECRET_BITS = 128


def secret_problem(value: str) -> str | None:
    """Why `value` is obviously not a secret, or None. A simple estimate, not a proof: the
    character classes used give an alphabet size, times the length; one repeated character
    or a handful of distinct ones, and text copied from the documentation, are refused outright."""
    squashed = "".join(ch for ch in value.lower() if ch.isalnum())
    if any(word in squashed for word in _PLACEHOLDER_WORDS):
        return "looks like placeholder text, not a generated secret"
    if len(set(value)) < 8:
        return "uses fewer than 8 different characters"
    if len(zlib.compress(value.encode())) < 0.75 * len(value):
        return "repeats a pattern"
    alphabet = (10 * any(c.isdigit() for c in value) + 26 * any(c.islower() for c in value)
                + 26 * any(c.isupper() for c in value) + 32 * any(not c.isalnum() for c in value))
    if len(value) * math.log2(max(alphabet, 2)) < MIN_SECRET_BITS:
        return f"holds fewer than ~{MIN_SECRET_BITS} bits"
    return None


ARGON2_MIN_MEMORY_KIB = 19 * 1024
ARGON2_MIN_ITERATIONS = 2


class SecuritySettings(_Section):
    # Server secret, reserved for keying the audit chain; never stored in the database. It keys
    # nothing derived from a Telegram id (the config's holder could recompute that for every
    # employee). At least 32 characters.
    secret_key: str = Field(min_length=32)
    # Argon2id cost. The default (64 MiB, 3 passes, 4 lanes) takes about 0.15 s on one core
    # of the reference machine; see README "Argon2id cost".
    argon2_memory_kib: int = Field(default=65536, ge=8)
    argon2_iterations: int = Field(default=3, ge=1)
    argon2_lanes: int = Field(default=4, ge=1, le=64)
    # Test suites and benchmarks only: allow an Argon2id cost below the production minimum.
    allow_weak_argon2_for_tests: bool = False
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    invite_ttl_hours: int = Field(default=72, ge=1, le=24 * 30)
    passphrase_min_length: int = Field(default=12, ge=8, le=256)
    # Wrong passphrases allowed before unlocking is locked out; each further failure doubles it.
    unlock_free_attempts: int = Field(default=5, ge=1)
    unlock_lockout_base_seconds: int = Field(default=60, ge=1)
    # Optional server secret (32+ characters) that encrypts the chat id of a reporter who asks to
    # be notified of replies. Without it, reporters are not offered notifications.
    notification_key: str = Field(default="", pattern=r"^$|^.{32,}$")
    # Receipt attempts (/check): per pseudonymous user per hour, and for everyone per minute.
    receipt_attempts_per_hour: int = Field(default=5, ge=1)
    receipt_attempts_global_per_minute: int = Field(default=60, ge=1)
    # Flood control for everyone but staff: at most this many updates per window; the first one
    # over gets a warning, the rest are dropped until the window frees up.
    flood_updates: int = Field(default=20, ge=5)
    flood_window_seconds: float = Field(default=10.0, gt=0, le=3600)
    # Webhook mode: /healthz gives counts and loop states only to requests from this machine that
    # did not come through a proxy, or to `Authorization: Bearer <status_token>`; others get
    # {"status": "ok"} or 503. Empty: no token.
    status_token: str = Field(default="", pattern=r"^$|^.{32,}$")

    @field_validator("secret_key", "notification_key", "status_token")
    @classmethod
    def _really_secret(cls, value: str) -> str:
        problem = secret_problem(value) if value else None
        if problem:
            raise ValueError(f"{problem}; generate one with: "
                             "python -c \"import secrets; print(secrets.token_urlsafe(32))\"")
        return value

    @model_validator(mode="after")
    def _argon2_at_least_owasp(self) -> SecuritySettings:
        # OWASP's floor for Argon2id (19 MiB, 2 passes): below it a stolen database's passphrases
        # and receipts fall to a guessing rig far faster than the lock-out assumes.
        if not self.allow_weak_argon2_for_tests and (
                self.argon2_memory_kib < ARGON2_MIN_MEMORY_KIB or self.argon2_iterations < ARGON2_MIN_ITERATIONS):
            raise ValueError(
                f"security.argon2_memory_kib must be at least {ARGON2_MIN_MEMORY_KIB} and security.argon2_iterations "
                f"at least {ARGON2_MIN_ITERATIONS} (OWASP's minimum for Argon2id); the default is 65536 and 3")
        return self

    @property
    def argon2_cost(self) -> Argon2Cost:
        return Argon2Cost(self.argon2_memory_kib, self.argon2_iterations, self.argon2_lanes)


class ReportSettings(_Section):
    # A conversation (an unfinished draft, a reporter's language choice, a /check view) is
    # forgotten after this many idle hours. It lives in process memory only.
    draft_idle_hours: int = Field(default=24, ge=1, le=24 * 14)
    # The receipt, the report as typed, /check views and follow-ups are deleted from the
    # reporter's chat after this many minutes (Telegram lets a bot delete them for 48 hours).
    reporter_view_ttl_minutes: int = Field(default=30, ge=1, le=47 * 60)
    max_text_chars: int = Field(default=20000, ge=4096)
    max_attachments: int = Field(default=10, ge=0, le=50)
    # Telegram's getFile only serves files up to 20 MB to bots.
    max_file_bytes: int = Field(default=20 * 1024 * 1024, ge=1, le=20 * 1024 * 1024)
    # All the files of one report or follow-up together.
    max_report_bytes: int = Field(default=100 * 1024 * 1024, ge=1)
    # Filing limits, counted in this process's memory only (never stored, never in Redis):
    # reports per person per hour (under a per-process pseudonym), reports from everyone per
    # hour, and the bytes of files everyone may file per day.
    reports_per_person_per_hour: int = Field(default=3, ge=1)
    reports_per_hour: int = Field(default=120, ge=1)
    file_bytes_per_day: int = Field(default=4 * 1024 * 1024 * 1024, ge=1)
    # In the §18/§19 reports' breakdowns, counts below this show as "< N" (1: every count exact).
    min_cell: int = Field(default=3, ge=1, le=50)


class CaseSettings(_Section):
    acknowledge_days: int = Field(default=7, ge=1)
    feedback_days: int = Field(default=90, ge=1)
    # Messages showing decrypted content in a staff chat are deleted after this many minutes.
    view_ttl_minutes: int = Field(default=10, ge=1, le=47 * 60)
    # A closed case's content (report, messages, files, key copies, the reporter's mailbox) is
    # deleted this many days after closing; 0 keeps it. The readers are warned 14 and 3 days
    # before and may extend, once per warning, by retention_extension_days, with a reason.
    retention_days: int = Field(default=365, ge=0)
    retention_extension_days: int = Field(default=90, ge=1, le=3650)


class ReminderSettings(_Section):
    # Days before a deadline on which a reminder goes out (moved to the previous working day).
    lead_days: list[int] = Field(default=[14, 7, 3, 1, 0], min_length=1)
    # Local time (organization time zone) at which reminders go out, on working days.
    local_time: str = Field(default="09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # An overdue deadline is also brought to the Board after this many days.
    escalate_after_days: int = Field(default=3, ge=1)
    # How often the scheduler looks for due reminders.
    tick_seconds: int = Field(default=60, ge=5, le=3600)

    @field_validator("lead_days")
    @classmethod
    def _non_negative(cls, value: list[int]) -> list[int]:
        if any(day < 0 or day > 366 for day in value):
            raise ValueError("lead days must be between 0 and 366")
        return value


class OutboxSettings(_Section):
    # Telegram's documented limits: about 30 messages/s overall, 1/s per chat.
    global_per_second: float = Field(default=30.0, gt=0)
    per_chat_per_second: float = Field(default=1.0, gt=0)
    per_group_per_minute: float = Field(default=20.0, gt=0)
    poll_seconds: float = Field(default=1.0, gt=0)
    max_backoff_seconds: float = Field(default=300.0, gt=0)
    # A row being sent is claimed for this long, so no second sender can pick it up meanwhile.
    # After a crash mid-send the row goes out again once the claim has lapsed.
    claim_seconds: float = Field(default=30.0, gt=0)


class RedisSettings(_Section):
    # Empty: one instance, nothing shared. Set it (redis://host:6379/0) to run several instances
    # in webhook mode: they then find each other in Redis and pass each person's updates to the
    # one instance that holds that person's conversation and unlocked key (in its memory only;
    # see bot/affinity.py). Redis never holds a draft, a session, a key or a per-person counter.
    url: str = Field(default="", pattern=r"^$|^(redis|rediss|unix)://")
    # Name prefix, so one Redis can serve several deployments.
    prefix: str = Field(default="adal", pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    # This instance's name among the others: stable across restarts, so that a restarted
    # instance gets its own people back. Empty: the host name and telegram.listen_port.
    instance_name: str = Field(default="", pattern=r"^[A-Za-z0-9_.:-]{0,64}$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ADAL__", env_nested_delimiter="__", extra="forbid", case_sensitive=False
    )

    telegram: TelegramSettings
    storage: StorageSettings = StorageSettings()
    organization: OrganizationSettings = OrganizationSettings()
    i18n: I18nSettings = I18nSettings()
    security: SecuritySettings
    reports: ReportSettings = ReportSettings()
    cases: CaseSettings = CaseSettings()
    reminders: ReminderSettings = ReminderSettings()
    outbox: OutboxSettings = OutboxSettings()
    redis: RedisSettings = RedisSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment wins over the file: the file's values arrive as init kwargs.
        return (env_settings, init_settings)


def _first_error_line(error: ValidationError) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "<root>"
    message = first["msg"]
    if first["type"] == "missing":
        message = "is required"
    elif first["type"] == "extra_forbidden":
        message = "is not a known key"
    env_name = "ADAL__" + "__".join(str(part).upper() for part in first["loc"])
    return f"config error: {key} {message} (set it in the config file or {env_name})"


def load_settings(path: str | Path | None, **overrides: Any) -> Settings:
    """Read the TOML file (if any), apply the environment, validate. Raises ConfigError."""
    data: dict[str, Any] = {}
    if path is not None:
        file = Path(path)
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config error: file {file} does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config error: {file} is not valid TOML: {exc}") from None
    for section, values in overrides.items():
        data.setdefault(section, {}).update(values)
    try:
        return Settings(**data)
    except ValidationError as exc:
        raise ConfigError(_first_error_line(exc)) from None
