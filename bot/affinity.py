"""Several instances: each person's updates are handled by one instance, which alone holds
their conversation and, for staff, their unlocked key — in its memory and nowhere else.

Why not share that state through Redis: whatever sits in Redis (or its snapshot, or its AOF
file) sits there next to the config. An unlocked private key sealed under a configured secret
opens every case to whoever holds both; a draft or a "this chat looks at case 12" entry stored
under an HMAC of the chat id tells them who is reporting. So nothing personal is shared at all;
updates are moved to where the state is instead.

How an instance is chosen, with nothing stored per person:
- every instance registers `{prefix}:instance:{name}` (its stable name and a fresh X25519 public
  key made at start) with a short expiry and refreshes it; the live set is those keys;
- a person's owner is the live instance with the highest hash of (instance name, Telegram user
  id): rendezvous hashing. Every instance computes the same owner from the same live set; a
  person's owner changes only when that instance stops or comes back, and nothing in Redis is
  computable from anyone's Telegram id.

Moving an update: the receiving instance seals the update's JSON to the owner's key (only the
owner's process can open it: the private half never leaves its memory — Redis can keep a
command in its slow log, and a monitor can watch channels) and publishes it on the owner's
channel. The owner handles it, then publishes an acknowledgement; only then does the receiver
answer Telegram. If no owner is listening, or no acknowledgement comes, the receiver forgets
that instance and chooses again; if no instance takes it, the person is asked to try again (the
error handler's apology). Redis unreachable: each instance serves what reaches it. An update id
is claimed in the database before it is handled, so a duplicate never acts twice.

If an instance dies, its people's drafts and unlocked sessions die with it: reporters are told
that the draft expired, staff unlock again. That is the price of keeping them off every disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.types import TelegramObject, Update, User
from redis.asyncio import Redis

from storage import crypto

log = logging.getLogger(__name__)

REGISTRATION_SECONDS = 15  # a silent instance is dropped from the live set after this long
HEARTBEAT_SECONDS = 5
LIVE_CACHE_SECONDS = 2.0
ACK_TIMEOUT_SECONDS = 50  # Telegram waits about a minute for a webhook answer
_PURPOSE = "forwarded-update"


class NoOwner(Exception):
    """No instance took the update; the error handler asks the person to try again."""


def owner_among(names: list[str], user_id: int) -> str:
    """Rendezvous hashing: the same live set gives every instance the same owner."""
    return max(names, key=lambda name: hashlib.sha256(f"{name}\x00{user_id}".encode()).digest())


class Affinity:
    def __init__(self, redis: Redis, *, prefix: str, name: str,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.redis, self.prefix, self.name = redis, prefix, name
        self._keys = crypto.generate_keypair()  # lives and dies with this process
        self._monotonic = monotonic
        self._live: dict[str, bytes] = {}
        self._live_read_at = float("-inf")
        self._suspects: set[str] = set()
        self._waiting: dict[str, asyncio.Future[None]] = {}
        self._handling: set[asyncio.Task[None]] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._listening = asyncio.Event()

    def _registration(self, name: str) -> str:
        return f"{self.prefix}:instance:{name}"

    def _inbox(self, name: str) -> str:
        return f"{self.prefix}:to:{name}"

    def _acks(self, name: str) -> str:
        return f"{self.prefix}:ack:{name}"

    # --- life cycle ----------------------------------------------------------------------

    async def start(self, bot: Bot, dispatcher: Dispatcher) -> None:
        self._tasks.append(asyncio.create_task(self._listen(bot, dispatcher), name="affinity-listen"))
        await self._listening.wait()  # subscribed before anyone can route to us
        await self._register()
        self._tasks.append(asyncio.create_task(self._heartbeat(), name="affinity-heartbeat"))

    async def stop(self) -> None:
        """Leave the live set at once, so the others route this instance's people elsewhere."""
        with contextlib.suppress(Exception):
            await self.redis.delete(self._registration(self.name))
        if self._handling:
            await asyncio.wait(list(self._handling), timeout=30)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _register(self) -> None:
        await self.redis.set(self._registration(self.name), self._keys.public.hex(), px=REGISTRATION_SECONDS * 1000)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                await self._register()
            except Exception as exc:  # noqa: BLE001 - Redis away: the next beat retries
                log.warning("instance registration failed (%s)", type(exc).__name__)

    # --- choosing the owner --------------------------------------------------------------

    async def live(self) -> dict[str, bytes]:
        if self._monotonic() - self._live_read_at > LIVE_CACHE_SECONDS:
            try:
                names = [name async for name in self.redis.scan_iter(match=self._registration("*"), count=100)]
                values = await self.redis.mget(names) if names else []
                prefix = len(self._registration(""))
                self._live = {name.decode()[prefix:]: bytes.fromhex(value.decode())
                              for name, value in zip(names, values) if value}
                self._suspects.clear()
            except Exception as exc:  # noqa: BLE001 - Redis away: serve here rather than drop updates
                log.warning("live instances unknown (%s); handling updates here", type(exc).__name__)
                self._live = {}
            self._live_read_at = self._monotonic()
        live = {name: key for name, key in self._live.items() if name not in self._suspects}
        live[self.name] = self._keys.public  # this instance is alive, whatever Redis says
        return live

    async def owner(self, user_id: int) -> str:
        return owner_among(sorted(await self.live()), user_id)

    # --- moving updates ------------------------------------------------------------------

    async def route(self, update: Update, user: User) -> bool:
        """True if another instance handled the update; False if this one must."""
        for _ in range(3):
            live = await self.live()
            owner = owner_among(sorted(live), user.id)
            if owner == self.name:
                return False
            try:
                if await self._forward(owner, live[owner], update):
                    return True
            except Exception as exc:  # noqa: BLE001 - Redis away mid-forward: handle it here
                log.warning("could not pass an update on (%s); handling it here", type(exc).__name__)
                return False
            self._suspects.add(owner)  # gone or stuck: choose among the others
        raise NoOwner()

    async def _forward(self, owner: str, owner_key: bytes, update: Update) -> bool:
        request = secrets.token_hex(8)
        body = update.model_dump_json(exclude_none=True, by_alias=True).encode()
        envelope = json.dumps({
            "id": request, "from": self.name,
            "blob": crypto.seal(owner_key, body, scope=f"instance:{owner}", purpose=_PURPOSE).hex(),
        })
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting[request] = done
        try:
            if await self.redis.publish(self._inbox(owner), envelope) == 0:
                return False  # nobody listens there any more
            await asyncio.wait_for(done, ACK_TIMEOUT_SECONDS)
            return True
        except (TimeoutError, asyncio.TimeoutError):
            log.warning("an instance did not acknowledge a forwarded update in %s s", ACK_TIMEOUT_SECONDS)
            return False
        finally:
            self._waiting.pop(request, None)

    async def _listen(self, bot: Bot, dispatcher: Dispatcher) -> None:
        inbox, acks = self._inbox(self.name), self._acks(self.name)
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.subscribe(inbox, acks)
                self._listening.set()
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    channel = message["channel"].decode()
                    if channel == acks:
                        waiting = self._waiting.get(message["data"].decode())
                        if waiting is not None and not waiting.done():
                            waiting.set_result(None)
                    else:
                        task = asyncio.create_task(self._handle_forwarded(bot, dispatcher, message["data"]))
                        self._handling.add(task)
                        task.add_done_callback(self._handling.discard)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Redis restarted: subscribe again
                log.warning("instance channel lost (%s); subscribing again", type(exc).__name__)
                await asyncio.sleep(1)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    async def _handle_forwarded(self, bot: Bot, dispatcher: Dispatcher, raw: bytes) -> None:
        try:
            envelope = json.loads(raw)
            body = crypto.unseal(self._keys.private, bytes.fromhex(envelope["blob"]),
                                 scope=f"instance:{self.name}", purpose=_PURPOSE)
        except (ValueError, KeyError, crypto.CryptoError):
            log.warning("a forwarded update did not open; ignored")  # sealed to a previous run of ours
            return
        update = Update.model_validate_json(body, context={"bot": bot})
        try:
            await dispatcher.feed_update(bot, update, forwarded=True)
        except Exception as exc:  # noqa: BLE001 - the handler's own error path has logged it
            log.error("forwarded update failed: %s", type(exc).__name__)
            return  # no acknowledgement: the receiver chooses again
        await self.redis.publish(self._acks(envelope["from"]), envelope["id"])


class AffinityMiddleware(BaseMiddleware):
    """First of the update middlewares: an update whose person belongs to another instance goes
    there before this instance claims it, opens a database session or touches any state."""

    def __init__(self, affinity: Affinity) -> None:
        self.affinity = affinity

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if data.get("forwarded") or user is None or not isinstance(event, Update):
            return await handler(event, data)
        if await self.affinity.route(event, user):
            return None
        return await handler(event, data)
