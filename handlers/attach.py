"""A reporter's file arriving in a draft or a follow-up: fetched and checked at once, the reporter
told what cleaning removes (per file), asked before a file that cannot be cleaned is kept, and
offered to keep the original name (neutral by default). Used by handlers.report and
handlers.check; the buttons are handled here."""

from __future__ import annotations

import html
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.context import AppContext
from bot.services import scrub
from handlers import keyboards
from handlers.files import DEFAULT_NAMES, DownloadFailed, accept_file, prepare
from handlers.keyboards import FileCb, ReportCb, button
from handlers.states import CheckForm, ReportForm

router = Router(name="attach")
FILE_STATES = (ReportForm.text, ReportForm.files, CheckForm.message)


def _continue(i18n: I18nContext, state: str | None, *first: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """The buttons that move on from the step the reporter is in, after any `first` rows."""
    if state == CheckForm.message.state:
        rows = keyboards.send_follow_up(i18n).inline_keyboard
    else:
        action = "text-done" if state == ReportForm.text.state else "files-done"
        rows = [[button(i18n.get("button-done"), ReportCb(action=action))], [keyboards.cancel_button(i18n)]]
    return InlineKeyboardMarkup(inline_keyboard=[*first, *rows])


def _removed_list(i18n: I18nContext, removed: tuple[str, ...]) -> str:
    return ", ".join(i18n.get(f"scrub-{code}") for code in removed)


async def receive(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext, bot: Bot) -> None:
    """A file sent into a draft or a follow-up. The draft is never lost, whatever happens."""
    data = await state.get_data()
    files: list[dict[str, Any]] = data.get("files", [])
    item = await accept_file(message, i18n, ctx.settings.reports, files)
    if item is None:
        return
    current = await state.get_state()
    number = len(files) + 1
    try:
        prepared = await prepare(bot, item, number, ctx.settings.reports.max_file_bytes)
    except DownloadFailed:
        await message.answer(i18n.get("file-fetch-failed"), reply_markup=_continue(i18n, current))
        return
    except scrub.CannotScrub as refusal:
        # Held in the conversation until the reporter decides; never kept silently. Each waiting
        # file has its own question: two in a row must not answer for each other.
        ticket = int(data.get("pending_seq", 0)) + 1
        await state.update_data(pending_seq=ticket, pending={**data.get("pending", {}), str(ticket): item})
        await message.answer(
            i18n.get("file-cannot-clean", format=i18n.get(f"scrub-format-{refusal.what}")),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[
                [button(i18n.get("button-attach-as-is"), FileCb(action="as-is", index=ticket))],
                [button(i18n.get("button-leave-out"), FileCb(action="leave-out", index=ticket))],
            ]))
        return
    files = [*files, item]
    await state.update_data(files=files)
    name = html.escape(prepared.file_name)
    if item["kind"] == "voice":
        text = i18n.get("report-voice-warning", count=len(files))
    elif prepared.removed:
        text = i18n.get("file-cleaned", number=number, name=name, removed=_removed_list(i18n, prepared.removed))
    else:
        text = i18n.get("file-clean-nothing", number=number, name=name)
    keep = [[button(i18n.get("button-keep-name"), FileCb(action="keep-name", index=number - 1))]] \
        if item["kind"] == "document" and item["file_name"] not in DEFAULT_NAMES else []
    await message.answer(text, reply_markup=_continue(i18n, current, *keep))


@router.callback_query(FileCb.filter(F.action.in_({"as-is", "leave-out"})), StateFilter(*FILE_STATES))
async def decide_uncleanable(query: CallbackQuery, callback_data: FileCb, state: FSMContext,
                             i18n: I18nContext, ctx: AppContext) -> None:
    data = await state.get_data()
    waiting = dict(data.get("pending", {}))
    pending = waiting.pop(str(callback_data.index), None)
    if pending is None:  # answered already, or a forged button
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    await query.answer()
    await state.update_data(pending=waiting)
    markup = _continue(i18n, await state.get_state())
    if callback_data.action == "leave-out":
        await query.message.answer(i18n.get("file-left-out"), reply_markup=markup)
        return
    limit = ctx.settings.reports.max_attachments
    if len(data.get("files", [])) >= limit:  # more files arrived while this one waited
        await query.message.answer(i18n.get("report-too-many-files", limit=str(limit)), reply_markup=markup)
        return
    files = [*data.get("files", []), {**pending, "as_is": True}]
    await state.update_data(files=files)
    name = scrub.neutral_name(len(files), scrub.extension_of(pending["file_name"]))
    await query.message.answer(i18n.get("file-attached-as-is", number=len(files), name=html.escape(name)),
                               reply_markup=markup)


@router.callback_query(FileCb.filter(F.action == "keep-name"), StateFilter(*FILE_STATES))
async def keep_name(query: CallbackQuery, callback_data: FileCb, state: FSMContext, i18n: I18nContext) -> None:
    files = (await state.get_data()).get("files", [])
    if not 0 <= callback_data.index < len(files):
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    files[callback_data.index] = {**files[callback_data.index], "keep_name": True}
    await state.update_data(files=files)
    # The name is the reporter's own text: shown back to them only, in an alert (plain text).
    await query.answer(i18n.get("file-name-kept", name=files[callback_data.index]["file_name"][:100]),
                       show_alert=True)
