"""The insider: the person who runs the server. They hold the config with every secret, the
database file, Redis, and an HR list of the employees' Telegram ids. After a full journey (a
report with a photo, a follow-up, a /check, an officer's answer), they try to find the reporter:

- by recomputing, for every candidate id, everything the code ever derived from an id with a
  server secret (HMACs under each configured secret and label, hashes, encodings) and searching
  the database and Redis for it;
- by reading the times: every date-time column of the schema has a documented precision, and
  what reporters do is stored no more precisely than their local day.

Reporters who opt in to notifications are told that the server could link their chat to the case
(their chat id is sealed under a key the server holds); this journey does not opt in.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import random
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import Date

from storage.models import Base, UtcDateTime
from tests.canaries import database_files
from tests.conftest import TEST_SECRET, RunningBot, make_settings, redis_contents
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE, attach_file, enrol, has, step

REPORTER_ID = 5_123_456_789
NOTIFICATION_KEY = "notification-key-for-the-insider-test-0123456789"
ZONE = ZoneInfo("Asia/Almaty")

# Every date-time column, and how precise it may be. A new column fails
# test_every_time_column_has_a_documented_precision until it is decided here and in the README.
PRECISION = {
    ("organizations", "created_at"): "operator",
    ("organizations", "disabled_at"): "operator",
    ("people", "locked_until"): "staff",
    ("people", "enrolled_at"): "staff",
    ("people", "last_unlock_at"): "staff",
    ("people", "deactivated_at"): "staff or operator",
    ("people", "selected_at"): "staff (enrolment, or their /org choice)",
    ("invites", "created_at"): "operator",
    ("invites", "expires_at"): "operator",
    ("invites", "used_at"): "staff",
    ("invites", "revoked_at"): "staff or operator",
    ("cases", "created_at"): "reporter-local-day",
    ("cases", "updated_at"): "reporter-local-day",
    ("cases", "acknowledge_due_at"): "reporter-local-day",  # filing day + N days
    ("cases", "feedback_due_at"): "reporter-local-day",
    ("cases", "acknowledged_at"): "staff",
    ("cases", "escalated_at"): "staff",
    ("cases", "closed_at"): "staff; the reporter's local day when they withdrew the report",
    ("cases", "purge_on"): "a date",
    ("cases", "purged_on"): "a date",
    ("case_access", "granted_at"): "reporter-local-day at filing; staff when granted later",
    ("case_items", "created_at"): "reporter-local-day for the reporter's entries; staff otherwise",
    ("outbox", "created_at"): "deleted once sent; the UTC day when failed",
    ("outbox", "next_attempt_at"): "deleted once sent; the UTC day when failed",
    ("outbox", "sent_at"): "never kept (sent rows are deleted)",
    ("outbox", "failed_at"): "the UTC day",
    ("audit_log", "at"): "reporter-local-day for the reporter's entries; staff otherwise",
    ("audit_pending", "day"): "a date",
    ("scheduled_deletions", "delete_at"): "staff chats only",
    ("deadlines", "due_date"): "a date",
    ("deadlines", "created_at"): "reporter-local-day for case deadlines; operator for plan items",
    ("deadlines", "next_remind_at"): "the reminder schedule (working days at the configured time)",
    ("deadlines", "escalated_at"): "the reminder schedule",
    ("deadlines", "snoozed_until"): "a date",
    ("deadlines", "done_at"): "staff",
    ("plan_items", "created_at"): "operator",
    ("reminder_marks", "sent_at"): "the reminder schedule",
    ("processed_updates", "seen_at"): "the UTC day",
    ("loop_status", "last_success_at"): "background loops (no person's action)",
    ("loop_status", "updated_at"): "background loops (no person's action)",
}


def test_every_time_column_has_a_documented_precision() -> None:
    columns = {(table.name, column.name) for table in Base.metadata.sorted_tables for column in table.columns
               if isinstance(column.type, (UtcDateTime, Date))}
    assert columns == set(PRECISION)


def _photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Insider Test Author"
    exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 14.0, 22.5), 3: "E", 4: (76.0, 53.0, 41.0)})
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _derivations(candidate: int, secrets: list[str]) -> dict[str, bytes]:
    """Everything an insider would try to find a person's id under."""
    text = str(candidate)
    found = {
        "decimal": text.encode(), "hex": format(candidate, "x").encode(),
        "be": candidate.to_bytes(8, "big"), "le": candidate.to_bytes(8, "little"),
        "sha256": hashlib.sha256(text.encode()).hexdigest().encode(),
    }
    identities = [text, f"user:{text}", f"fsm:{text}", f"person:{text}", f"chat:{text}",
                  f"fsm:123456789|{text}|{text}|None|None|default"]
    for index, secret in enumerate(secrets):
        for identity in identities:
            digest = hmac.new(secret.encode(), identity.encode(), hashlib.sha256)
            found[f"hmac{index}:{identity}"] = digest.hexdigest().encode()
            found[f"hmac{index}:{identity}:raw"] = digest.digest()
            # Redis names hashed the HMAC once more.
            found[f"sha-of-hmac{index}:{identity}"] = hashlib.sha256(digest.hexdigest().encode()).hexdigest()[:40].encode()
    return found


def _is_local_midnight(value: str | None) -> bool:
    if value is None:
        return True
    moment = datetime.fromisoformat(value).replace(tzinfo=UTC) if "+" not in value[10:] else datetime.fromisoformat(value)
    local = moment.astimezone(ZONE)
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def _is_utc_midnight(value: str | None) -> bool:
    if value is None:
        return True
    moment = datetime.fromisoformat(value)
    return (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)


async def test_the_insider_cannot_find_the_reporter(fake_tg: FakeTelegram, tmp_path: Path,
                                                    shared_state: dict[str, str] | None) -> None:
    data_dir = tmp_path / "data"
    database = data_dir / "adal.db"
    sections = {"security": {"notification_key": NOTIFICATION_KEY}, "organization": {"timezone": "Asia/Almaty"}}
    if shared_state:
        sections["redis"] = shared_state
    settings = make_settings(fake_tg.base_url, fake_tg.token, f"sqlite+aiosqlite:///{database}", **sections)
    officer = fake_tg.new_user("Officer")
    reporter = fake_tg.new_user("Reporter", username="the_reporter", language_code="ru", user_id=REPORTER_ID)
    async with RunningBot(settings):
        await enrol(fake_tg, settings, officer)
        # The reporter chooses a language (it once was a row keyed by their id), files a report
        # with a photo, declines notifications, checks, and follows up.
        mark = len(fake_tg.bot_sent)
        reporter.send("/start")  # Telegram speaks Russian for them: the menu, in Russian
        menu = await fake_tg.wait_for_message(reporter.id, lambda m: "reply_markup" in m, after=mark)
        picker = await step(fake_tg, reporter, lambda: reporter.press_button(menu, "🌐"), "🌐")
        await step(fake_tg, reporter, lambda: reporter.press_button(picker, "English"), "What would you like to do?")
        menu = await step(fake_tg, reporter, lambda: reporter.send("/report"), "What is the report about?")
        await step(fake_tg, reporter, lambda: reporter.press_button(menu, "Bribery"), "Describe what happened")
        added = await step(fake_tg, reporter, lambda: reporter.send("the head of procurement takes kickbacks"),
                           "characters")
        await attach_file(fake_tg, reporter, _photo_with_gps(), "IMG_2041.jpg")
        review = await step(fake_tg, reporter, lambda: reporter.press_button(added, "Done"), "Please check")
        received = await step(fake_tg, reporter, lambda: reporter.press_button(review, "Submit"), "has been received")
        receipt = received["text"].split("receipt: ")[1].split()[0]
        offer = await fake_tg.wait_for_message(reporter.id, has("Tell you when there is a reply?"))
        await step(fake_tg, reporter, lambda: reporter.press_button(offer, "No, thanks"), "Done")

        alert = await fake_tg.wait_for_message(officer.id, has("New report"))
        await step(fake_tg, officer, lambda: officer.send(f"/unlock {PASSPHRASE}"), "Unlocked")
        card = await step(fake_tg, officer, lambda: officer.press_button(alert, "Open case"), "Acknowledge")
        await step(fake_tg, officer, lambda: officer.press_button(card, "Acknowledge"), "acknowledged")

        await step(fake_tg, reporter, lambda: reporter.send("/check"), "Send your receipt")
        view = await step(fake_tg, reporter, lambda: reporter.send(receipt), "Status")
        write = await step(fake_tg, reporter, lambda: reporter.press_button(view, "Add a message"), "Write your message")
        more = await step(fake_tg, reporter, lambda: reporter.send("and the deputy knows about it"), "Added")
        await step(fake_tg, reporter, lambda: reporter.press_button(more, "Submit"), "added to the case")
        await fake_tg.wait_for_message(officer.id, has("The reporter added a message"))
        assert write
        redis_dump = await redis_contents(shared_state) if shared_state else b""

    # --- what the insider holds ---------------------------------------------------------------
    stored = b"".join(path.read_bytes() for path in database_files(data_dir)) + redis_dump
    secrets = [TEST_SECRET, NOTIFICATION_KEY, settings.telegram.token, settings.telegram.webhook_secret or "x"]
    candidates = random.Random(16).sample(range(10**9, 7 * 10**9), 300) + [REPORTER_ID]
    for candidate in candidates:
        hits = [name for name, needle in _derivations(candidate, secrets).items() if needle in stored]
        assert not hits, f"candidate {candidate} is findable: {hits}"
    for name in ("the_reporter", "Reporter", "IMG_2041", "Insider Test Author"):
        assert name.encode() not in stored, name

    # --- and the times -------------------------------------------------------------------------
    db = sqlite3.connect(database)
    try:
        created = db.execute("SELECT created_at, updated_at, acknowledge_due_at, feedback_due_at FROM cases").fetchall()
        assert created and all(_is_local_midnight(value) for row in created for value in row)
        reporter_items = db.execute("SELECT created_at FROM case_items WHERE author = 'reporter'").fetchall()
        assert len(reporter_items) >= 3 and all(_is_local_midnight(value) for (value,) in reporter_items)
        # Row order says nothing either: entry ids are random, not a sequence that would place a
        # follow-up between two staff entries whose times the audit log has.
        ids = [row[0] for row in db.execute("SELECT id FROM case_items")]
        assert len(ids) >= 4 and min(ids) > 2**32
        filing_grants = db.execute(
            "SELECT a.granted_at FROM case_access a JOIN cases c ON c.id = a.case_id").fetchall()
        assert all(_is_local_midnight(value) for (value,) in filing_grants)
        assert all(_is_local_midnight(value) for (value,) in
                   db.execute("SELECT at FROM audit_log WHERE actor = 'reporter'").fetchall())
        pending = db.execute("SELECT action FROM audit_pending").fetchall()
        assert {action for (action,) in pending} >= {"case-created", "reporter-checked", "reporter-message"}
        assert all(_is_utc_midnight(value) for (value,) in db.execute("SELECT seen_at FROM processed_updates"))
        assert db.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").fetchone() == (0,)
        assert all(_is_utc_midnight(value) for (value,) in
                   db.execute("SELECT created_at FROM outbox WHERE failed_at IS NOT NULL"))
        staff_chats = {row[0] for row in db.execute("SELECT telegram_user_id FROM people")}
        assert {row[0] for row in db.execute("SELECT chat_id FROM scheduled_deletions")} <= staff_chats
    finally:
        db.close()


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_opting_in_to_notifications_says_what_the_server_could_learn(locale: str) -> None:
    from bot.i18n import create_core, load_core_sync

    offer = load_core_sync(create_core("kk")).get("notify-offer", locale)
    assert {"kk": "серверді басқаратын", "ru": "управляет сервером", "en": "runs the server"}[locale] in offer
