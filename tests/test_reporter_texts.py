"""What the reporter is told (through the real Dispatcher): a caption counts toward the
description's limit and never takes it past it; the privacy note does not promise more than the
bot can keep."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.test_handlers import Chat, app, enrol_officer, start_draft, texts  # noqa: F401 - fixture
from tests.test_services import translate


async def test_a_caption_that_would_pass_the_limit_is_refused_and_the_file_kept(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    await enrol_officer(fake_tg, app)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    await start_draft(reporter)
    limit = app.ctx.settings.reports.max_text_chars
    for _ in range(limit // 4000):
        await reporter.send("x" * 4000)
    answered = texts(await reporter.do(lambda: reporter.user.send_document(
        b"%PDF-1.4 not really", "scan.bin", caption="c" * 215)))
    assert f"limit of {limit} characters (0 left)" in answered and "-215" not in answered
    data = await app.dispatcher.storage.get_data(key=_key(app, reporter))
    assert sum(len(p) for p in data["parts"]) == limit  # the description stays within its limit
    assert len(data.get("files", [])) + len(data.get("pending", {})) == 1  # and the file is not lost


def _key(app, chat: Chat):  # type: ignore[no-untyped-def]
    from aiogram.fsm.storage.base import StorageKey

    return StorageKey(bot_id=app.bot.id, chat_id=chat.user.id, user_id=chat.user.id)


def test_the_privacy_note_promises_only_what_it_keeps() -> None:
    for locale in ("kk", "ru", "en"):
        note = translate(locale, "privacy-note")
        assert "never see who you are" not in note and "никогда не узнают, кто вы" not in note
        assert "ешқашан білмейді" not in note
    assert "do not describe yourself" in translate("en", "privacy-note")
    assert "не описывайте себя" in translate("ru", "privacy-note")
    assert translate("kk", "category-bribery") == "Пара (алу, беру, делдалдық)"


async def test_a_first_message_offers_to_start_a_report_with_it(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    await enrol_officer(fake_tg, app)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    [offer] = await reporter.send("The dean asked for money to sign my diploma")
    assert "Start a new anonymous report with this message" in offer["text"]
    menu = await reporter.press(offer, "Yes, start a report")
    assert "Bribery" in str(menu[-1].get("reply_markup"))
    data = await app.dispatcher.storage.get_data(key=_key(app, reporter))
    assert data["parts"] == ["The dean asked for money to sign my diploma"] and data["trace"]

    other = Chat(fake_tg, app, fake_tg.new_user("Other", language_code="en"))
    [offer] = await other.send("hello?")
    assert "Nothing was sent" in texts(await other.press(offer, "No"))
    assert await app.dispatcher.storage.get_data(key=_key(app, other)) == {}
