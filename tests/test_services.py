"""Services against a real database: SQLite always, PostgreSQL when ADAL_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FakeClock
from bot.i18n import create_core, load_core_sync
from bot.services import audit, case_actions, cases, deployment, outbox, people, reports
from bot.services.errors import (
    AlreadyEnrolled,
    ChannelClosed,
    InviteExpired,
    InviteInvalid,
    InviteUsed,
    LockedOut,
    NotAllowed,
    WeakPassphrase,
    WrongSecret,
)
from bot.services.organizations import ensure_organization
from storage import crypto
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import Case, CaseAccess, Mailbox, OutboxMessage, Person
from tests.conftest import AUDIT_KEY, TEST_SECRET

CHEAP = crypto.Argon2Cost(memory_kib=8, iterations=1, lanes=1)
POLICY = people.SecretPolicy(cost=CHEAP, passphrase_min_length=12, free_attempts=3, lockout_base_seconds=60)
CORE = load_core_sync(create_core("kk"))
ZONE = ZoneInfo("Asia/Almaty")


def translate(locale: str, key: str, **kwargs: object) -> str:
    return CORE.get(key, locale, **kwargs)


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await upgrade(db_url)
    engine = create_engine(db_url)
    yield create_session_factory(engine, audit_key=AUDIT_KEY)
    await engine.dispose()


@pytest.fixture
async def org_id(sessions: async_sessionmaker[AsyncSession], clock: FakeClock) -> int:
    async with sessions() as db:
        return (await ensure_organization(db, slug="uni", name="University", kind="hei", now=clock.now())).id


async def _enrol(sessions, org_id: int, clock: FakeClock, user_id: int, role: str = "officer",
                 passphrase: str = "a long passphrase 1") -> people.Enrolment:
    async with sessions() as db:
        token = await people.create_invite(db, org_id=org_id, role=role, now=clock.now(), ttl=timedelta(hours=1))
    async with sessions() as db:
        return await people.enrol(db, token=token, telegram_user_id=user_id, locale="en", passphrase=passphrase,
                                  policy=POLICY, now=clock.now())


async def _submit(sessions, org_id: int, clock: FakeClock, route: str = "officers", text: str = "report text",
                  attachments: list[reports.Attachment] | None = None) -> reports.Submission:
    async with sessions() as db:
        from storage.models import Organization

        org = await db.get(Organization, org_id)
        return await reports.submit_report(
            db, org=org, content=reports.ReportContent("bribery", route, text, "yesterday", "room 5", "the dean",
                                                       attachments or []),
            now=clock.now(), cost=CHEAP, acknowledge_days=7, feedback_days=90, translate=translate, zone=ZONE,
        )


# --- schema ---------------------------------------------------------------------------------


async def test_migrations_match_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    await upgrade(db_url)
    engine = create_engine(db_url)
    async with engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    await engine.dispose()
    assert diff == []


# --- invites and enrolment ------------------------------------------------------------------


async def test_argon2_cost_is_pinned_once_secrets_depend_on_it(sessions, org_id: int, clock: FakeClock) -> None:
    from bot.services import argon2_pin

    first, second = crypto.Argon2Cost(8, 1, 1), crypto.Argon2Cost(16, 1, 1)
    async with sessions() as db:
        await argon2_pin.check(db, first)
        await argon2_pin.check(db, second)  # nothing derived yet: the cost may still change
        await argon2_pin.check(db, first)
    await _enrol(sessions, org_id, clock, 1001)  # the test policy derives with the cheapest cost (8, 1, 1)
    async with sessions() as db:
        with pytest.raises(argon2_pin.CostChanged, match="argon2_memory_kib=8, argon2_iterations=1, argon2_lanes=1"):
            await argon2_pin.check(db, second)  # the officer's passphrase would never open again
        await argon2_pin.check(db, first)


async def test_invite_is_single_use(sessions, org_id: int, clock: FakeClock) -> None:
    async with sessions() as db:
        token = await people.create_invite(db, org_id=org_id, role="officer", now=clock.now(), ttl=timedelta(hours=1))
    async with sessions() as db:
        await people.enrol(db, token=token, telegram_user_id=1001, locale="en", passphrase="a long passphrase 1",
                           policy=POLICY, now=clock.now())
    async with sessions() as db:
        with pytest.raises(InviteUsed):
            await people.enrol(db, token=token, telegram_user_id=1002, locale="en", passphrase="a long passphrase 1",
                               policy=POLICY, now=clock.now())


async def test_invite_expires(sessions, org_id: int, clock: FakeClock) -> None:
    async with sessions() as db:
        token = await people.create_invite(db, org_id=org_id, role="board", now=clock.now(), ttl=timedelta(hours=1))
    clock.advance(hours=2)
    async with sessions() as db:
        with pytest.raises(InviteExpired):
            await people.find_invite(db, token, clock.now())
        with pytest.raises(InviteInvalid):
            await people.find_invite(db, "inv_forged", clock.now())


async def test_only_a_hash_of_the_invite_token_is_stored(sessions, org_id: int, clock: FakeClock) -> None:
    from storage.models import Invite

    async with sessions() as db:
        token = await people.create_invite(db, org_id=org_id, role="officer", now=clock.now(), ttl=timedelta(hours=1))
        stored = (await db.scalars(select(Invite))).one()
    assert token not in stored.token_hash


async def test_concurrent_redemptions_of_one_invite_enrol_one_person(sessions, org_id: int, clock: FakeClock) -> None:
    async with sessions() as db:
        token = await people.create_invite(db, org_id=org_id, role="officer", now=clock.now(), ttl=timedelta(hours=1))

    async def redeem(user_id: int) -> object:
        async with sessions() as db:
            try:
                return await people.enrol(db, token=token, telegram_user_id=user_id, locale="en",
                                          passphrase="a long passphrase 1", policy=POLICY, now=clock.now())
            except (InviteUsed, AlreadyEnrolled) as error:
                return error

    results = await asyncio.gather(*(redeem(2000 + i) for i in range(4)), return_exceptions=True)
    assert sum(isinstance(r, people.Enrolment) for r in results) == 1, results
    async with sessions() as db:
        assert len((await db.scalars(select(Person))).all()) == 1


async def test_weak_passphrase_is_refused_and_invite_stays_usable(sessions, org_id: int, clock: FakeClock) -> None:
    async with sessions() as db:
        token = await people.create_invite(db, org_id=org_id, role="officer", now=clock.now(), ttl=timedelta(hours=1))
    async with sessions() as db:
        with pytest.raises(WeakPassphrase):
            await people.enrol(db, token=token, telegram_user_id=1, locale="en", passphrase="short",
                               policy=POLICY, now=clock.now())
        with pytest.raises(WeakPassphrase):
            await people.enrol(db, token=token, telegram_user_id=1, locale="en", passphrase="aaaaaaaaaaaaaaaa",
                               policy=POLICY, now=clock.now())
        await people.find_invite(db, token, clock.now())


# --- unlock, lock-out, recovery -------------------------------------------------------------


async def test_unlock_and_growing_lockout(sessions, org_id: int, clock: FakeClock) -> None:
    enrolment = await _enrol(sessions, org_id, clock, 3001)
    async with sessions() as db:
        person = await db.get(Person, enrolment.person.id)
        for _ in range(3):
            with pytest.raises(WrongSecret):
                await people.unlock(db, person, passphrase="wrong passphrase!", policy=POLICY, now=clock.now())
        with pytest.raises(LockedOut) as first:
            await people.unlock(db, person, passphrase="a long passphrase 1", policy=POLICY, now=clock.now())
        assert first.value.seconds_left == 60
        clock.advance(seconds=61)
        with pytest.raises(WrongSecret):
            await people.unlock(db, person, passphrase="wrong again!!!!", policy=POLICY, now=clock.now())
        with pytest.raises(LockedOut) as second:
            await people.unlock(db, person, passphrase="a long passphrase 1", policy=POLICY, now=clock.now())
        assert second.value.seconds_left > first.value.seconds_left  # doubles
        clock.advance(seconds=121)
        unlocked = await people.unlock(db, person, passphrase="a long passphrase 1", policy=POLICY, now=clock.now())
    assert unlocked.private_key == enrolment.private_key
    assert unlocked.failures_since_last_unlock == 4
    async with sessions() as db:
        again = await people.unlock(db, await db.get(Person, enrolment.person.id),
                                    passphrase="a long passphrase 1", policy=POLICY, now=clock.now())
    assert again.failures_since_last_unlock == 0


async def test_recovery_key_resets_the_passphrase(sessions, org_id: int, clock: FakeClock) -> None:
    enrolment = await _enrol(sessions, org_id, clock, 3002)
    async with sessions() as db:
        person = await db.get(Person, enrolment.person.id)
        with pytest.raises(WrongSecret):
            await people.reset_passphrase(db, person, recovery_key=crypto.new_recovery_key(),
                                          new_passphrase="brand new passphrase", policy=POLICY, now=clock.now())
        key = await people.reset_passphrase(db, person, recovery_key=enrolment.recovery_key.lower(),
                                            new_passphrase="brand new passphrase", policy=POLICY, now=clock.now())
        assert key == enrolment.private_key
        with pytest.raises(WrongSecret):
            await people.unlock(db, person, passphrase="a long passphrase 1", policy=POLICY, now=clock.now())
        assert (await people.unlock(db, person, passphrase="brand new passphrase", policy=POLICY,
                                    now=clock.now())).private_key == enrolment.private_key


# --- reports --------------------------------------------------------------------------------


async def test_no_report_is_sealed_into_a_void(sessions, org_id: int, clock: FakeClock) -> None:
    with pytest.raises(ChannelClosed):
        await _submit(sessions, org_id, clock)
    await _enrol(sessions, org_id, clock, 4001, role="officer")
    with pytest.raises(ChannelClosed):
        await _submit(sessions, org_id, clock, route="board")
    async with sessions() as db:
        assert (await db.scalars(select(Case))).all() == []
        assert await reports.open_routes(db, org_id) == {"officers"}


async def test_report_is_sealed_to_readers_with_alerts_in_the_same_commit(sessions, org_id: int, clock: FakeClock) -> None:
    first = await _enrol(sessions, org_id, clock, 5001)
    second = await _enrol(sessions, org_id, clock, 5002)
    photo = reports.Attachment("photo", "p.jpg", "image/jpeg", b"\xff\xd8jpegbytes")
    submission = await _submit(sessions, org_id, clock, text="the canary text", attachments=[photo])
    assert submission.recipients == 2
    async with sessions() as db:
        for enrolment in (first, second):
            view = await case_actions.read_case(db, enrolment.person, enrolment.private_key, submission.public_id, now=clock.now())
            assert view.report["text"] == "the canary text" and view.report["who"] == "the dean"
            assert view.attachments == [photo]
        alerts = (await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        assert {a.chat_id for a in alerts} == {5001, 5002}
        assert all(submission.public_id in a.text and "canary" not in a.text for a in alerts)
        case = (await db.scalars(select(Case))).one()
        assert case.acknowledge_due_at - case.created_at == timedelta(days=7)
        assert case.feedback_due_at - case.created_at == timedelta(days=90)


async def test_board_only_report_is_never_sealed_to_an_officer(sessions, org_id: int, clock: FakeClock) -> None:
    officer = await _enrol(sessions, org_id, clock, 6001, role="officer")
    board = await _enrol(sessions, org_id, clock, 6002, role="board")
    submission = await _submit(sessions, org_id, clock, route="board")
    async with sessions() as db:
        holders = set((await db.scalars(select(CaseAccess.person_id))).all())
        assert holders == {board.person.id}
        assert (await cases.list_cases(db, officer.person)) == ([], 0)
        with pytest.raises(NotAllowed):
            await case_actions.read_case(db, officer.person, officer.private_key, submission.public_id, now=clock.now())
        alerts = (await db.scalars(select(OutboxMessage))).all()
        assert [a.chat_id for a in alerts] == [6002]
        view = await case_actions.read_case(db, board.person, board.private_key, submission.public_id, now=clock.now())
        assert view.report["text"] == "report text"


async def test_receipt_opens_the_case_and_nothing_else_does(sessions, org_id: int, clock: FakeClock) -> None:
    await _enrol(sessions, org_id, clock, 7001)
    submission = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        salt = await deployment.receipt_tag_salt(db)
        assert salt != crypto.LEGACY_RECEIPT_TAG_SALT and len(salt) == 16  # a new deployment: its own salt
        tag = await crypto.receipt_tag(submission.receipt, CHEAP, salt)
        mailbox = await db.scalar(select(Mailbox).where(Mailbox.receipt_tag == tag))
        assert mailbox is not None and mailbox.case_id == submission.case_id
        reporter_private = crypto.unwrap(
            await crypto.receipt_key(submission.receipt, mailbox.key_salt, CHEAP),
            mailbox.private_key_by_receipt, purpose=reports.PURPOSE_REPORTER_KEY,
        )
        scope = reports.case_scope(submission.case_id)
        case_private = crypto.unseal(reporter_private, mailbox.sealed_case_key, scope=scope, purpose=reports.PURPOSE_CASE_KEY)
        case = await db.get(Case, submission.case_id)
        # The key the receipt opens is the private half of the case's stored public key.
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        derived_public = X25519PrivateKey.from_private_bytes(case_private).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        assert derived_public == case.public_key
        wrong = await crypto.receipt_tag(crypto.new_receipt(), CHEAP, salt)
        # Another deployment's salt gives another tag: a table precomputed elsewhere finds nothing here.
        elsewhere = await crypto.receipt_tag(submission.receipt, CHEAP, crypto.new_salt())
        assert await db.scalar(select(Mailbox).where(Mailbox.receipt_tag == elsewhere)) is None
        assert await db.scalar(select(Mailbox).where(Mailbox.receipt_tag == wrong)) is None


async def test_case_list_pages_and_forged_ids(sessions, org_id: int, clock: FakeClock) -> None:
    officer = await _enrol(sessions, org_id, clock, 8001)
    for _ in range(cases.PAGE_SIZE + 2):
        await _submit(sessions, org_id, clock)
        clock.advance(minutes=1)
    async with sessions() as db:
        first, total = await cases.list_cases(db, officer.person, page=0)
        second, _ = await cases.list_cases(db, officer.person, page=1)
        assert total == cases.PAGE_SIZE + 2 and len(first) == cases.PAGE_SIZE and len(second) == 2
        # Newest first: by filing day (all that is stored), then by case id.
        assert [(c.created_at, c.id) for c in first] == sorted(((c.created_at, c.id) for c in first), reverse=True)
        assert first[0].id > second[-1].id
        with pytest.raises(NotAllowed):
            await case_actions.read_case(db, officer.person, officer.private_key, "ZZZZ-ZZZZ", now=clock.now())


# --- outbox ---------------------------------------------------------------------------------


async def test_outbox_due_postpone_sent_failed(sessions, org_id: int, clock: FakeClock) -> None:
    async with sessions() as db:
        for n in range(3):
            outbox.enqueue(db, org_id=org_id, dedup_key=f"k{n}", chat_id=n, text="t", now=clock.now())
        await db.commit()
        rows = await outbox.due_messages(db, clock.now(), 10)
        assert [r.dedup_key for r in rows] == ["k0", "k1", "k2"]
        await outbox.postpone(db, rows[0].id, clock.now() + timedelta(seconds=30), "429")
        await outbox.mark_sent(db, rows[1].id, clock.now())
        await outbox.mark_failed(db, rows[2].id, clock.now(), "Forbidden")
        assert await outbox.due_messages(db, clock.now(), 10) == []
        assert await outbox.backlog(db, clock.now()) == (1, timedelta(0))
        clock.advance(seconds=31)
        assert [r.dedup_key for r in await outbox.due_messages(db, clock.now(), 10)] == ["k0"]


async def test_outbox_dedup_key_is_unique(sessions, org_id: int, clock: FakeClock) -> None:
    from sqlalchemy.exc import IntegrityError

    async with sessions() as db:
        outbox.enqueue(db, org_id=org_id, dedup_key="same", chat_id=1, text="t", now=clock.now())
        outbox.enqueue(db, org_id=org_id, dedup_key="same", chat_id=1, text="t", now=clock.now())
        with pytest.raises(IntegrityError):
            await db.commit()


@pytest.mark.parametrize("guessable", [
    "qwertyuiop123", "йцукенгшщзхъ", "password1234", "abcabcabcabc", "1q2w3e4r5t6y", "aaaaaaaaaaaaaaaa",
    "Nurlanovna2024!",  # the person's own name and a year
])
def test_guessable_passphrases_are_refused(guessable: str) -> None:
    with pytest.raises(WeakPassphrase):
        people.check_passphrase(guessable, 12, context=("Aigerim Nurlanovna",))


def test_good_passphrases_pass_in_any_alphabet() -> None:
    for good in ("correct horse battery staple", "мой секретный пароль на работе", "көктемде таулар гүлдейді"):
        people.check_passphrase(good, 12)


async def test_a_passphrase_opens_in_any_unicode_form(sessions, org_id: int, clock: FakeClock) -> None:
    import unicodedata

    composed = "жаңа құпия сөз, йод"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    enrolment = await _enrol(sessions, org_id, clock, 9101, passphrase=decomposed)
    async with sessions() as db:
        person = await db.get(Person, enrolment.person.id)
        unlocked = await people.unlock(db, person, passphrase=composed, policy=POLICY, now=clock.now())
    assert unlocked.private_key == enrolment.private_key


async def test_an_old_deployment_keeps_its_receipt_salt(sessions, org_id: int, clock: FakeClock) -> None:
    from sqlalchemy import delete

    from storage.models import DeploymentSetting

    await _enrol(sessions, org_id, clock, 9201)
    await _submit(sessions, org_id, clock)
    async with sessions() as db:  # as if the mailbox had been made before salts were per deployment
        await db.execute(delete(DeploymentSetting).where(DeploymentSetting.name == deployment.RECEIPT_TAG_SALT))
        await db.commit()
        assert await deployment.receipt_tag_salt(db) == crypto.LEGACY_RECEIPT_TAG_SALT


def test_an_argon2_cost_below_owasps_minimum_is_refused_outside_tests() -> None:
    from bot.config import ConfigError, load_settings

    base = {"telegram": {"token": "1:x"}, "security": {"secret_key": TEST_SECRET, "argon2_memory_kib": 8192}}
    with pytest.raises(ConfigError, match="argon2_memory_kib must be at least 19456"):
        load_settings(None, **base)
    with pytest.raises(ConfigError, match="argon2_iterations"):
        load_settings(None, telegram={"token": "1:x"}, security={"secret_key": TEST_SECRET, "argon2_iterations": 1})
    assert load_settings(None, telegram={"token": "1:x"}, security={"secret_key": TEST_SECRET}).security.argon2_memory_kib == 65536


async def test_two_first_uses_of_the_receipt_salt_agree(sessions, org_id: int) -> None:
    """Two reports filed at once on a deployment that has no salt yet (PostgreSQL: the second
    INSERT waits for the first and used to fail with a unique violation)."""
    import asyncio

    async def first_use() -> bytes:
        async with sessions() as db:
            value = await deployment.receipt_tag_salt(db)
            await db.commit()
            return value

    first, second = await asyncio.gather(first_use(), first_use())
    assert first == second and len(first) == 16


@pytest.mark.parametrize("value", [
    "s" * 40,  # one repeated character
    "0123456789" * 4,  # a repeated pattern
    "change-me-to-a-long-random-value-please",  # text from documentation
    "your-secret-key-goes-here-0123456789",
    "aB3-" * 4 + "Zz9!" * 4,  # long enough, but a pattern
])
def test_obviously_non_secret_keys_are_refused(value: str) -> None:
    from bot.config import ConfigError, load_settings

    for key in ("secret_key", "notification_key"):
        security = {"secret_key": TEST_SECRET, key: value}
        with pytest.raises(ConfigError, match=f"security.{key}.*generate one with"):
            load_settings(None, telegram={"token": "1:x"}, security=security)


def test_generated_secrets_are_accepted() -> None:
    import secrets

    from bot.config import load_settings

    for _ in range(50):
        settings = load_settings(None, telegram={"token": "1:x"},
                                 security={"secret_key": secrets.token_urlsafe(32), "notification_key": secrets.token_hex(16)})
        assert settings.security.secret_key
