"""Staff writing into a case: a reply to the reporter, an internal note, a closing comment.

No typed text goes where its author did not mean it to:
- a reply and a closing comment (which the reporter reads, and which closes the case for good)
  are first shown as a preview with Send / Edit / Cancel;
- a writing mode takes one message: after it, after Cancel, after any command (see
  `EndWritingOnCommand`) and after `WRITING_IDLE` without a message it ends, and the person is
  told that it ended and that nothing was sent.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import case_actions, deletions
from bot.services.errors import ServiceError
from handlers.access import IsStaff, error_text
from handlers.keyboards import button
from handlers.states import CaseForm
from handlers.util import remove_buttons, split_text
from storage.models import Person

router = Router(name="case-writing")
router.message.filter(F.chat.type == "private", IsStaff())
router.callback_query.filter(IsStaff())

WRITING_IDLE = timedelta(minutes=10)
PREVIEWED = {CaseForm.reply.state: "reply", CaseForm.closing_comment.state: "closing"}


class WriteCb(CallbackData, prefix="cw"):
    action: str  # "send" | "edit" | "cancel"


async def start(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext, *, mode: Any,
                public_id: str, status: str = "") -> None:
    """Enter a writing mode for one message, and say what it is for."""
    await state.set_state(mode)
    await state.set_data({"public_id": public_id, "status": status, "since": ctx.clock.now().isoformat()})
    if mode == CaseForm.closing_comment:
        await message.answer(i18n.get("case-closing-prompt", status=i18n.get(f"status-{status}")))
    else:
        key = "case-reply-prompt" if mode == CaseForm.reply else "case-note-prompt"
        await message.answer(i18n.get(key, public_id=public_id))


async def _schedule_deletion(db: AsyncSession, ctx: AppContext, chat_id: int, message_ids: list[int]) -> None:
    # What the person typed, and its preview, are case content: they leave the chat like the card.
    deletions.schedule(db, org_id=ctx.org_id, chat_id=chat_id, message_ids=message_ids, now=ctx.clock.now(),
                       after=ctx.view_ttl)
    await db.commit()


async def _usable(message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext) -> bool:
    """The typed text leaves the chat with the case's views; it is used only if the mode is
    still fresh and it fits one entry (otherwise the person is told why, and nothing is saved)."""
    await _schedule_deletion(db, ctx, message.chat.id, [message.message_id])
    since = (await state.get_data()).get("since")
    if since and ctx.clock.now() - datetime.fromisoformat(since) > WRITING_IDLE:
        await state.clear()
        await message.answer(i18n.get("case-writing-expired", minutes=str(int(WRITING_IDLE.total_seconds() // 60))))
        return False
    if len(message.text) > case_actions.MAX_MESSAGE_CHARS:
        await message.answer(i18n.get("case-text-too-long", count=str(len(message.text)),
                                      limit=str(case_actions.MAX_MESSAGE_CHARS)))
        return False
    return True


@router.message(StateFilter(CaseForm.reply, CaseForm.closing_comment), F.text, ~F.text.startswith("/"))
async def written_for_the_reporter(message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession,
                                   ctx: AppContext) -> None:
    if not await _usable(message, state, i18n, db, ctx):
        return
    data = await state.get_data()
    kind = PREVIEWED[await state.get_state()]
    await state.update_data(text=message.text, kind=kind)
    await state.set_state(CaseForm.preview)
    header = i18n.get(f"case-preview-{kind}", public_id=data.get("public_id", ""),
                      status=i18n.get(f"status-{data.get('status') or 'new'}"))
    chunks = split_text(header + "\n\n" + html.escape(message.text), 3500)
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[
        button(i18n.get("case-preview-send"), WriteCb(action="send")),
        button(i18n.get("case-preview-edit"), WriteCb(action="edit")),
        button(i18n.get("case-preview-cancel"), WriteCb(action="cancel")),
    ]])
    sent = [await message.answer(chunk) for chunk in chunks[:-1]]
    sent.append(await message.answer(chunks[-1], reply_markup=keyboard))
    await _schedule_deletion(db, ctx, message.chat.id, [m.message_id for m in sent])


@router.message(CaseForm.note, F.text, ~F.text.startswith("/"))
async def note_written(message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
                       person: Person) -> None:
    """A note stays inside the case, for its readers: it is saved at once, and the mode ends."""
    if not await _usable(message, state, i18n, db, ctx):
        return
    public_id = (await state.get_data()).get("public_id", "")
    private_key = await ctx.keyring.get(person.id, ctx.clock.now())
    await state.clear()
    if private_key is None:  # the key locked itself while they typed: nothing is written half-way
        await message.answer(i18n.get("case-write-locked"))
        return
    try:
        await case_actions.add_note(db, person, private_key, public_id, message.text, now=ctx.clock.now())
    except ServiceError as error:
        await message.answer(error_text(i18n, error, ctx))
        return
    await message.answer(i18n.get("case-noted", public_id=public_id))


@router.message(StateFilter(CaseForm.reply, CaseForm.note, CaseForm.closing_comment, CaseForm.preview))
async def writing_needs_text(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    if await state.get_state() == CaseForm.preview.state:
        await message.answer(i18n.get("case-preview-pending"))
        return
    await message.answer(i18n.get("case-text-only"))


@router.callback_query(WriteCb.filter(F.action == "send"), CaseForm.preview)
async def send(query: CallbackQuery, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
               person: Person) -> None:
    data = await state.get_data()
    private_key = await ctx.keyring.get(person.id, ctx.clock.now())
    await state.clear()
    await remove_buttons(query.message)
    if private_key is None:  # the key locked itself meanwhile (/unlock, a command, would end the mode anyway)
        await query.answer()
        await query.message.answer(i18n.get("case-write-locked"))
        return
    public_id, text = data.get("public_id", ""), data.get("text", "")
    try:
        if data.get("kind") == "closing":
            await case_actions.change_status(db, person, private_key, public_id, data.get("status", ""),
                                             comment=text, now=ctx.clock.now(), actions=ctx.actions)
            done = i18n.get("case-status-changed", public_id=public_id)
        else:
            await case_actions.reply(db, person, private_key, public_id, text, now=ctx.clock.now(),
                                     actions=ctx.actions)
            done = i18n.get("case-replied", public_id=public_id)
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    ctx.outbox_wakeup.set()
    await query.answer()
    await query.message.answer(done)


@router.callback_query(WriteCb.filter(F.action == "edit"), CaseForm.preview)
async def edit(query: CallbackQuery, state: FSMContext, i18n: I18nContext, ctx: AppContext) -> None:
    data = await state.get_data()
    await query.answer()
    await remove_buttons(query.message)
    mode = CaseForm.closing_comment if data.get("kind") == "closing" else CaseForm.reply
    await start(query.message, state, i18n, ctx, mode=mode, public_id=data.get("public_id", ""),
                status=data.get("status", ""))


@router.callback_query(WriteCb.filter(F.action == "cancel"), CaseForm.preview)
async def cancel(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    await query.answer()
    await remove_buttons(query.message)
    await query.message.answer(i18n.get("case-writing-cancelled"))


@router.callback_query(WriteCb.filter())
async def stale(query: CallbackQuery, i18n: I18nContext) -> None:
    """A preview whose mode has ended (sent, cancelled, a command, a restart): nothing to do."""
    await query.answer(i18n.get("case-writing-ended-already"), show_alert=True)
