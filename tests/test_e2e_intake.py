"""The intake journey end to end: the real polling loop over HTTP against the fake Bot API."""

from __future__ import annotations

import io

import pikepdf

from tests.conftest import RunningBot
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE, choose_english, enrol, file_report, has, step

REPORT_TEXT = "CANARY-REPORT-7f3a: the dean asked for 500000 tenge to pass the exam"
AUTHOR = "CANARY-AUTHOR Aigerim Nurlanovna"


def _evidence_pdf() -> bytes:
    """A real PDF as a reporter's office would make it: the author's name in its metadata."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(300, 300))
    pdf.docinfo["/Author"] = AUTHOR
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


FILE_BYTES = _evidence_pdf()


async def test_invite_report_alert_unlock_view(fake_tg: FakeTelegram, settings) -> None:
    officer = fake_tg.new_user("Officer", username="officer_aigerim")
    reporter = fake_tg.new_user("Reporter", username="secret_reporter_name", language_code="en")
    async with RunningBot(settings):
        await enrol(fake_tg, settings, officer)
        await choose_english(fake_tg, reporter)
        public_id, receipt = await file_report(fake_tg, reporter, REPORT_TEXT,
                                               files=[(FILE_BYTES, "Nurlanovna complaint.pdf")])
        told = [m["text"] for m in fake_tg.sent_to(reporter.id) if "will be sent as" in m.get("text", "")]
        assert "attachment-1.pdf" in told[0] and "document information" in told[0]

        # The reporter wipes the report's messages from their chat (someone may pick up the phone).
        receipt_message = await fake_tg.wait_for_message(reporter.id, has("has been received"))
        own = [u["message"]["message_id"] for u in fake_tg.updates
               if u.get("message", {}).get("chat", {}).get("id") == reporter.id
               and (u["message"].get("text") == REPORT_TEXT or "document" in u["message"])]
        assert len(own) == 2
        answers = len(fake_tg.callback_answers)
        reporter.press_button(receipt_message, "Delete my report")
        await fake_tg.wait_until(lambda: len(fake_tg.callback_answers) > answers)
        assert "Deleted 4 messages" in fake_tg.callback_answers[-1]["text"]  # text, file, two review screens
        assert {(reporter.id, m) for m in own} <= set(fake_tg.deleted)

        alert = await fake_tg.wait_for_message(officer.id, has("New report"))
        assert public_id in alert["text"] and "Bribery" in alert["text"]
        assert "CANARY" not in alert["text"] and "dean" not in alert["text"]

        await step(fake_tg, officer, lambda: officer.send("/lock"), "Locked")
        locked = len(fake_tg.callback_answers)
        officer.press_button(alert, "Open case")
        await fake_tg.wait_until(lambda: len(fake_tg.callback_answers) > locked)
        assert "locked" in fake_tg.callback_answers[-1]["text"]

        await step(fake_tg, officer, lambda: officer.send("/unlock"), "Send your passphrase")
        unlock_msg_mark = len(fake_tg.bot_sent)
        sent = officer.send(PASSPHRASE)
        await fake_tg.wait_for_message(officer.id, has("Unlocked"), after=unlock_msg_mark)
        assert (officer.id, sent["message_id"]) in fake_tg.deleted

        mark = len(fake_tg.bot_sent)
        officer.press_button(alert, "Open case")
        await fake_tg.wait_for_message(officer.id, has(REPORT_TEXT), after=mark)
        document = await fake_tg.wait_for_message(officer.id, lambda m: "document" in m, after=mark)
        # The officer gets the evidence cleaned, under a neutral name: no author, no original name.
        assert AUTHOR.encode() not in document["uploaded_bytes"] and b"Nurlanovna" not in document["uploaded_bytes"]
        with pikepdf.open(io.BytesIO(document["uploaded_bytes"])) as cleaned:
            assert len(cleaned.pages) == 1
        assert document["document"].get("file_name") == "attachment-1.pdf"


async def test_the_bot_runs_when_the_server_refuses_command_menus(fake_tg: FakeTelegram, settings) -> None:
    from tests.fake_telegram import Fault

    fake_tg.faults = [Fault("setMyCommands", 400, "Bad Request: BOT_COMMAND_INVALID", times=100)]
    user = fake_tg.new_user("Someone")
    async with RunningBot(settings):
        await step(fake_tg, user, lambda: user.send("/help"), "/report")
