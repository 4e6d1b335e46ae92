"""/checkpoint: the audit log's current head, on demand, for any officer or Board member
(bot/services/anchors.py says why it is worth keeping)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import anchors
from handlers.access import IsStaff
from storage.models import Organization, Person

router = Router(name="checkpoint")
router.message.filter(F.chat.type == "private", IsStaff())


@router.message(Command("checkpoint"))
async def checkpoint(message: Message, i18n: I18nContext, db: AsyncSession, ctx: AppContext, person: Person) -> None:
    point = await anchors.checkpoint(db, person.org_id)
    org = await db.get(Organization, person.org_id)
    await db.commit()
    if point is None:
        await message.answer(i18n.get("audit-head-empty"))
        return
    today = ctx.clock.now().astimezone(ctx.zone).date()
    await message.answer(point.render(ctx.translate, i18n.locale, org.name, today))
