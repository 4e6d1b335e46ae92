"""Steps of a user journey over the fake Bot API, shared by end-to-end tests."""

from __future__ import annotations

import re
from typing import Any

from bot.cli import _invite
from bot.config import Settings
from tests.fake_telegram import FakeTelegram, FakeUser

PASSPHRASE = "correct horse battery staple"


async def invite_token(settings: Settings, role: str) -> str:
    printed = await _invite(settings, role)
    match = re.search(r"/start (inv_[A-Za-z0-9_-]+)", printed)
    assert match, printed
    return match.group(1)


def has(text: str) -> Any:
    return lambda message: text in message.get("text", "")


async def enrol(fake: FakeTelegram, settings: Settings, user: FakeUser, role: str = "officer",
                passphrase: str = PASSPHRASE) -> str:
    """Open an invite, set the passphrase; returns the recovery key shown once."""
    token = await invite_token(settings, role)
    mark = len(fake.bot_sent)
    user.send(f"/start {token}")
    await fake.wait_for_message(user.id, has("passphrase"), after=mark)
    mark = len(fake.bot_sent)
    user.send(passphrase)
    shown = await fake.wait_for_message(user.id, has("recovery key"), after=mark)
    return re.search(r"recovery key: ([0-9A-Z-]+)", shown["text"]).group(1)


async def choose_english(fake: FakeTelegram, user: FakeUser) -> None:
    mark = len(fake.bot_sent)
    user.send("/start")
    picker = await fake.wait_for_message(user.id, lambda m: "reply_markup" in m, after=mark)
    mark = len(fake.bot_sent)
    user.press_button(picker, "English")
    await fake.wait_for_message(user.id, has("What would you like to do?"), after=mark)


async def step(fake: FakeTelegram, user: FakeUser, action: Any, expect: str) -> dict[str, Any]:
    """Do something as the user, then wait for the bot's answer containing `expect`."""
    mark = len(fake.bot_sent)
    action()
    return await fake.wait_for_message(user.id, has(expect), after=mark)


async def attach_file(fake: FakeTelegram, user: FakeUser, data: bytes, name: str) -> dict[str, Any]:
    """Send a document into a draft; a file that cannot be cleaned is attached as it is."""
    mark = len(fake.bot_sent)
    user.send_document(data, name)
    answer = await fake.wait_for_message(
        user.id, lambda m: any(t in m.get("text", "") for t in ("will be sent", "cannot check")), after=mark)
    if "cannot check" in answer["text"]:
        answer = await step(fake, user, lambda: user.press_button(answer, "Attach as it is"), "will be sent as it is")
    return answer


async def reach_review(fake: FakeTelegram, user: FakeUser, text: str, *, route: str = "Compliance officers",
                       files: list[tuple[bytes, str]] = (), details: tuple[str, str, str] | None = None) -> dict[str, Any]:
    """Walk the report flow up to its review screen; returns that screen."""
    menu = await step(fake, user, lambda: user.send("/report"), "What is the report about?")
    routes = await step(fake, user, lambda: user.press_button(menu, "Bribery"), "Who should receive it?")
    await step(fake, user, lambda: user.press_button(routes, route), "Describe what happened")
    added = await step(fake, user, lambda: user.send(text), "characters")
    when = await step(fake, user, lambda: user.press_button(added, "Done"), "When did it happen?")
    if details:
        where = await step(fake, user, lambda: user.send(details[0]), "Where did it happen?")
        who = await step(fake, user, lambda: user.send(details[1]), "Who was involved?")
        files_prompt = await step(fake, user, lambda: user.send(details[2]), "Attach photos")
    else:
        where = await step(fake, user, lambda: user.press_button(when, "Skip"), "Where did it happen?")
        who = await step(fake, user, lambda: user.press_button(where, "Skip"), "Who was involved?")
        files_prompt = await step(fake, user, lambda: user.press_button(who, "Skip"), "Attach photos")
    last = files_prompt
    for data, name in files:
        last = await attach_file(fake, user, data, name)
    return await step(fake, user, lambda: user.press_button(last, "Done"), "Please check your report")


def receipt_of(received: dict[str, Any]) -> tuple[str, str]:
    """(public id, receipt) from the "has been received" screen."""
    public_id = re.search(r"Case number: ([0-9A-Z]{4}-[0-9A-Z]{4})", received["text"]).group(1)
    receipt = re.search(r"receipt: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})", received["text"]).group(1)
    return public_id, receipt


async def file_report(fake: FakeTelegram, user: FakeUser, text: str, *, route: str = "Compliance officers",
                      files: list[tuple[bytes, str]] = (), details: tuple[str, str, str] | None = None) -> tuple[str, str]:
    """Walk the whole report flow; returns (public id, receipt)."""
    review = await reach_review(fake, user, text, route=route, files=files, details=details)
    return receipt_of(await step(fake, user, lambda: user.press_button(review, "Submit"), "has been received"))
