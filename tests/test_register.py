"""The register of reports (Appendix 2, item 20): from the cases' plain columns only, one row per
case, each reader's own cases, opened with openpyxl and checked against the data."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.services import register
from storage.models import AuditEntry, Case
from tests.fake_telegram import FakeTelegram
from tests.test_case_handlers import _file
from tests.test_handlers import Chat, app, enrol_officer, texts  # noqa: F401 - fixture

CANARY = "CANARY-REGISTER-71c0 the rector's nephew got the tender"


def _cells(data: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_periods() -> None:
    assert register.Period.parse("2026Q4") == register.Period(date(2026, 10, 1), date(2026, 12, 31))
    assert register.Period.parse("2027q1") == register.Period(date(2027, 1, 1), date(2027, 3, 31))
    assert register.Period.parse("2026") == register.Period(date(2026, 1, 1), date(2026, 12, 31))
    for wrong in ("2026Q5", "Q4", "last year", "2026Q"):
        with pytest.raises(ValueError, match="a year"):
            register.Period.parse(wrong)


async def test_each_reader_gets_the_register_of_their_cases(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    board = await enrol_officer(fake_tg, app, role="board")
    officers_case = await _file(app, text=CANARY)
    boards_case = await _file(app, route="board", text=CANARY)

    menu = await officer.send("/reports")
    assert "never their content" in texts(menu)
    sent = await officer.press(menu[-1], "Register, year 2026")
    document = sent[-1]
    assert document["document"]["file_name"] == "register-2026.xlsx" and "1 case" in document["caption"]
    rows = _cells(fake_tg.files[document["document"]["file_id"]].data)
    assert rows[0][0].startswith("Register of reports") and rows[1][0] == "Test University"
    assert rows[2][0] == "Period: 01.01.2026 – 31.12.2026"
    header = rows[5]
    assert header[:6] == ("No.", "Case", "Received", "Category", "Addressed to", "Status")
    listed = [row for row in rows[6:] if row[0] is not None]
    # The Board-only case is not the officers' to know of; its row is the Board's.
    assert [row[1] for row in listed] == [officers_case.public_id]
    assert listed[0][2:6] == ("26.11.2026", "Extortion", "compliance officers", "new")
    flat = repr(rows)
    assert CANARY not in flat and "nephew" not in flat

    board_rows = _cells(fake_tg.files[(await board.press((await board.send("/reports"))[-1],
                                                         "Register, year 2026"))[-1]["document"]["file_id"]].data)
    assert {row[1] for row in board_rows[6:] if row[0] is not None} == {boards_case.public_id}

    async with app.ctx.sessions() as db:
        actions = list(await db.scalars(select(AuditEntry.action).where(AuditEntry.action == "register-exported")))
    assert len(actions) == 2


async def test_an_empty_period_says_no_reference_is_needed(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    menu = await officer.send("/reports")
    sent = await officer.press(menu[-1], "Register, year 2025")
    rows = _cells(fake_tg.files[sent[-1]["document"]["file_id"]].data)
    assert any("no reference is required" in str(row[0]) for row in rows)


async def test_forged_and_foreign_presses_get_nothing(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    await _file(app)
    _, forged = await officer.press_data("reg:2026Q9")
    assert "no longer valid" in forged["text"]
    stranger = Chat(fake_tg, app, fake_tg.new_user("Employee", language_code="en"))
    documents = sum(1 for m in fake_tg.bot_sent if "document" in m)
    _, refused = await stranger.press_data("reg:2026")
    assert "no longer valid" in refused["text"]
    assert "I don't know that command" in texts(await stranger.send("/reports"))  # staff only, and it says no more
    assert sum(1 for m in fake_tg.bot_sent if "document" in m) == documents  # nothing was sent to them


async def test_the_operators_register_in_russian(fake_tg: FakeTelegram, app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bot.cli import _register

    await enrol_officer(fake_tg, app)
    await enrol_officer(fake_tg, app, role="board")
    mine = await _file(app)
    await _file(app, route="board")
    target = tmp_path / "reestr.xlsx"
    ok, line = await _register(app.ctx.settings, "2026Q4", "ru", str(target), include_board=False)
    assert ok and "1 case(s)" in line and "--include-board" in line
    rows = _cells(target.read_bytes())
    assert rows[0][0].startswith("Реестр сообщений") and rows[5][1] == "Дело"
    assert [row[1] for row in rows[6:] if row[0] is not None] == [mine.public_id]
    ok, line = await _register(app.ctx.settings, "2026Q4", "ru", str(target), include_board=True)
    assert "2 case(s)" in line
    async with app.ctx.sessions() as db:
        assert len(list(await db.scalars(select(Case)))) == 2
    ok, line = await _register(app.ctx.settings, "2026Q7", "ru", str(target), include_board=False)
    assert not ok and "a year (2026) or a quarter" in line
