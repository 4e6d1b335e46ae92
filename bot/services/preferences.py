"""A user's language, stored under an HMAC of their Telegram id (never the id itself)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import UserPreference


async def set_locale(session: AsyncSession, subject: str, locale: str, now: datetime) -> None:
    preference = await session.get(UserPreference, subject)
    if preference is None:
        session.add(UserPreference(subject=subject, locale=locale, updated_at=now))
    else:
        preference.locale, preference.updated_at = locale, now
    await session.commit()
