"""Two organizations end to end: the real polling loop over HTTP against the fake Bot API. A
reporter opens one organization's link and files a report; its officer gets the alert naming
the organization and reads the case, the other organization's officer hears nothing of it; the
overseer's /oversight counts it and says nothing of it."""

from __future__ import annotations

from sqlalchemy import select

from bot import cli_orgs
from bot.app import sessions_for
from storage.db import create_engine
from storage.models import Case, Organization
from tests.conftest import RunningBot
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE, enrol, file_report, has, invite_token, step

REPORT_TEXT = "CANARY-E2E-ORGS-31b7: the vice-rector signs contracts with his brother's firm"


async def test_a_report_reaches_its_own_organization_only(fake_tg: FakeTelegram, settings, tmp_path, log_stream) -> None:  # type: ignore[no-untyped-def]
    ok, printed = await cli_orgs.org_add(settings, "north", name="North Polytechnic College", kind="other",
                                         timezone=None, governing_body="", qr=str(tmp_path / "north.png"))
    assert ok, printed
    home_officer = fake_tg.new_user("HomeOfficer", language_code="en")
    north_officer = fake_tg.new_user("NorthOfficer", language_code="en")
    overseer = fake_tg.new_user("Ministry", language_code="en")
    reporter = fake_tg.new_user("Reporter", username="secret_reporter_name", language_code="en")
    async with RunningBot(settings):
        await enrol(fake_tg, settings, home_officer)
        await enrol(fake_tg, settings, north_officer, org="north")
        token = await invite_token(settings, "overseer")
        await step(fake_tg, overseer, lambda: overseer.send(f"/start {token}"), "There is no passphrase")

        await step(fake_tg, reporter, lambda: reporter.send("/start o_north"), "North Polytechnic College")
        public_id, _receipt = await file_report(fake_tg, reporter, REPORT_TEXT)

        alert = await fake_tg.wait_for_message(north_officer.id, has("New report"))
        assert public_id in alert["text"] and "North Polytechnic College" in alert["text"]
        assert "CANARY" not in alert["text"]
        await step(fake_tg, north_officer, lambda: north_officer.send(f"/unlock {PASSPHRASE}"), "Unlocked")
        await step(fake_tg, north_officer, lambda: north_officer.press_button(alert, "Open case"), REPORT_TEXT)

        summary = await step(fake_tg, overseer, lambda: overseer.send("/oversight"), "Reports received: 1")
        assert public_id not in summary["text"] and "CANARY" not in summary["text"]
        await fake_tg.wait_idle()
    assert not any(public_id in m.get("text", "") for m in fake_tg.sent_to(home_officer.id))
    engine = create_engine(settings.storage.url)
    try:
        async with sessions_for(settings, engine)() as db:
            case = await db.scalar(select(Case).where(Case.public_id == public_id))
            org = await db.get(Organization, case.org_id)
        assert org.slug == "north"
    finally:
        await engine.dispose()
    logs = log_stream.getvalue()
    assert "CANARY" not in logs and str(reporter.id) not in logs and "secret_reporter_name" not in logs
