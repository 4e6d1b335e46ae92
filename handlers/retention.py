"""Keeping a case longer than its retention period: from the warning's button, a reason chosen
from a fixed list (the audit log records it; it never holds free text)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import retention
from bot.services.errors import ServiceError
from handlers.access import IsStaff, error_text
from handlers.keyboards import button
from storage.models import Person

router = Router(name="retention")
router.callback_query.filter(IsStaff())


class RetentionCb(CallbackData, prefix="ret"):
    action: str  # "ask" or one of retention.REASONS
    public_id: str


@router.callback_query(RetentionCb.filter(F.action == "ask"))
async def ask_reason(query: CallbackQuery, callback_data: RetentionCb, i18n: I18nContext) -> None:
    await query.answer()
    rows = [[button(i18n.get(f"retention-reason-{reason}"), RetentionCb(action=reason, public_id=callback_data.public_id))]
            for reason in retention.REASONS]
    await query.message.answer(i18n.get("retention-reason-prompt", public_id=callback_data.public_id),
                               reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(RetentionCb.filter(F.action.in_(set(retention.REASONS))))
async def extend(query: CallbackQuery, callback_data: RetentionCb, i18n: I18nContext, db: AsyncSession,
                 ctx: AppContext, person: Person) -> None:
    try:
        case = await retention.extend(db, person, callback_data.public_id, callback_data.action, now=ctx.clock.now(),
                                      extension_days=ctx.settings.cases.retention_extension_days)
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    await query.answer()
    await query.message.answer(i18n.get("retention-extended", public_id=case.public_id, date=f"{case.purge_on:%Y-%m-%d}"))
