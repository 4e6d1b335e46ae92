"""Which organization: a reporter's choice (by link, button or name), and a staff member's
switch between the organizations they serve (/org).

The reporter's choice lives in the conversation's memory only (FSM data), like the draft: no
row ever says which organization a person looked for.
"""

from __future__ import annotations

import html
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.menus import set_person_commands
from bot.services import organizations, people
from bot.services.errors import NotAllowed
from handlers.keyboards import button, cancel_button
from handlers.states import ReportForm
from storage.models import Organization, Person

router = Router(name="choose-org")
router.message.filter(F.chat.type == "private")

SEARCH_MAX_CHARS = 100


class OrgCb(CallbackData, prefix="org"):
    action: str  # "pick": a reporter's choice; "act": a staff member acts for their row `org_id` names
    org_id: int


async def chosen(db: AsyncSession, org_id: Any) -> Organization | None:
    """The organization a reporter chose, if it (still) takes reports."""
    if not isinstance(org_id, int):
        return None
    org = await db.get(Organization, org_id)
    return org if org is not None and org.disabled_at is None else None


def _choices(orgs: list[Organization], i18n: I18nContext) -> InlineKeyboardMarkup:
    rows = [[button(org.name[:60], OrgCb(action="pick", org_id=org.id))] for org in orgs]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [cancel_button(i18n)]])


async def ask(message: Message, state: FSMContext, i18n: I18nContext, directory: organizations.Directory,
              keep: dict[str, Any]) -> None:
    """Ask which organization the report is for: all of them as buttons when they fit on a
    screen, otherwise by a part of the name. `keep`: the draft so far (its first text, trace)."""
    await state.clear()
    await state.set_state(ReportForm.organization)
    await state.set_data(keep)
    if not directory.enabled:
        await state.clear()
        await message.answer(i18n.get("report-channel-closed"))
        return
    if len(directory.enabled) <= organizations.SEARCH_RESULTS:
        await message.answer(i18n.get("org-ask-few"), reply_markup=_choices(directory.enabled, i18n))
        return
    await message.answer(i18n.get("org-ask"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[cancel_button(i18n)]]))


@router.message(ReportForm.organization, F.text, ~F.text.startswith("/"))
async def search(message: Message, i18n: I18nContext, db: AsyncSession) -> None:
    query = message.text[:SEARCH_MAX_CHARS]
    found = organizations.matches((await organizations.directory(db)).enabled, query)
    if not found:
        await message.answer(i18n.get("org-search-none", query=html.escape(query)))
        return
    await message.answer(i18n.get("org-search-results"), reply_markup=_choices(found, i18n))


# --- staff: acting for another of one's organizations -------------------------------------------


@router.message(Command("org"), F.from_user)
async def switch_prompt(message: Message, i18n: I18nContext, db: AsyncSession, person: Person | None) -> None:
    if person is None:  # not staff: the reporter's choice is made when a report starts
        await message.answer(i18n.get("org-not-staff"))
        return
    rows = await people.memberships(db, message.from_user.id)
    names = {org.id: org.name for org in await organizations.list_all(db)}
    current = html.escape(names.get(person.org_id, ""))
    if len(rows) < 2:
        await message.answer(i18n.get("org-switch-single", organization=current))
        return
    buttons = [[button(("✅ " if row.id == person.id else "") + f"{names.get(row.org_id, '?')[:50]} — "
                       + i18n.get(f"role-{row.role}"), OrgCb(action="act", org_id=row.id))] for row in rows]
    await message.answer(i18n.get("org-switch-prompt", organization=current),
                         reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons))


@router.callback_query(OrgCb.filter(F.action == "act"))
async def switch(query: CallbackQuery, callback_data: OrgCb, state: FSMContext, i18n: I18nContext,
                 db: AsyncSession, ctx: AppContext, bot: Bot) -> None:
    """Act for another of one's own rows. A forged button naming someone else's row is refused."""
    try:
        person = await people.select_membership(db, query.from_user.id, callback_data.org_id, ctx.clock.now())
    except NotAllowed:
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    await state.clear()  # a reply or note begun for the other organization must not carry over
    org = await db.get(Organization, person.org_id)
    await query.answer()
    await query.message.answer(i18n.get("org-switch-done", organization=html.escape(org.name)) + "\n\n"
                               + i18n.get(f"help-{person.role}"))
    await set_person_commands(bot, person, ctx)
