"""Migration 0015 moves a one-organization database forward: the organization that was the
deployment's becomes the first of many, with its id, people, cases and plan, and nothing changes
for it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text

from bot.app import build
from bot.config import Settings
from bot.services import organizations, people
from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Case, Organization

THEN = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


async def _one_organization_database_at_0014(url: str) -> None:
    """Rows as the bot wrote them before 0015: one organization, an officer, a case."""
    await upgrade(url, "0014")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(
                "INSERT INTO organizations (id, slug, name, kind, created_at) "
                "VALUES (7, 'default', 'Test University', 'hei', :at)"), {"at": THEN})
            await connection.execute(text(
                "INSERT INTO people (id, org_id, role, telegram_user_id, display_name, locale, public_key, "
                "passphrase_salt, private_key_by_passphrase, recovery_salt, private_key_by_recovery, failed_unlocks, "
                "failed_unlocks_unreported, enrolled_at, active) VALUES (3, 7, 'officer', 4242, 'Aigerim', 'kk', "
                ":key, :salt, :wrapped, :salt, :wrapped, 0, 0, :at, :yes)"),
                {"key": b"k" * 32, "salt": b"s" * 16, "wrapped": b"w" * 60, "at": THEN, "yes": True})
            await connection.execute(text(
                "INSERT INTO cases (id, org_id, public_id, category, route, status, public_key, created_at, updated_at, "
                "acknowledge_due_at, feedback_due_at, purge_warned) VALUES (11, 7, 'AB12-CD34', 'bribery', 'officers', "
                "'new', :key, :at, :at, :at, :at, 0)"), {"key": b"p" * 32, "at": THEN})
    finally:
        await engine.dispose()


async def test_a_one_organization_database_moves_forward(settings: Settings, clock) -> None:  # type: ignore[no-untyped-def]
    await _one_organization_database_at_0014(settings.storage.url)
    app = await build(settings, clock=clock)  # migrates to the head, as start-up does
    try:
        assert app.ctx.org_id == 7  # the same organization, not a new one
        async with app.ctx.sessions() as db:
            orgs = list(await db.scalars(select(Organization)))
            assert [(o.id, o.slug, o.timezone, o.governing_body, o.disabled_at) for o in orgs] == \
                [(7, "default", "Asia/Almaty", "", None)]
            officer = await people.identify(db, 4242)
            assert officer is not None and officer.org_id == 7 and officer.selected_at is None
            case = await db.scalar(select(Case).where(Case.public_id == "AB12-CD34"))
            assert case.org_id == 7
            # It is the only organization taking reports: reporters are never asked to choose.
            assert (await organizations.directory(db)).single.id == 7
    finally:
        await app.bot.session.close()
        await app.ctx.engine.dispose()
