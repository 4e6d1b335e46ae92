"""The §18/§19 reports drafted from the data: opened with python-docx and openpyxl and checked
against what was stored; small counts hidden unless the officer asks; no case content; each
reader counts only what they can read; every generation audit-logged."""

from __future__ import annotations

import argparse
import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select, update

from bot.services import register, reports
from bot.services.compliance_report import gather
from bot.services.report_documents import charts
from storage.models import AuditEntry, Case, Deadline, Organization
from tests.fake_telegram import FakeTelegram
from tests.test_handlers import app, enrol_officer, texts  # noqa: F401 - fixture

CANARY = "CANARY-CREPORT-3b9e the vice-rector rigs the dormitory tender"
EVIDENCE = b"minutes of the anti-corruption training, 12 November"


async def _file(app, category: str, route: str = "officers") -> reports.Submission:  # type: ignore[no-untyped-def]
    async with app.ctx.sessions() as db:
        org = await db.get(Organization, app.ctx.org_id)
        return await reports.submit_report(
            db, org=org, content=reports.ReportContent(category, route, CANARY), now=app.ctx.clock.now(),
            cost=app.ctx.argon2_cost, acknowledge_days=7, feedback_days=90, translate=app.ctx.translate,
            zone=app.ctx.zone)


async def _seed(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Three officers' cases (two extortion, one bribery; one acknowledged on time, one closed
    late, one escalated), one Board-only case, one plan measure done with evidence."""
    ids = {name: (await _file(app, category)).public_id
           for name, category in (("a", "extortion"), ("b", "extortion"), ("c", "bribery"))}
    ids["board"] = (await _file(app, "gifts", route="board")).public_id
    now = app.ctx.clock.now()
    async with app.ctx.sessions() as db:
        await db.execute(update(Case).where(Case.public_id == ids["a"]).values(
            acknowledged_at=now + timedelta(days=2), status="acknowledged"))
        await db.execute(update(Case).where(Case.public_id == ids["b"]).values(
            acknowledged_at=now + timedelta(days=9), closed_at=now + timedelta(days=100),
            status="closed_substantiated", escalated_at=now + timedelta(days=10)))
        deadline = await db.scalar(select(Deadline).where(Deadline.kind == "plan", Deadline.due_date >= now.date())
                                   .order_by(Deadline.due_date).limit(1))
        deadline.status, deadline.done_at = "done", now
        deadline.evidence_name, deadline.evidence = "training-minutes.pdf", EVIDENCE
        await db.commit()
    return ids


def _docx_tables(data: bytes) -> dict[str, list[list[str]]]:
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    return {heading: [[cell.text for cell in row.cells] for row in table.rows]
            for heading, table in zip(headings, document.tables)}


async def test_the_annual_report_from_the_bot(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    board = await enrol_officer(fake_tg, app, role="board")
    ids = await _seed(app)

    menu = await officer.send("/reports")
    sent = (await officer.press(menu[-1], "Annual report §19, 2026"))[-1]
    assert sent["document"]["file_name"] == "report-2026.docx" and "without any case content" in sent["caption"]
    data = fake_tg.files[sent["document"]["file_id"]].data
    xml = b"".join(zipfile.ZipFile(io.BytesIO(data)).read(name) for name in zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert CANARY.encode() not in xml and b"vice-rector" not in xml and ids["a"].encode() not in xml

    tables = _docx_tables(data)
    assert tables["Reports received"][1] == ["Reports received in the period", "3"]  # the Board's case is not theirs
    assert tables["Reports received"][2] == ["Brought to the Board (§16.3)", "1"]
    by_category = dict(tables["By category"][1:])
    assert by_category["Extortion"] == "< 3" and by_category["Bribery"] == "< 3" and by_category["Gifts and hospitality"] == "0"
    deadlines = {row[0]: row[1:] for row in tables["Deadlines"][1:]}
    # Acknowledgement: a on time (2 days), b late (9 days), c still within its 7 days.
    # Medians run from the filing day (local midnight: a report is dated by its day only).
    assert deadlines["Acknowledgement of receipt"] == ["1", "1", "0", "1", "5.9"]
    # Feedback: b closed after 100 days (late), a and c still within 90 days.
    assert deadlines["Feedback to the reporter"] == ["0", "1", "0", "2", "100.4"]
    plan = [row for row in tables["Action plan"][1:] if row[4] == "training-minutes.pdf"]
    assert plan and plan[0][2] == "done on time"
    import hashlib
    assert plan[0][5] == hashlib.sha256(EVIDENCE).hexdigest()

    # Asked for exact counts, the officer gets them; both choices are in the audit log.
    exact = (await officer.press(sent, "every count exact"))[-1]
    assert dict(_docx_tables(fake_tg.files[exact["document"]["file_id"]].data)["By category"][1:])["Extortion"] == "2"
    async with app.ctx.sessions() as db:
        logged = list(await db.scalars(select(AuditEntry.subject).where(AuditEntry.action == "report-generated")))
    assert logged == ["min-cell:3", "min-cell:1"]

    # The Board member's report counts the case only they can read.
    board_report = (await board.press((await board.send("/reports"))[-1], "Annual report §19, 2026"))[-1]
    board_tables = _docx_tables(fake_tg.files[board_report["document"]["file_id"]].data)
    assert board_tables["Reports received"][1][1] == "1"
    assert dict(board_tables["By recipients"][1:])["Board of Directors only"] == "< 3"


async def test_the_reminders_button_prepares_the_draft(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    from bot.services.reminders import draft_button, report_period

    officer = await enrol_officer(fake_tg, app)
    assert report_period("report-quarterly", date(2027, 1, 1)) == "2026Q4"
    assert report_period("report-annual", date(2026, 12, 5)) == "2026" and report_period("m05", date(2026, 1, 1)) is None
    sent, answer = await officer.press_data(draft_button("2026Q4"))
    assert sent[-1]["document"]["file_name"] == "report-2026Q4.docx"
    title = Document(io.BytesIO(fake_tg.files[sent[-1]["document"]["file_id"]].data)).paragraphs[0].text
    assert title == "Quarterly report of the compliance service (guideline §18)"


async def test_the_operators_quarterly_report_as_a_spreadsheet_in_kazakh(fake_tg: FakeTelegram, app,  # type: ignore[no-untyped-def]
                                                                         tmp_path: Path) -> None:
    from bot.cli import _compliance_report

    await enrol_officer(fake_tg, app)
    await enrol_officer(fake_tg, app, role="board")
    await _seed(app)
    target = tmp_path / "q4.xlsx"
    args = argparse.Namespace(kind="quarterly", period="2026Q4", lang="kk", output=str(target), format=None,
                              min_cell=1, include_board=True)
    ok, line = await _compliance_report(app.ctx.settings, args)
    assert ok, line
    book = load_workbook(target)
    assert book.sheetnames[0] == "Жиынтық"
    assert book["Жиынтық"]["A1"].value.startswith("Комплаенс-қызметтің тоқсандық есебі")
    totals = {row[0]: row[1] for row in book["Түскен хабарламалар"].iter_rows(min_row=2, values_only=True)}
    assert totals["Кезеңде түскен хабарламалар"] == "4"  # the operator asked for the Board's cases too
    assert "Айлар бойынша хабарламалар" in book.sheetnames

    wrong = argparse.Namespace(**{**vars(args), "period": "2026"})
    ok, line = await _compliance_report(app.ctx.settings, wrong)
    assert not ok and "needs a quarter" in line


async def test_the_charts_render(fake_tg: FakeTelegram, app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The golden render, charts alone (no LibreOffice here): written out for a person to look at."""
    await enrol_officer(fake_tg, app)
    await enrol_officer(fake_tg, app, role="board")
    await _seed(app)
    async with app.ctx.sessions() as db:
        data = await gather(db, kind="annual", org_id=app.ctx.org_id, organization="Test University",
                            period=register.Period.parse("2026"), calendar=app.ctx.reminder_policy.calendar,
                            locale="ru", now=app.ctx.clock.now(), min_cell=3)
    rendered = charts(data, lambda key, **kw: app.ctx.translate("ru", key, **kw))
    assert [title for title, _ in rendered] == ["Сообщения по месяцам", "Сроки соблюдены и пропущены"]
    for number, (_, png) in enumerate(rendered):
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
        (tmp_path / f"chart-{number}.png").write_bytes(png)
    assert data.cases.by_month["2026-11"] == {"extortion": 2, "bribery": 1}
