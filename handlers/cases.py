"""Staff case handling: the case list, the case card and its actions.

Every callback names a case by its public id, and every action re-checks on the server that the
person holds a key for that case (the services raise NotAllowed otherwise): forged callback data
gets the same answer as a case that does not exist.
"""

from __future__ import annotations

import html
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import audit, case_actions, cases, deletions, handover
from bot.services.case_actions import CLOSED, STATUSES, CaseContent
from bot.services.errors import ServiceError
from bot.services.reports import Attachment, format_entry_time, format_local_day
from bot.services.timeline import timeline_lines
from handlers.access import IsStaff, error_text
from handlers.keyboards import CaseCb, button
from handlers.states import CaseForm
from handlers import case_writing
from handlers.util import organization_heading, remove_buttons, split_text
from storage.models import Case, Person

router = Router(name="cases")
router.message.filter(F.chat.type == "private", IsStaff())
router.callback_query.filter(IsStaff())


class CaseListCb(CallbackData, prefix="cl"):
    status_filter: str
    page: int


class StatusCb(CallbackData, prefix="cs"):
    status: str
    public_id: str


class GrantCb(CallbackData, prefix="cg"):
    """The grant itself (after the confirmation)."""

    person_id: int
    public_id: str


class GrantAskCb(CallbackData, prefix="cga"):
    """A colleague chosen in the grant menu: asks for confirmation."""

    person_id: int
    public_id: str


# --- the list -------------------------------------------------------------------------------------


def _date(moment: datetime, ctx: AppContext) -> str:
    return format_local_day(moment, ctx.zone)


def _deadline_flags(case: Case, i18n: I18nContext, ctx: AppContext, now: datetime) -> str:
    if case.closed_at is not None:
        return ""
    flags = []
    if case.acknowledged_at is None:
        key = "cases-flag-ack-overdue" if case.acknowledge_due_at < now else "cases-flag-ack"
        flags.append(i18n.get(key, date=_date(case.acknowledge_due_at, ctx)))
    key = "cases-flag-feedback-overdue" if case.feedback_due_at < now else "cases-flag-feedback"
    flags.append(i18n.get(key, date=_date(case.feedback_due_at, ctx)))
    return " · ".join(flags)


def _list_keyboard(rows: list[Case], status_filter: str, page: int, pages: int, i18n: I18nContext) -> InlineKeyboardMarkup:
    keyboard = [[button(f"{c.public_id} · {i18n.get(f'status-{c.status}')}", CaseCb(action="open", public_id=c.public_id))]
                for c in rows]
    navigation = []
    if page > 0:
        navigation.append(button("◀", CaseListCb(status_filter=status_filter, page=page - 1)))
    if page + 1 < pages:
        navigation.append(button("▶", CaseListCb(status_filter=status_filter, page=page + 1)))
    if navigation:
        keyboard.append(navigation)
    keyboard.append([
        button(("• " if name == status_filter else "") + i18n.get(f"cases-filter-{name}"), CaseListCb(status_filter=name, page=0))
        for name in cases.FILTERS
    ])
    return InlineKeyboardMarkup(inline_keyboard=keyboard)


async def _send_list(message: Message, status_filter: str, page: int, i18n: I18nContext, db: AsyncSession,
                     ctx: AppContext, person: Person) -> None:
    if status_filter not in cases.FILTERS:
        status_filter = "all"
    rows, total = await cases.list_cases(db, person, page=max(page, 0), status_filter=status_filter)
    now = ctx.clock.now()
    pages = max(1, (total + cases.PAGE_SIZE - 1) // cases.PAGE_SIZE)
    summary = await cases.summarize(db, person, now)
    lines = [*await organization_heading(db, person),
             i18n.get("cases-summary", new=summary.new, ack=summary.acknowledgement_overdue,
                      feedback=summary.feedback_overdue),
             i18n.get("cases-header", total=total, page=str(page + 1), pages=str(pages),
                      filter=i18n.get(f"cases-filter-{status_filter}"))]
    for case in rows:
        lines.append(i18n.get(
            "cases-row", public_id=case.public_id, category=i18n.get(f"category-{case.category}"),
            status=i18n.get(f"status-{case.status}"), age=(now - case.created_at).days,
            flags=_deadline_flags(case, i18n, ctx, now),
        ))
    if total == 0:
        lines.append(i18n.get("cases-empty"))
    if await ctx.keyring.get(person.id, now) is None:
        lines.append(i18n.get("cases-locked-hint"))
    await message.answer("\n\n".join(lines), reply_markup=_list_keyboard(rows, status_filter, page, pages, i18n))


@router.message(Command("cases"))
async def cases_command(message: Message, command: CommandObject, i18n: I18nContext, db: AsyncSession,
                        ctx: AppContext, person: Person) -> None:
    await _send_list(message, (command.args or "all").strip().lower(), 0, i18n, db, ctx, person)


@router.callback_query(CaseListCb.filter())
async def cases_page(query: CallbackQuery, callback_data: CaseListCb, i18n: I18nContext, db: AsyncSession,
                     ctx: AppContext, person: Person) -> None:
    await query.answer()
    await _send_list(query.message, callback_data.status_filter, callback_data.page, i18n, db, ctx, person)


# --- the card --------------------------------------------------------------------------------------


def _card_keyboard(case: Case, person: Person, i18n: I18nContext) -> InlineKeyboardMarkup:
    def act(key: str, action: str):  # type: ignore[no-untyped-def]
        return button(i18n.get(key), CaseCb(action=action, public_id=case.public_id))

    rows = []
    is_open = case.closed_at is None
    if is_open and case.acknowledged_at is None:
        rows.append([act("case-button-acknowledge", "ack")])
    rows.append([act("case-button-reply", "reply"), act("case-button-note", "note")] if is_open
                else [act("case-button-note", "note")])
    if is_open:
        rows.append([act("case-button-status", "status")])
    if person.role == "officer" and case.route == "officers" and case.escalated_at is None:
        rows.append([act("case-button-escalate", "escalate")])
    rows.append([act("case-button-grant", "grant"), act("case-button-export", "export")])
    rows.append([act("case-button-audit", "audit")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _send_attachment(bot: Bot, chat_id: int, attachment: Attachment, caption: str | None = None) -> Message:
    """Re-upload decrypted bytes (never forward): photos as photos, voices as voices, the rest as documents."""
    upload = BufferedInputFile(attachment.data, filename=attachment.file_name)
    if attachment.kind == "photo":
        return await bot.send_photo(chat_id, upload, caption=caption)
    if attachment.kind == "voice":
        return await bot.send_voice(chat_id, upload, caption=caption)
    return await bot.send_document(chat_id, upload, caption=caption)


async def _send_card(bot: Bot, chat_id: int, content: CaseContent, i18n: I18nContext, db: AsyncSession,
                     ctx: AppContext, person: Person) -> None:
    case = content.case
    none = i18n.get("review-not-given")
    report = content.report
    sent: list[Message] = []
    registered = content.registration  # as sealed with the report, whatever the row says now
    header = i18n.get(
        "case-view-header",
        public_id=case.public_id,
        category=i18n.get(f"category-{registered['category']}"),
        route=i18n.get(f"route-{registered['route']}") + (" · " + i18n.get("case-escalated") if case.escalated_at else ""),
        status=i18n.get(f"status-{content.status}"),
        created=format_local_day(case.created_at, ctx.zone),
        ack_due=format_local_day(datetime.fromisoformat(registered["acknowledge_due_at"]), ctx.zone)
        + (" ✓" if case.acknowledged_at else ""),
        feedback_due=format_local_day(datetime.fromisoformat(registered["feedback_due_at"]), ctx.zone),
        when=html.escape(report.get("when") or none),
        where=html.escape(report.get("where") or none),
        who=html.escape(report.get("who") or none),
        files=len(content.attachments),
    )
    header += "\n\n" + i18n.get("case-view-expires", minutes=str(ctx.settings.cases.view_ttl_minutes))
    if content.tampered:
        header = i18n.get("case-tampered") + "\n\n" + header
    sent.append(await bot.send_message(chat_id, header, reply_markup=_card_keyboard(case, person, i18n)))
    # The report text is re-sent by the bot (never forwarded), escaped, in chunks under 4096.
    if not content.report_genuine:
        sent.append(await bot.send_message(chat_id, i18n.get("case-report-unverified")))
    for chunk in split_text(report.get("text", ""), 3500):
        sent.append(await bot.send_message(chat_id, html.escape(chunk)))
    for attachment in content.attachments:
        sent.append(await _send_attachment(bot, chat_id, attachment))
    names = await case_actions.people_names(db, case.org_id)
    lines = timeline_lines(content, names=names, actions=ctx.actions, locale=i18n.locale)
    if lines:
        body = i18n.get("case-timeline-title") + "\n\n" + "\n\n".join(html.escape(line) for line in lines)
        for chunk in split_text(body, 3500):
            sent.append(await bot.send_message(chat_id, chunk))
    for entry in content.timeline:
        if entry.attachment is not None:
            sent.append(await _send_attachment(bot, chat_id, entry.attachment))
    await _schedule_deletion(db, ctx, chat_id, sent)


async def _schedule_deletion(db: AsyncSession, ctx: AppContext, chat_id: int, sent: list[Message]) -> None:
    deletions.schedule(db, org_id=ctx.org_id, chat_id=chat_id, message_ids=[m.message_id for m in sent],
                       now=ctx.clock.now(), after=ctx.view_ttl)
    await db.commit()


async def _readable(query: CallbackQuery, public_id: str, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
                    person: Person) -> Case | None:
    """The case if this person holds a key to it; otherwise answer the button and return None."""
    try:
        case, _ = await cases.find_readable_case(db, person, public_id)
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return None
    return case


async def _unlocked_key(query: CallbackQuery, i18n: I18nContext, ctx: AppContext, person: Person) -> bytes | None:
    private_key = await ctx.keyring.get(person.id, ctx.clock.now())
    if private_key is None:
        await query.answer(i18n.get("officer-locked"), show_alert=True)
    return private_key


@router.callback_query(CaseCb.filter(F.action == "open"))
async def case_open(query: CallbackQuery, callback_data: CaseCb, i18n: I18nContext, db: AsyncSession,
                    ctx: AppContext, person: Person, bot: Bot) -> None:
    private_key = await _unlocked_key(query, i18n, ctx, person)
    if private_key is None:
        return
    try:
        content = await case_actions.read_case(db, person, private_key, callback_data.public_id, now=ctx.clock.now())
    except ServiceError as error:
        # Same answer whether the case is missing or belongs to someone else: ids leak nothing.
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    await query.answer()
    await _send_card(bot, query.from_user.id, content, i18n, db, ctx, person)


@router.message(Command("case"))
async def case_command(message: Message, command: CommandObject, i18n: I18nContext, db: AsyncSession,
                       ctx: AppContext, person: Person, bot: Bot) -> None:
    """/case ABCD-1234: open a case by its id (typed in any case, with or without the dash)."""
    typed = "".join(ch for ch in (command.args or "").upper() if ch.isalnum())
    if len(typed) != 8:
        await message.answer(i18n.get("case-command-usage"))
        return
    private_key = await ctx.keyring.get(person.id, ctx.clock.now())
    if private_key is None:
        await message.answer(i18n.get("officer-locked"))
        return
    try:
        content = await case_actions.read_case(db, person, private_key, f"{typed[:4]}-{typed[4:]}", now=ctx.clock.now())
    except ServiceError as error:
        await message.answer(error_text(i18n, error, ctx))
        return
    await _send_card(bot, message.chat.id, content, i18n, db, ctx, person)


# --- actions ---------------------------------------------------------------------------------------


async def _run(query: CallbackQuery, i18n: I18nContext, ctx: AppContext, attempt, done_key: str, **done_args: object) -> bool:  # type: ignore[no-untyped-def]
    """Run a service call for a button; answer the button with the outcome either way."""
    try:
        await attempt
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return False
    await query.answer()
    await query.message.answer(i18n.get(done_key, **done_args))
    return True


@router.callback_query(CaseCb.filter(F.action == "ack"))
async def case_acknowledge(query: CallbackQuery, callback_data: CaseCb, i18n: I18nContext, db: AsyncSession,
                           ctx: AppContext, person: Person) -> None:
    private_key = await _unlocked_key(query, i18n, ctx, person)
    if private_key is None:
        return
    await _run(query, i18n, ctx, case_actions.acknowledge(
        db, person, private_key, callback_data.public_id, now=ctx.clock.now(), actions=ctx.actions),
        "case-acknowledged", public_id=callback_data.public_id)


@router.callback_query(CaseCb.filter(F.action.in_({"reply", "note"})))
async def case_write(query: CallbackQuery, callback_data: CaseCb, state: FSMContext, i18n: I18nContext,
                     db: AsyncSession, person: Person, ctx: AppContext) -> None:
    if await _unlocked_key(query, i18n, ctx, person) is None:
        return
    if await _readable(query, callback_data.public_id, i18n, db, ctx, person) is None:
        return
    await query.answer()
    mode = CaseForm.reply if callback_data.action == "reply" else CaseForm.note
    await case_writing.start(query.message, state, i18n, ctx, mode=mode, public_id=callback_data.public_id)


@router.callback_query(CaseCb.filter(F.action == "status"))
async def status_menu(query: CallbackQuery, callback_data: CaseCb, i18n: I18nContext, db: AsyncSession,
                      ctx: AppContext, person: Person) -> None:
    case = await _readable(query, callback_data.public_id, i18n, db, ctx, person)
    if case is None:
        return
    await query.answer()
    choices = [s for s in STATUSES if s not in ("new", case.status)]
    keyboard = [[button(i18n.get(f"status-{s}"), StatusCb(status=s, public_id=case.public_id))] for s in choices]
    await query.message.answer(i18n.get("case-status-prompt", public_id=case.public_id),
                               reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard))


@router.callback_query(StatusCb.filter())
async def status_chosen(query: CallbackQuery, callback_data: StatusCb, state: FSMContext, i18n: I18nContext,
                        db: AsyncSession, ctx: AppContext, person: Person) -> None:
    if callback_data.status not in STATUSES or callback_data.status == "new":
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    if callback_data.status in CLOSED:
        if await _unlocked_key(query, i18n, ctx, person) is None:
            return
        if await _readable(query, callback_data.public_id, i18n, db, ctx, person) is None:
            return
        await query.answer()
        await case_writing.start(query.message, state, i18n, ctx, mode=CaseForm.closing_comment,
                                 public_id=callback_data.public_id, status=callback_data.status)
        return
    private_key = await _unlocked_key(query, i18n, ctx, person)
    if private_key is None:
        return
    if await _run(query, i18n, ctx, case_actions.change_status(
            db, person, private_key, callback_data.public_id, callback_data.status, now=ctx.clock.now(),
            actions=ctx.actions),
            "case-status-changed", public_id=callback_data.public_id):
        ctx.outbox_wakeup.set()


@router.callback_query(CaseCb.filter(F.action == "escalate"))
async def escalate_asked(query: CallbackQuery, callback_data: CaseCb, i18n: I18nContext, db: AsyncSession,
                         ctx: AppContext, person: Person) -> None:
    """Escalation cannot be taken back: ask first."""
    if await _readable(query, callback_data.public_id, i18n, db, ctx, person) is None:
        return
    await query.answer()
    await query.message.answer(i18n.get("case-escalate-confirm", public_id=callback_data.public_id),
                               reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
                                   button(i18n.get("case-escalate-yes"),
                                          CaseCb(action="escalate-yes", public_id=callback_data.public_id)),
                                   button(i18n.get("case-confirm-no"),
                                          CaseCb(action="never-mind", public_id=callback_data.public_id)),
                               ]]))


@router.callback_query(CaseCb.filter(F.action == "never-mind"))
async def never_mind(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer()
    await remove_buttons(query.message)
    await query.message.answer(i18n.get("case-confirm-cancelled"))


@router.callback_query(CaseCb.filter(F.action == "escalate-yes"))
async def case_escalate(query: CallbackQuery, callback_data: CaseCb, i18n: I18nContext, db: AsyncSession,
                        ctx: AppContext, person: Person) -> None:
    private_key = await _unlocked_key(query, i18n, ctx, person)
    if private_key is None:
        return
    await remove_buttons(query.message)
    if await _run(query, i18n, ctx, case_actions.escalate(
            db, person, private_key, callback_data.public_id, now=ctx.clock.now(), actions=ctx.actions),
            "case-escalated-done", public_id=callback_data.public_id):
        ctx.outbox_wakeup.set()


@router.callback_query(CaseCb.filter(F.action == "grant"))
async def grant_menu(query: CallbackQuery, callback_data: CaseCb, i18n: I18nContext, db: AsyncSession,
                     ctx: AppContext, person: Person) -> None:
    try:
        candidates = await case_actions.grant_candidates(db, person, callback_data.public_id)
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    await query.answer()
    if not candidates:
        await query.message.answer(i18n.get("grant-nobody"))
        return
    keyboard = [[button(p.display_name or f"#{p.id}", GrantAskCb(person_id=p.id, public_id=callback_data.public_id))]
                for p in candidates]
    await query.message.answer(i18n.get("grant-prompt", public_id=callback_data.public_id),
                               reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard))


@router.callback_query(GrantAskCb.filter())
async def grant_asked(query: CallbackQuery, callback_data: GrantAskCb, i18n: I18nContext, db: AsyncSession,
                      ctx: AppContext, person: Person) -> None:
    """Giving someone a case cannot be taken back: ask first, naming them."""
    try:
        candidates = {p.id: p for p in await case_actions.grant_candidates(db, person, callback_data.public_id)}
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    grantee = candidates.get(callback_data.person_id)
    if grantee is None:
        await query.answer(i18n.get("grant-not-allowed"), show_alert=True)
        return
    await query.answer()
    await query.message.answer(
        i18n.get("grant-confirm", public_id=callback_data.public_id, name=html.escape(grantee.display_name or f"#{grantee.id}")),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
            button(i18n.get("grant-yes"), GrantCb(person_id=grantee.id, public_id=callback_data.public_id)),
            button(i18n.get("case-confirm-no"), CaseCb(action="never-mind", public_id=callback_data.public_id)),
        ]]))


@router.callback_query(GrantCb.filter())
async def grant_chosen(query: CallbackQuery, callback_data: GrantCb, i18n: I18nContext, db: AsyncSession,
                       ctx: AppContext, person: Person) -> None:
    private_key = await _unlocked_key(query, i18n, ctx, person)
    if private_key is None:
        return
    await remove_buttons(query.message)
    if await _run(query, i18n, ctx, case_actions.grant(
            db, person, private_key, callback_data.public_id, callback_data.person_id, now=ctx.clock.now(),
            actions=ctx.actions), "grant-done", public_id=callback_data.public_id):
        ctx.outbox_wakeup.set()


@router.callback_query(CaseCb.filter(F.action == "export"))
async def case_export(query: CallbackQuery, callback_data: CaseCb, i18n: I18nContext, db: AsyncSession,
                      ctx: AppContext, person: Person, bot: Bot) -> None:
    private_key = await _unlocked_key(query, i18n, ctx, person)
    if private_key is None:
        return
    try:
        name, data = await handover.export_case(
            db, person, private_key, callback_data.public_id, now=ctx.clock.now(), actions=ctx.actions,
            locale=i18n.locale, organization=ctx.settings.organization.name,
        )
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    await query.answer()
    sent = await bot.send_document(query.from_user.id, BufferedInputFile(data, filename=name),
                                   caption=i18n.get("case-export-caption", public_id=callback_data.public_id))
    await _schedule_deletion(db, ctx, query.from_user.id, [sent])


@router.callback_query(CaseCb.filter(F.action == "audit"))
async def case_audit(query: CallbackQuery, callback_data: CaseCb, i18n: I18nContext, db: AsyncSession,
                     ctx: AppContext, person: Person) -> None:
    case = await _readable(query, callback_data.public_id, i18n, db, ctx, person)
    if case is None:
        return
    await query.answer()
    names = await case_actions.people_names(db, case.org_id)
    reporter = i18n.get("timeline-reporter")
    lines = [
        f"{format_entry_time(entry.at, ctx.zone, by_reporter=entry.actor == 'reporter')} — {html.escape(names.get(entry.actor, reporter if entry.actor == 'reporter' else entry.actor))}: "
        f"{i18n.get('audit-action-' + entry.action)}"
        for entry in await audit.case_trail(db, case.id, zone=ctx.zone)
    ]
    body = i18n.get("case-audit-title", public_id=case.public_id) + "\n\n" + "\n".join(lines)
    for chunk in split_text(body, 3500):
        await query.message.answer(chunk)
