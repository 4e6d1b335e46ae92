"""The reporter follows up: /check, the receipt (deleted at once), the answers, a new message or
files, and opt-in notifications. The case id is held only in in-memory FSM state while the
reporter is looking at it."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import mailbox, notifications
from bot.services.errors import ServiceBusy, ServiceError
from bot.services.reports import format_local_day
from bot.services.timeline import timeline_lines
from handlers import keyboards
from handlers import attach
from handlers.files import ACCEPTED_FILES, DownloadFailed, download_clean
from handlers.keyboards import FollowUpCb, button
from handlers.states import CheckForm
from handlers.util import delete_messages, split_text, try_delete

router = Router(name="check")
router.message.filter(F.chat.type == "private")


def _view_keyboard(i18n: I18nContext, ctx: AppContext, view: mailbox.ReporterView) -> InlineKeyboardMarkup:
    rows = []
    if view.content.case.closed_at is None:
        rows.append([button(i18n.get("check-button-write"), FollowUpCb(action="write"))])
        if ctx.notification_key is not None:
            key, action = (("check-button-notify-off", "notify-off") if view.notifications_on
                           else ("check-button-notify-on", "notify-on"))
            rows.append([button(i18n.get(key), FollowUpCb(action=action))])
    if view.can_withdraw:
        rows.append([button(i18n.get("check-button-withdraw"), FollowUpCb(action="withdraw"))])
    rows.append([button(i18n.get("check-button-done"), FollowUpCb(action="done"))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def notify_offer(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        button(i18n.get("notify-yes"), FollowUpCb(action="notify-on")),
        button(i18n.get("notify-no"), FollowUpCb(action="done")),
    ]])


@router.message(Command("check"))
async def check_command(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    current = await state.get_state()
    if current is not None and current.startswith("ReportForm"):
        # Never lose a draft to another command: ask first.
        await message.answer(i18n.get("draft-resume-question"), reply_markup=keyboards.resume_or_discard(i18n))
        return
    await state.clear()
    await state.set_state(CheckForm.receipt)
    await message.answer(i18n.get("check-prompt"))


@router.message(CheckForm.receipt, F.text, ~F.text.startswith("/"))
async def receipt_given(message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
                        subject: str) -> None:
    receipt = message.text
    await try_delete(message)
    now = ctx.clock.now()
    if not await ctx.receipt_limiter.allow(subject, now):
        await state.clear()
        wait = ctx.receipt_limiter.retry_after(subject, now)
        await message.answer(i18n.get("check-too-many", minutes=str(max(1, -(-int(wait.total_seconds()) // 60)))))
        return
    try:
        view = await mailbox.open_by_receipt(db, receipt, cost=ctx.argon2_cost, now=now, zone=ctx.zone)
    except ServiceBusy as busy:  # not a wrong receipt: it does not count against them
        await ctx.receipt_limiter.forgive(subject)
        await message.answer(i18n.get(busy.key))
        return
    if view is None:
        await state.clear()
        await message.answer(i18n.get("check-failed"))
        return
    await ctx.receipt_limiter.forgive(subject)
    await state.set_state(CheckForm.viewing)
    # The entry key lets the follow-up be written as the reporter's; it lives only in this
    # conversation, in memory, and is forgotten with it.
    await state.update_data(case_id=view.access.case_id, entry_key=view.access.entry_key.hex(), parts=[], files=[])
    screen = await _show(message, view, i18n, ctx)
    await state.update_data(screen=screen)  # deleted by "Done", before the bot says nothing is left


async def _show(message: Message, view: mailbox.ReporterView, i18n: I18nContext, ctx: AppContext) -> list[int]:
    case = view.content.case
    lines = timeline_lines(view.content, names={}, actions=ctx.actions, locale=i18n.locale, for_reporter=True)
    body = i18n.get("check-header", public_id=case.public_id, status=i18n.get(f"status-{view.content.status}"),
                    created=format_local_day(case.created_at, ctx.zone))
    if view.content.tampered:
        body = i18n.get("check-tampered") + "\n\n" + body
    body += "\n" + i18n.get("check-auto-delete", minutes=str(int(ctx.reporter_view_ttl.total_seconds() // 60)))
    body += "\n\n" + ("\n\n".join(html.escape(line) for line in lines) if lines else i18n.get("check-no-news"))
    chunks = split_text(body, 3500)
    shown = [await message.answer(chunk) for chunk in chunks[:-1]]
    shown.append(await message.answer(chunks[-1], reply_markup=_view_keyboard(i18n, ctx, view)))
    ids = [m.message_id for m in shown]
    ctx.expiry.schedule(message.chat.id, ids, ctx.reporter_view_ttl)
    return ids


async def _case_id(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> int | None:
    case_id = (await state.get_data()).get("case_id")
    if case_id is None:
        await query.answer(i18n.get("check-expired"), show_alert=True)
    return case_id


@router.callback_query(FollowUpCb.filter(F.action == "write"))
async def write(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    if await _case_id(query, state, i18n) is None:
        return
    await query.answer()
    await state.set_state(CheckForm.message)
    await state.update_data(parts=[], files=[])
    await query.message.answer(i18n.get("check-write-prompt"))


@router.callback_query(FollowUpCb.filter(F.action == "withdraw"))
async def withdraw_asked(query: CallbackQuery, state: FSMContext, i18n: I18nContext, ctx: AppContext) -> None:
    if await _case_id(query, state, i18n) is None:
        return
    await query.answer()
    sent = await query.message.answer(i18n.get("withdraw-confirm"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
        button(i18n.get("withdraw-yes"), FollowUpCb(action="withdraw-yes")),
        button(i18n.get("withdraw-no"), FollowUpCb(action="withdraw-no")),
    ]]))
    ctx.expiry.schedule(sent.chat.id, [sent.message_id], ctx.reporter_view_ttl)  # it goes with the view


@router.callback_query(FollowUpCb.filter(F.action == "withdraw-no"))
async def withdraw_cancelled(query: CallbackQuery) -> None:
    await query.answer()
    await try_delete(query.message)


@router.callback_query(FollowUpCb.filter(F.action == "withdraw-yes"))
async def withdraw_confirmed(query: CallbackQuery, state: FSMContext, i18n: I18nContext, db: AsyncSession,
                             ctx: AppContext) -> None:
    data = await state.get_data()
    if data.get("case_id") is None or data.get("entry_key") is None:
        await query.answer(i18n.get("check-expired"), show_alert=True)
        return
    try:
        await mailbox.withdraw(db, mailbox.ReporterAccess(data["case_id"], bytes.fromhex(data["entry_key"])),
                               now=ctx.clock.now(), actions=ctx.actions)
    except ServiceError as error:
        await query.answer(i18n.get(error.key), show_alert=True)
        return
    await state.clear()
    ctx.outbox_wakeup.set()
    await query.answer()
    await query.message.answer(i18n.get("withdraw-done"), reply_markup=keyboards.delete_this(i18n))


@router.message(CheckForm.message, F.text, ~F.text.startswith("/"))
async def message_part(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext) -> None:
    data = await state.get_data()
    parts = [*data.get("parts", []), message.text]
    if sum(len(p) for p in parts) > ctx.settings.reports.max_text_chars:
        await message.answer(i18n.get("report-text-too-long", limit=str(ctx.settings.reports.max_text_chars),
                                      left=str(ctx.settings.reports.max_text_chars - sum(len(p) for p in data.get("parts", [])))))
        return
    await state.update_data(parts=parts)
    ctx.expiry.schedule(message.chat.id, [message.message_id], ctx.reporter_view_ttl)
    await message.answer(i18n.get("check-part-added"), reply_markup=keyboards.send_follow_up(i18n))


@router.message(CheckForm.message, ACCEPTED_FILES)
async def message_file(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext, bot: Bot) -> None:
    if message.caption:  # part of the message, and counts toward its limit
        parts = (await state.get_data()).get("parts", [])
        limit, used = ctx.settings.reports.max_text_chars, sum(len(p) for p in parts)
        if used + len(message.caption) > limit:
            await message.answer(i18n.get("report-caption-too-long", limit=str(limit), left=str(limit - used)))
        else:
            await state.update_data(parts=[*parts, message.caption])
    ctx.expiry.schedule(message.chat.id, [message.message_id], ctx.reporter_view_ttl)
    await attach.receive(message, state, i18n, ctx, bot)


@router.message(StateFilter(CheckForm.message, CheckForm.receipt), ~F.text.startswith("/"))
async def unsupported(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("report-unsupported-input"))


@router.callback_query(FollowUpCb.filter(F.action == "send"), CheckForm.message)
async def send(query: CallbackQuery, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
               bot: Bot, subject: str) -> None:
    data = await state.get_data()
    case_id, entry_key = data.get("case_id"), data.get("entry_key")
    if case_id is None or entry_key is None or not (data.get("parts") or data.get("files")):
        await query.answer(i18n.get("report-text-empty"), show_alert=True)
        return
    file_bytes = sum(int(f.get("size") or 0) for f in data.get("files", []))
    if await ctx.filing_limits.admit(subject, ctx.clock.now(), file_bytes=file_bytes, is_report=False):
        await query.answer(i18n.get("report-limit-bytes"), show_alert=True)  # the message waits, unsent
        return
    await query.answer(i18n.get("report-submitting"))
    try:
        attachments = await download_clean(bot, data["files"], ctx.settings.reports.max_file_bytes)
    except DownloadFailed:
        await query.message.answer(i18n.get("report-download-failed"), reply_markup=keyboards.send_follow_up(i18n))
        return
    try:
        access = mailbox.ReporterAccess(case_id, bytes.fromhex(entry_key))
        await mailbox.add_reporter_message(db, access, text="\n\n".join(data["parts"]), attachments=attachments,
                                           now=ctx.clock.now(), actions=ctx.actions)
    except ServiceError as error:
        await state.clear()
        await query.message.answer(i18n.get(error.key))
        return
    ctx.outbox_wakeup.set()
    await state.set_state(CheckForm.viewing)
    await state.update_data(parts=[], files=[])
    await query.message.answer(i18n.get("check-sent"), reply_markup=keyboards.delete_this(i18n))


@router.callback_query(FollowUpCb.filter(F.action.in_({"notify-on", "notify-off"})))
async def toggle_notifications(query: CallbackQuery, callback_data: FollowUpCb, state: FSMContext, i18n: I18nContext,
                               db: AsyncSession, ctx: AppContext) -> None:
    case_id = await _case_id(query, state, i18n)
    key = ctx.notification_key
    if case_id is None:
        return
    if key is None:
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    turn_on = callback_data.action == "notify-on"
    await notifications.set_opt_in(db, case_id, key, query.from_user.id if turn_on else None, i18n.locale,
                                   ctx.clock.now(), ctx.zone)
    await query.answer()
    await query.message.answer(i18n.get("notify-on-done" if turn_on else "notify-off-done"))


@router.callback_query(FollowUpCb.filter(F.action == "done"))
async def done(query: CallbackQuery, state: FSMContext, i18n: I18nContext, bot: Bot) -> None:
    # Forget which case this chat was looking at (but not the report messages it may still wipe),
    # and take the case's screen out of the chat first: only then is "nothing is kept" true.
    data = await state.get_data()
    trace, screen = data.get("trace", []), data.get("screen", [])
    await state.clear()
    if trace:
        await state.set_data({"trace": trace})
    await query.answer()
    await delete_messages(bot, query.message.chat.id, {*screen, query.message.message_id})
    await query.message.answer(i18n.get("check-done"), reply_markup=keyboards.main_menu(i18n))
