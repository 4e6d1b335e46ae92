"""The action plan: the built-in template, seeding, occurrences, events, officers' actions,
plan reminders, snooze, and importing an organization's own plan."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import LOCALES
from bot.services import plan, reminders
from bot.services.calendar import WorkCalendar
from bot.services.plan_import import PlanImportError, import_plan
from storage.models import Deadline, Organization, OutboxMessage, PlanItem
from tests.conftest import TEST_SECRET
from tests.test_services import ZONE, _enrol, org_id, sessions, translate  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[1]
POLICY = reminders.ReminderPolicy(calendar=WorkCalendar(ZONE, time(9, 0)))
TODAY = date(2026, 11, 26)


def test_template_has_all_21_measures_and_both_reports_in_three_languages() -> None:
    responsible, items = plan.load_template()
    assert {i["number"] for i in items if "number" in i} == set(range(1, 22))
    assert {"report-quarterly", "report-annual"} <= {i["code"] for i in items}
    for item in items:
        plan.parse_rule(item["rule"])
        for field in ("title", "evidence"):
            assert set(item[field]) == set(LOCALES) and all(item[field].values()), (item["code"], field)
        assert set(responsible[item["responsible"]]) == set(LOCALES)
    rules = {i["code"]: i["rule"] for i in items}
    assert rules["report-annual"] == "yearly:12-05" and rules["m13"] == "yearly:06-30"
    assert rules["m15"] == rules["m18"] == rules["m19"] == rules["m20"] == rules["report-quarterly"] == "quarterly"
    assert rules["m16"] == "after:instruction-approved:3" and rules["m19-monthly"] == "monthly"


@pytest.mark.parametrize("text", ["weekly", "once:2026-02-30", "yearly:13-01", "after:unknown:3", "after:instruction-approved:x", "quarterly:1"])
def test_bad_rules_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        plan.parse_rule(text)


def test_due_dates_of_each_rule() -> None:
    start, end = date(2026, 11, 26), date(2027, 12, 31)
    assert plan.due_dates(plan.parse_rule("quarterly"), start, end) == [
        date(2027, 1, 1), date(2027, 4, 1), date(2027, 7, 1), date(2027, 10, 1)]
    assert plan.due_dates(plan.parse_rule("yearly:12-05"), start, end) == [date(2026, 12, 5), date(2027, 12, 5)]
    monthly = plan.due_dates(plan.parse_rule("monthly"), start, end)
    assert monthly[0] == date(2026, 11, 30) and monthly[3] == date(2027, 2, 28) and len(monthly) == 14
    assert plan.due_dates(plan.parse_rule("yearly:02-29"), date(2027, 1, 1), date(2028, 12, 31)) == [
        date(2027, 2, 28), date(2028, 2, 29)]
    assert plan.due_dates(plan.parse_rule("after:instruction-approved:3"), start, end) == []


async def _seed(sessions, org_id: int, clock, kind: str = "other") -> Organization:  # type: ignore[no-untyped-def]
    async with sessions() as db:
        org = await db.get(Organization, org_id)
        org.kind = kind
        await db.commit()
        await plan.seed_builtin_plan(db, org, today=TODAY, now=clock.now())
        await plan.ensure_occurrences(db, org_id, today=TODAY, now=clock.now())
        return org


async def _states(sessions) -> dict[str, str]:  # type: ignore[no-untyped-def]
    async with sessions() as db:
        return {i.code: i.state for i in await db.scalars(select(PlanItem))}


async def test_seeding_switches_hei_items_and_asks_to_confirm_past_one_offs(sessions, org_id: int, clock) -> None:
    await _seed(sessions, org_id, clock, kind="other")
    states = await _states(sessions)
    assert len(states) == 24
    assert all(states[f"m{n:02d}"] == "off" for n in (2, 3, 4, 5, 6, 7, 8, 10))
    assert states["m01"] == states["m09"] == states["m21"] == "confirm"
    assert states["m15"] == states["m13"] == states["report-annual"] == "active"
    org = await _seed(sessions, org_id, clock, kind="hei")  # the organization turns out to be a university
    states = await _states(sessions)
    assert all(states[f"m{n:02d}"] == "confirm" for n in (2, 3, 4, 5, 6, 7, 8, 10))
    async with sessions() as db:
        assert await plan.seed_builtin_plan(db, org, today=TODAY, now=clock.now()) == 0  # idempotent


async def test_occurrences_are_materialized_once(sessions, org_id: int, clock) -> None:
    await _seed(sessions, org_id, clock)
    async with sessions() as db:
        rows = list(await db.scalars(select(Deadline).where(Deadline.kind == "plan")))
        by_key = {d.key for d in rows}
        assert await plan.ensure_occurrences(db, org_id, today=TODAY, now=clock.now()) == 0
        items = {i.id: i.code for i in await db.scalars(select(PlanItem))}
    dues = {(items[d.plan_item_id], d.due_date) for d in rows}
    assert ("report-annual", date(2026, 12, 5)) in dues and ("report-quarterly", date(2027, 1, 1)) in dues
    # An occurrence whose date was moved into the past keeps its key: extending again must not
    # insert that key a second time (it did, and every later reminder tick failed on it).
    async with sessions() as db:
        moved = await db.scalar(select(Deadline).where(Deadline.key.in_(by_key)).order_by(Deadline.id).limit(1))
        moved.due_date = TODAY - timedelta(days=10)
        await db.commit()
        assert await plan.ensure_occurrences(db, org_id, today=TODAY, now=clock.now()) == 0
    assert ("m13", date(2027, 6, 30)) in dues and ("m19-monthly", date(2026, 11, 30)) in dues
    assert not any(code == "m16" for code, _ in dues) and not any(code == "m01" for code, _ in dues)
    assert len(by_key) == len(rows)


async def test_plan_reminders_done_with_evidence_and_snooze(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 77)
    board = await _enrol(sessions, org_id, clock, 78, role="board")
    await _seed(sessions, org_id, clock)
    clock.set_to(datetime(2026, 11, 27, 4, 0, tzinfo=UTC))  # Friday: 7 days (moved) before the 5 Dec report
    assert await reminders.tick(sessions, now=clock.now(), policy=POLICY, translate=translate) == 1
    async with sessions() as db:
        [(text, markup)] = list(await db.execute(select(OutboxMessage.text, OutboxMessage.reply_markup).where(
            OutboxMessage.chat_id == 77, OutboxMessage.text.contains("⏰"))))
        annual = await db.scalar(select(Deadline).join(PlanItem, PlanItem.id == Deadline.plan_item_id)
                                 .where(PlanItem.code == "report-annual", Deadline.due_date == date(2026, 12, 5)))
        monthly = await db.scalar(select(Deadline).join(PlanItem, PlanItem.id == Deadline.plan_item_id)
                                  .where(PlanItem.code == "m19-monthly", Deadline.due_date == date(2026, 11, 30)))
    assert "Annual report" in text and "05.12.2026, legally 07.12.2026" in text and "8 days left" in text
    assert "Monthly explanatory" in text  # due Monday 30 Nov: its 3-day reminder is today too
    assert '"callback_data": "crep:2026:0"' in markup and "Prepare the draft report (2026)" in markup  # §19's draft
    async with sessions() as db:
        await plan.mark_done(db, officer.person, annual.id, now=clock.now(), comment="sent to the Ministry",
                             evidence_name="annual.pdf", evidence=b"%PDF annual")
        await plan.snooze(db, officer.person, monthly.id, until=date(2026, 12, 3), calendar=POLICY.calendar,
                          now=clock.now())
        with pytest.raises(plan.PlanItemNotFound):
            await plan.mark_done(db, board.person, 10**6, now=clock.now())
    clock.set_to(datetime(2026, 12, 4, 4, 0, tzinfo=UTC))
    await reminders.tick(sessions, now=clock.now(), policy=POLICY, translate=translate)
    async with sessions() as db:
        texts = list(await db.scalars(select(OutboxMessage.text).where(OutboxMessage.chat_id == 77,
                                                                        OutboxMessage.text.contains("⏰"))
                                      .order_by(OutboxMessage.id)))
        done = await db.get(Deadline, annual.id)
        history = await plan.history(db, annual.plan_item_id)
    assert "Annual report" not in texts[-1]  # done: no more reminders
    assert "Monthly explanatory" in texts[-1] and "overdue by 4 days" in texts[-1]  # woke after the snooze
    assert done.evidence == b"%PDF annual" and done.comment == "sent to the Ministry" and history == [done]


async def test_instruction_approval_starts_the_three_day_acknowledgement(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 88)
    await _seed(sessions, org_id, clock)
    async with sessions() as db:
        [created] = await plan.record_event(db, officer.person, "instruction-approved", day=date(2026, 12, 14),
                                            now=clock.now())
        again = await plan.record_event(db, officer.person, "instruction-approved", day=date(2026, 12, 14),
                                        now=clock.now())
    assert created.due_date == date(2026, 12, 17) and again == []


async def test_confirming_past_measures(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 99)
    await _seed(sessions, org_id, clock)
    async with sessions() as db:
        pending = await plan.to_confirm(db, org_id)
        assert [i.number for i in pending] == [1, 9, 11, 17, 21]
        await plan.confirm(db, officer.person, pending[0].id, done=True, now=clock.now())
        await plan.confirm(db, officer.person, pending[1].id, done=False, now=clock.now())
        with pytest.raises(plan.PlanItemNotFound):
            await plan.confirm(db, officer.person, pending[0].id, done=True, now=clock.now())
        assert [i.number for i in await plan.to_confirm(db, org_id)] == [11, 17, 21]


# --- import ---------------------------------------------------------------------------------------------


GOOD_CSV = (
    "code,number,title,responsible,evidence,rule\n"
    "own-1,1,Gift register review,Compliance officer,Signed register,quarterly\n"
    "own-2,,Ethics training,HR department,Attendance list,yearly:09-15\n"
).encode()
BAD_CSV = (
    "code;number;title;responsible;evidence;rule;colour\n"
    "own-1;1;Gift register review;Compliance officer;Signed register;weekly;red\n"
    "own-1;x;;HR;Attendance;once:2027-01-10;\n"
).encode()


async def test_import_validation_names_row_and_column_and_changes_nothing(sessions, org_id: int, clock) -> None:
    async with sessions() as db:
        with pytest.raises(PlanImportError) as failure:
            await import_plan(db, org_id=org_id, file_name="plan.csv", data=BAD_CSV, actor="operator", today=TODAY,
                              now=clock.now())
        assert (await db.scalars(select(PlanItem))).all() == []
    found = {(p.row, p.column, p.code) for p in failure.value.problems}
    assert found == {(2, "colour", "unknown-column"), (2, "rule", "rule"), (3, "colour", "unknown-column"),
                     (3, "title", "required"), (3, "code", "duplicate"), (3, "number", "number")}
    rendered = [p.render(translate, "ru") for p in failure.value.problems]
    assert "строка 3, столбец «title»: обязательное поле" in rendered


async def test_import_csv_toml_and_xlsx(sessions, org_id: int, clock) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code", "Title", "Responsible", "Evidence", "Rule", "Number"])
    sheet.append(["xl-1", "Counterparty checks", "Procurement", "Check list", "monthly", 3])
    sheet.append([None, None, None, None, None, None])
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    toml = b'[[item]]\ncode = "t-1"\ntitle = "Risk map"\nresponsible = "Compliance"\nevidence = "Map"\nrule = "once:2027-03-01"\n'
    async with sessions() as db:
        for name, data in (("plan.csv", GOOD_CSV), ("plan.xlsx", xlsx.getvalue()), ("plan.toml", toml)):
            await import_plan(db, org_id=org_id, file_name=name, data=data, actor="operator", today=TODAY,
                              now=clock.now())
        items = {i.code: i for i in await db.scalars(select(PlanItem))}
        await plan.ensure_occurrences(db, org_id, today=TODAY, now=clock.now())
        dues = list(await db.scalars(select(Deadline.due_date).where(Deadline.plan_item_id == items["t-1"].id)))
    assert set(items) == {"own-1", "own-2", "xl-1", "t-1"}
    assert items["xl-1"].number == 3 and plan.text_in(items["xl-1"].title, "kk") == "Counterparty checks"
    assert json.loads(items["own-2"].responsible) == {"any": "HR department"} and items["own-2"].rule == "yearly:09-15"
    assert dues == [date(2027, 3, 1)]
    async with sessions() as db:
        with pytest.raises(PlanImportError) as failure:
            await import_plan(db, org_id=org_id, file_name="plan.docx", data=b"x", actor="operator", today=TODAY,
                              now=clock.now())
    assert failure.value.problems[0].code == "file-type"


def test_plan_import_command(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[telegram]\ntoken = "1:x"\n[storage]\nurl = "sqlite+aiosqlite:///{tmp_path}/a.db"\n'
                      f'[security]\nsecret_key = "{TEST_SECRET}"\n', encoding="utf-8")
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(BAD_CSV)
    good.write_bytes(GOOD_CSV)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    run = lambda path: subprocess.run([sys.executable, "-m", "bot", "plan", "import", str(path), "-c", str(config)],  # noqa: E731
                                      cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    failed = run(bad)
    assert failed.returncode == 1 and "row 3, column “title”: required" in failed.stderr
    done = run(good)
    assert done.returncode == 0 and "2 items imported" in done.stdout
