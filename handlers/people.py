"""/people: the officers and Board members who read reports, and deactivating or reactivating
them, with a confirmation first. Every rule is re-checked by bot.services.roster on the server:
a forged button gets the same refusal as a real one."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import audit, roster
from bot.services.errors import ServiceError
from bot.services.reports import format_local_day
from handlers.access import IsStaff, error_text
from handlers.keyboards import button
from handlers.util import remove_buttons
from storage.models import Organization, Person

router = Router(name="people")
router.message.filter(F.chat.type == "private", IsStaff())
router.callback_query.filter(IsStaff())


class PeopleCb(CallbackData, prefix="ppl"):
    action: str  # "ask-off" | "off" | "on" | "cancel"
    person_id: int


def _line(p: Person, i18n: I18nContext, ctx: AppContext) -> str:
    unlocked = format_local_day(p.last_unlock_at, ctx.zone) if p.last_unlock_at else i18n.get("people-never")
    return i18n.get("people-line", id=str(p.id), name=html.escape(p.display_name or "—"),
                    role=i18n.get(f"role-{p.role}"),
                    state=i18n.get("people-state-active" if p.active else "people-state-inactive"),
                    enrolled=format_local_day(p.enrolled_at, ctx.zone), unlocked=unlocked)


def _keyboard(people: list[Person], viewer: Person, i18n: I18nContext) -> InlineKeyboardMarkup:
    rows = []
    for p in people:
        if not roster.may_manage(viewer, p):
            continue
        key, action = ("people-button-deactivate", "ask-off") if p.active else ("people-button-reactivate", "on")
        rows.append([button(i18n.get(key, id=str(p.id), name=(p.display_name or "—")[:32]),
                            PeopleCb(action=action, person_id=p.id))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(Command("people"))
async def people_command(message: Message, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
                         person: Person) -> None:
    people = await roster.list_people(db, person.org_id)
    org = await db.get(Organization, person.org_id)
    await db.commit()
    text = i18n.get("people-title", organization=html.escape(org.name)) + "\n\n" + "\n".join(
        _line(p, i18n, ctx) for p in people)
    await message.answer(text, reply_markup=_keyboard(people, person, i18n))


@router.callback_query(PeopleCb.filter(F.action == "ask-off"))
async def confirm_deactivation(query: CallbackQuery, callback_data: PeopleCb, i18n: I18nContext, db: AsyncSession,
                               ctx: AppContext, person: Person) -> None:
    subject = await db.get(Person, callback_data.person_id)
    if subject is None or subject.org_id != person.org_id:
        await query.answer(i18n.get("people-not-found"), show_alert=True)
        return
    if not roster.may_manage(person, subject):
        await query.answer(i18n.get("people-not-allowed"), show_alert=True)
        return
    if await roster.would_close_route(db, subject):
        await query.answer(i18n.get("people-last-reader"), show_alert=True)
        return
    orphans = await roster.cases_only_they_read(db, subject)
    await db.commit()
    text = i18n.get("people-confirm", name=html.escape(roster.label(subject)))
    if orphans:
        text += "\n\n" + i18n.get("people-confirm-orphans", count=str(len(orphans)), cases=", ".join(orphans))
    await query.answer()
    await query.message.answer(text, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
        button(i18n.get("people-confirm-yes"), PeopleCb(action="off", person_id=subject.id)),
        button(i18n.get("people-confirm-no"), PeopleCb(action="cancel", person_id=subject.id)),
    ]]))


@router.callback_query(PeopleCb.filter(F.action.in_({"off", "on"})))
async def change(query: CallbackQuery, callback_data: PeopleCb, i18n: I18nContext, db: AsyncSession,
                 ctx: AppContext, person: Person) -> None:
    common = dict(actor=audit.person_actor(person.id), now=ctx.clock.now(), translate=ctx.translate, zone=ctx.zone,
                  manager=person)
    try:
        if callback_data.action == "off":
            # The confirmation showed the cases only they read; closing a route is never allowed here.
            result = await roster.deactivate(db, person.org_id, callback_data.person_id, allow_unreadable=True,
                                             **common)
            done = i18n.get("people-deactivated", name=html.escape(roster.label(result.person)))
        else:
            subject = await roster.reactivate(db, person.org_id, callback_data.person_id, **common)
            done = i18n.get("people-reactivated", name=html.escape(roster.label(subject)))
    except ServiceError as error:
        await query.answer(error_text(i18n, error, ctx), show_alert=True)
        return
    ctx.outbox_wakeup.set()
    await query.answer()
    if callback_data.action == "off":
        await remove_buttons(query.message)
    await query.message.answer(done)


@router.callback_query(PeopleCb.filter(F.action == "cancel"))
async def cancel(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer()
    await remove_buttons(query.message)
    await query.message.answer(i18n.get("people-cancelled"))
