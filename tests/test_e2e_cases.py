"""Case handling end to end over the fake Bot API: report → acknowledge → reply → the reporter
reads it with /check and answers with a file → the officer sees it → escalate → a Board member
reads the case → close. Then the privacy canaries, notification opt-in included."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.canaries import database_files, needles_for, scan
from tests.conftest import AUDIT_KEY, RunningBot, make_settings
from tests.fake_telegram import FakeTelegram
from tests.scenario import attach_file, PASSPHRASE, choose_english, enrol, file_report, has, step

REPORTER_ID = 987000123
TEXTS = {
    "report": "CANARY-J-REPORT the bursar resells laboratory equipment",
    "followup": "CANARY-J-FOLLOWUP the invoices are in the second drawer",
    "username": "journey_reporter_handle",
    "first_name": "JourneyFirstName",
}
ATTACHMENT = b"CANARY-J-FILE-1" + bytes(range(256)) * 4
FOLLOWUP_FILE = b"CANARY-J-FILE-2 scanned invoice" + bytes(range(200))
NOTIFICATION_KEY = "notification-secret-for-tests-0123456789abcdef"


async def open_card(fake: FakeTelegram, person, alert: dict) -> dict:  # type: ignore[no-untyped-def]
    mark = len(fake.bot_sent)
    person.press_button(alert, "Open case")
    return await fake.wait_for_message(person.id, lambda m: "Acknowledge by" in m.get("text", "") and "reply_markup" in m,
                                       after=mark)


async def test_full_case_journey(fake_tg: FakeTelegram, tmp_path: Path, log_stream: io.StringIO,
                                 caplog: pytest.LogCaptureFixture) -> None:
    data_dir = tmp_path / "data"
    settings = make_settings(fake_tg.base_url, fake_tg.token, f"sqlite+aiosqlite:///{data_dir / 'adal.db'}",
                             security={"notification_key": NOTIFICATION_KEY})
    officer = fake_tg.new_user("Aigerim Officer")
    board = fake_tg.new_user("Board Member")
    reporter = fake_tg.new_user(TEXTS["first_name"], username=TEXTS["username"], user_id=REPORTER_ID)
    async with RunningBot(settings):
        recovery = await enrol(fake_tg, settings, officer)
        board_recovery = await enrol(fake_tg, settings, board, role="board", passphrase="board member passphrase")
        await choose_english(fake_tg, reporter)

        # 1. Report, and opt in to notifications.
        public_id, receipt = await file_report(fake_tg, reporter, TEXTS["report"], files=[(ATTACHMENT, "photo.pdf")])
        offer = await fake_tg.wait_for_message(reporter.id, has("Tell you when there is a reply?"))
        await step(fake_tg, reporter, lambda: reporter.press_button(offer, "Yes"), "short notice")

        # 2. Acknowledge.
        alert = await fake_tg.wait_for_message(officer.id, has("New report"))
        await step(fake_tg, officer, lambda: officer.send(f"/unlock {PASSPHRASE}"), "Unlocked")
        card = await open_card(fake_tg, officer, alert)
        await step(fake_tg, officer, lambda: officer.press_button(card, "Acknowledge"), "receipt acknowledged")
        await fake_tg.wait_for_message(reporter.id, has(f"There is news in case {public_id}"))

        # 3. Reply.
        prompt = await step(fake_tg, officer, lambda: officer.press_button(card, "Reply to reporter"), "Write your reply")
        assert public_id in prompt["text"]
        preview = await step(fake_tg, officer, lambda: officer.send("Thank you. Which year were the invoices issued?"),
                             "Preview")
        await step(fake_tg, officer, lambda: officer.press_button(preview, "Send"), "Reply sent")
        notices = lambda: [m for m in fake_tg.sent_to(reporter.id) if "There is news" in m["text"]]  # noqa: E731
        await fake_tg.wait_until(lambda: len(notices()) == 2)

        # 4. The reporter reads it with the receipt and answers with a file.
        await step(fake_tg, reporter, lambda: reporter.send("/check"), "Send your receipt")
        mark = len(fake_tg.bot_sent)
        typed = reporter.send(receipt.lower().replace("-", " "))
        view = await fake_tg.wait_for_message(reporter.id, has(f"Case {public_id}"), after=mark)
        assert (reporter.id, typed["message_id"]) in fake_tg.deleted
        assert "receipt acknowledged" in view["text"] and "Which year were the invoices issued?" in view["text"]
        assert "Aigerim" not in view["text"]  # the reporter is not told which officer answered
        write = await step(fake_tg, reporter, lambda: reporter.press_button(view, "Add a message"), "Write your message")
        added = await step(fake_tg, reporter, lambda: reporter.send(TEXTS["followup"]), "Added")
        added = await attach_file(fake_tg, reporter, FOLLOWUP_FILE, "invoice.pdf")  # not a real PDF: sent as is
        await step(fake_tg, reporter, lambda: reporter.press_button(added, "Submit"), "added to the case")
        assert write

        # 5. The officer sees the answer.
        followup_alert = await fake_tg.wait_for_message(officer.id, has("The reporter added a message"))
        mark = len(fake_tg.bot_sent)
        card = await open_card(fake_tg, officer, followup_alert)
        await fake_tg.wait_for_message(officer.id, has(TEXTS["followup"]), after=mark)
        await fake_tg.wait_for_message(officer.id, lambda m: m.get("uploaded_bytes") == FOLLOWUP_FILE, after=mark)

        # 6. Escalate to the Board; 7. a Board member reads the case.
        ask = await step(fake_tg, officer, lambda: officer.press_button(card, "Escalate"), "cannot be taken back")
        await step(fake_tg, officer, lambda: officer.press_button(ask, "Yes, escalate"), "has been escalated")
        board_alert = await fake_tg.wait_for_message(board.id, has("Case escalated to the Board"))
        await step(fake_tg, board, lambda: board.send("/unlock board member passphrase"), "Unlocked")
        mark = len(fake_tg.bot_sent)
        await open_card(fake_tg, board, board_alert)
        await fake_tg.wait_for_message(board.id, has(TEXTS["report"]), after=mark)

        # 8. Close with a comment.
        menu = await step(fake_tg, officer, lambda: officer.press_button(card, "Change status"), "New status")
        await step(fake_tg, officer, lambda: officer.press_button(menu, "closed: substantiated"), "closing comment")
        preview = await step(fake_tg, officer, lambda: officer.send("Referred to the anti-corruption agency."), "Preview")
        await step(fake_tg, officer, lambda: officer.press_button(preview, "Send"), "status changed")
        await fake_tg.wait_until(lambda: len(notices()) == 3)

        # Closed: the reporter's notification target is erased.
        from storage.db import create_engine, create_session_factory
        from storage.models import Mailbox

        engine = create_engine(settings.storage.url)
        async with create_session_factory(engine, audit_key=AUDIT_KEY)() as db:
            assert await db.scalar(select(Mailbox.notify_sealed)) is None
        await engine.dispose()

        # The audit trail from the card names actions, never content.
        trail = await step(fake_tg, officer, lambda: officer.press_button(card, "Audit trail"), "Audit trail of case")
        for action in ("case created", "acknowledged", "replied", "escalated to the Board", "status changed",
                       "reporter added a message"):
            assert action in trail["text"]

        needles = needles_for(REPORTER_ID, TEXTS, ATTACHMENT, receipt, [PASSPHRASE, recovery, board_recovery])
        needles["followup-file"] = FOLLOWUP_FILE[:40]
        for path in database_files(data_dir):
            assert scan(path.read_bytes(), needles) == [], f"{path.name} leaks while running"

    from bot.cli import _audit_verify

    ok, line = await _audit_verify(settings, None)
    assert ok, line
    for path in database_files(data_dir):
        assert scan(path.read_bytes(), needles) == [], f"{path.name} leaks after shutdown"
    assert scan(log_stream.getvalue().encode(), needles) == []
    raw = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records).encode()
    assert scan(raw, needles) == []
    for message in fake_tg.sent_to(officer.id) + fake_tg.sent_to(board.id):
        shown = message.get("raw_text", message.get("text", ""))
        assert str(REPORTER_ID) not in shown and TEXTS["username"] not in shown and TEXTS["first_name"] not in shown
