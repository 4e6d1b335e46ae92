"""Who may use staff handlers, and how service errors become localized answers."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram_i18n import I18nContext

from bot.context import AppContext
from bot.services.errors import LockedOut, ServiceError, WeakPassphrase
from bot.services.people import KEY_HOLDING_ROLES
from storage.models import Person


class IsStaff(Filter):
    """Passes only for an enrolled officer or Board member. Everyone else falls through to the
    fallback router and gets the unknown-command answer: staff features are not advertised.
    An overseer is not staff here: it holds no key and handles no case."""

    async def __call__(self, event: object, person: Person | None = None) -> bool:
        return person is not None and person.role in KEY_HOLDING_ROLES


class IsOverseer(Filter):
    async def __call__(self, event: object, person: Person | None = None) -> bool:
        return person is not None and person.role == "overseer"


def error_text(i18n: I18nContext, error: ServiceError, ctx: AppContext) -> str:
    if isinstance(error, LockedOut):
        return i18n.get(error.key, minutes=str(max(1, (error.seconds_left + 59) // 60)))
    if isinstance(error, WeakPassphrase):
        return i18n.get(error.key, length=str(ctx.settings.security.passphrase_min_length))
    return i18n.get(error.key)
