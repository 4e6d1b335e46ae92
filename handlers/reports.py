"""/reports: the register of reports (Appendix 2, item 20) as a spreadsheet, for officers and
Board members, listing the cases each can read. The work is bot/services/register.py's."""

from __future__ import annotations

from datetime import date, timedelta

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import audit, register
from bot.services.calendar import quarter_of
from bot.services import compliance_report as compliance_report_service
from handlers.access import IsStaff
from handlers.keyboards import button
from storage.models import Organization, Person

router = Router(name="reports")
router.message.filter(F.chat.type == "private", IsStaff())
router.callback_query.filter(IsStaff())


class RegisterCb(CallbackData, prefix="reg"):
    period: str  # "2026Q4" or "2026"


class ComplianceReportCb(CallbackData, prefix="crep"):
    period: str  # "2026Q3" (quarterly, §18) or "2026" (annual, §19)
    exact: bool = False  # the officer chose every count exact (no "< 3")


def _quarters(today: date) -> tuple[str, str]:
    """This quarter and the last one: ("2026Q4", "2026Q3")."""
    this = quarter_of(today)
    return this, quarter_of(register.Period.parse(this).start - timedelta(days=1))


def _shown(quarter: str) -> str:
    return f"{quarter[5:]} {quarter[:4]}"  # "2026Q3" -> "Q3 2026"


@router.message(Command("reports"))
async def reports_menu(message: Message, i18n: I18nContext, ctx: AppContext) -> None:
    today = ctx.clock.now().astimezone(ctx.zone).date()
    this, last = _quarters(today)
    # The reports due next: the last quarter's (§18, by the 1st of the month after it) and this
    # year's (§19, by 5 December); then the register for this and the last quarter and year.
    keyboard = [
        [button(i18n.get("reports-button-quarterly", period=_shown(last)), ComplianceReportCb(period=last))],
        [button(i18n.get("reports-button-annual", year=str(today.year)), ComplianceReportCb(period=str(today.year)))],
        *([button(i18n.get("reports-button-quarter", period=_shown(quarter)), RegisterCb(period=quarter))]
          for quarter in (this, last)),
        *([button(i18n.get("reports-button-year", year=str(year)), RegisterCb(period=str(year)))]
          for year in (today.year, today.year - 1)),
    ]
    await message.answer(i18n.get("reports-menu"), reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard))


async def _period(query: CallbackQuery, text: str, i18n: I18nContext) -> register.Period | None:
    """The button's period, the press answered; None (and the answer says so) for a forged one."""
    try:
        period = register.Period.parse(text)
    except ValueError:
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return None
    await query.answer()
    return period


@router.callback_query(RegisterCb.filter())
async def register_export(query: CallbackQuery, callback_data: RegisterCb, i18n: I18nContext, db: AsyncSession,
                          ctx: AppContext, person: Person) -> None:
    period = await _period(query, callback_data.period, i18n)
    if period is None:
        return
    org = await db.get(Organization, person.org_id)
    data, count = await register.export(db, org_id=person.org_id, organization=org.name, period=period, zone=ctx.zone,
                                        translate=ctx.translate, locale=i18n.locale, now=ctx.clock.now(),
                                        actor=audit.person_actor(person.id), reader=person)
    await query.message.answer_document(
        BufferedInputFile(data, filename=f"register-{callback_data.period}.xlsx"),
        caption=i18n.get("reports-register-caption", period=period.label(), count=count))


@router.callback_query(ComplianceReportCb.filter())
async def compliance_report(query: CallbackQuery, callback_data: ComplianceReportCb, i18n: I18nContext,
                            db: AsyncSession, ctx: AppContext, person: Person) -> None:
    period = await _period(query, callback_data.period, i18n)
    if period is None:
        return
    org = await db.get(Organization, person.org_id)
    min_cell = 1 if callback_data.exact else ctx.settings.reports.min_cell
    document = await compliance_report_service.generate(
        db, kind="quarterly" if "Q" in callback_data.period else "annual", fmt="docx", org_id=person.org_id,
        organization=org.name, period=period, calendar=ctx.reminder_policy.calendar, translate=ctx.translate,
        locale=i18n.locale, now=ctx.clock.now(), min_cell=min_cell, actor=audit.person_actor(person.id), reader=person)
    again = None
    if min_cell > 1:
        again = InlineKeyboardMarkup(inline_keyboard=[[button(
            i18n.get("reports-button-exact", min_cell=str(min_cell)), ComplianceReportCb(period=callback_data.period, exact=True))]])
    await query.message.answer_document(
        BufferedInputFile(document, filename=f"report-{callback_data.period}.docx"),
        caption=i18n.get("reports-document-caption", period=period.label()), reply_markup=again)
