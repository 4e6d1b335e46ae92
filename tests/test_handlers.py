"""Handlers through the real Dispatcher (feed_update), with the bot talking to the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiogram.types import Update

from bot.app import Application, build, run_reminders
from bot.config import Settings
from bot.services import people
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.scenario import PASSPHRASE


@pytest.fixture
async def app(settings: Settings, clock) -> AsyncIterator[Application]:
    application = await build(settings, clock=clock)
    await application.dispatcher.emit_startup(bot=application.bot, dispatcher=application.dispatcher)
    await run_reminders(application.ctx)  # what the scheduler does at start: the plan's occurrences
    yield application
    await application.dispatcher.emit_shutdown(bot=application.bot, dispatcher=application.dispatcher)
    await application.bot.session.close()
    await application.ctx.engine.dispose()


class Chat:
    """One user talking to the dispatcher; each action returns what the bot sent in reply."""

    def __init__(self, fake: FakeTelegram, app: Application, user: FakeUser) -> None:
        self.fake, self.app, self.user = fake, app, user

    async def _feed(self) -> list[dict[str, Any]]:
        mark = len(self.fake.bot_sent)
        update = Update.model_validate(self.fake.last_update, context={"bot": self.app.bot})
        await self.app.dispatcher.feed_update(self.app.bot, update)
        return self.fake.bot_sent[mark:]

    async def send(self, text: str) -> list[dict[str, Any]]:
        self.user.send(text)
        return await self._feed()

    async def do(self, action) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
        action()
        return await self._feed()

    async def press(self, message: dict[str, Any], label: str) -> list[dict[str, Any]]:
        self.user.press_button(message, label)
        return await self._feed()

    async def press_data(self, data: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        answers = len(self.fake.callback_answers)
        self.user.press({"message_id": 1, "date": 0, "chat": self.user.chat(), "text": "old"}, data)
        sent = await self._feed()
        assert len(self.fake.callback_answers) == answers + 1, "every callback must be answered"
        return sent, self.fake.callback_answers[-1]


def texts(sent: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in sent)


async def enrol_officer(fake: FakeTelegram, app: Application, role: str = "officer") -> Chat:
    officer = Chat(fake, app, fake.new_user("Officer", language_code="en"))
    async with app.ctx.sessions() as db:
        token = await people.create_invite(db, org_id=app.ctx.org_id, role=role, now=app.ctx.clock.now(),
                                           ttl=timedelta(hours=1))
    await officer.send(f"/start {token}")
    sent = await officer.send(PASSPHRASE)
    assert "recovery key" in texts(sent)
    return officer


async def english_reporter(fake: FakeTelegram, app: Application) -> Chat:
    reporter = Chat(fake, app, fake.new_user("Reporter", language_code="en"))
    return reporter


async def start_draft(reporter: Chat) -> list[dict[str, Any]]:
    menu = await reporter.send("/report")
    return await reporter.press(menu[-1], "Bribery")


# --- the tests ------------------------------------------------------------------------------------


async def test_group_chat_is_refused_with_a_reason(fake_tg: FakeTelegram, app: Application) -> None:
    user = fake_tg.new_user("Member")
    chat = Chat(fake_tg, app, user)
    sent = await chat.do(lambda: fake_tg.group_message(user, "/report"))
    assert "only take reports in a private chat" in texts(sent)
    assert await chat.do(lambda: fake_tg.group_message(user, "hello everyone")) == []


async def test_channel_closed_until_someone_enrols(fake_tg: FakeTelegram, app: Application) -> None:
    reporter = await english_reporter(fake_tg, app)
    assert "not open yet" in texts(await reporter.send("/report"))
    await enrol_officer(fake_tg, app)
    assert "What is the report about?" in texts(await reporter.send("/report"))


async def test_board_route_closed_while_no_board_member(fake_tg: FakeTelegram, app: Application) -> None:
    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    menu = await reporter.send("/report")
    # Only one route is open: the first screen has no switch to the Board; an old button is refused.
    assert "To the Board only" not in str(menu[-1]["reply_markup"])
    _, refused = await reporter.press_data("rep:board-only:")
    assert "No Board member has been enrolled" in refused["text"]


async def test_sticker_in_a_draft_gets_an_answer_and_the_draft_is_kept(fake_tg: FakeTelegram, app: Application) -> None:
    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    await start_draft(reporter)
    await reporter.send("first part of the description")
    sent = await reporter.do(reporter.user.send_sticker)
    assert "Please send text or a file" in texts(sent) and "draft is kept" in texts(sent)
    sent = await reporter.send("second part")
    assert "second part" not in texts(sent)
    assert f"{len('first part of the description') + len('second part')} of 20000" in texts(sent)


async def test_oversize_file_is_refused_and_the_draft_is_kept(fake_tg: FakeTelegram, app: Application) -> None:
    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    await start_draft(reporter)
    sent = await reporter.do(lambda: reporter.user.send_document(b"x", "huge.mp4", declared_size=25 * 1024 * 1024))
    assert "larger than 20 MB" in texts(sent)
    assert "1 of 20000" in texts(await reporter.send("x"))


async def test_text_over_the_total_limit_is_refused(fake_tg: FakeTelegram, app: Application) -> None:
    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    await start_draft(reporter)
    for _ in range(5):
        assert "characters" in texts(await reporter.send("a" * 4000))
    sent = await reporter.send("b" * 1000)
    assert "exceed the limit of 20000" in texts(sent) and "You have 0 left" in texts(sent)


async def test_start_in_the_middle_of_a_draft_offers_continue_or_discard(fake_tg: FakeTelegram, app: Application) -> None:
    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    await start_draft(reporter)
    await reporter.send("some text")
    sent = await reporter.send("/start")
    assert "unfinished report" in texts(sent)
    resumed = await reporter.press(sent[-1], "Continue")
    assert "Describe what happened" in texts(resumed)
    assert "9 of 20000" in texts(resumed) and "Done" in str(resumed[-1]["reply_markup"])  # what is there, and the way on
    sent = await reporter.send("/start")
    discarded = await reporter.press(sent[-1], "Discard")
    assert "Nothing was sent" in texts(discarded)


async def test_review_edit_and_cancel(fake_tg: FakeTelegram, app: Application) -> None:
    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    await start_draft(reporter)
    added = await reporter.send("first version <b>not html</b>")
    review = await reporter.press(added[-1], "Done")
    assert "&lt;b&gt;" in review[-1]["raw_text"]  # the reporter's text is escaped, never parsed as HTML
    menu = await reporter.press(review[-1], "Edit")
    how = await reporter.press(menu[-1], "Description")
    assert "Add to the description, or replace it" in texts(how)
    prompt = await reporter.press(how[-1], "Replace it")
    assert "Describe what happened" in texts(prompt)
    added = await reporter.send("second version")
    review = await reporter.press(added[-1], "Done")
    assert "second version" in texts(review) and "first version" not in texts(review)

    # Adding keeps what is there.
    how = await reporter.press((await reporter.press(review[-1], "Edit"))[-1], "Description")
    prompt = await reporter.press(how[-1], "Add to it")
    assert "Describe what happened" in texts(prompt) and "14 of 20000" in texts(prompt)
    review = await reporter.press((await reporter.send("third part"))[-1], "Done")
    assert "second version" in texts(review) and "third part" in texts(review)

    # An answer given to a detail, then regretted: "Clear it" leaves nothing behind.
    await reporter.press(review[-1], "When, where, who")
    where = await reporter.send("on Tuesday, in my room 214")
    who = await reporter.press(where[-1], "Skip")
    review = await reporter.press(who[-1], "Skip")
    assert "room 214" in texts(review)
    menu = await reporter.press(review[-1], "Edit")
    when = await reporter.press(menu[-1], "When / where")
    assert "keep the one you gave, or clear it" in texts(when)
    where = await reporter.press(when[-1], "Clear it")
    who = await reporter.press(where[-1], "Skip")
    review = await reporter.press(who[-1], "Skip")
    assert "room 214" not in texts(review)

    # Cancel asks first; keeping the draft keeps it whole.
    asked = await reporter.press(review[-1], "Cancel")
    assert "Discard this draft?" in texts(asked)
    kept = await reporter.press(asked[-1], "Continue")
    assert "third part" in texts(kept)
    asked = await reporter.press(kept[-1], "Cancel")
    cancelled = await reporter.press(asked[-1], "Discard")
    assert "Nothing was sent" in texts(cancelled)


async def test_forged_and_unknown_callbacks_are_answered(fake_tg: FakeTelegram, app: Application) -> None:
    reporter = await english_reporter(fake_tg, app)
    for data in ("case:open:AAAA-BBBB", "rep:cat:nonsense", "lang:xx", "💣", "rep:submit"):
        _, answer = await reporter.press_data(data)
        assert answer.get("text"), data


async def test_forged_case_id_from_an_officer_reveals_nothing(fake_tg: FakeTelegram, app: Application) -> None:
    officer = await enrol_officer(fake_tg, app)
    _, answer = await officer.press_data("case:open:ZZZZ-ZZZZ")
    assert "Case not found, or you have no access" in answer["text"]


async def test_staff_commands_from_strangers_look_unknown(fake_tg: FakeTelegram, app: Application) -> None:
    stranger = await english_reporter(fake_tg, app)
    unknown = texts(await stranger.send("/frobnicate"))
    assert "don't know that command" in unknown
    for command in ("/unlock", "/unlock my passphrase", "/cases", "/lock", "/recover"):
        assert texts(await stranger.send(command)) == unknown


async def test_invite_expired_or_used(fake_tg: FakeTelegram, app: Application, clock) -> None:
    async with app.ctx.sessions() as db:
        token = await people.create_invite(db, org_id=app.ctx.org_id, role="officer", now=clock.now(),
                                           ttl=timedelta(hours=1))
    first = Chat(fake_tg, app, fake_tg.new_user("A"))
    await first.send(f"/start {token}")
    passphrase_message = first.user.send(PASSPHRASE)
    await first._feed()
    assert (first.user.id, passphrase_message["message_id"]) in fake_tg.deleted
    second = Chat(fake_tg, app, fake_tg.new_user("B"))
    assert "already been used" in texts(await second.send(f"/start {token}"))
    async with app.ctx.sessions() as db:
        token = await people.create_invite(db, org_id=app.ctx.org_id, role="officer", now=clock.now(),
                                           ttl=timedelta(hours=1))
    clock.advance(hours=2)
    assert "expired" in texts(await second.send(f"/start {token}"))
    assert "not valid" in texts(await second.send("/start inv_madeup"))


async def test_wrong_passphrase_and_lockout_messages(fake_tg: FakeTelegram, app: Application) -> None:
    officer = await enrol_officer(fake_tg, app)
    await officer.send("/lock")
    for _ in range(app.ctx.settings.security.unlock_free_attempts - 1):
        assert "Wrong passphrase" in texts(await officer.send("/unlock not my passphrase"))
    assert "Wrong passphrase" in texts(await officer.send("/unlock not my passphrase"))
    assert "blocked for 1 min" in texts(await officer.send(f"/unlock {PASSPHRASE}"))
    officer.app.ctx.clock.advance(minutes=2)
    sent = texts(await officer.send(f"/unlock {PASSPHRASE}"))
    assert "Unlocked" in sent and "5 failed unlock attempts" in sent


async def test_language_choice_lives_in_the_conversation_only(fake_tg: FakeTelegram, app: Application) -> None:
    user = fake_tg.new_user("Reporter", language_code="en")
    chat = Chat(fake_tg, app, user)
    menu = await chat.send("/start")  # Telegram speaks English for them: straight to the menu
    assert "What would you like to do?" in texts(menu)
    picker = await chat.press(menu[-1], "Language")
    sent = await chat.press(picker[-1], "Русский")
    assert "Что вы хотите сделать?" in texts(sent)
    assert "Я не знаю такой команды" in texts(await chat.send("/nothing"))
    await chat.send("/cancel")  # clearing a draft keeps the language
    assert "Я не знаю такой команды" in texts(await chat.send("/nothing"))

    # No row anywhere: not the id, not an HMAC of it, not a time.
    from sqlalchemy import inspect, text

    async with app.ctx.sessions() as db:
        tables = await db.run_sync(lambda s: inspect(s.connection()).get_table_names())
        assert "user_preferences" not in tables
        staff = (await db.execute(text("SELECT COUNT(*) FROM people"))).scalar()
    assert staff == 0

    # After the conversation's idle time, Telegram's language is used again.
    app.ctx.clock.advance(hours=app.ctx.settings.reports.draft_idle_hours, minutes=1)
    assert "I don't know that command" in texts(await chat.send("/nothing"))


async def test_submit_after_restart_says_the_draft_expired(fake_tg: FakeTelegram, app: Application) -> None:
    reporter = await english_reporter(fake_tg, app)
    _, answer = await reporter.press_data("rep:submit")
    assert "expired" in answer["text"] or "no longer valid" in answer["text"]
    sent = await reporter.send("some words typed into a forgotten draft")
    # Said plainly, and the words are not lost: they can begin a new report.
    assert "if you were writing one earlier, it was not kept" in texts(sent) and "Start a new" in texts(sent)


async def test_command_menus_are_set_per_language_and_role(fake_tg: FakeTelegram, app: Application) -> None:
    from bot.menus import set_all_commands

    officer = await enrol_officer(fake_tg, app)
    await set_all_commands(app.bot, app.ctx)
    scopes = {key: [c["command"] for c in commands] for key, commands in fake_tg.commands.items()}
    assert any('"kk"' in key and "report" in names for key, names in scopes.items())
    assert any('"ru"' in key for key in scopes)
    officer_scope = [names for key, names in scopes.items() if str(officer.user.id) in key]
    assert officer_scope and "unlock" in officer_scope[0] and "report" not in officer_scope[0]


async def test_operator_is_warned_at_start_while_a_route_has_no_reader(
    fake_tg: FakeTelegram, app: Application, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.app import warn_if_channel_closed

    with caplog.at_level("WARNING", logger="bot.app"):
        assert await warn_if_channel_closed(app.ctx) == set()
    assert "no officer enrolled" in caplog.text and "no board enrolled" in caplog.text
    await enrol_officer(fake_tg, app)
    caplog.clear()
    with caplog.at_level("WARNING", logger="bot.app"):
        assert await warn_if_channel_closed(app.ctx) == {"officers"}
    assert "no officer enrolled" not in caplog.text and "no board enrolled" in caplog.text


async def test_a_command_typed_at_the_passphrase_prompt_is_not_taken_as_the_passphrase(
    fake_tg: FakeTelegram, app: Application, clock
) -> None:
    async with app.ctx.sessions() as db:
        token = await people.create_invite(db, org_id=app.ctx.org_id, role="officer", now=clock.now(),
                                           ttl=timedelta(hours=1))
    newcomer = Chat(fake_tg, app, fake_tg.new_user("New"))
    await newcomer.send(f"/start {token}")
    assert "don't know that command" in texts(await newcomer.send("/whatever"))
    assert "recovery key" in texts(await newcomer.send(PASSPHRASE))


async def test_an_update_delivered_twice_has_no_second_effect(fake_tg: FakeTelegram, app: Application) -> None:
    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    await reporter.send("/report")
    duplicate = dict(fake_tg.last_update)
    mark = len(fake_tg.bot_sent)
    await app.dispatcher.feed_update(app.bot, Update.model_validate(duplicate, context={"bot": app.bot}))
    assert fake_tg.bot_sent[mark:] == []  # the retry was dropped: no second "What is the report about?"


async def test_names_with_html_characters_do_not_break_messages(fake_tg: FakeTelegram, db_url: str, clock) -> None:
    """Messages are sent as HTML: an organization called "R&D <Institute>" and an imported plan item
    with "<" in its title must still be accepted by the Bot API (the fake refuses malformed HTML)."""
    from tests.conftest import make_settings

    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url, organization={"name": "R&D <Institute>"},
                             outbox={"per_chat_per_second": 1000, "global_per_second": 1000})
    application = await build(settings, clock=clock)
    await application.dispatcher.emit_startup(bot=application.bot, dispatcher=application.dispatcher)
    try:
        officer = await enrol_officer(fake_tg, application)
        await officer.do(lambda: officer.user.send_document(
            b"code,title,responsible,evidence,rule\nx-1,Salaries < 100k & bonuses,HR,Payroll,monthly\n",
            "plan.csv", "text/csv"))
        reporter = await english_reporter(fake_tg, application)
        reporter.app = application
        await start_draft(reporter)
        added = await reporter.send("text")
        review = await reporter.press(added[-1], "Done")
        await reporter.press(review[-1], "Submit")
        from bot.app import run_reminders
        from bot.sender import OutboxSender

        clock.advance(days=4)  # the monthly item falls due on the 30th
        await run_reminders(application.ctx)
        sender = OutboxSender(application.ctx, application.bot)
        for _ in range(3):
            await sender.drain_once()
        received = [m["text"] for m in fake_tg.sent_to(officer.user.id)]
        assert any("R&D <Institute>" in text and "New report" in text for text in received)
        assert any("Salaries < 100k & bonuses" in text for text in received)
    finally:
        await application.dispatcher.emit_shutdown(bot=application.bot, dispatcher=application.dispatcher)
        await application.bot.session.close()
        await application.ctx.engine.dispose()


async def test_files_are_checked_on_arrival_and_the_reporter_decides_what_cannot_be_cleaned(
        fake_tg: FakeTelegram, app: Application) -> None:
    import io

    from PIL import Image
    from sqlalchemy import select

    from storage.models import CaseItem

    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    await start_draft(reporter)
    exif = Image.Exif()
    exif[0x0110] = "CanaryCam"
    exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 14.0, 22.5)})
    photo = io.BytesIO()
    Image.new("RGB", (30, 30), "red").save(photo, format="JPEG", exif=exif.tobytes())

    told = await reporter.do(lambda: reporter.user.send_document(photo.getvalue(), "Aigerim_at_home.jpg",
                                                                 mime_type="image/jpeg"))
    assert "attachment-1.jpg" in texts(told) and "location (GPS)" in texts(told)
    assert "camera make, model and serial number" in texts(told)
    _, kept = await reporter.press_data("att:keep-name:0")
    assert "Aigerim_at_home.jpg" in kept["text"] and kept["show_alert"]
    _, forged = await reporter.press_data("att:keep-name:7")
    assert "no longer valid" in forged["text"]

    first = await reporter.do(lambda: reporter.user.send_document(b"\x00\x01 not a known format", "data.bin"))
    assert "cannot check this file" in texts(first)
    # A second one arrives before the first question is answered: each keeps its own question.
    second = await reporter.do(lambda: reporter.user.send_document(b"\x00\x02 another one", "scan.xyz"))
    left = await reporter.press(first[-1], "Leave it out")
    assert "left out" in texts(left)
    _, stale = await reporter.press_data("att:as-is:1")  # the first question was answered already
    assert "no longer valid" in stale["text"]
    attached = await reporter.press(second[-1], "Attach as it is")
    assert "attachment-2.xyz" in texts(attached)
    added = await reporter.send("What the photo shows, in words")
    review = await reporter.press(added[-1], "Done")
    assert "Please check your report" in texts(review)
    assert "has been received" in texts(await reporter.press(review[-1], "Submit"))

    async with app.ctx.sessions() as db:
        assert len((await db.scalars(select(CaseItem).where(CaseItem.kind == "attachment"))).all()) == 2


async def test_a_passphrase_typed_where_nobody_handles_it_is_deleted(fake_tg: FakeTelegram, app: Application) -> None:
    member = fake_tg.new_user("Member")
    chat = Chat(fake_tg, app, member)
    in_group = await chat.do(lambda: fake_tg.group_message(member, "/unlock my secret passphrase words"))
    group_message = fake_tg.updates[-1]["message"]
    assert (group_message["chat"]["id"], group_message["message_id"]) in fake_tg.deleted
    assert "deleted that message" in texts(in_group)
    stranger = Chat(fake_tg, app, fake_tg.new_user("Not staff", language_code="en"))
    answer = await stranger.send("/unlock another secret passphrase")
    assert (stranger.user.id, fake_tg.updates[-1]["message"]["message_id"]) in fake_tg.deleted
    assert "I don't know that command" in texts(answer)


async def test_what_shows_a_reporter_their_case_leaves_the_chat_by_itself(fake_tg: FakeTelegram,
                                                                           app: Application) -> None:
    import re as regex

    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    await start_draft(reporter)
    typed = await reporter.send("the report as typed")
    review = await reporter.press(typed[-1], "Done")
    received = [m for m in await reporter.press(review[-1], "Submit") if "has been received" in m.get("text", "")][0]
    assert "will be deleted in 30 min" in received["text"]
    receipt = regex.search(r"receipt: ([0-9A-Z-]{19})", received["text"]).group(1)
    await reporter.send("/check")
    view = await reporter.send(receipt)
    assert "leave this chat in 30 min" in texts(view)
    expiry = app.ctx.expiry
    assert len(expiry) >= 3 and await expiry.delete_due(app.bot) == 0  # not yet
    app.ctx.clock.advance(minutes=31)
    deleted_before = len(fake_tg.deleted)
    assert await expiry.delete_due(app.bot) >= 3
    gone = set(fake_tg.deleted[deleted_before:])
    assert (reporter.user.id, received["message_id"]) in gone
    assert all((reporter.user.id, m["message_id"]) in gone for m in view)
    assert len(expiry) == 0


async def test_a_text_only_report_takes_six_interactions(fake_tg: FakeTelegram, app: Application) -> None:
    """From /start to the receipt: /start, the menu's button, the category, the text, Done,
    Submit — with both routes open. Counted as the updates the reporter sent."""
    await enrol_officer(fake_tg, app)
    await enrol_officer(fake_tg, app, role="board")
    reporter = await english_reporter(fake_tg, app)
    first_update = len(fake_tg.updates)
    menu = await reporter.send("/start")
    categories = await reporter.press(menu[-1], "File an anonymous report")
    assert "To the Board only" in str(categories[-1]["reply_markup"])  # the route is on the same screen
    prompt = await reporter.press(categories[-1], "Bribery")
    assert "Describe what happened" in texts(prompt)
    added = await reporter.send("the bursar asked for a bribe")
    review = await reporter.press(added[-1], "Done")
    assert "compliance officers" in texts(review) and "When, where, who" in str(review[-1]["reply_markup"])
    received = await reporter.press(review[-1], "Submit")
    assert "has been received" in texts(received)
    mine = [u for u in fake_tg.updates[first_update:]
            if (u.get("message") or u.get("callback_query", {})).get("from", {}).get("id") == reporter.user.id]
    assert len(mine) == 6


async def test_the_board_switch_on_the_first_screen(fake_tg: FakeTelegram, app: Application) -> None:
    await enrol_officer(fake_tg, app)
    await enrol_officer(fake_tg, app, role="board")
    reporter = await english_reporter(fake_tg, app)
    categories = await reporter.send("/report")
    await reporter.press(categories[-1], "To the Board only")
    screen = fake_tg.messages[reporter.user.id][categories[-1]["message_id"]]  # edited in place
    assert "☑ To the Board only" in str(screen["reply_markup"]) and "no officer can read it" in screen["text"]
    await reporter.press(screen, "Bribery")
    review = await reporter.press((await reporter.send("about the compliance head"))[-1], "Done")
    assert "Board of Directors only" in texts(review)


async def test_a_first_message_becomes_a_report_in_five_interactions(fake_tg: FakeTelegram, app: Application) -> None:
    await enrol_officer(fake_tg, app)
    reporter = await english_reporter(fake_tg, app)
    offer = await reporter.send("my manager sells exam grades")
    categories = await reporter.press(offer[-1], "Yes")
    text_step = await reporter.press(categories[-1], "Bribery")
    assert "28 of 20000" in texts(text_step)  # the message is the description already
    review = await reporter.press(text_step[-1], "Done")
    assert "my manager sells exam grades" in texts(review)
    assert "has been received" in texts(await reporter.press(review[-1], "Submit"))
