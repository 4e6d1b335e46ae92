"""Webhook mode: setWebhook at start, the secret token (401 without it, and no effect),
updates handled once even when Telegram retries, and /healthz."""

from __future__ import annotations

import socket
import time

import aiohttp

from tests.conftest import TEST_SECRET, RunningBot, make_settings
from tests.fake_telegram import FakeTelegram

SECRET = "webhook-secret-for-tests_0123"
STATUS_TOKEN = "St4tus-Tok3n-for-th3-Tests_9f8e7d6c5b4a"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _update(update_id: int, user_id: int, text: str) -> dict:  # type: ignore[type-arg]
    user = {"id": user_id, "is_bot": False, "first_name": "Employee", "language_code": "en"}
    message = {"message_id": update_id, "date": int(time.time()), "chat": {"id": user_id, "type": "private"},
               "from": user, "text": text}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


async def test_webhook_mode(fake_tg: FakeTelegram, db_url: str) -> None:
    port = _free_port()
    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url,
                             telegram={"mode": "webhook", "webhook_url": "https://adal.example.org/tg/hook",
                                       "webhook_secret": SECRET, "listen_port": port},
                             security={"status_token": STATUS_TOKEN})
    user_id = 700123456
    fake_tg.known_chats.add(user_id)
    hook = f"http://127.0.0.1:{port}/tg/hook"
    async with RunningBot(settings), aiohttp.ClientSession() as http:
        registered = await fake_tg.wait_until(lambda: fake_tg.webhook)
        assert registered["secret_token"] == SECRET and registered["url"] == "https://adal.example.org/tg/hook"
        assert {"message", "callback_query"} <= set(registered["allowed_updates"])
        await fake_tg.wait_until(lambda: any(c[0] == "setWebhook" for c in fake_tg.calls))

        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with http.post(hook, json=_update(1, user_id, "/start"), headers=headers) as response:
                assert response.status == 401
        assert fake_tg.sent_to(user_id) == []  # refused requests had no effect

        good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with http.post(hook, json=_update(2, user_id, "/start"), headers=good) as response:
            assert response.status == 200
        answered = len(fake_tg.sent_to(user_id))
        assert answered >= 1  # handled before the 200: the answer is already out
        async with http.post(hook, json=_update(2, user_id, "/start"), headers=good) as response:
            assert response.status == 200  # Telegram's retry is acknowledged...
        assert len(fake_tg.sent_to(user_id)) == answered  # ...and has no second effect

        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
            health = await response.json()
        assert response.status == 200 and health["database"] == "ok" and health["outbox_backlog"] == 0
        assert health["status"] == "ok" and "sender" in health["loops"] and not health["loops"]["sender"]["stuck"]
        # Through a proxy (an outsider, as far as we can tell): up or down, no counts.
        async with http.get(f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-For": "203.0.113.7"}) as response:
            assert await response.json() == {"status": "ok"}
        token = {"Authorization": f"Bearer {STATUS_TOKEN}", "X-Forwarded-For": "203.0.113.7"}
        async with http.get(f"http://127.0.0.1:{port}/healthz", headers=token) as response:
            assert (await response.json())["outbox_backlog"] == 0


def test_webhook_mode_needs_an_https_url_and_a_secret() -> None:
    import pytest

    from bot.config import ConfigError

    with pytest.raises(ConfigError, match="webhook_url"):
        make_settings("http://x", "1:x", "sqlite+aiosqlite:///x.db", telegram={"mode": "webhook"})
    with pytest.raises(ConfigError, match="webhook_secret"):
        make_settings("http://x", "1:x", "sqlite+aiosqlite:///x.db",
                      telegram={"mode": "webhook", "webhook_url": "https://a.example/h"})


def test_config_example_loads_and_documents_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    import tomllib
    from pathlib import Path

    from bot.config import Settings, load_settings

    example = Path(__file__).resolve().parents[1] / "config.example.toml"
    monkeypatch.setenv("ADAL__TELEGRAM__TOKEN", "123456:example-token")
    monkeypatch.setenv("ADAL__SECURITY__SECRET_KEY", TEST_SECRET)
    load_settings(example)
    documented = tomllib.loads(example.read_text(encoding="utf-8"))
    for section, field in Settings.model_fields.items():
        keys = set(field.annotation.model_fields)
        assert keys <= set(documented.get(section, {})), f"[{section}] lacks {sorted(keys - set(documented[section]))}"


async def test_a_body_that_is_no_update_gets_400_and_leaves_no_content_in_the_log(
        fake_tg: FakeTelegram, db_url: str, log_stream, caplog) -> None:  # type: ignore[no-untyped-def]
    canary = "CANARY-WEBHOOK-7c1d the rector's nephew"
    port = _free_port()
    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url,
                             telegram={"mode": "webhook", "webhook_url": "https://adal.example.org/tg/hook",
                                       "webhook_secret": SECRET, "listen_port": port})
    hook, good = f"http://127.0.0.1:{port}/tg/hook", {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with RunningBot(settings), aiohttp.ClientSession() as http:
        await fake_tg.wait_until(lambda: fake_tg.webhook)
        wrong_type = _update(5, 700123999, canary)
        wrong_type["update_id"] = {"not": canary}
        bodies = [
            (("{" + canary).encode(), "application/json"),  # not JSON
            (__import__("json").dumps(wrong_type).encode(), "application/json"),  # JSON, not an update
            (canary.encode(), "text/plain"),  # not JSON at all
        ]
        for body, content_type in bodies:
            async with http.post(hook, data=body, headers={**good, "Content-Type": content_type}) as response:
                assert response.status == 400
        async with http.post(hook, json=_update(6, 700123999, "/start"), headers=good) as response:
            assert response.status == 200  # and the next real update is handled as ever
    logged = log_stream.getvalue() + "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "webhook body refused" in logged and canary not in logged and "nephew" not in logged
