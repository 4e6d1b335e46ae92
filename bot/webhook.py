"""Webhook mode: an aiohttp server for Telegram's POSTs (secret checked: 401 otherwise) and
GET /healthz. Updates are handled inside the request, so Telegram gets 200 only after the
handler finished, and a graceful shutdown waits for the requests in flight."""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any
from urllib.parse import urlparse

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError
from sqlalchemy import text

from bot.affinity import Affinity
from bot.context import AppContext
from bot.services import outbox

log = logging.getLogger(__name__)


class ContentFreeRequestHandler(SimpleRequestHandler):
    """aiogram's handler, except that a body which is not an update it can read gets 400 and one
    content-free log line. Left to aiohttp, a body that parsed as JSON but failed validation
    became a 500 whose logged traceback quoted the body — a report's text, in the log."""

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            body = await request.json(loads=bot.session.json_loads)
            update = Update.model_validate(body, context={"bot": bot})
        except (ValueError, TypeError, ValidationError) as exc:  # JSONDecodeError is a ValueError
            log.warning("webhook body refused: %s", type(exc).__name__)
            return web.Response(status=400, text="not an update")
        result = await self.dispatcher.feed_webhook_update(bot, update, **self.data)
        return web.Response(body=self._build_response_writer(bot=bot, result=result))


def _may_see_details(request: web.Request, token: str) -> bool:
    """Counts and loop states are for the operator: a request from this machine that did not come
    through a proxy, or one that carries the status token. Anyone else learns up or down."""
    if token and hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return True
    local = request.remote in ("127.0.0.1", "::1")
    return local and "X-Forwarded-For" not in request.headers and "Forwarded" not in request.headers


def health_handler(ctx: AppContext) -> Any:
    async def health(request: web.Request) -> web.Response:
        details = _may_see_details(request, ctx.settings.security.status_token)
        report: dict[str, Any] = {}
        healthy = True
        try:
            async with ctx.sessions() as db:
                await db.execute(text("SELECT 1"))
                backlog, oldest = await outbox.backlog(db, ctx.clock.now())
            report.update(database="ok", outbox_backlog=backlog,
                          outbox_oldest_seconds=round(oldest.total_seconds(), 1) if oldest else 0)
        except Exception as exc:  # noqa: BLE001 - the answer is the report
            healthy = False
            report.update(database="unreachable", error=type(exc).__name__)
        report["leader"] = await ctx.leadership.held()
        if ctx.redis is not None:
            try:
                await ctx.redis.ping()
                report["redis"] = "ok"
            except Exception as exc:  # noqa: BLE001 - the answer is the report
                healthy = False
                report.update(redis="unreachable", error=type(exc).__name__)
        report["loops"] = ctx.health.report()
        healthy = healthy and ctx.health.healthy()
        report["status"] = "ok" if healthy else "degraded"
        body = report if details else {"status": report["status"]}
        return web.json_response(body, status=200 if healthy else 503)
    return health


async def serve(ctx: AppContext, bot: Bot, dispatcher: Dispatcher, stop: asyncio.Event,
                affinity: Affinity | None = None) -> None:
    settings = ctx.settings.telegram
    app = web.Application()
    ContentFreeRequestHandler(dispatcher, bot, secret_token=settings.webhook_secret,
                              handle_in_background=False).register(app, path=urlparse(settings.webhook_url).path or "/")
    app.router.add_get("/healthz", health_handler(ctx))
    setup_application(app, dispatcher, bot=bot)
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=30)
    await runner.setup()
    if affinity is not None:
        await affinity.start(bot, dispatcher)  # listening before any update can be routed here
    site = web.TCPSite(runner, settings.listen_host, settings.listen_port)
    await site.start()
    await bot.set_webhook(
        settings.webhook_url, secret_token=settings.webhook_secret, max_connections=settings.max_connections,
        allowed_updates=dispatcher.resolve_used_update_types(),
    )
    try:
        await stop.wait()
    finally:
        await runner.cleanup()  # stops accepting, lets running requests finish, runs shutdown hooks
        if affinity is not None:
            await affinity.stop()  # leaves the live set; the others take this instance's people
