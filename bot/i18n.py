"""Fluent translations (aiogram-i18n core) and the locale manager.

The locale of an enrolled person is on their row; anyone else's choice is stored under an
HMAC of their Telegram id. Before any choice, Telegram's language_code is used if we speak it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiogram.types import User
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager

from bot.config import LOCALES
from bot.services import preferences

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def create_core(default_locale: str) -> FluentRuntimeCore:
    # use_isolating=False: Unicode isolation marks would corrupt ids and receipts when copied.
    return FluentRuntimeCore(path=LOCALES_DIR / "{locale}", default_locale=default_locale, use_isolating=False)


def load_core_sync(core: FluentRuntimeCore) -> FluentRuntimeCore:
    core.locales.update(core.find_locales())
    return core


def guess_locale(language_code: str | None, default: str) -> str:
    code = (language_code or "").split("-")[0].lower()
    return code if code in LOCALES else default


class AdalLocaleManager(BaseManager):
    async def get_locale(self, event_from_user: User | None = None, **data: Any) -> str:
        person = data.get("person")
        if person is not None:
            return person.locale
        chosen = data.get("chosen_locale")  # read with the update's first transaction
        if chosen:
            return chosen
        return guess_locale(event_from_user.language_code if event_from_user else None, self.default_locale or "kk")

    async def set_locale(self, locale: str, **data: Any) -> None:
        person = data.get("person")
        db = data["db"]
        ctx = data["ctx"]
        if person is not None:
            person.locale = locale
            await db.commit()
        elif data.get("subject"):
            await preferences.set_locale(db, data["subject"], locale, ctx.clock.now())
