"""Officers' action plan: /plan, item cards, done with evidence, snooze, not applicable, confirming
past one-offs, recording the instruction's approval, and importing the organization's own plan
by sending a file."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import plan
from bot.services.calendar import format_day
from bot.services.reminders import due_text
from bot.services.errors import ServiceError
from bot.services.plan_import import PlanImportError, import_plan
from bot.services.plan_texts import plan_label, text_in
from handlers.access import IsStaff, error_text
from handlers.files import ACCEPTED_FILES, DownloadFailed, accept_file, download
from handlers.keyboards import button
from handlers.states import PlanForm
from handlers.util import organization_heading, split_text
from storage.models import Deadline, Person, PlanItem

router = Router(name="plan")
router.message.filter(F.chat.type == "private", IsStaff())
router.callback_query.filter(IsStaff())
UPCOMING_DAYS = 90
IMPORT_SUFFIXES = (".toml", ".csv", ".xlsx")


class PlanCb(CallbackData, prefix="pl"):
    action: str
    id: int


def _overdue(due: date, today: date, ctx: AppContext) -> bool:
    """Overdue from the legal deadline: a term ending on a day off runs to the next working day."""
    return ctx.reminder_policy.calendar.legal_due(due) < today


def _today(ctx: AppContext) -> date:
    return ctx.clock.now().astimezone(ctx.zone).date()


def _due_text(due: date, ctx: AppContext, i18n: I18nContext) -> str:
    return due_text(due, ctx.reminder_policy.calendar, ctx.translate, i18n.locale)


def _label(item: PlanItem, locale: str) -> str:
    return plan_label(item.number, item.title, locale)


def _short(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


@router.message(Command("plan"))
async def plan_command(message: Message, i18n: I18nContext, db: AsyncSession, ctx: AppContext, person: Person) -> None:
    today = _today(ctx)
    rows = await plan.upcoming(db, person.org_id, until=today + timedelta(days=UPCOMING_DAYS))
    confirm = await plan.to_confirm(db, person.org_id)
    lines = [*await organization_heading(db, person), i18n.get("plan-header", days=UPCOMING_DAYS)]
    for deadline, item in rows:
        key = "plan-line-overdue" if _overdue(deadline.due_date, today, ctx) else "plan-line"
        lines.append(i18n.get(key, item=html.escape(_label(item, i18n.locale)), due=_due_text(deadline.due_date, ctx, i18n)))
    if not rows:
        lines.append(i18n.get("plan-nothing-due"))
    # The measure's name and the day it is due: no two occurrences share both.
    keyboard = [[button(f"{'⚠ ' if _overdue(d.due_date, today, ctx) else ''}{_short(_label(i, i18n.locale))} · {format_day(d.due_date)}",
                        PlanCb(action="open", id=d.id))] for d, i in rows]
    if confirm:
        lines.append(i18n.get("plan-confirm-count", count=len(confirm)))
        keyboard.append([button(i18n.get("plan-button-confirm-list"), PlanCb(action="confirm-list", id=0))])
    lines.append(i18n.get("plan-import-hint"))
    await message.answer("\n\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard))


async def _occurrence(query: CallbackQuery, deadline_id: int, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
                      person: Person) -> tuple[Deadline, PlanItem] | None:
    try:
        return await plan.find_occurrence(db, person, deadline_id)
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return None


@router.callback_query(PlanCb.filter(F.action == "open"))
async def plan_card(query: CallbackQuery, callback_data: PlanCb, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
                    person: Person) -> None:
    found = await _occurrence(query, callback_data.id, i18n, db, ctx, person)
    if found is None:
        return
    deadline, item = found
    await query.answer()
    locale = i18n.locale
    text = i18n.get(
        "plan-card", item=html.escape(_label(item, locale)), responsible=html.escape(text_in(item.responsible, locale)),
        evidence=html.escape(text_in(item.evidence, locale)), due=_due_text(deadline.due_date, ctx, i18n),
        status=i18n.get(f"plan-status-{deadline.status}"),
    )
    keyboard = []
    past = await plan.history(db, item.id)
    if past:
        text += "\n\n" + i18n.get("plan-history-title")
        for done in past:
            text += "\n" + i18n.get("plan-history-line", due=f"{done.due_date:%d.%m.%Y}",
                                    status=i18n.get(f"plan-status-{done.status}"),
                                    comment=html.escape(done.comment or "—"), evidence=html.escape(done.evidence_name or "—"))
            if done.evidence is not None:
                keyboard.append([button(f"📎 {done.due_date:%d.%m.%Y} {done.evidence_name}"[:60],
                                        PlanCb(action="evidence", id=done.id))])
    if deadline.status == "open":
        keyboard[:0] = [
            [button(i18n.get("plan-button-done"), PlanCb(action="done", id=deadline.id))],
            [button(i18n.get("plan-button-snooze"), PlanCb(action="snooze", id=deadline.id)),
             button(i18n.get("plan-button-na"), PlanCb(action="na", id=deadline.id))],
        ]
    if item.event:
        keyboard.append([button(i18n.get(f"plan-button-event-{item.event}"), PlanCb(action="event", id=deadline.id))])
    for chunk in split_text(text, 3500)[:-1]:
        await query.message.answer(chunk)
    await query.message.answer(split_text(text, 3500)[-1], reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard))


@router.callback_query(PlanCb.filter(F.action == "evidence"))
async def plan_evidence(query: CallbackQuery, callback_data: PlanCb, i18n: I18nContext, db: AsyncSession,
                        ctx: AppContext, person: Person, bot: Bot) -> None:
    found = await _occurrence(query, callback_data.id, i18n, db, ctx, person)
    if found is None:
        return
    deadline, _ = found
    await query.answer()
    if deadline.evidence is not None:
        await bot.send_document(query.from_user.id, BufferedInputFile(deadline.evidence, deadline.evidence_name or "evidence"))


@router.callback_query(PlanCb.filter(F.action == "done"))
async def plan_done_start(query: CallbackQuery, callback_data: PlanCb, state: FSMContext, i18n: I18nContext,
                          db: AsyncSession, ctx: AppContext, person: Person) -> None:
    if await _occurrence(query, callback_data.id, i18n, db, ctx, person) is None:
        return
    await query.answer()
    await state.set_state(PlanForm.done)
    await state.update_data(deadline_id=callback_data.id, comment="", file=None)
    await query.message.answer(i18n.get("plan-done-prompt"), reply_markup=_save_keyboard(i18n, callback_data.id))


def _save_keyboard(i18n: I18nContext, deadline_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[button(i18n.get("plan-button-save"), PlanCb(action="save", id=deadline_id))]])


@router.message(PlanForm.done, F.text, ~F.text.startswith("/"))
async def plan_done_comment(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    data = await state.get_data()
    await state.update_data(comment=(data.get("comment", "") + "\n" + message.text).strip()[:4000])
    await message.answer(i18n.get("plan-done-added"), reply_markup=_save_keyboard(i18n, data["deadline_id"]))


@router.message(PlanForm.done, ACCEPTED_FILES)
async def plan_done_file(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext) -> None:
    data = await state.get_data()
    attachment = await accept_file(message, i18n, ctx.settings.reports, [])
    if attachment is None:
        return
    await state.update_data(file=attachment, comment=(data.get("comment", "") + "\n" + (message.caption or "")).strip())
    await message.answer(i18n.get("plan-done-added"), reply_markup=_save_keyboard(i18n, data["deadline_id"]))


@router.callback_query(PlanCb.filter(F.action == "save"), PlanForm.done)
async def plan_done_save(query: CallbackQuery, state: FSMContext, i18n: I18nContext, db: AsyncSession,
                         ctx: AppContext, person: Person, bot: Bot) -> None:
    data = await state.get_data()
    evidence = None
    if data.get("file"):
        try:
            evidence = await download(bot, data["file"], ctx.settings.reports.max_file_bytes)
        except DownloadFailed:
            await query.answer(i18n.get("report-download-failed"), show_alert=True)
            return
    try:
        await plan.mark_done(db, person, data["deadline_id"], now=ctx.clock.now(), comment=data.get("comment", ""),
                             evidence_name=evidence.file_name if evidence else None,
                             evidence=evidence.data if evidence else None)
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    await state.clear()
    await query.answer()
    await query.message.answer(i18n.get("plan-done-saved"))


@router.callback_query(PlanCb.filter(F.action == "na"))
async def plan_not_applicable(query: CallbackQuery, callback_data: PlanCb, i18n: I18nContext, db: AsyncSession,
                              ctx: AppContext, person: Person) -> None:
    try:
        await plan.mark_not_applicable(db, person, callback_data.id, now=ctx.clock.now())
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    await query.answer()
    await query.message.answer(i18n.get("plan-na-saved"))


@router.callback_query(PlanCb.filter(F.action == "snooze"))
async def plan_snooze_start(query: CallbackQuery, callback_data: PlanCb, state: FSMContext, i18n: I18nContext,
                            db: AsyncSession, ctx: AppContext, person: Person) -> None:
    if await _occurrence(query, callback_data.id, i18n, db, ctx, person) is None:
        return
    await query.answer()
    await state.set_state(PlanForm.snooze)
    await state.update_data(deadline_id=callback_data.id)
    await query.message.answer(i18n.get("plan-snooze-prompt"))


@router.message(PlanForm.snooze, F.text, ~F.text.startswith("/"))
async def plan_snooze_date(message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
                           person: Person) -> None:
    try:
        until = datetime.strptime(message.text.strip(), "%d.%m.%Y").date()
    except ValueError:
        await message.answer(i18n.get("plan-snooze-bad-date"))
        return
    if until <= _today(ctx):
        await message.answer(i18n.get("plan-snooze-bad-date"))
        return
    deadline_id = (await state.get_data())["deadline_id"]
    await state.clear()
    try:
        await plan.snooze(db, person, deadline_id, until=until, calendar=ctx.reminder_policy.calendar, now=ctx.clock.now())
    except ServiceError as error:
        await message.answer(error_text(i18n, error, ctx))
        return
    await message.answer(i18n.get("plan-snoozed", until=f"{until:%d.%m.%Y}"))


@router.callback_query(PlanCb.filter(F.action == "event"))
async def plan_event(query: CallbackQuery, callback_data: PlanCb, i18n: I18nContext, db: AsyncSession,
                     ctx: AppContext, person: Person) -> None:
    found = await _occurrence(query, callback_data.id, i18n, db, ctx, person)
    if found is None or not found[1].event:
        if found is not None:
            await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    created = await plan.record_event(db, person, found[1].event, day=_today(ctx), now=ctx.clock.now())
    await query.answer()
    ctx.outbox_wakeup.set()
    dues = ", ".join(f"{d.due_date:%d.%m.%Y}" for d in created) or "—"
    await query.message.answer(i18n.get(f"plan-event-recorded-{found[1].event}", due=dues))


@router.callback_query(PlanCb.filter(F.action == "confirm-list"))
async def plan_confirm_list(query: CallbackQuery, i18n: I18nContext, db: AsyncSession, person: Person) -> None:
    await query.answer()
    items = await plan.to_confirm(db, person.org_id)
    if not items:
        await query.message.answer(i18n.get("plan-confirm-none"))
        return
    lines = [i18n.get("plan-confirm-title")] + [f"• {html.escape(_label(i, i18n.locale))}" for i in items]
    keyboard = [[button(f"✅ №{i.number or i.code}", PlanCb(action="confirm-done", id=i.id)),
                 button(f"🚫 №{i.number or i.code}", PlanCb(action="confirm-na", id=i.id))] for i in items]
    await query.message.answer("\n".join(lines)[:4000], reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard))


@router.callback_query(PlanCb.filter(F.action.in_({"confirm-done", "confirm-na"})))
async def plan_confirm(query: CallbackQuery, callback_data: PlanCb, i18n: I18nContext, db: AsyncSession,
                       ctx: AppContext, person: Person) -> None:
    try:
        item = await plan.confirm(db, person, callback_data.id, done=callback_data.action == "confirm-done",
                                  now=ctx.clock.now())
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    await query.answer(i18n.get(f"plan-status-{item.state}"))


@router.message(StateFilter(None), F.document.file_name.lower().endswith(IMPORT_SUFFIXES))
async def plan_import_file(message: Message, i18n: I18nContext, db: AsyncSession, ctx: AppContext, person: Person,
                           bot: Bot) -> None:
    document = message.document
    if (document.file_size or 0) > 2 * 1024 * 1024:
        await message.answer(i18n.get("plan-import-failed", problems=i18n.get("plan-problem-file-size")))
        return
    buffer = await bot.download(document.file_id)
    try:
        count = await import_plan(db, org_id=person.org_id, file_name=document.file_name, data=buffer.read(),
                                  actor=f"person:{person.id}", today=_today(ctx), now=ctx.clock.now())
    except PlanImportError as error:
        problems = "\n".join(f"• {html.escape(p.render(ctx.translate, i18n.locale))}" for p in error.problems[:20])
        await message.answer(i18n.get("plan-import-failed", problems=problems))
        return
    await plan.ensure_occurrences(db, person.org_id, today=_today(ctx), now=ctx.clock.now())
    await message.answer(i18n.get("plan-imported", count=count))
