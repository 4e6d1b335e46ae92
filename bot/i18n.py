"""Fluent translations (aiogram-i18n core) and the locale manager.

The locale of an enrolled person is on their row. Anyone else's choice lives only in their
conversation state (process memory, forgotten after an idle time): a stored row keyed by a
reporter — even by an HMAC of their Telegram id — would let whoever holds the server's secrets
recompute it from an HR list of ids and see who was talking to the bot when. Before any choice,
and after it expires, Telegram's language_code is used if we speak it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dataclasses import replace

from aiogram.fsm.context import FSMContext
from aiogram.types import User
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager

import locales
from bot.config import LOCALES

LOCALES_DIR = Path(locales.__file__).resolve().parent  # a package, so that a wheel carries it


class AdalFluentCore(FluentRuntimeCore):
    """Reads Adal's languages only. aiogram-i18n takes every folder beside them for a language,
    and an installed package's locales/ also holds __pycache__ (pip compiles locales/__init__.py):
    the bot then refused to start."""

    @staticmethod
    def _extract_locales(path: Path) -> list[str]:
        if "{locale}" in path.parts:
            path = Path(*path.parts[: path.parts.index("{locale}")])
        return [locale for locale in LOCALES if (path / locale).is_dir()]


def create_core(default_locale: str) -> FluentRuntimeCore:
    # use_isolating=False: Unicode isolation marks would corrupt ids and receipts when copied.
    return AdalFluentCore(path=LOCALES_DIR / "{locale}", default_locale=default_locale, use_isolating=False)


def load_core_sync(core: FluentRuntimeCore) -> FluentRuntimeCore:
    core.locales.update(core.find_locales())
    return core


def speaks(language_code: str | None) -> bool:
    """Telegram's language for the person is one of Adal's."""
    return (language_code or "").split("-")[0].lower() in LOCALES


def guess_locale(language_code: str | None, default: str) -> str:
    code = (language_code or "").split("-")[0].lower()
    return code if code in LOCALES else default


LOCALE_DESTINY = "locale"  # a conversation slot of its own: clearing a draft keeps the language


def _locale_slot(data: dict[str, Any]) -> FSMContext | None:
    state: FSMContext | None = data.get("state")
    if state is None:
        return None
    return FSMContext(storage=state.storage, key=replace(state.key, destiny=LOCALE_DESTINY))


class AdalLocaleManager(BaseManager):
    async def get_locale(self, event_from_user: User | None = None, **data: Any) -> str:
        person = data.get("person")
        if person is not None:
            return person.locale
        slot = _locale_slot(data)
        chosen = (await slot.get_data()).get("locale") if slot is not None else None
        if chosen in LOCALES:
            return chosen
        return guess_locale(event_from_user.language_code if event_from_user else None, self.default_locale or "kk")

    async def set_locale(self, locale: str, **data: Any) -> None:
        person = data.get("person")
        if person is not None:
            person.locale = locale
            await data["db"].commit()
            return
        slot = _locale_slot(data)
        if slot is not None:
            await slot.set_data({"locale": locale})
