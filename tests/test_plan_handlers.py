"""The plan through the real Dispatcher: /plan, confirming past measures, recording the
instruction's approval, importing a plan by sending a file, and plan buttons from strangers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.fake_telegram import FakeTelegram
from tests.test_handlers import Chat, app, enrol_officer, texts  # noqa: F401 - fixture
from tests.test_plan import BAD_CSV, GOOD_CSV

ROOT = Path(__file__).resolve().parents[1]


async def test_plan_overview_and_confirming_past_measures(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    [overview] = await officer.send("/plan")
    assert "Action plan" in overview["text"] and "Annual report" in overview["text"]
    assert "05.12.2026, legally 07.12.2026" in overview["text"]
    assert "13 past measures of the order await confirmation" in overview["text"]  # a university: HEI items too
    [listing] = await officer.press(overview, "Confirm past measures")
    assert "Create compliance services" in listing["text"]
    _, answer = await officer.press_data(next(b["callback_data"] for row in listing["reply_markup"]["inline_keyboard"]
                                              for b in row if b["text"] == "✅ №1"))
    assert answer["text"] == "done"


async def test_recording_the_instruction_approval(fake_tg: FakeTelegram, app, clock) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from storage.models import Deadline, PlanItem

    officer = await enrol_officer(fake_tg, app)
    async with app.ctx.sessions() as db:
        instruction = await db.scalar(select(Deadline.id).join(PlanItem, PlanItem.id == Deadline.plan_item_id)
                                      .where(PlanItem.code == "m13"))
    [card], _ = await officer.press_data(f"pl:open:{instruction}")
    assert "Anti-corruption instruction for employees" in card["text"] and "30.06.2027" in card["text"]
    recorded = await officer.press(card, "The instruction was approved today")
    assert "must acknowledge the instruction by 29.11.2026" in texts(recorded)  # today + 3 days (measure 16)


async def test_importing_a_plan_by_sending_a_file(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    refused = texts(await officer.do(lambda: officer.user.send_document(BAD_CSV, "plan.csv", "text/csv")))
    assert "nothing was changed" in refused and "row 3, column “title”: required" in refused
    accepted = texts(await officer.do(lambda: officer.user.send_document(GOOD_CSV, "plan.csv", "text/csv")))
    assert "Plan imported: 2 items" in accepted
    assert "№1 Gift register review — 01.01.2027, legally 05.01.2027" in texts(await officer.send("/plan"))


async def test_plan_is_for_staff_only(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    await enrol_officer(fake_tg, app)
    stranger = Chat(fake_tg, app, fake_tg.new_user("Stranger"))
    assert "don't know that command" in texts(await stranger.send("/plan"))
    for data in ("pl:open:1", "pl:done:1", "pl:confirm-done:1", "pl:event:1"):
        sent, answer = await stranger.press_data(data)
        assert "no longer valid" in answer["text"] and sent == []


async def test_forged_plan_ids_are_refused(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    for data in ("pl:open:999999", "pl:done:999999", "pl:na:999999", "pl:confirm-done:999999"):
        _, answer = await officer.press_data(data)
        assert "plan item was not found" in answer["text"]


def test_benchmark_smoke_run() -> None:
    """CI runs the reminder benchmark only at a tiny size, to keep it working."""
    result = subprocess.run([sys.executable, "benchmarks/bench_reminders.py", "--orgs", "1,2", "--repeat", "2"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "idle tick ratio" in result.stdout and "messages queued" in result.stdout
