"""Steps of a user journey over the fake Bot API, shared by end-to-end tests."""

from __future__ import annotations

import re
from typing import Any

from bot.cli import _invite
from bot.config import Settings
from tests.fake_telegram import FakeTelegram, FakeUser

PASSPHRASE = "correct horse battery staple"


async def invite_token(settings: Settings, role: str, org: str | None = None) -> str:
    ok, printed = await _invite(settings, role, org)
    assert ok, printed
    match = re.search(r"/start (inv_[A-Za-z0-9_-]+)", printed)
    assert match, printed
    return match.group(1)


def has(text: str) -> Any:
    return lambda message: text in message.get("text", "")


async def enrol(fake: FakeTelegram, settings: Settings, user: FakeUser, role: str = "officer",
                passphrase: str = PASSPHRASE, org: str | None = None) -> str:
    """Open an invite (of the home organization, or `org`'s), set the passphrase; returns the
    recovery key shown once."""
    token = await invite_token(settings, role, org)
    mark = len(fake.bot_sent)
    user.send(f"/start {token}")
    await fake.wait_for_message(user.id, has("passphrase"), after=mark)
    mark = len(fake.bot_sent)
    user.send(passphrase)
    shown = await fake.wait_for_message(user.id, has("recovery key"), after=mark)
    return re.search(r"recovery key: ([0-9A-Z-]+)", shown["text"]).group(1)


async def choose_english(fake: FakeTelegram, user: FakeUser) -> None:
    """/start; a user whose Telegram speaks English lands on the menu, anyone else picks English."""
    mark = len(fake.bot_sent)
    user.send("/start")
    first = await fake.wait_for_message(user.id, lambda m: "reply_markup" in m, after=mark)
    if "What would you like to do?" in first.get("text", ""):
        return
    mark = len(fake.bot_sent)
    user.press_button(first, "English")
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
    """Walk the report flow up to its review screen (the details and files, if any, added from
    there); returns that screen. `route`: "Compliance officers" or "Board"."""
    menu = await step(fake, user, lambda: user.send("/report"), "What is the report about?")
    if route == "Board":
        await switch_to_board(fake, user, menu)
    await step(fake, user, lambda: user.press_button(menu, "Bribery"), "Describe what happened")
    added = await step(fake, user, lambda: user.send(text), "characters")
    review = await step(fake, user, lambda: user.press_button(added, "Done"), "Please check your report")
    if details:
        await step(fake, user, lambda: user.press_button(review, "When, where, who"), "When did it happen?")
        await step(fake, user, lambda: user.send(details[0]), "Where did it happen?")
        await step(fake, user, lambda: user.send(details[1]), "Who was involved?")
        review = await step(fake, user, lambda: user.send(details[2]), "Please check your report")
    if files:
        last = await step(fake, user, lambda: user.press_button(review, "Files"), "Attach photos")
        for data, name in files:
            last = await attach_file(fake, user, data, name)
        review = await step(fake, user, lambda: user.press_button(last, "Done"), "Please check your report")
    return review


async def switch_to_board(fake: FakeTelegram, user: FakeUser, menu: dict[str, Any]) -> None:
    """The first screen's switch to the Board only; the screen is edited in place."""
    answers = len(fake.callback_answers)
    user.press_button(menu, "To the Board only")
    await fake.wait_until(lambda: len(fake.callback_answers) > answers)
    assert "☑" in str(menu.get("reply_markup")), "the switch did not turn on"


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
