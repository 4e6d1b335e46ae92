"""The overseer (the Ministry's compliance unit): statistics over every organization, proven
content-free. Everything the overseer can receive (the /oversight screens, every period, the
organizations' pages, the spreadsheet, the weekly digest) is searched for the reports' and
replies' canaries, the cases' public ids and the reporters' names; nothing is ever sealed to it."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import run_reminders
from bot.services import oversight
from bot.services.register import Period
from storage.models import CaseAccess, Mailbox, OutboxMessage, Person
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE
from tests.test_handlers import Chat, app, texts  # noqa: F401 - fixture
from tests.test_organizations import add_org, enrol_at, report_via_link

REPORT_CANARY = "CANARY-OVERSIGHT-7a2f the bursar takes a cut of every stipend"
REPLY_CANARY = "CANARY-REPLY-0c9e we have interviewed the bursar"
REPORTER_NAME = "Zhanar-CANARY-NAME"


def _workbook_text(data: bytes) -> str:
    """Every string in the spreadsheet's XML (cells, sheet names, shared strings)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


async def test_the_overseer_sees_statistics_and_never_content(fake_tg: FakeTelegram, app, clock) -> None:  # type: ignore[no-untyped-def]
    north = await add_org(app, "north", "North Polytechnic College")
    await add_org(app, "empty", "Empty Institute")  # nobody enrolled: its channel is closed
    home_officer = await enrol_at(fake_tg, app, app.ctx.org_id, name="HomeOfficer")
    await enrol_at(fake_tg, app, app.ctx.org_id, role="board", name="HomeBoard")
    await enrol_at(fake_tg, app, north.id, name="NorthOfficer")  # the north has no Board
    public_ids, reporters = [], []
    for slug in ("default", "default", "default", "north"):
        reporter = Chat(fake_tg, app, fake_tg.new_user(REPORTER_NAME, username="zhanar_canary", language_code="en"))
        reporters.append(reporter)
        public_ids.append(await report_via_link(reporter, slug, REPORT_CANARY))
    await home_officer.send(f"/unlock {PASSPHRASE}")
    await home_officer.press_data(f"case:ack:{public_ids[0]}")
    await home_officer.press_data(f"case:reply:{public_ids[0]}")
    [preview] = await home_officer.send(REPLY_CANARY)
    assert "Reply sent to the reporter" in texts(await home_officer.press(preview, "Send"))

    overseer = await enrol_at(fake_tg, app, app.ctx.org_id, role="overseer", name="Ministry")
    mark = len(fake_tg.bot_sent)
    summary = await overseer.send("/oversight")
    shown = texts(summary)
    assert "Oversight" in shown and "Organizations: 3 (channel closed: 1, no Board: 2)" in shown
    assert "Reports received: 4" in shown
    assert "Acknowledgement: on time 1, late 0, missed 0, not yet due 3" in shown
    assert "Empty Institute" in shown and "channel closed" in shown
    for period in ("2026Q4", "2025"):
        await overseer.press(summary[-1], period)
    pages = await overseer.press(summary[-1], "By organization")
    assert "North Polytechnic College" in texts(pages) and "no Board" in texts(pages)
    document = (await overseer.press(summary[-1], "Spreadsheet"))[-1]
    data = fake_tg.files[document["document"]["file_id"]].data
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Overview", "Reports by month", "Reports by category", "Acknowledgement",
                               "Feedback", "Action plan", "§18-§19 reports"]
    overview = {row[0]: row for row in book["Overview"].iter_rows(min_row=5, values_only=True)}
    assert overview["Empty Institute"][2] == "channel closed (no officer)"
    assert overview["North Polytechnic College"][3] == "no Board" and overview["Test University"][4] == 3
    # Small numbers hide in the breakdowns (the totals stay exact): 3 in November shows, 1 does not.
    months = {row[0]: row for row in book["Reports by month"].iter_rows(values_only=True)}
    november = list(months["Organization"]).index("2026-11")
    assert months["Test University"][november] == "3" and months["North Polytechnic College"][november] == "< 3"
    assert months["North Polytechnic College"][-1] == 1

    # The weekly digest: on Monday, once, to the overseer only, naming the organizations to look at.
    clock.set_to(datetime(2026, 11, 30, 4, 30, tzinfo=UTC))  # Monday 09:30 in Almaty
    await run_reminders(app.ctx)
    await run_reminders(app.ctx)
    async with app.ctx.sessions() as db:
        digests = list(await db.scalars(select(OutboxMessage.text).where(OutboxMessage.chat_id == overseer.user.id)))
    assert len(digests) == 1 and "Weekly oversight digest" in digests[0] and "Empty Institute" in digests[0]

    # Everything the overseer received: not a word of content, no case, nobody's identity.
    received = [m.get("text", "") + m.get("caption", "") for m in fake_tg.bot_sent[mark:]
                if m.get("chat_id") == overseer.user.id] + digests + [_workbook_text(data)]
    flat = "\n".join(received)
    for secret in (REPORT_CANARY, REPLY_CANARY, "bursar", REPORTER_NAME, "zhanar_canary", *public_ids,
                   *(str(r.user.id) for r in reporters)):
        assert secret not in flat, secret
    # Nothing is sealed to the overseer, and its row holds no key material to seal to.
    async with app.ctx.sessions() as db:
        row = await db.scalar(select(Person).where(Person.telegram_user_id == overseer.user.id))
        assert row.role == "overseer" and row.public_key == b"" and row.private_key_by_passphrase == b""
        assert not list(await db.scalars(select(CaseAccess).where(CaseAccess.person_id == row.id)))
        assert await db.scalar(select(Mailbox.id).limit(1)) is not None


async def test_the_overseer_has_no_case_commands(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    await enrol_at(fake_tg, app, app.ctx.org_id)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    public_id = await report_via_link(reporter, "default", REPORT_CANARY)
    overseer = await enrol_at(fake_tg, app, app.ctx.org_id, role="overseer", name="Ministry")
    for command in ("/cases", f"/case {public_id}", f"/unlock {PASSPHRASE}", "/plan", "/reports", "/people",
                    "/checkpoint", "/recover"):
        sent = texts(await overseer.send(command))
        assert public_id not in sent and REPORT_CANARY not in sent, command
        assert "know that command" in sent or "help" in sent.lower() or "Ministry overseer" in sent, command
    for data in (f"case:open:{public_id}", f"case:export:{public_id}", "reg:2026", "crep:2026:0", "cl:all:0"):
        sent, answer = await overseer.press_data(data)
        assert sent == [] and "no longer valid" in answer["text"], data
    assert "Ministry overseer" in texts(await overseer.send("/help"))


async def test_figures_against_seeded_deadlines(fake_tg: FakeTelegram, app, clock) -> None:  # type: ignore[no-untyped-def]
    """Acknowledged in time, late, missed and not yet due; the plan's measures; a §18 report
    marked submitted: the overview counts each as the reports issue's rules say."""
    from storage.models import Case, Deadline, PlanItem

    await enrol_at(fake_tg, app, app.ctx.org_id)
    ids = [await report_via_link(Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en")), "default",
                                 f"report {n}") for n in range(4)]
    async with app.ctx.sessions() as db:
        cases = {c.public_id: c for c in await db.scalars(select(Case))}
        on_time, late, missed, _pending = (cases[i] for i in ids)
        on_time.acknowledged_at = on_time.acknowledge_due_at - timedelta(days=1)
        late.acknowledged_at = late.acknowledge_due_at + timedelta(days=1)
        missed.acknowledge_due_at = clock.now() - timedelta(days=1)
        quarterly = await db.scalar(select(Deadline).join(PlanItem, PlanItem.id == Deadline.plan_item_id)
                                    .where(PlanItem.code == "report-quarterly", Deadline.org_id == app.ctx.org_id)
                                    .order_by(Deadline.due_date).limit(1))
        quarterly.status, quarterly.done_at = "done", clock.now()
        due = quarterly.due_date
        await db.commit()
    view = await _overview_at(app, Period.parse("2026"), clock.now())
    home = next(o for o in view.organizations if o.org_id == app.ctx.org_id)
    assert (home.acknowledgement.on_time, home.acknowledgement.late, home.acknowledgement.missed,
            home.acknowledgement.pending) == (1, 1, 1, 1)
    assert home.reports == 4 and home.by_category == {"bribery": 4}
    view = await _overview_at(app, Period.parse(str(due.year)), clock.now())
    home = next(o for o in view.organizations if o.org_id == app.ctx.org_id)
    report = next(r for r in home.compliance_reports if r.code == "report-quarterly" and r.due == due)
    assert report.state == "submitted" and report.submitted_on == clock.now().astimezone(app.ctx.home_zone).date()
    assert home.plan.on_time >= 1 and not home.channel_closed and home.no_board


async def _overview_at(app, period: Period, now: datetime) -> oversight.Overview:  # type: ignore[no-untyped-def]
    async with app.ctx.sessions() as db:
        return await oversight.overview(db, period=period, now=now, min_cell=3, zone=app.ctx.home_zone)


def test_a_long_list_of_organizations_fits_one_message() -> None:
    """Hundreds of organizations with long names, every channel closed (a new deployment): the
    summary and the digest's list stay within Telegram's 4096 characters."""
    from bot.i18n import create_core, load_core_sync
    from bot.services import oversight_texts

    core = load_core_sync(create_core("kk"))

    def translate(locale: str, key: str, **kwargs: object) -> str:
        return core.get(key, locale, **kwargs)

    name = "Қазақ ұлттық аграрлық зерттеу университетінің филиалы — " + "өте ұзын атау " * 8
    view = oversight.Overview(
        period=Period.parse("2026"), generated=datetime(2026, 11, 26, tzinfo=UTC), min_cell=3,
        months=Period.parse("2026").months(),
        organizations=[oversight.OrgFigures(n, f"org-{n}", f"{name} {n}", "hei", False) for n in range(400)])
    for locale in ("kk", "ru", "en"):
        text = oversight_texts.summary(view, translate, locale)
        assert len(text) <= 4096 and "400" in text
        listed = oversight_texts._listed(oversight.attention(view), translate, locale)
        assert sum(len(line) + 1 for line in listed) <= 4096 - 200 and "…" in listed[-1]
