"""Privacy canaries: after a full journey, neither the database files nor the logs contain
the report, the attachment bytes, the reporter's Telegram id (decimal or hex), username, name
or phone, nor any secret typed into the chat."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import RunningBot, make_settings, redis_contents
from tests.fake_telegram import FakeTelegram
from tests.canaries import database_files, needles_for, scan
from tests.scenario import PASSPHRASE, choose_english, enrol, file_report, has, step

REPORTER_ID = 987654321
CANARIES_TEXT = {
    "report": "CANARY-TEXT-5d1e the rector takes 300000 tenge for dormitory places",
    "when": "CANARY-WHEN-a1b2 last Tuesday",
    "where": "CANARY-WHERE-c3d4 room 214",
    "who": "CANARY-WHO-e5f6 deputy rector",
    "username": "canary_reporter_username",
    "first_name": "CanaryFirstName",
    "phone": "+77010009988",
}
ATTACHMENT = b"CANARY-BYTES-7a8b" + bytes(range(256)) * 8


async def test_no_identifier_or_content_reaches_database_or_logs(
    fake_tg: FakeTelegram, tmp_path: Path, log_stream: io.StringIO, caplog: pytest.LogCaptureFixture,
    shared_state: dict[str, str] | None,
) -> None:
    data_dir = tmp_path / "data"
    redis = shared_state
    settings = make_settings(fake_tg.base_url, fake_tg.token, f"sqlite+aiosqlite:///{data_dir / 'adal.db'}",
                             **({"redis": redis} if redis else {}))
    officer = fake_tg.new_user("Officer")
    reporter = fake_tg.new_user(CANARIES_TEXT["first_name"], username=CANARIES_TEXT["username"],
                                language_code="en", user_id=REPORTER_ID)
    async with RunningBot(settings):
        recovery = await enrol(fake_tg, settings, officer)
        await choose_english(fake_tg, reporter)
        # A contact (phone number) sent into a draft must be refused, not stored.
        menu = await step(fake_tg, reporter, lambda: reporter.send("/report"), "What is the report about?")
        await step(fake_tg, reporter, lambda: reporter.press_button(menu, "Bribery"), "Describe what happened")
        contact = {"contact": {"phone_number": CANARIES_TEXT["phone"], "first_name": CANARIES_TEXT["first_name"],
                               "user_id": REPORTER_ID}}
        await step(fake_tg, reporter, lambda: fake_tg.user_message(reporter, contact), "Please send text or a file")
        await step(fake_tg, reporter, lambda: reporter.send(CANARIES_TEXT["report"]), "characters")
        if redis:  # the draft lives in this process's memory, not in Redis, not even sealed
            assert await redis_contents(redis) == b"", "Redis holds something of a draft"
        asked = await step(fake_tg, reporter, lambda: reporter.send("/cancel"), "Discard this draft?")
        await step(fake_tg, reporter, lambda: reporter.press_button(asked, "Discard"), "Nothing was sent")

        public_id, receipt = await file_report(
            fake_tg, reporter, CANARIES_TEXT["report"], files=[(ATTACHMENT, "scan.pdf")],
            details=(CANARIES_TEXT["when"], CANARIES_TEXT["where"], CANARIES_TEXT["who"]),
        )
        alert = await fake_tg.wait_for_message(officer.id, has("New report"))
        await step(fake_tg, officer, lambda: officer.send(f"/unlock {PASSPHRASE}"), "Unlocked")
        mark = len(fake_tg.bot_sent)
        officer.press_button(alert, "Open case")
        await fake_tg.wait_for_message(officer.id, has(CANARIES_TEXT["report"]), after=mark)
        await fake_tg.wait_for_message(officer.id, lambda m: m.get("document", {}) and m.get("uploaded_bytes") == ATTACHMENT, after=mark)

        # While running: the live database file and its WAL.
        needles = needles_for(REPORTER_ID, CANARIES_TEXT, ATTACHMENT, receipt, [PASSPHRASE, recovery])
        for path in database_files(data_dir):
            assert scan(path.read_bytes(), needles) == [], f"{path.name} leaks while running"
        if redis:  # the officer's unlocked key stays in memory: Redis holds nothing of anyone
            assert scan(await redis_contents(redis), needles) == [], "Redis leaks while running"
            assert await redis_contents(redis) == b"", "Redis holds a session"

    # What officers are shown never names the reporter.
    for message in fake_tg.sent_to(officer.id):
        shown = message.get("raw_text", message.get("text", ""))
        assert str(REPORTER_ID) not in shown and CANARIES_TEXT["username"] not in shown
        assert CANARIES_TEXT["first_name"] not in shown

    needles = needles_for(REPORTER_ID, CANARIES_TEXT, ATTACHMENT, receipt, [PASSPHRASE, recovery])
    files = database_files(data_dir)
    assert any(p.name == "adal.db" for p in files)
    for path in files:
        assert scan(path.read_bytes(), needles) == [], f"{path.name} leaks after shutdown"

    formatted = log_stream.getvalue().encode()
    assert formatted, "the journey should have produced some log lines"
    assert scan(formatted, needles) == []
    raw = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records).encode()
    assert scan(raw, needles) == []


def test_the_log_redactor_masks_ids_wherever_they_stand() -> None:
    import logging

    from bot.logs import setup_logging

    stream = io.StringIO()
    handler = setup_logging("INFO", stream)
    try:
        log = logging.getLogger("adal.test")
        for line in (f"user {REPORTER_ID}", f"id={REPORTER_ID}", f"user{REPORTER_ID}", f"photo_{REPORTER_ID}.jpg",
                     f"chat:-100{REPORTER_ID}", f"{REPORTER_ID}abc"):
            log.info(line)
        try:
            raise ValueError(f"from {REPORTER_ID}")
        except ValueError:
            log.exception("failed")
    finally:
        logging.getLogger().removeHandler(handler)
    written = stream.getvalue()
    assert str(REPORTER_ID) not in written and "987654" not in written
    assert written.count("<n>") >= 7
