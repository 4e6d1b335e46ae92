"""A fake Telegram Bot API server (aiohttp) for tests.

It speaks the real JSON shapes and refuses what the real server refuses, using the method and
field definitions in ../shared/telegram-bot-api/api.json: unknown methods (404), unknown or
missing parameters (400), texts and captions outside their limits, malformed HTML, oversized
callback data, messages to chats that never talked to the bot, and files over 20 MB.

Tests drive it as users: `user.send("text")`, `user.send_document(...)`, `user.press(msg, data)`,
and read what the bot sent with `await server.wait_for_message(chat_id, predicate)`.
"""

from __future__ import annotations

import asyncio
import html.parser
import itertools
import json
import math
import os
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

SPEC_PATHS = [
    Path(os.environ.get("ADAL_BOT_API_SPEC", "")),
    Path(__file__).resolve().parents[2] / "shared" / "telegram-bot-api" / "api.json",
    Path(__file__).resolve().parents[1] / "tests" / "data" / "api-methods.json",
]
MAX_DOWNLOAD = 20 * 1024 * 1024
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}


def load_spec() -> dict[str, dict[str, Any]]:
    """Method name -> {field name -> field spec}. Prefers the shared spec; falls back to the copy."""
    for path in SPEC_PATHS:
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            methods = data["methods"] if "methods" in data else data
            return {
                name: {f["name"]: f for f in method.get("fields", [])}
                for name, method in methods.items()
            }
    raise FileNotFoundError("Bot API spec not found")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _EntityParser(html.parser.HTMLParser):
    """Checks Telegram's HTML subset: known tags, properly nested; collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS and self.error is None:
            self.error = f"Unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if (not self.stack or self.stack[-1] != tag) and self.error is None:
            self.error = f"Unmatched end tag \"{tag}\""
        elif self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    if parse_mode is None:
        return text
    if parse_mode.upper() != "HTML":
        return text
    parser = _EntityParser()
    parser.feed(text)
    parser.close()
    if parser.error is None and parser.stack:
        parser.error = f"Can't find end tag corresponding to start tag \"{parser.stack[-1]}\""
    if parser.error:
        raise ApiError(400, f"Bad Request: can't parse entities: {parser.error}")
    return "".join(parser.text)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    path: str


@dataclass
class FakeUser:
    server: FakeTelegram
    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "en"

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            result["username"] = self.username
        if self.language_code:
            result["language_code"] = self.language_code
        return result

    def chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username:
            chat["username"] = self.username
        return chat

    def send(self, text: str, **extra: Any) -> dict[str, Any]:
        message = {"text": text, **extra}
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        return self.server.user_message(self, message)

    def send_document(self, data: bytes, file_name: str, mime_type: str = "application/octet-stream",
                      caption: str | None = None, declared_size: int | None = None) -> dict[str, Any]:
        stored = self.server.store_file(data, "documents")
        document = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_name": file_name,
                    "mime_type": mime_type, "file_size": declared_size if declared_size is not None else len(data)}
        message: dict[str, Any] = {"document": document}
        if caption:
            message["caption"] = caption
        return self.server.user_message(self, message)

    def send_photo(self, data: bytes) -> dict[str, Any]:
        stored = self.server.store_file(data, "photos")
        size = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "width": 800, "height": 600,
                "file_size": len(data)}
        return self.server.user_message(self, {"photo": [size]})

    def send_sticker(self) -> dict[str, Any]:
        stored = self.server.store_file(b"RIFF-sticker", "stickers")
        sticker = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False}
        return self.server.user_message(self, {"sticker": sticker})

    def press(self, message: dict[str, Any], data: str) -> dict[str, Any]:
        return self.server.callback(self, message, data)

    def press_button(self, message: dict[str, Any], label_part: str) -> dict[str, Any]:
        """Press the first inline button whose label contains `label_part`."""
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if label_part in button["text"]:
                    return self.press(message, button["callback_data"])
        raise AssertionError(f"no button containing {label_part!r} in {message.get('reply_markup')}")


class FloodLimits:
    """Telegram's broadcast limits, enforced as the real server does: more than `per_second`
    messages in any second overall, a second message to one private chat within a second, or
    more than `per_group_per_minute` to one group in a minute gets 429 with retry_after."""

    def __init__(self, per_second: int = 30, per_group_per_minute: int = 20, now: Callable[[], float] = time.monotonic) -> None:
        self.per_second, self.per_group_per_minute, self.now = per_second, per_group_per_minute, now
        self._recent: deque[float] = deque()
        self._by_chat: dict[int, deque[float]] = {}
        self.refused = 0

    def check(self, chat_id: int) -> None:
        now = self.now()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        stamps = self._by_chat.setdefault(chat_id, deque())
        window, allowed = (60.0, self.per_group_per_minute) if chat_id < 0 else (1.0, 1)
        while stamps and now - stamps[0] >= window:
            stamps.popleft()
        if len(self._recent) >= self.per_second or len(stamps) >= allowed:
            self.refused += 1
            wait = max(1, math.ceil(window - (now - stamps[0]))) if len(stamps) >= allowed else 1
            raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
        self._recent.append(now)
        stamps.append(now)


BAD_GATEWAY_PAGE = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n")


@dataclass
class Fault:
    method: str
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1
    chat_id: int | None = None


@dataclass
class FakeTelegram:
    token: str = "123456789:TEST-token-for-the-fake-server"
    bot_id: int = 123456789
    bot_username: str = "adal_test_bot"
    spec: dict[str, dict[str, Any]] = field(default_factory=load_spec)

    def __post_init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._user_ids = itertools.count(700_000_001)
        self.messages: dict[int, dict[int, dict[str, Any]]] = {}  # chat -> message id -> message
        self.bot_sent: list[dict[str, Any]] = []  # messages the bot sent, in order
        # The same, per chat, with each message's position in bot_sent: waiting for a message to
        # one chat then costs that chat's messages, not everyone's (benchmarks have thousands).
        self._sent_by_chat: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        self._pending_from = 0  # updates before this index are all confirmed (forgotten)
        self.sent_times: list[float] = []  # time.monotonic() of each bot_sent message (benchmarks)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.deleted: list[tuple[int, int]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.files: dict[str, StoredFile] = {}
        self.known_chats: set[int] = set()
        self.faults: list[Fault] = []
        # Telegram down: every request answered as its front proxy does then, a 502 HTML page.
        self.outage = False
        self.hold: Callable[[str, dict[str, Any]], bool] | None = None
        self.held: list[tuple[str, dict[str, Any]]] = []
        self._release = asyncio.Event()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    def release_held(self) -> None:
        self.hold = None
        self._release.set()

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- users act ---------------------------------------------------------------------------

    def new_user(self, first_name: str = "Employee", username: str | None = None, language_code: str | None = "en",
                 user_id: int | None = None) -> FakeUser:
        return FakeUser(self, user_id or next(self._user_ids), first_name, username, language_code)

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def user_message(self, user: FakeUser, content: dict[str, Any], chat: dict[str, Any] | None = None) -> dict[str, Any]:
        chat = chat or user.chat()
        self.known_chats.add(chat["id"])
        message = {"message_id": self._next_message_id(chat["id"]), "from": user.as_dict(), "chat": chat,
                   "date": int(time.time()), **content}
        self.messages.setdefault(chat["id"], {})[message["message_id"]] = message
        self._push({"message": message})
        return message

    def group_message(self, user: FakeUser, text: str, group_id: int = -100123) -> dict[str, Any]:
        chat = {"id": group_id, "type": "supergroup", "title": "Staff room"}
        entities = [{"type": "bot_command", "offset": 0, "length": _utf16_len(text.split()[0])}] if text.startswith("/") else []
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return self.user_message(user, content, chat=chat)

    def callback(self, user: FakeUser, message: dict[str, Any], data: str) -> dict[str, Any]:
        query = {"id": secrets.token_hex(8), "from": user.as_dict(), "chat_instance": str(user.id * 7),
                 "message": message, "data": data}
        self._push({"callback_query": query})
        return query

    def _push(self, update: dict[str, Any]) -> None:
        # Updates are queued for getUpdates; handler tests read `last_update` and feed it directly.
        update["update_id"] = next(self._update_ids)
        self.last_update = update
        self.updates.append(update)
        asyncio.get_event_loop().create_task(self._notify())

    def push_raw(self, update: dict[str, Any]) -> int:
        """Queue an update exactly as given (its update_id included, for duplicate tests)."""
        self.updates.append(update)
        asyncio.get_event_loop().create_task(self._notify())
        return update["update_id"]

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def store_file(self, data: bytes, folder: str) -> StoredFile:
        file_id = "F" + secrets.token_urlsafe(24)
        stored = StoredFile(file_id, "U" + secrets.token_hex(6), data, f"{folder}/file_{len(self.files)}")
        self.files[file_id] = stored
        return stored

    # --- waiting -----------------------------------------------------------------------------

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Wait for a state change that makes `condition` truthy. The timeout is a safety net only."""
        async def _wait() -> Any:
            async with self._changed:
                while True:
                    result = condition()
                    if result:
                        return result
                    await self._changed.wait()
        return await asyncio.wait_for(_wait(), timeout)

    async def wait_for_message(self, chat_id: int, predicate: Callable[[dict[str, Any]], bool] = lambda m: True,
                               after: int = 0, timeout: float = 30.0) -> dict[str, Any]:
        def find() -> dict[str, Any] | None:
            for position, message in self._sent_by_chat.get(chat_id, ()):
                if position >= after and predicate(message):
                    return message
            return None
        return await self.wait_until(find, timeout)

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [message for _, message in self._sent_by_chat.get(chat_id, ())]

    async def wait_idle(self) -> None:
        """Wait until the bot has fetched every queued update (it then asks with a higher offset)."""
        await self.wait_until(lambda: self._confirmed >= len(self.updates))

    _confirmed: int = 0
    flood_limits: FloodLimits | None = None  # off unless a test or benchmark enforces them
    webhook: dict[str, Any] | None = None
    _forgotten_below: int = 0

    # --- the Bot API -------------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(ApiError(401, "Unauthorized"))
        method = request.match_info["method"]
        if self.outage:
            self.calls.append((method, {"outage": True}))
            await self._notify()
            return web.Response(status=502, content_type="text/html", text=BAD_GATEWAY_PAGE)
        try:
            spec = self._method_spec(method)
            params, uploads = await self._read_params(request)
            self._validate(method, spec, params, uploads)
            self.calls.append((method, params))
            if self.flood_limits is not None and method.startswith("send") and method != "sendChatAction":
                self.flood_limits.check(params.get("chat_id"))  # type: ignore[arg-type]
            fault = self._take_fault(method, params)
            if fault is not None:
                raise ApiError(fault.status, fault.description,
                               {"retry_after": fault.retry_after} if fault.retry_after else None)
            if self.hold is not None and self.hold(method, params):
                # No answer until released, and then a failure: the request is lost, as with a
                # client that died mid-request. Nothing was delivered.
                self.held.append((method, params))
                await self._notify()
                await self._release.wait()
                raise ApiError(500, "Internal Server Error")
            result = await getattr(self, "api_" + method)(params, uploads)
        except ApiError as error:
            return self._error(error)
        await self._notify()
        return web.json_response({"ok": True, "result": result})

    def _method_spec(self, method: str) -> dict[str, Any]:
        canonical = next((name for name in self.spec if name.lower() == method.lower()), None)
        if canonical is None or not hasattr(self, "api_" + canonical):
            raise ApiError(404, "Not Found")
        return self.spec[canonical]

    @staticmethod
    def _error(error: ApiError) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
        if error.parameters:
            body["parameters"] = error.parameters
        return web.json_response(body, status=error.code)

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self.faults:
            if fault.method == method and fault.times > 0 and (fault.chat_id is None or params.get("chat_id") == fault.chat_id):
                fault.times -= 1
                return fault
        return None

    async def _read_params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        params: dict[str, Any] = dict(request.query)
        uploads: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if part.filename:
                    uploads[part.name] = await part.read()
                    uploads[f"{part.name}#filename"] = part.filename.encode()  # Telegram keeps a document's name
                    params[part.name] = f"attach://{part.name}"
                else:
                    params[part.name] = await part.text()
        elif request.can_read_body:
            params.update(dict(await request.post()))
        return params, uploads

    def _validate(self, method: str, spec: dict[str, Any], params: dict[str, Any], uploads: dict[str, bytes]) -> None:
        for name in list(params):
            if name not in spec and name not in uploads:
                raise ApiError(400, f"Bad Request: unknown parameter \"{name}\" for {method}")
        for name, field_spec in spec.items():
            if field_spec["required"] and (name not in params or params[name] in ("", None)):
                raise ApiError(400, f"Bad Request: parameter \"{name}\" is required")
            if name in params:
                params[name] = self._coerce(name, params[name], field_spec["types"])

    @staticmethod
    def _coerce(name: str, value: Any, types: list[str]) -> Any:
        if not isinstance(value, str):
            return value
        if value.startswith("attach://") or "InputFile" in types and "String" in types:
            return value
        if "Integer" in types:
            try:
                return int(value)
            except ValueError:
                if "String" in types:
                    return value
                raise ApiError(400, f"Bad Request: invalid {name}") from None
        if "Boolean" in types:
            if value.lower() not in ("true", "false"):
                raise ApiError(400, f"Bad Request: invalid {name}")
            return value.lower() == "true"
        if "Float" in types:
            return float(value)
        if types == ["String"]:
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None

    # --- checks shared by methods ------------------------------------------------------------

    def _chat(self, params: dict[str, Any]) -> int:
        chat_id = params["chat_id"]
        if not isinstance(chat_id, int) or chat_id not in self.known_chats:
            raise ApiError(400, "Bad Request: chat not found")
        return chat_id

    @staticmethod
    def _check_markup(params: dict[str, Any]) -> None:
        markup = params.get("reply_markup")
        if not markup:
            return
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")

    def _bot_message(self, chat_id: int, content: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        message = {
            "message_id": self._next_message_id(chat_id),
            "from": {"id": self.bot_id, "is_bot": True, "first_name": "Adal", "username": self.bot_username},
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "date": int(time.time()),
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages.setdefault(chat_id, {})[message["message_id"]] = message
        self._sent_by_chat.setdefault(chat_id, []).append((len(self.bot_sent), message))
        self.bot_sent.append(message)
        self.sent_times.append(time.monotonic())
        return message

    # --- methods -----------------------------------------------------------------------------

    async def api_getMe(self, params: dict[str, Any], uploads: dict[str, bytes]) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Adal", "username": self.bot_username,
                "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def api_getUpdates(self, params: dict[str, Any], uploads: dict[str, bytes]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset", 0) or 0)
        timeout = min(int(params.get("timeout", 0) or 0), 50)
        limit = min(int(params.get("limit", 100) or 100), 100)
        allowed = params.get("allowed_updates")

        # As the real server: calling with an offset confirms (forgets) every update below it, for
        # good; a later call without an offset does not bring them back.
        self._forgotten_below = max(self._forgotten_below, offset)

        # Skip the prefix that is confirmed for good (ids only grow, except push_raw duplicates,
        # which the id comparison below still filters).
        while self._pending_from < len(self.updates) and self.updates[self._pending_from]["update_id"] < self._forgotten_below:
            self._pending_from += 1

        def pending() -> list[dict[str, Any]]:
            found = [u for u in self.updates[self._pending_from:] if u["update_id"] >= self._forgotten_below]
            if allowed:
                found = [u for u in found if any(kind in u for kind in allowed)]
            return found[:limit]

        # Confirming: every update below the offset is forgotten by the real server.
        confirmed = self._pending_from + sum(1 for u in self.updates[self._pending_from:] if u["update_id"] < offset)
        self._confirmed = max(self._confirmed, confirmed)
        await self._notify()
        result = pending()
        if not result and timeout:
            try:
                result = await self.wait_until(pending, timeout=timeout)
            except TimeoutError:
                result = []
        return result

    async def api_deleteWebhook(self, params: dict[str, Any], uploads: dict[str, bytes]) -> bool:
        self.webhook = None
        return True

    async def api_setWebhook(self, params: dict[str, Any], uploads: dict[str, bytes]) -> bool:
        url = str(params["url"])
        if url and not url.startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not (1 <= len(secret) <= 256 and all(c.isalnum() or c in "_-" for c in secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if not 1 <= int(params.get("max_connections", 40)) <= 100:
            raise ApiError(400, "Bad Request: bad webhook: invalid max_connections")
        self.webhook = params if url else None
        return True

    async def api_sendMessage(self, params: dict[str, Any], uploads: dict[str, bytes]) -> dict[str, Any]:
        chat_id = self._chat(params)
        text = str(params["text"])
        visible = visible_text(text, params.get("parse_mode"))
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(visible) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        self._check_markup(params)
        return self._bot_message(chat_id, {"text": visible, "raw_text": text}, params)

    async def api_editMessageText(self, params: dict[str, Any], uploads: dict[str, bytes]) -> dict[str, Any]:
        chat_id = self._chat(params)
        message = self.messages.get(chat_id, {}).get(params.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        visible = visible_text(str(params["text"]), params.get("parse_mode"))
        if not visible.strip() or _utf16_len(visible) > 4096:
            raise ApiError(400, "Bad Request: message text is empty" if not visible.strip() else "Bad Request: message is too long")
        self._check_markup(params)
        message["text"] = visible
        message["reply_markup"] = params.get("reply_markup")
        return message

    async def api_editMessageReplyMarkup(self, params: dict[str, Any], uploads: dict[str, bytes]) -> dict[str, Any]:
        chat_id = self._chat(params)
        message = self.messages.get(chat_id, {}).get(params.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        self._check_markup(params)
        markup = params.get("reply_markup") or None
        if markup == (message.get("reply_markup") or None):
            raise ApiError(400, "Bad Request: message is not modified")
        message["reply_markup"] = markup
        return message

    async def api_deleteMessage(self, params: dict[str, Any], uploads: dict[str, bytes]) -> bool:
        chat_id = self._chat(params)
        if self.messages.get(chat_id, {}).pop(params["message_id"], None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        self.deleted.append((chat_id, params["message_id"]))
        return True

    async def api_answerCallbackQuery(self, params: dict[str, Any], uploads: dict[str, bytes]) -> bool:
        if len(params.get("text", "") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        if any(a["callback_query_id"] == params["callback_query_id"] for a in self.callback_answers):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        self.callback_answers.append(params)
        return True

    async def api_setMyCommands(self, params: dict[str, Any], uploads: dict[str, bytes]) -> bool:
        commands = params["commands"]
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32) or not all(c.islower() or c.isdigit() or c == "_" for c in name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        scope = params.get("scope") or {"type": "default"}
        key = json.dumps([scope, params.get("language_code", "")], sort_keys=True)
        self.commands[key] = commands
        return True

    async def api_getFile(self, params: dict[str, Any], uploads: dict[str, bytes]) -> dict[str, Any]:
        stored = self.files.get(params["file_id"])
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": len(stored.data),
                "file_path": stored.path}

    async def _send_file(self, params: dict[str, Any], uploads: dict[str, bytes], field_name: str) -> dict[str, Any]:
        chat_id = self._chat(params)
        reference = params[field_name]
        if isinstance(reference, str) and reference.startswith("attach://"):
            data = uploads[reference.removeprefix("attach://")]
        elif isinstance(reference, str) and reference in self.files:
            data = self.files[reference].data
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if field_name == "photo" and len(data) > 10 * 1024 * 1024:
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        if len(data) > 50 * 1024 * 1024:
            raise ApiError(413, "Request Entity Too Large")
        caption = params.get("caption")
        if caption and _utf16_len(visible_text(caption, params.get("parse_mode"))) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        self._check_markup(params)
        stored = self.store_file(data, field_name + "s")
        described = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": len(data)}
        upload_name = uploads.get(f"{reference.removeprefix('attach://')}#filename") if isinstance(reference, str) else None
        if field_name == "document" and upload_name:
            described["file_name"] = upload_name.decode()
        if field_name == "photo":
            content: dict[str, Any] = {"photo": [{**described, "width": 800, "height": 600}]}
        else:
            content = {field_name: described}
        if caption:
            content["caption"] = caption
        content["uploaded_bytes"] = data
        return {k: v for k, v in self._bot_message(chat_id, content, params).items() if k != "uploaded_bytes"}

    async def api_sendDocument(self, params: dict[str, Any], uploads: dict[str, bytes]) -> dict[str, Any]:
        return await self._send_file(params, uploads, "document")

    async def api_sendPhoto(self, params: dict[str, Any], uploads: dict[str, bytes]) -> dict[str, Any]:
        return await self._send_file(params, uploads, "photo")

    async def api_sendVoice(self, params: dict[str, Any], uploads: dict[str, bytes]) -> dict[str, Any]:
        return await self._send_file(params, uploads, "voice")

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.path == path:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.Response(status=404)
