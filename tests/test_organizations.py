"""Many organizations in one deployment, through the real Dispatcher on SQLite and PostgreSQL:
reporters reach theirs by link, buttons or name; staff see their own organization's cases, plan
and people only (forged callbacks across organizations fail); a person serving two switches
with /org; a disabled organization takes no reports and gets no reminders."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot.app import run_reminders
from bot.services import organizations, people, plan
from storage.models import Case, Deadline, Organization, OutboxMessage, Person
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE
from tests.test_handlers import Chat, app, texts  # noqa: F401 - fixture

CANARY = "CANARY-ORGS-5e1d the dean sells exam grades"


async def add_org(app, slug: str, name: str, kind: str = "other") -> Organization:  # type: ignore[no-untyped-def]
    """An organization as `python -m bot org add` makes it: with its plan and the plan's dates."""
    now = app.ctx.clock.now()
    today = now.astimezone(app.ctx.home_zone).date()
    async with app.ctx.sessions() as db:
        org = await organizations.add(db, slug=slug, name=name, kind=kind, timezone="Asia/Almaty", now=now)
        await plan.seed_builtin_plan(db, org, today=today, now=now)
        await plan.ensure_occurrences(db, org.id, today=today, now=now)
    return org


async def enrol_at(fake: FakeTelegram, app, org_id: int, role: str = "officer", *,  # type: ignore[no-untyped-def]
                   chat: Chat | None = None, name: str = "Officer") -> Chat:
    chat = chat or Chat(fake, app, fake.new_user(name, language_code="en"))
    async with app.ctx.sessions() as db:
        token = await people.create_invite(db, org_id=org_id, role=role, now=app.ctx.clock.now(), ttl=timedelta(hours=1))
    sent = await chat.send(f"/start {token}")
    if role == "overseer":
        assert "There is no passphrase" in texts(sent)
    else:
        assert "recovery key" in texts(await chat.send(PASSPHRASE))
    return chat


async def report_via_link(reporter: Chat, slug: str, text: str = CANARY) -> str:
    """/start o_<slug>, then a report; returns the case's public id."""
    assert "go to" in texts(await reporter.send(f"/start {organizations.LINK_PREFIX}{slug}"))
    menu = await reporter.send("/report")
    return await _finish_report(reporter, menu[-1], text)


async def _finish_report(reporter: Chat, category_screen: dict, text: str) -> str:  # type: ignore[type-arg]
    assert "What is the report about?" in category_screen["text"]
    await reporter.press(category_screen, "Bribery")
    added = await reporter.send(text)
    review = await reporter.press(added[-1], "Done")
    received = await reporter.press(review[-1], "Submit")
    return re.search(r"Case number: ([0-9A-Z]{4}-[0-9A-Z]{4})", texts(received)).group(1)


async def _case(app, public_id: str) -> Case:  # type: ignore[no-untyped-def]
    async with app.ctx.sessions() as db:
        return await db.scalar(select(Case).where(Case.public_id == public_id))


async def _outbox_to(app, chat: Chat) -> list[str]:  # type: ignore[no-untyped-def]
    async with app.ctx.sessions() as db:
        return list(await db.scalars(select(OutboxMessage.text).where(OutboxMessage.chat_id == chat.user.id)))


async def test_a_reporter_reaches_the_organization_of_the_link(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    north = await add_org(app, "north", "North Polytechnic College")
    home_officer = await enrol_at(fake_tg, app, app.ctx.org_id)
    north_officer = await enrol_at(fake_tg, app, north.id)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))

    public_id = await report_via_link(reporter, "north")
    case = await _case(app, public_id)
    assert case.org_id == north.id
    # The alert went to the north's officer, naming the organization; nothing to the other one.
    alerts = await _outbox_to(app, north_officer)
    assert any(public_id in text and "North Polytechnic College" in text for text in alerts)
    assert not any(public_id in text for text in await _outbox_to(app, home_officer))
    # The choice stays for the conversation's next report: straight to the categories.
    again = await reporter.send("/report")
    assert "North Polytechnic College" in texts(again) and "What is the report about?" in texts(again)
    # An unknown or malformed organization link says so and leaves the choice to the report.
    stranger = Chat(fake_tg, app, fake_tg.new_user("Stranger", language_code="en"))
    assert "does not lead to an organization" in texts(await stranger.send("/start o_nowhere"))
    assert "Choose it below" in texts(await stranger.send("/report"))


async def test_a_reporter_chooses_by_button_or_by_name(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    north = await add_org(app, "north", "North Polytechnic College")
    await enrol_at(fake_tg, app, north.id)
    await enrol_at(fake_tg, app, app.ctx.org_id)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    menu = await reporter.send("/report")
    assert "Choose it below" in texts(menu)
    labels = [row[0]["text"] for row in menu[-1]["reply_markup"]["inline_keyboard"]]
    assert "North Polytechnic College" in labels and "Test University" in labels
    screen = await reporter.press(menu[-1], "North Polytechnic")
    assert "North Polytechnic College" in texts(screen)
    # "Another organization" goes back to the choice, keeping nothing behind.
    back = await reporter.press(screen[-1], "Another organization")
    assert "Choose it below" in texts(back)
    chosen = await reporter.press(back[-1], "North Polytechnic")
    public_id = await _finish_report(reporter, chosen[-1], "procurement was rigged")
    assert (await _case(app, public_id)).org_id == north.id

    # Past a screenful of organizations, the reporter types a part of the name (any case, ё/е).
    for number in range(8):
        await add_org(app, f"school-{number}", f"Школа № {number} города Алматы")
    await enrol_at(fake_tg, app, (await add_org(app, "semey", "Семейский медицинский университет")).id)
    second = Chat(fake_tg, app, fake_tg.new_user("Second", language_code="en"))
    asked = await second.send("/report")
    assert "Type a part of its name" in texts(asked)
    assert "No organization matches" in texts(await second.send("Астана"))
    found = await second.send("семейский")
    assert [row[0]["text"] for row in found[-1]["reply_markup"]["inline_keyboard"][:-1]] == \
        ["Семейский медицинский университет"]
    screen = await second.press(found[-1], "Семейский")
    assert "Семейский медицинский университет" in texts(screen)


async def test_a_first_message_waits_for_the_choice_of_organization(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    north = await add_org(app, "north", "North Polytechnic College")
    await enrol_at(fake_tg, app, north.id)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    offer = await reporter.send("my manager takes kickbacks")
    asked = await reporter.press(offer[-1], "Yes")
    # Only the north has an officer, but both organizations are listed: the home one's channel
    # is closed, which the reporter learns when they choose it; the choice stays open.
    closed = await reporter.press(asked[-1], "Test University")
    assert "not open yet" in texts(closed)
    screen = await reporter.press(asked[-1], "North Polytechnic")
    await reporter.press(screen[-1], "Bribery")
    review = await reporter.press((await reporter.send("and the canteen contract too"))[-1], "Done")
    assert "my manager takes kickbacks" in texts(review) and "canteen contract" in texts(review)


async def test_staff_never_reach_another_organizations_cases_plan_or_people(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    north = await add_org(app, "north", "North Polytechnic College")
    home_officer = await enrol_at(fake_tg, app, app.ctx.org_id, name="Home")
    north_officer = await enrol_at(fake_tg, app, north.id, name="North")
    await enrol_at(fake_tg, app, north.id, role="board", name="NorthBoard")
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    theirs = await report_via_link(reporter, "north")
    await home_officer.send(f"/unlock {PASSPHRASE}")

    assert theirs not in texts(await home_officer.send("/cases"))
    assert "not found" in texts(await home_officer.send(f"/case {theirs}")).lower()
    forged = [f"case:{action}:{theirs}" for action in
              ("open", "ack", "reply", "note", "status", "escalate", "grant", "export", "audit")]
    forged += [f"cs:investigation:{theirs}", f"cg:{north_officer.user.id}:{theirs}"]
    for data in forged:
        sent, answer = await home_officer.press_data(data)
        assert "Case not found, or you have no access" in answer["text"], data
        assert sent == [], data
    # The north's plan occurrences and people are not the home officer's to touch.
    async with app.ctx.sessions() as db:
        deadline = await db.scalar(select(Deadline).where(Deadline.org_id == north.id, Deadline.kind == "plan")
                                   .order_by(Deadline.due_date).limit(1))
        north_people = list(await db.scalars(select(Person.id).where(Person.org_id == north.id)))
    for data in (f"pl:done:{deadline.id}", f"pl:na:{deadline.id}", f"pl:open:{deadline.id}",
                 f"pl:snooze:{deadline.id}", f"pl:save:{deadline.id}", f"ppl:off:{north_people[0]}",
                 f"ppl:ask-off:{north_people[0]}"):
        sent, answer = await home_officer.press_data(data)
        assert not any("North" in m.get("text", "") for m in sent), data
    async with app.ctx.sessions() as db:
        after = await db.get(Deadline, deadline.id)
        assert after.status == "open" and after.snoozed_until is None
        assert list(await db.scalars(select(Person.active).where(Person.id.in_(north_people)))) == [True, True]
    listed = texts(await home_officer.send("/people"))
    assert "North" not in listed and "Home" in listed
    # The register and the reports of the home organization do not count the north's case.
    menu = await home_officer.send("/reports")
    document = (await home_officer.press(menu[-1], "Register, year 2026"))[-1]
    assert "0 cases" in document["caption"]
    # An oversight button pressed by an officer is no oversight.
    sent, answer = await north_officer.press_data("ovs:xlsx:2026:0")
    assert sent == [] and "no longer valid" in answer["text"]


async def test_someone_serving_two_organizations_switches_with_org(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    north = await add_org(app, "north", "North Polytechnic College")
    both = await enrol_at(fake_tg, app, app.ctx.org_id, name="Both")
    await enrol_at(fake_tg, app, north.id, chat=both)  # the same person, the same passphrase
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    north_case = await report_via_link(reporter, "north")
    home_reporter = Chat(fake_tg, app, fake_tg.new_user("Other", language_code="en"))
    home_case = await report_via_link(home_reporter, "default")

    # One unlock opens both rows (the passphrase is the same); they act in the north, enrolled last.
    assert "unlocked" in texts(await both.send(f"/unlock {PASSPHRASE}")).lower()
    listing = texts(await both.send("/cases"))
    assert north_case in listing and home_case not in listing and "🏢 North Polytechnic College" in listing
    assert "🏢 North Polytechnic College" in texts(await both.send("/plan"))
    prompt = await both.send("/org")
    assert "several organizations" in texts(prompt) and "North Polytechnic College" in texts(prompt)
    switched = await both.press(prompt[-1], "Test University")
    assert "You now act for" in texts(switched) and "Test University" in texts(switched)
    listing = texts(await both.send("/cases"))
    assert home_case in listing and north_case not in listing
    opened = texts(await both.send(f"/case {home_case}"))
    assert CANARY in opened  # unlocked already: no second passphrase
    # A forged switch to someone else's row is refused.
    async with app.ctx.sessions() as db:
        other_row = await db.scalar(select(Person.id).where(Person.telegram_user_id != both.user.id))
    sent, answer = await both.press_data(f"org:act:{other_row}")
    assert sent == [] and "no longer valid" in answer["text"]
    # Someone with one organization is told so.
    single = await enrol_at(fake_tg, app, north.id, name="Single")
    assert "You serve one organization" in texts(await single.send("/org"))


async def test_a_disabled_organization_takes_no_reports_and_gets_no_reminders(fake_tg: FakeTelegram, app, clock) -> None:  # type: ignore[no-untyped-def]
    north = await add_org(app, "north", "North Polytechnic College")
    north_officer = await enrol_at(fake_tg, app, north.id)
    await enrol_at(fake_tg, app, app.ctx.org_id)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    assert "go to" in texts(await reporter.send("/start o_north"))
    async with app.ctx.sessions() as db:
        await organizations.set_enabled(db, "north", enabled=False, now=clock.now())
    # The remembered choice no longer counts: only the home organization is offered now.
    screen = await reporter.send("/report")
    assert "What is the report about?" in texts(screen) and "North" not in texts(screen)
    sent, answer = await reporter.press_data(f"org:pick:{north.id}")
    assert sent == [] and "no longer valid" in answer["text"]
    newcomer = Chat(fake_tg, app, fake_tg.new_user("Newcomer", language_code="en"))
    assert "does not lead to an organization" in texts(await newcomer.send("/start o_north"))
    # A month on, the home officer has had reminders; the disabled organization's officer none.
    clock.advance(days=30)
    await run_reminders(app.ctx)
    assert not any("⏰" in text for text in await _outbox_to(app, north_officer))
    async with app.ctx.sessions() as db:
        await organizations.set_enabled(db, "north", enabled=True, now=clock.now())
    await run_reminders(app.ctx)
    # Enabled again: its reminders resume, saying which organization they are for.
    assert any("⏰" in text and "🏢 North Polytechnic College" in text for text in await _outbox_to(app, north_officer))


async def test_the_operator_manages_organizations_from_the_command_line(fake_tg: FakeTelegram, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`org add` as a process (the link and the QR code); the other commands through the same
    functions bot.cli calls (a process costs seconds of aiogram imports each)."""
    import asyncio
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    import pytest

    from bot import cli, cli_orgs, cli_people
    from bot.config import load_settings
    from tests.conftest import write_config

    root = Path(__file__).resolve().parents[1]
    config = write_config(tmp_path / "config.toml", fake_tg.base_url, fake_tg.token,
                          f"sqlite+aiosqlite:///{tmp_path / 'adal.db'}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    # In a thread: the fake Bot API (getMe, for the t.me link) answers on this event loop.
    added = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "bot", "org", "add", "north", "--name", "North Polytechnic College",
                         "--kind", "hei", "--governing-body", "Supervisory Board", "-c", str(config)],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(root)}, capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    assert f"https://t.me/{fake_tg.bot_username}?start=o_north" in added.stdout
    assert (tmp_path / "north-qr.png").read_bytes().startswith(b"\x89PNG")

    settings = load_settings(str(config))
    ok, text = await cli_orgs.org_add(settings, "north", name="Again", kind="other", timezone=None, governing_body="",
                                      qr=None)
    assert not ok and "exists already" in text
    ok, text = await cli_orgs.org_add(settings, "North!", name="Bad", kind="other", timezone=None, governing_body="",
                                      qr=None)
    assert not ok and "slug is 1 to 63" in text
    ok, text = await cli_orgs.org_add(settings, "east", name="East", kind="other", timezone="Mars/Olympus",
                                      governing_body="", qr=None)
    assert not ok and "unknown time zone" in text
    ok, listed = await cli_orgs.org_list(settings)
    assert "north" in listed and "North Polytechnic College" in listed and "home" in listed
    ok, text = await cli._invite(settings, "officer", "north")
    assert ok and "North Polytechnic College" in text and "?start=inv_" in text
    with pytest.raises(organizations.OrganizationError, match="no organization with the slug 'south'"):
        await cli._invite(settings, "officer", "south")
    ok, text = await cli._invite(settings, "overseer", "north")
    assert not ok and "without --org" in text
    ok, text = await cli._invite(settings, "overseer", None)
    assert ok and "statistics only" in text
    ok, text = await cli_orgs.org_enable(settings, "default", enabled=False)
    assert not ok and "cannot be disabled" in text
    ok, text = await cli_orgs.org_enable(settings, "north", enabled=False)
    assert ok and "takes no new reports" in text
    assert "disabled" in (await cli_orgs.org_list(settings))[1]
    ok, text = await cli_orgs.org_rename(settings, "north", name="North College", governing_body=None)
    assert ok and "North College" in text
    ok, text = await cli_orgs.org_link(settings, "north", str(tmp_path / "poster.png"))
    assert ok and "?start=o_north" in text and (tmp_path / "poster.png").exists()
    ok, text = await cli._register(settings, "2026", None, str(tmp_path / "north.xlsx"), False, "north")
    assert ok and (tmp_path / "north.xlsx").exists()
    ok, text = await cli_people.people_list(settings, "north")
    assert "nobody is enrolled" in text
    plan_items = sqlite3.connect(tmp_path / "adal.db").execute(
        "SELECT count(*) FROM plan_items JOIN organizations o ON o.id = plan_items.org_id WHERE o.slug = 'north'"
    ).fetchone()[0]
    assert plan_items >= 21  # its own action plan, the HEI measures included


async def test_the_board_switch_names_the_organizations_governing_body(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    north = await add_org(app, "north", "North Polytechnic College")
    async with app.ctx.sessions() as db:
        await organizations.rename(db, "north", name=None, governing_body="Supervisory Board", now=app.ctx.clock.now())
    await enrol_at(fake_tg, app, north.id)
    await enrol_at(fake_tg, app, north.id, role="board", name="Board")
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    await reporter.send("/start o_north")
    screen = (await reporter.send("/report"))[-1]
    assert "Supervisory Board" not in screen["text"]  # to the officers: the Board is not involved
    await reporter.press(screen, "To the Board only")
    edited = fake_tg.bot_sent[-1]
    assert "Here the Board is the Supervisory Board" in edited["text"] and "North Polytechnic College" in edited["text"]


async def test_deactivated_in_one_organization_still_serves_the_other(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    from bot.services import roster

    north = await add_org(app, "north", "North Polytechnic College")
    both = await enrol_at(fake_tg, app, app.ctx.org_id, name="Both")
    await enrol_at(fake_tg, app, app.ctx.org_id, name="Colleague")
    await enrol_at(fake_tg, app, north.id, chat=both)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    north_case = await report_via_link(reporter, "north")  # its alert waits in the outbox for "Both"
    overseer = await enrol_at(fake_tg, app, app.ctx.org_id, role="overseer", name="Ministry")
    async with app.ctx.sessions() as db:
        home_row = await db.scalar(select(Person).where(Person.telegram_user_id == both.user.id,
                                                        Person.org_id == app.ctx.org_id))
        overseer_row = await db.scalar(select(Person).where(Person.telegram_user_id == overseer.user.id))
        await roster.deactivate(db, app.ctx.org_id, home_row.id, actor="operator", now=app.ctx.clock.now(),
                                translate=app.ctx.translate, zone=app.ctx.zone)
        # The last overseer closes no route: the operator deactivates it without --force.
        result = await roster.deactivate(db, app.ctx.org_id, overseer_row.id, actor="operator",
                                         now=app.ctx.clock.now(), translate=app.ctx.translate, zone=app.ctx.zone)
        assert result.closed_route is None
    assert any(north_case in text for text in await _outbox_to(app, both))
    assert north_case in texts(await both.send("/cases"))
