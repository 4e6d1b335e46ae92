"""/oversight: the Ministry's statistics over every organization, for overseers only. The work
is bot/services/oversight.py's; nothing here can reach a case."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import audit, oversight, oversight_export, oversight_texts
from bot.services.register import Period
from handlers.access import IsOverseer
from handlers.keyboards import button
from handlers.util import split_text
from storage.models import Person

router = Router(name="oversight")
router.message.filter(F.chat.type == "private", IsOverseer())
router.callback_query.filter(IsOverseer())

ORGS_PER_PAGE = 15


class OversightCb(CallbackData, prefix="ovs"):
    action: str  # "view" | "orgs" | "xlsx"
    period: str  # "2026Q4" or "2026"
    page: int = 0


def _keyboard(i18n: I18nContext, ctx: AppContext, period: str) -> InlineKeyboardMarkup:
    choices = oversight_texts.periods(ctx.clock.now().astimezone(ctx.home_zone).date())
    return InlineKeyboardMarkup(inline_keyboard=[
        [button(("• " if key == period else "") + key, OversightCb(action="view", period=key)) for key in choices],
        [button(i18n.get("oversight-button-orgs"), OversightCb(action="orgs", period=period))],
        [button(i18n.get("oversight-button-xlsx"), OversightCb(action="xlsx", period=period))],
    ])


async def _overview(db: AsyncSession, ctx: AppContext, period: Period) -> oversight.Overview:
    return await oversight.overview(db, period=period, now=ctx.clock.now(), min_cell=ctx.settings.reports.min_cell,
                                    zone=ctx.home_zone)


@router.message(Command("oversight"))
async def oversight_command(message: Message, i18n: I18nContext, db: AsyncSession, ctx: AppContext) -> None:
    period = str(ctx.clock.now().astimezone(ctx.home_zone).year)
    view = await _overview(db, ctx, Period.parse(period))
    await message.answer(oversight_texts.summary(view, ctx.translate, i18n.locale),
                         reply_markup=_keyboard(i18n, ctx, period))


async def _period(query: CallbackQuery, text: str, i18n: I18nContext) -> Period | None:
    try:
        return Period.parse(text)
    except ValueError:  # a forged button
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return None


@router.callback_query(OversightCb.filter(F.action == "view"))
async def view_period(query: CallbackQuery, callback_data: OversightCb, i18n: I18nContext, db: AsyncSession,
                      ctx: AppContext) -> None:
    period = await _period(query, callback_data.period, i18n)
    if period is None:
        return
    await query.answer()
    view = await _overview(db, ctx, period)
    await query.message.answer(oversight_texts.summary(view, ctx.translate, i18n.locale),
                               reply_markup=_keyboard(i18n, ctx, callback_data.period))


@router.callback_query(OversightCb.filter(F.action == "orgs"))
async def organizations_page(query: CallbackQuery, callback_data: OversightCb, i18n: I18nContext,
                             db: AsyncSession, ctx: AppContext) -> None:
    """Every organization, a page at a time, with its flags and figures."""
    period = await _period(query, callback_data.period, i18n)
    if period is None:
        return
    await query.answer()
    orgs = (await _overview(db, ctx, period)).organizations
    pages = max(1, -(-len(orgs) // ORGS_PER_PAGE))
    page = min(max(callback_data.page, 0), pages - 1)
    shown = orgs[page * ORGS_PER_PAGE:(page + 1) * ORGS_PER_PAGE]
    text = "\n".join([i18n.get("oversight-orgs-title", period=period.label(), page=page + 1, pages=pages), "",
                      *(oversight_texts.org_line(org, ctx.translate, i18n.locale) for org in shown)])
    moves = [button(label, OversightCb(action="orgs", period=callback_data.period, page=target))
             for label, target in (("◀", page - 1), ("▶", page + 1)) if 0 <= target < pages]
    chunks = split_text(text)
    for chunk in chunks[:-1]:
        await query.message.answer(chunk)
    await query.message.answer(chunks[-1], reply_markup=InlineKeyboardMarkup(inline_keyboard=[moves]) if moves else None)


@router.callback_query(OversightCb.filter(F.action == "xlsx"))
async def export(query: CallbackQuery, callback_data: OversightCb, i18n: I18nContext, db: AsyncSession,
                 ctx: AppContext, person: Person) -> None:
    period = await _period(query, callback_data.period, i18n)
    if period is None:
        return
    await query.answer()
    view = await _overview(db, ctx, period)
    data = oversight_export.render_xlsx(view, ctx.translate, i18n.locale)
    await audit.append(db, org_id=person.org_id, actor=audit.person_actor(person.id), action="oversight-exported",
                       now=ctx.clock.now())
    await db.commit()
    await query.message.answer_document(
        BufferedInputFile(data, filename=f"oversight-{callback_data.period}.xlsx"),
        caption=i18n.get("oversight-export-caption", period=period.label(), count=len(view.organizations)))
