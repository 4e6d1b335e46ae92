"""Wiring: one process holds the Dispatcher (long polling), and the outbox sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram_i18n import I18nMiddleware
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from redis.asyncio import Redis

from bot.affinity import Affinity, AffinityMiddleware
from bot.clock import SystemClock
from bot.config import Settings
from bot.context import AppContext
from bot.i18n import AdalLocaleManager, create_core, load_core_sync
from bot.leadership import leadership_for
from bot.menus import set_all_commands
from bot.sender import OutboxSender
from bot.startup import DATABASE_ERRORS, StartupError, check_data_folder, check_telegram, database_failure
from bot.webhook import serve
from bot.services import (anchors, argon2_pin, audit, deployment, oversight_texts, plan, reminders, reports, retention,
                          updates)
from bot.services.organizations import ensure_organization, zone_of
from handlers import routers
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from storage.models import Organization
from handlers.middlewares import (DatabaseMiddleware, EndTransactionBeforeTelegram, EndWritingOnCommand, FloodMiddleware,
                                  GatewayPagesAreServerErrors, RetryDirectAnswers)
from storage.db import create_engine, create_session_factory, startup_lock
from storage.migrate import upgrade
from storage.memory_fsm import ExpiringMemoryStorage

log = logging.getLogger(__name__)


# aiogram validates every Bot API answer with a `Response[T]` pydantic model built on demand;
# pydantic caches those in a WeakValueDictionary, and under load they were garbage-collected and
# rebuilt (~0.1 s of schema work each) again and again: a third of the event loop's time in
# benchmarks/bench_throughput.py. Holding them here keeps every lookup a cache hit.
_RESPONSE_TYPES: list[Any] = []


def pin_response_types() -> None:
    from aiogram import methods
    from aiogram.methods.base import Response

    if _RESPONSE_TYPES:
        return
    for name in ("SendMessage", "SendDocument", "SendPhoto", "SendVoice", "EditMessageText", "EditMessageReplyMarkup",
                 "AnswerCallbackQuery", "DeleteMessage", "DeleteMessages", "GetFile", "GetUpdates", "GetMe",
                 "SetMyCommands", "SetWebhook", "DeleteWebhook"):
        _RESPONSE_TYPES.append(Response[getattr(methods, name).__returning__])


def create_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram.api_base))
    session.middleware(EndTransactionBeforeTelegram())
    session.middleware(RetryDirectAnswers())
    session.middleware(GatewayPagesAreServerErrors())  # innermost: the retry above sees a server error
    return Bot(settings.telegram.token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


async def _drain_handlers(dispatcher: Dispatcher) -> None:
    """On shutdown, let the updates already being handled finish (aiogram runs each as a task and
    does not wait for them) before anything they use — the translations, the database — closes."""
    running = list(dispatcher._handle_update_tasks)  # noqa: SLF001 - aiogram keeps no public handle
    if running:
        await asyncio.wait(running, timeout=30)


def create_fsm(ctx: AppContext) -> tuple[ExpiringMemoryStorage, SimpleEventIsolation]:
    """Conversation state and per-person event isolation, in this process's memory only (with
    several instances too: bot/affinity.py brings each person's updates to one instance). One
    person's updates are handled one at a time, so two photos of an album cannot overwrite each
    other's place in a draft."""
    idle = timedelta(hours=ctx.settings.reports.draft_idle_hours)
    return ExpiringMemoryStorage(idle=idle, now=ctx.clock.now), SimpleEventIsolation()


def create_affinity(ctx: AppContext) -> Affinity | None:
    """Several instances (webhook mode with Redis) route each person to one of them."""
    settings = ctx.settings
    if ctx.redis is None or settings.telegram.mode != "webhook":
        return None
    name = settings.redis.instance_name or f"{socket.gethostname()}:{settings.telegram.listen_port}"
    return Affinity(ctx.redis, prefix=settings.redis.prefix, name=name)


def create_dispatcher(ctx: AppContext, affinity: Affinity | None = None) -> Dispatcher:
    storage, isolation = create_fsm(ctx)
    dispatcher = Dispatcher(storage=storage, events_isolation=isolation, ctx=ctx)
    dispatcher.shutdown.register(_drain_handlers)  # first: shutdown observers run in order
    # Order matters: the update goes to its person's instance first (before any claim or state),
    # then the session (duplicates out, role found), then the locale (which reads them), then floods.
    if affinity is not None:
        dispatcher.update.outer_middleware(AffinityMiddleware(affinity))
    dispatcher.update.outer_middleware(DatabaseMiddleware(ctx))
    I18nMiddleware(
        core=ctx.translate_core,
        manager=AdalLocaleManager(default_locale=ctx.settings.i18n.default_locale),
        default_locale=ctx.settings.i18n.default_locale,
    ).setup(dispatcher)
    dispatcher.update.outer_middleware(FloodMiddleware(ctx.flood_gate))
    dispatcher.message.outer_middleware(EndWritingOnCommand())
    dispatcher.include_routers(*routers())
    return dispatcher


@dataclass
class Application:
    ctx: AppContext
    bot: Bot
    dispatcher: Dispatcher
    affinity: Affinity | None = None


def redis_client(url: str) -> Redis:
    """A Redis that cannot be reached fails a call within seconds (and the caller falls back)
    instead of holding it; the client reconnects by itself at the next call. (No read timeout:
    the instance channel's subscription waits for messages indefinitely by design.)"""
    return Redis.from_url(url, socket_connect_timeout=5)


def sessions_for(settings: Settings, engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Database sessions that can append to the audit chain (its key comes from the config)."""
    return create_session_factory(engine, audit_key=audit.chain_key(settings.security.secret_key))


async def build(settings: Settings, *, clock: Any = None) -> Application:
    """Migrate, make sure the organization exists, and assemble the parts. Touches no network."""
    await upgrade(settings.storage.url)
    engine = create_engine(settings.storage.url, pool_size=settings.storage.pool_size)
    sessions = sessions_for(settings, engine)
    clock = clock or SystemClock()
    async with startup_lock(engine), sessions() as db:
        org = await ensure_organization(
            db, slug=settings.organization.slug, name=settings.organization.name,
            kind=settings.organization.kind, now=clock.now(), timezone=settings.organization.timezone,
        )
        await plan.seed_builtin_plan(db, org, today=clock.now().astimezone(ZoneInfo(settings.organization.timezone)).date(),
                                     now=clock.now())
        await argon2_pin.check(db, settings.security.argon2_cost)
        await deployment.receipt_tag_salt(db)  # made once, before any report can race to make it
        await db.commit()
        await audit.key_legacy_chain(db)
    ctx = AppContext(
        settings=settings, sessions=sessions, org_id=org.id,
        translate_core=load_core_sync(create_core(settings.i18n.default_locale)), clock=clock, engine=engine,
        redis=redis_client(settings.redis.url) if settings.redis.url else None,
        leadership=leadership_for(settings.storage.url, engine),
    )
    affinity = create_affinity(ctx)
    return Application(ctx=ctx, bot=create_bot(settings), dispatcher=create_dispatcher(ctx, affinity),
                       affinity=affinity)


async def warn_if_channel_closed(ctx: AppContext) -> set[str]:
    async with ctx.sessions() as db:
        open_routes = await reports.open_routes(db, ctx.org_id)
    for route in reports.ROUTES:
        if route not in open_routes:
            log.warning(
                "no %s enrolled: reports routed to %s are refused until one enrols "
                "(python -m bot invite %s -c CONFIG)", reports.ROUTES[route], route, reports.ROUTES[route],
            )
    return open_routes


async def run(settings: Settings, *, stop: asyncio.Event | None = None, clock: Any = None,
              handle_signals: bool = False) -> None:
    """Run until `stop` is set (or SIGINT/SIGTERM arrives when handle_signals is on). What stops
    it from starting is raised as a StartupError: one line and an exit code (bot/startup.py)."""
    check_data_folder(settings.storage.url)
    try:
        app = await build(settings, clock=clock)
    except DATABASE_ERRORS as error:
        raise database_failure(settings.storage.url, error) from None
    try:
        await check_telegram(app.bot, settings.telegram.api_base)
    except StartupError:
        await _close(app)
        raise
    pin_response_types()
    await warn_if_channel_closed(app.ctx)
    stop = stop or asyncio.Event()
    if handle_signals:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    sender = OutboxSender(app.ctx, app.bot)
    sender_task = asyncio.create_task(sender.run(), name="outbox-sender")
    expiry_task = asyncio.create_task(app.ctx.expiry.run(app.bot, app.ctx.health), name="reporter-message-expiry")
    scheduler = start_reminder_scheduler(app.ctx)
    try:
        await set_all_commands(app.bot, app.ctx)
        if settings.telegram.mode == "webhook":
            await serve(app.ctx, app.bot, app.dispatcher, stop, affinity=app.affinity)
        else:
            await _poll(app, stop)
    finally:
        scheduler.shutdown(wait=False)
        async with app.ctx.tick_lock:  # let a tick in progress finish before the database closes
            pass
        await sender.stop(sender_task)
        expiry_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await expiry_task
        await app.ctx.leadership.release()  # a follower takes over the background work at once
        await _close(app)


async def _close(app: Application) -> None:
    await app.bot.session.close()
    if app.ctx.redis is not None:
        await app.ctx.redis.aclose()
    await engine_of(app).dispose()


async def _poll(app: Application, stop: asyncio.Event) -> None:
    # A webhook left over from webhook mode would make every getUpdates fail with 409 Conflict.
    await app.bot.delete_webhook(drop_pending_updates=False)
    started = asyncio.Event()
    app.dispatcher.startup.register(started.set)
    stopper = asyncio.create_task(_stop_when(stop, started, app.dispatcher))
    try:
        await app.dispatcher.start_polling(
            app.bot,
            polling_timeout=app.ctx.settings.telegram.polling_timeout,
            handle_signals=False,
            close_bot_session=False,
            allowed_updates=app.dispatcher.resolve_used_update_types(),
        )
    finally:
        stopper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await stopper


async def run_reminders(ctx: AppContext) -> int:
    """One tick of the reminder engine; wakes the sender when it queued anything. Once a local
    day, the plan's occurrences are extended to the horizon first. Each organization's deadlines
    are counted in its own time zone."""
    today = ctx.clock.now().astimezone(ctx.home_zone).date()
    async with ctx.sessions() as db:
        orgs = list(await db.scalars(select(Organization)))
    zones = {org.id: zone_of(org) for org in orgs}
    if ctx.plan_extended_on != today:
        try:
            async with ctx.sessions() as db:
                for org in orgs:
                    await plan.ensure_occurrences(db, org.id, today=ctx.clock.now().astimezone(zones[org.id]).date(),
                                                  now=ctx.clock.now())
                await updates.forget_old(db, ctx.clock.now())
                # Yesterday's reporter actions join the audit chain, dated by their day.
                await audit.flush_reporter_actions(db, today=today, zone=ctx.home_zone, zones=zones)
            ctx.plan_extended_on = today
            ctx.health.succeeded("daily")
        except SQLAlchemyError as exc:  # retried next tick; never let it hold up the reminders
            ctx.health.failed("daily", exc)
            log.error("extending the plan failed: %s", type(exc).__name__)
    daily_moment = ctx.reminder_policy_in(ctx.home_zone).calendar.local_moment(today)  # the reminders' local time
    if ctx.retention_run_on != today and ctx.clock.now() >= daily_moment:
        try:
            async with ctx.sessions() as db:
                run = await retention.run_daily(db, today=today, now=ctx.clock.now(), translate=ctx.translate,
                                                zone=ctx.home_zone, extension_days=ctx.settings.cases.retention_extension_days)
            if run.purged:
                await retention.reclaim_space(ctx.engine)
            if run.warned:
                ctx.outbox_wakeup.set()
            ctx.retention_run_on = today
        except SQLAlchemyError as exc:  # retried next tick
            ctx.health.failed("daily", exc)
            log.error("retention run failed: %s", type(exc).__name__)
    if ctx.anchored_on != today and ctx.clock.now() >= daily_moment:
        try:
            async with ctx.sessions() as db:
                if await anchors.queue_daily_heads(db, day=today, now=ctx.clock.now(), translate=ctx.translate):
                    ctx.outbox_wakeup.set()
            ctx.anchored_on = today
        except SQLAlchemyError as exc:  # retried next tick
            ctx.health.failed("daily", exc)
            log.error("queueing the audit heads failed: %s", type(exc).__name__)
    if ctx.digest_checked_on != today and ctx.clock.now() >= daily_moment:
        try:
            async with ctx.sessions() as db:
                if await oversight_texts.queue_weekly_digest(db, today=today, now=ctx.clock.now(), zone=ctx.home_zone,
                                                             min_cell=ctx.settings.reports.min_cell,
                                                             translate=ctx.translate):
                    ctx.outbox_wakeup.set()
            ctx.digest_checked_on = today
        except SQLAlchemyError as exc:  # retried next tick
            ctx.health.failed("daily", exc)
            log.error("queueing the oversight digest failed: %s", type(exc).__name__)
    organizations = reminders.Organizations(
        policies={org.id: ctx.reminder_policy_in(zones[org.id]) for org in orgs},
        names={org.id: org.name for org in orgs})
    queued = await reminders.tick(ctx.sessions, now=ctx.clock.now(), policy=ctx.reminder_policy_in(ctx.home_zone),
                                  translate=ctx.translate, orgs=organizations)
    if queued:
        ctx.outbox_wakeup.set()
    return queued


def start_reminder_scheduler(ctx: AppContext) -> AsyncIOScheduler:
    """APScheduler only ticks: every tick_seconds, coalesced, never overlapping, and once right
    away as the catch-up after downtime. The database decides what is due."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        _safe_tick, "interval", seconds=ctx.settings.reminders.tick_seconds, args=[ctx],
        coalesce=True, max_instances=1, next_run_time=datetime.now(UTC), id="reminder-tick",
    )
    scheduler.start()
    return scheduler


async def _safe_tick(ctx: AppContext) -> None:
    async with ctx.tick_lock:
        if not await ctx.leadership.held():
            return  # another instance ticks; its marks would make ours a no-op anyway
        try:
            await run_reminders(ctx)
            ctx.health.succeeded("reminders")
        except Exception as exc:  # noqa: BLE001 - the next tick retries; never log content
            ctx.health.failed("reminders", exc)
            log.error("reminder tick failed: %s", type(exc).__name__)


async def _stop_when(stop: asyncio.Event, started: asyncio.Event, dispatcher: Dispatcher) -> None:
    await stop.wait()
    await started.wait()  # stop_polling refuses to run before polling has started
    await dispatcher.stop_polling()


def engine_of(app: Application):  # type: ignore[no-untyped-def]
    assert app.ctx.engine is not None
    return app.ctx.engine
