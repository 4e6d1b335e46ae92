"""The reporter's draft: category (with the Board switch) → description → review → submit.
When, where, who and files are optional, one button away on the review.

The draft lives only in FSM data (memory). Files are checked when they arrive (the reporter is
told what cleaning removes) and kept as Telegram file ids until submission, then downloaded
again, cleaned, sealed and stored; nothing of the draft touches the database before the
reporter presses Submit.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import organizations, reports
from bot.services.errors import ChannelClosed, ServiceError, storage_unavailable
from bot.services.reports import format_local_day
from handlers import keyboards
from handlers.access import IsStaff
from handlers.keyboards import ReportCb, button
from handlers import attach, choose_org
from handlers.files import ACCEPTED_FILES, DownloadFailed, download_clean
from handlers.check import notify_offer
from handlers.states import CheckForm, ReportForm
from handlers.util import delete_messages, remove_buttons

log = logging.getLogger(__name__)

router = Router(name="report")
router.message.filter(F.chat.type == "private")

DETAIL_STEPS = (("when", ReportForm.when), ("where", ReportForm.where), ("who", ReportForm.who))
DETAIL_MAX_CHARS = 1000


# --- entering and leaving ---------------------------------------------------------------


async def _begin(message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext, *,
                 text: str = "", trace: list[int] | None = None) -> None:
    """Start a draft (with `text` as its first part, when the reporter's first message was it).
    Which organization it goes to is asked first, when the deployment serves several and the
    conversation has not chosen one (by the organization's link, or earlier)."""
    data = await state.get_data()
    directory = await organizations.directory(db)
    org = next((o for o in directory.enabled if o.id == data.get("org")), None) or directory.single
    if org is None:
        await choose_org.ask(message, state, i18n, directory, keep={"offered": text, "trace": trace or []})
        return
    open_routes = await reports.open_routes(db, org.id)
    if not open_routes:
        await message.answer(i18n.get("report-channel-closed"))
        return
    await state.clear()
    await state.set_state(ReportForm.category)
    # The recipients are chosen on the first screen: the officers unless the reporter switches
    # to the Board (when both are open), or the one route that is open.
    route = "officers" if "officers" in open_routes else "board"
    await state.update_data(
        parts=[text] if text else [], chars=len(text), files=[], when="", where="", who="", editing=False,
        route=route, limit=ctx.settings.reports.max_text_chars, trace=trace or [], org=org.id,
        # Shown on the first screen when there is a choice of organizations (and a way back to it).
        org_name=org.name if directory.single is None else "", body=org.governing_body,
    )
    await _ask_category(message, i18n, route, choice=len(open_routes) > 1, data=await state.get_data())


async def _ask_category(message: Message, i18n: I18nContext, route: str, *, choice: bool, data: dict[str, Any]) -> None:
    org_name = data.get("org_name", "")
    await message.answer(_category_question(i18n, route, data),
                         reply_markup=keyboards.categories(i18n, (route == "board") if choice else None,
                                                           other_org=bool(org_name)))


def _category_question(i18n: I18nContext, route: str, data: dict[str, Any]) -> str:
    """The first screen's text, saying where the report goes: the organization (when there is a
    choice of them), and what its Board is called there (when the operator named it)."""
    note = i18n.get("report-route-note" if route == "officers" else "report-route-note-board")
    if route == "board" and data.get("body"):
        note += "\n" + i18n.get("report-governing-body", body=html.escape(data["body"]))
    org_name = data.get("org_name", "")
    where = i18n.get("org-report-goes-to", organization=html.escape(org_name)) + "\n\n" if org_name else ""
    return where + i18n.get("report-choose-category") + "\n\n" + note


@router.callback_query(choose_org.OrgCb.filter(F.action == "pick"))
async def organization_picked(query: CallbackQuery, callback_data: choose_org.OrgCb, state: FSMContext,
                              i18n: I18nContext, db: AsyncSession, ctx: AppContext) -> None:
    """A reporter chose the organization: the draft begins there. A button of an organization
    that no longer takes reports (or a forged one) is refused."""
    org = await choose_org.chosen(db, callback_data.org_id)
    if org is None or await state.get_state() != ReportForm.organization.state:
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    await query.answer()
    data = await state.get_data()
    await state.update_data(org=org.id)
    await _begin(query.message, state, i18n, db, ctx, text=data.get("offered") or "", trace=data.get("trace", []))
    if await state.get_state() == ReportForm.category.state:  # begun; a closed channel keeps the choice open
        await remove_buttons(query.message)


@router.callback_query(ReportCb.filter(F.action == "other-org"), ReportForm.category)
async def other_organization(query: CallbackQuery, state: FSMContext, i18n: I18nContext, db: AsyncSession) -> None:
    """Back to the choice of organization, keeping what was typed so far."""
    data = await state.get_data()
    await query.answer()
    await remove_buttons(query.message)
    await choose_org.ask(query.message, state, i18n, await organizations.directory(db),
                         keep={"offered": "\n\n".join(data.get("parts", [])), "trace": data.get("trace", [])})


@router.message(StateFilter(None), F.text, ~F.text.startswith("/"), ~IsStaff())
async def text_without_a_draft(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    """A first message that is not a command is most likely the start of a report: offer to
    begin one with it (nothing is filed without the usual steps and a review)."""
    await state.set_state(ReportForm.offered)
    await state.set_data({**await _chosen_org(state), "offered": message.text, "trace": [message.message_id]})
    await message.answer(i18n.get("report-offer-from-text"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
        button(i18n.get("report-offer-yes"), ReportCb(action="start-with-text")),
        button(i18n.get("report-offer-no"), ReportCb(action="offer-no")),
    ]]))


@router.callback_query(ReportCb.filter(F.action == "start-with-text"), ReportForm.offered)
async def start_with_text(query: CallbackQuery, state: FSMContext, i18n: I18nContext, db: AsyncSession,
                          ctx: AppContext) -> None:
    data = await state.get_data()
    await query.answer()
    await remove_buttons(query.message)
    text = data.get("offered", "")[: ctx.settings.reports.max_text_chars]
    await _begin(query.message, state, i18n, db, ctx, text=text, trace=data.get("trace", []))


@router.callback_query(ReportCb.filter(F.action == "offer-no"), ReportForm.offered)
async def offer_declined(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await _clear_keeping_org(state)
    await query.answer()
    await remove_buttons(query.message)
    await query.message.answer(i18n.get("report-offer-declined"), reply_markup=keyboards.main_menu(i18n))


@router.message(Command("report"), StateFilter(None))
async def report_command(message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext) -> None:
    await _begin(message, state, i18n, db, ctx)


@router.message(Command("report"))
async def report_command_during_draft(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("draft-resume-question"), reply_markup=keyboards.resume_or_discard(i18n))


@router.callback_query(ReportCb.filter(F.action == "start"))
async def report_button(
    query: CallbackQuery, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext
) -> None:
    await query.answer()
    if await state.get_state() is not None:
        await query.message.answer(i18n.get("draft-resume-question"), reply_markup=keyboards.resume_or_discard(i18n))
        return
    await _begin(query.message, state, i18n, db, ctx)


async def _discard(state: FSMContext, ctx: AppContext, chat_id: int) -> None:
    """Forget the draft; the messages it left in the chat (the report as typed, review screens)
    leave the chat after the usual time, as a filed report's do."""
    trace = (await state.get_data()).get("trace", [])
    await _clear_keeping_org(state)
    if trace:
        ctx.expiry.schedule(chat_id, trace, ctx.reporter_view_ttl)


async def _chosen_org(state: FSMContext) -> dict[str, Any]:
    """The organization this conversation chose (by its link, or for a draft), if any."""
    org = (await state.get_data()).get("org")
    return {"org": org} if org is not None else {}


async def _clear_keeping_org(state: FSMContext) -> None:
    """End the draft; the organization chosen stays chosen for the next one (memory only)."""
    keep = await _chosen_org(state)
    await state.clear()
    await state.set_data(keep)


@router.message(Command("cancel"))
async def cancel_command(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext) -> None:
    if await _in_draft(state):
        await message.answer(i18n.get("draft-discard-question"), reply_markup=keyboards.resume_or_discard(i18n))
        return
    await _discard(state, ctx, message.chat.id)
    await message.answer(i18n.get("draft-discarded"), reply_markup=keyboards.main_menu(i18n))


async def _in_draft(state: FSMContext) -> bool:
    current = await state.get_state()
    return current is not None and current.startswith("ReportForm") and current != ReportForm.offered.state


@router.callback_query(ReportCb.filter(F.action == "cancel-ask"), StateFilter(ReportForm))
async def cancel_asked(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer()
    await query.message.answer(i18n.get("draft-discard-question"), reply_markup=keyboards.resume_or_discard(i18n))


@router.callback_query(ReportCb.filter(F.action == "cancel"))
async def cancel(query: CallbackQuery, state: FSMContext, i18n: I18nContext, ctx: AppContext) -> None:
    await _discard(state, ctx, query.message.chat.id)
    await query.answer()
    await query.message.answer(i18n.get("draft-discarded"), reply_markup=keyboards.main_menu(i18n))


@router.callback_query(ReportCb.filter(F.action == "resume"))
async def resume(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await query.answer()
    current = await state.get_state()
    if current is None:
        await query.message.answer(i18n.get("draft-expired"), reply_markup=keyboards.main_menu(i18n))
        return
    await _prompt(query.message, current, await state.get_data(), i18n)


async def _prompt(message: Message, current: str, data: dict[str, Any], i18n: I18nContext) -> None:
    """Show the question that belongs to the draft's current step."""
    if current == ReportForm.category.state:
        await _ask_category(message, i18n, data.get("route", "officers"), choice=True, data=data)
    elif current == ReportForm.organization.state:
        await message.answer(i18n.get("org-ask"))
    elif current == ReportForm.route.state:
        await message.answer(i18n.get("report-choose-route"), reply_markup=keyboards.routes(i18n))
    elif current == ReportForm.text.state:
        await _ask_text(message, data, i18n)
    elif current in {step.state for _, step in DETAIL_STEPS}:
        name = next(n for n, step in DETAIL_STEPS if step.state == current)
        if data.get("editing") and data.get(name):
            # Editing an answer given before: keep it, clear it, or type a new one.
            await message.answer(i18n.get(f"report-{name}-prompt") + "\n\n" + i18n.get("report-detail-edit-hint"),
                                 reply_markup=keyboards.keep_or_clear(i18n))
        else:
            await message.answer(i18n.get(f"report-{name}-prompt"), reply_markup=keyboards.single(i18n, "button-skip", "skip"))
    elif current == ReportForm.files.state:
        await message.answer(
            i18n.get("report-files-prompt", count=len(data.get("files", []))),
            reply_markup=keyboards.single(i18n, "button-done", "files-done"),
        )
    else:
        await _show_review(message, data, i18n)


# --- category and route -------------------------------------------------------------------


async def _draft_state(state: FSMContext, query: CallbackQuery, i18n: I18nContext) -> str | None:
    """The current draft step, or None (and a 'draft expired' answer) after a restart."""
    current = await state.get_state()
    if current is None or not current.startswith("ReportForm"):
        await query.answer(i18n.get("draft-expired"), show_alert=True)
        return None
    return current


@router.callback_query(ReportCb.filter(F.action == "cat"))
async def category_chosen(query: CallbackQuery, callback_data: ReportCb, state: FSMContext, i18n: I18nContext) -> None:
    if await _draft_state(state, query, i18n) is None:
        return
    if callback_data.value not in reports.CATEGORIES:
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    await query.answer(i18n.get(f"category-{callback_data.value}"))
    await state.update_data(category=callback_data.value)
    data = await state.get_data()
    if data.get("editing"):
        await _back_to_review(query.message, state, i18n)
        return
    await remove_buttons(query.message)
    await state.set_state(ReportForm.text)
    await _ask_text(query.message, data, i18n)


async def _ask_text(message: Message, data: dict[str, Any], i18n: I18nContext) -> None:
    """The description's prompt; with text already there (a first message offered as the start
    of a report, or "add to it"), its count and the Done button."""
    prompt = i18n.get("report-text-prompt", limit=str(data["limit"]))
    if not data.get("parts"):
        await message.answer(prompt)
        return
    await message.answer(prompt + "\n\n" + i18n.get("report-text-added", chars=str(data["chars"]), limit=str(data["limit"])),
                         reply_markup=keyboards.single(i18n, "button-done", "text-done"))


@router.callback_query(ReportCb.filter(F.action == "board-only"), ReportForm.category)
async def board_only_switched(query: CallbackQuery, state: FSMContext, i18n: I18nContext, db: AsyncSession,
                              ctx: AppContext) -> None:
    """The first screen's switch: to the Board only, or back to the officers."""
    data = await state.get_data()
    route = "officers" if data.get("route") == "board" else "board"
    if route not in await reports.open_routes(db, data.get("org", ctx.org_id)):
        await query.answer(i18n.get(f"route-closed-{route}"), show_alert=True)
        return
    await state.update_data(route=route)
    await query.answer(i18n.get(f"route-{route}"))
    await query.message.edit_text(_category_question(i18n, route, data),
                                  reply_markup=keyboards.categories(i18n, route == "board",
                                                                    other_org=bool(data.get("org_name"))))


@router.callback_query(ReportCb.filter(F.action == "route"))
async def route_chosen(
    query: CallbackQuery, callback_data: ReportCb, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext
) -> None:
    if await _draft_state(state, query, i18n) is None:
        return
    route = callback_data.value
    if route not in reports.ROUTES:
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    if route not in await reports.open_routes(db, (await state.get_data()).get("org", ctx.org_id)):
        await query.answer(i18n.get(f"route-closed-{route}"), show_alert=True)
        return
    await query.answer()
    await state.update_data(route=route)
    data = await state.get_data()
    if data.get("editing"):
        await _back_to_review(query.message, state, i18n)
        return
    await state.set_state(ReportForm.text)
    await query.message.answer(i18n.get("report-text-prompt", limit=str(ctx.settings.reports.max_text_chars)))


# --- description --------------------------------------------------------------------------


@router.message(ReportForm.text, F.text, ~F.text.startswith("/"))
async def text_part(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext) -> None:
    data = await state.get_data()
    limit = ctx.settings.reports.max_text_chars
    total = data["chars"] + len(message.text)
    if total > limit:
        await message.answer(i18n.get("report-text-too-long", limit=str(limit), left=str(limit - data["chars"])))
        return
    await state.update_data(parts=[*data["parts"], message.text], chars=total)
    await _trace(state, message.message_id)
    await message.answer(
        i18n.get("report-text-added", chars=str(total), limit=str(limit)),
        reply_markup=keyboards.single(i18n, "button-done", "text-done"),
    )


@router.callback_query(ReportCb.filter(F.action == "text-done"), ReportForm.text)
async def text_done(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    data = await state.get_data()
    if not data.get("parts"):
        await query.answer(i18n.get("report-text-empty"), show_alert=True)
        return
    await query.answer()
    # Straight to the review: when, where, who and files are optional, one button away there.
    await _back_to_review(query.message, state, i18n)


# --- details: when, where, who -------------------------------------------------------------


def _next_detail_state(current: str) -> str | None:
    states = [step.state for _, step in DETAIL_STEPS]
    index = states.index(current)
    return states[index + 1] if index + 1 < len(states) else None


async def _after_detail(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    current = await state.get_state()
    following = _next_detail_state(current)
    data = await state.get_data()
    if following is not None:
        await state.set_state(following)
        await _prompt(message, following, data, i18n)
    elif data.get("editing"):
        await _back_to_review(message, state, i18n)
    else:
        await state.set_state(ReportForm.files)
        await _prompt(message, ReportForm.files.state, data, i18n)


@router.message(StateFilter(ReportForm.when, ReportForm.where, ReportForm.who), F.text, ~F.text.startswith("/"))
async def detail_answer(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    if len(message.text) > DETAIL_MAX_CHARS:
        await message.answer(i18n.get("report-detail-too-long", limit=str(DETAIL_MAX_CHARS)))
        return
    current = await state.get_state()
    name = next(n for n, step in DETAIL_STEPS if step.state == current)
    await state.update_data({name: message.text})
    await _trace(state, message.message_id)
    await _after_detail(message, state, i18n)


@router.callback_query(ReportCb.filter(F.action == "skip"), StateFilter(ReportForm.when, ReportForm.where, ReportForm.who))
async def detail_skip(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    # Skipped is empty: an answer given before (and regretted) does not stay behind.
    current = await state.get_state()
    await state.update_data({next(n for n, step in DETAIL_STEPS if step.state == current): ""})
    await query.answer()
    await _after_detail(query.message, state, i18n)


@router.callback_query(ReportCb.filter(F.action == "keep"), StateFilter(ReportForm.when, ReportForm.where, ReportForm.who))
async def detail_keep(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await query.answer()
    await _after_detail(query.message, state, i18n)


# --- files ---------------------------------------------------------------------------------


@router.message(StateFilter(ReportForm.text, ReportForm.files), ACCEPTED_FILES)
async def file_part(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext, bot: Bot) -> None:
    await _trace(state, message.message_id)
    if message.caption:
        # A caption is part of the description, not lost, and counts toward its limit.
        data = await state.get_data()
        limit = ctx.settings.reports.max_text_chars
        if data["chars"] + len(message.caption) > limit:
            await message.answer(i18n.get("report-caption-too-long", limit=str(limit), left=str(limit - data["chars"])))
        else:
            await state.update_data(parts=[*data["parts"], message.caption], chars=data["chars"] + len(message.caption))
    await attach.receive(message, state, i18n, ctx, bot)


@router.callback_query(ReportCb.filter(F.action == "files-done"), ReportForm.files)
async def files_done(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await query.answer()
    await _back_to_review(query.message, state, i18n)


@router.message(StateFilter(*[s for s in ReportForm.__all_states__ if s is not ReportForm.submitting]), ~F.text.startswith("/"))
async def unsupported_in_draft(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    # Stickers, locations, contacts, polls, or text where a button is expected: the draft stays.
    current = await state.get_state()
    key = "report-use-buttons" if current in (ReportForm.category.state, ReportForm.route.state, ReportForm.review.state) else "report-unsupported-input"
    await message.answer(i18n.get(key))


# --- review, edit, submit ------------------------------------------------------------------


async def _back_to_review(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(ReportForm.review)
    await state.update_data(editing=False)
    shown = await _show_review(message, await state.get_data(), i18n)
    await _trace(state, shown.message_id)


async def _trace(state: FSMContext, *message_ids: int) -> None:
    """Remember (in memory only) the chat messages that carry the report, so the reporter can
    wipe them from this chat after submitting: someone may pick up their phone later."""
    data = await state.get_data()
    await state.update_data(trace=[*data.get("trace", []), *message_ids])


async def _show_review(message: Message, data: dict[str, Any], i18n: I18nContext) -> Message:
    text = "\n\n".join(data.get("parts", []))
    preview = text if len(text) <= 600 else text[:600] + "…"
    none = i18n.get("review-not-given")
    return await message.answer(
        i18n.get("step-review") + " " + i18n.get(
            "report-review",
            category=i18n.get(f"category-{data.get('category', 'other')}"),
            route=i18n.get(f"route-{data.get('route', 'officers')}"),
            chars=str(len(text)),
            preview=html.escape(preview),
            when=html.escape(data.get("when") or none),
            where=html.escape(data.get("where") or none),
            who=html.escape(data.get("who") or none),
            files=len(data.get("files", [])),
        ) + "\n\n" + i18n.get("report-review-optional"),
        reply_markup=keyboards.review(i18n),
    )


@router.callback_query(ReportCb.filter(F.action == "review"))
async def review_again(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    if await _draft_state(state, query, i18n) is None:
        return
    await query.answer()
    await _back_to_review(query.message, state, i18n)


@router.callback_query(ReportCb.filter(F.action == "add-details"), ReportForm.review)
async def add_details(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await query.answer()
    await state.update_data(editing=True)  # after "who", back to the review
    await state.set_state(ReportForm.when)
    await _prompt(query.message, ReportForm.when.state, await state.get_data(), i18n)


@router.callback_query(ReportCb.filter(F.action == "add-files"), ReportForm.review)
async def add_files(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await query.answer()
    await state.set_state(ReportForm.files)
    await _prompt(query.message, ReportForm.files.state, await state.get_data(), i18n)


@router.callback_query(ReportCb.filter(F.action == "edit"), ReportForm.review)
async def edit(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer()
    await query.message.answer(i18n.get("report-edit-what"), reply_markup=keyboards.edit_menu(i18n))


@router.callback_query(ReportCb.filter(F.action == "edit-part"), ReportForm.review)
async def edit_part(query: CallbackQuery, callback_data: ReportCb, state: FSMContext, i18n: I18nContext) -> None:
    part = callback_data.value
    targets = {"category": ReportForm.category, "route": ReportForm.route, "text": ReportForm.text,
               "details": ReportForm.when, "files": ReportForm.files}
    if part not in targets:
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    await query.answer()
    if part == "text":  # add to what is there, or start again: asked, not assumed
        await query.message.answer(i18n.get("report-text-edit-how"), reply_markup=keyboards.add_or_replace(i18n))
        return
    changes: dict[str, Any] = {"editing": part != "files"}
    if part == "files":
        changes.update(files=[])
    await state.update_data(changes)
    await state.set_state(targets[part])
    await _prompt(query.message, targets[part].state, await state.get_data(), i18n)


@router.callback_query(ReportCb.filter(F.action.in_({"text-add", "text-replace"})), ReportForm.review)
async def edit_text(query: CallbackQuery, callback_data: ReportCb, state: FSMContext, i18n: I18nContext) -> None:
    await query.answer()
    changes: dict[str, Any] = {"editing": True}
    if callback_data.action == "text-replace":
        changes.update(parts=[], chars=0)
    await state.update_data(changes)
    await state.set_state(ReportForm.text)
    await _ask_text(query.message, await state.get_data(), i18n)


@router.callback_query(ReportCb.filter(F.action == "submit"), ReportForm.review)
async def submit(
    query: CallbackQuery, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext, bot: Bot,
    subject: str,
) -> None:
    data = await state.get_data()
    now = ctx.clock.now()
    file_bytes = sum(int(f.get("size") or 0) for f in data.get("files", []))
    refused = await ctx.filing_limits.admit(subject, now, file_bytes=file_bytes)
    if refused is not None:  # the draft stays as it is
        await query.answer(i18n.get(f"report-limit-{refused}"), show_alert=True)
        return
    # Guard against a double tap: the second press finds the draft already submitting.
    await state.set_state(ReportForm.submitting)
    await query.answer(i18n.get("report-submitting"))
    try:
        attachments = await download_clean(bot, data["files"], ctx.settings.reports.max_file_bytes)
    except DownloadFailed:
        await ctx.filing_limits.give_back(subject, now, file_bytes=file_bytes)
        await state.set_state(ReportForm.review)
        await query.message.answer(i18n.get("report-download-failed"), reply_markup=keyboards.review(i18n))
        return
    content = reports.ReportContent(
        category=data["category"], route=data["route"], text="\n\n".join(data["parts"]),
        when=data.get("when", ""), where=data.get("where", ""), who=data.get("who", ""), attachments=attachments,
    )
    settings = ctx.settings
    try:
        org = await choose_org.chosen(db, data.get("org", ctx.org_id))
        if org is None:  # disabled since the draft began
            raise ChannelClosed()
        zone = organizations.zone_of(org)
        submission = await reports.submit_report(
            db, org=org, content=content, now=ctx.clock.now(), cost=ctx.argon2_cost,
            acknowledge_days=settings.cases.acknowledge_days, feedback_days=settings.cases.feedback_days,
            translate=ctx.translate, zone=zone,
        )
    except Exception as error:  # noqa: BLE001 - nothing was stored: the draft goes back to its review, whole
        await ctx.filing_limits.give_back(subject, now, file_bytes=file_bytes)
        await state.set_state(ReportForm.review)
        await query.message.answer(i18n.get(_failure_key(error)), reply_markup=keyboards.review(i18n))
        return
    # Committed: only now is the reporter told it was received.
    ctx.outbox_wakeup.set()
    await state.clear()
    await state.set_data({"trace": data.get("trace", []), "org": org.id})
    ttl = ctx.reporter_view_ttl
    received = await query.message.answer(
        i18n.get("report-received", public_id=submission.public_id, receipt=submission.receipt,
                 ack_due=format_local_day(submission.acknowledge_due_at, zone))
        + "\n\n" + i18n.get("receipt-auto-delete", minutes=str(int(ttl.total_seconds() // 60))),
        reply_markup=keyboards.receipt_actions(i18n),
    )
    # The receipt and the report as typed leave this chat by themselves (memory only: bot/expiry.py).
    ctx.expiry.schedule(query.message.chat.id, [*data.get("trace", []), received.message_id], ttl)
    if ctx.notification_key is not None:
        # Remember the case in memory only, for the answer to this one question.
        await state.set_state(CheckForm.viewing)
        await state.update_data(case_id=submission.case_id)
        await query.message.answer(i18n.get("notify-offer"), reply_markup=notify_offer(i18n))


def _failure_key(error: Exception) -> str:
    if isinstance(error, ServiceError):  # the channel closed, or the service is too busy
        return error.key
    if storage_unavailable(error):
        return "error-unavailable"
    log.error("submitting a report failed: %s", type(error).__name__)
    return "error-generic"


@router.callback_query(F.data == keyboards.WIPE_REPORT)
async def wipe_report(query: CallbackQuery, state: FSMContext, i18n: I18nContext, bot: Bot) -> None:
    """Delete the reporter's own report messages (and the review screens echoing them) from this chat."""
    trace = (await state.get_data()).get("trace", [])
    deleted = await delete_messages(bot, query.from_user.id, trace)
    await state.update_data(trace=[])
    await query.answer(i18n.get("report-wiped", count=deleted) if trace else i18n.get("report-wipe-nothing"),
                       show_alert=True)
