"""Officers and Board members: enrolment by invite, unlock/lock, recovery, case list and case view.

Every message that carries a secret is deleted as soon as it is read. Commands from someone who
is not enrolled fall through to the fallback router and get the unknown-command answer.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import TypeVar

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.menus import set_person_commands
from bot.services import deletions, people, roster
from bot.services.errors import AlreadyEnrolled, ServiceError, WeakPassphrase
from handlers import keyboards
from handlers.access import IsStaff, error_text
from handlers.states import EnrolForm, RecoverForm, UnlockForm
from handlers.util import try_delete
from storage.models import Person

log = logging.getLogger(__name__)
T = TypeVar("T")
router = Router(name="staff")
router.message.filter(F.chat.type == "private")


async def _set_passphrase(
    attempt: Awaitable[T], message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext
) -> T | None:
    """Run a passphrase-setting service call. A weak passphrase keeps the prompt open; any other
    failure ends the flow. Either way the person gets the localized reason."""
    try:
        result = await attempt
    except WeakPassphrase as error:
        await message.answer(error_text(i18n, error, ctx))
        return None
    except ServiceError as error:
        await state.clear()
        await message.answer(error_text(i18n, error, ctx))
        return None
    await state.clear()
    return result


# --- enrolment ------------------------------------------------------------------------------


@router.message(CommandStart(deep_link=True, magic=F.args.startswith(people.INVITE_PREFIX)))
async def invite_opened(
    message: Message, command: CommandObject, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
    person: Person | None,
) -> None:
    try:
        invite = await people.find_invite(db, command.args, ctx.clock.now())
        # Staff of one organization may be invited to another (a holding and its subsidiary).
        if await people.person_for_user(db, invite.org_id, message.from_user.id) is not None:
            raise AlreadyEnrolled()
    except ServiceError as error:
        await message.answer(error_text(i18n, error, ctx))
        return
    await state.clear()
    if invite.role == "overseer":
        await _enrol_overseer(message, command.args, i18n, db, ctx)
        return
    await state.set_state(EnrolForm.passphrase)
    await state.update_data(token=command.args)
    await message.answer(
        i18n.get(f"enrol-welcome-{invite.role}", length=str(ctx.settings.security.passphrase_min_length))
    )


async def _enrol_overseer(message: Message, token: str, i18n: I18nContext, db: AsyncSession, ctx: AppContext) -> None:
    """An overseer needs no passphrase: the role holds no key and reads statistics only."""
    try:
        person = await people.enrol_overseer(
            db, token=token, telegram_user_id=message.from_user.id, locale=i18n.locale, now=ctx.clock.now(),
            display_name=message.from_user.full_name,
            announce=lambda session, person: roster.announce_enrolment(
                session, person, now=ctx.clock.now(), translate=ctx.translate, zone=ctx.zone))
    except ServiceError as error:
        await message.answer(error_text(i18n, error, ctx))
        return
    await message.answer(i18n.get("enrol-done-overseer") + "\n\n" + i18n.get("help-overseer"))
    await set_person_commands(message.bot, person, ctx)


@router.message(EnrolForm.passphrase, F.text, ~F.text.startswith("/"))
async def enrol_passphrase(
    message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext, bot: Bot
) -> None:
    passphrase = message.text
    await try_delete(message)
    token = (await state.get_data()).get("token", "")
    enrolment = await _set_passphrase(
        people.enrol(
            db, token=token, telegram_user_id=message.from_user.id, locale=i18n.locale,
            passphrase=passphrase, policy=ctx.secret_policy, now=ctx.clock.now(),
            display_name=message.from_user.full_name,
            announce=lambda session, person: roster.announce_enrolment(
                session, person, now=ctx.clock.now(), translate=ctx.translate, zone=ctx.zone),
        ),
        message, state, i18n, ctx,
    )
    if enrolment is None:
        return
    await ctx.keyring.put(enrolment.person.id, enrolment.private_key, ctx.clock.now())
    shown = await message.answer(
        i18n.get("enrol-done-recovery", recovery_key=enrolment.recovery_key) + "\n\n"
        + i18n.get("recovery-auto-delete", minutes=str(ctx.settings.cases.view_ttl_minutes)),
        reply_markup=keyboards.delete_this(i18n),
    )
    # A staff chat: the schedule may live in the database (staff ids are stored anyway).
    deletions.schedule(db, org_id=enrolment.person.org_id, chat_id=message.chat.id, message_ids=[shown.message_id],
                       now=ctx.clock.now(), after=ctx.view_ttl)
    await db.commit()
    await message.answer(i18n.get(f"help-{enrolment.person.role}"))
    await set_person_commands(bot, enrolment.person, ctx)


# --- unlock, lock, recover --------------------------------------------------------------------


async def _unlock(message: Message, passphrase: str, i18n: I18nContext, db: AsyncSession, ctx: AppContext, person: Person) -> None:
    try:
        unlocked = await people.unlock(db, person, passphrase=passphrase, policy=ctx.secret_policy, now=ctx.clock.now())
    except ServiceError as error:
        await message.answer(error_text(i18n, error, ctx))
        return
    await ctx.keyring.put(person.id, unlocked.private_key, ctx.clock.now())
    for other, private_key in await people.unlock_other_memberships(db, person, passphrase=passphrase,
                                                                    policy=ctx.secret_policy, now=ctx.clock.now()):
        await ctx.keyring.put(other.id, private_key, ctx.clock.now())
    text = i18n.get("unlock-ok", minutes=str(ctx.settings.security.session_idle_minutes))
    if unlocked.failures_since_last_unlock:
        text += "\n\n" + i18n.get("unlock-failures-warning", count=unlocked.failures_since_last_unlock)
    if unlocked.public_key_was_replaced:
        text = i18n.get("unlock-key-replaced") + "\n\n" + text
    await message.answer(text)


@router.message(Command("unlock"), IsStaff())
async def unlock_command(
    message: Message, command: CommandObject, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext,
    person: Person,
) -> None:
    if command.args:
        await try_delete(message)
        await state.clear()
        await _unlock(message, command.args.strip(), i18n, db, ctx, person)
        return
    await state.set_state(UnlockForm.passphrase)
    await message.answer(i18n.get("unlock-prompt"))


@router.message(UnlockForm.passphrase, F.text, ~F.text.startswith("/"), IsStaff())
async def unlock_passphrase(
    message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext, person: Person
) -> None:
    passphrase = message.text
    await try_delete(message)
    await state.clear()
    await _unlock(message, passphrase, i18n, db, ctx, person)


@router.message(Command("lock"), IsStaff())
async def lock_command(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext, person: Person) -> None:
    await ctx.keyring.drop(person.id)
    await state.clear()
    await message.answer(i18n.get("lock-done"))


@router.message(Command("recover"), IsStaff())
async def recover_command(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(RecoverForm.recovery_key)
    await message.answer(i18n.get("recover-prompt-key"))


@router.message(RecoverForm.recovery_key, F.text, ~F.text.startswith("/"), IsStaff())
async def recover_key(message: Message, state: FSMContext, i18n: I18nContext, ctx: AppContext) -> None:
    recovery_key = message.text
    await try_delete(message)
    await state.update_data(recovery_key=recovery_key)
    await state.set_state(RecoverForm.new_passphrase)
    await message.answer(i18n.get("recover-prompt-passphrase", length=str(ctx.settings.security.passphrase_min_length)))


@router.message(RecoverForm.new_passphrase, F.text, ~F.text.startswith("/"), IsStaff())
async def recover_passphrase(
    message: Message, state: FSMContext, i18n: I18nContext, db: AsyncSession, ctx: AppContext, person: Person
) -> None:
    new_passphrase = message.text
    await try_delete(message)
    recovery_key = (await state.get_data()).get("recovery_key", "")
    private_key = await _set_passphrase(
        people.reset_passphrase(
            db, person, recovery_key=recovery_key, new_passphrase=new_passphrase, policy=ctx.secret_policy,
            now=ctx.clock.now(),
        ),
        message, state, i18n, ctx,
    )
    if private_key is None:
        return
    await ctx.keyring.put(person.id, private_key, ctx.clock.now())
    await message.answer(i18n.get("recover-done"))
