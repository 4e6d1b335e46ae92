"""Trust through the real Dispatcher: /people with confirmation and forged buttons, the roster
notices, /checkpoint, a reply whose key locked meanwhile, a forged entry as the officer and the
reporter see it, and the `people`/`invite`/`audit verify --head` commands as an operator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.services import entries, people
from storage import crypto
from storage.models import Case, CaseItem, Person
from tests.conftest import TEST_SECRET
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE
from tests.test_case_handlers import _file
from tests.test_handlers import Chat, app, texts  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[1]


async def _enrol(fake: FakeTelegram, app, name: str, role: str = "officer") -> Chat:  # type: ignore[no-untyped-def]
    chat = Chat(fake, app, fake.new_user(name, language_code="en"))
    async with app.ctx.sessions() as db:
        token = await people.create_invite(db, org_id=app.ctx.org_id, role=role, now=app.ctx.clock.now(),
                                           ttl=timedelta(hours=1))
    await chat.send(f"/start {token}")
    assert "recovery key" in texts(await chat.send(PASSPHRASE))
    return chat


async def _person(app, chat: Chat) -> Person:  # type: ignore[no-untyped-def]
    async with app.ctx.sessions() as db:
        return await db.scalar(select(Person).where(Person.telegram_user_id == chat.user.id))


def _queued_to(fake: FakeTelegram, app, chat: Chat) -> list[str]:  # type: ignore[no-untyped-def]
    return [m["text"] for m in fake.bot_sent if m.get("chat_id") == chat.user.id]


async def _outbox_texts(app, chat: Chat) -> list[str]:  # type: ignore[no-untyped-def]
    from storage.models import OutboxMessage

    async with app.ctx.sessions() as db:
        return list(await db.scalars(select(OutboxMessage.text).where(OutboxMessage.chat_id == chat.user.id)))


async def test_people_list_deactivation_with_confirmation_and_notices(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    aigerim = await _enrol(fake_tg, app, "Aigerim")
    bolat = await _enrol(fake_tg, app, "Bolat")
    dana = await _enrol(fake_tg, app, "Dana", role="board")
    assert any("new reader was enrolled: Bolat" in t for t in await _outbox_texts(app, aigerim))
    [listing] = await aigerim.send("/people")
    assert "Aigerim" in listing["text"] and "Board member" in listing["text"]
    assert str(aigerim.user.id) not in listing["text"]
    labels = [b["text"] for row in listing["reply_markup"]["inline_keyboard"] for b in row]
    assert any("Bolat" in label for label in labels) and not any("Dana" in label for label in labels)
    bolat_id = (await _person(app, bolat)).id
    [confirm] = await aigerim.press(listing, next(label for label in labels if "Bolat" in label))
    assert "Deactivate Bolat" in confirm["text"]
    assert (await _person(app, bolat)).active  # nothing happens before the confirmation
    done = await aigerim.press(confirm, "Yes, deactivate")
    assert "Bolat (#%d) was deactivated" % bolat_id in texts(done)
    assert not (await _person(app, bolat)).active
    assert any("Bolat" in t and "deactivated" in t for t in await _outbox_texts(app, dana))
    assert "don't know that command" in texts(await bolat.send("/cases"))  # they are nobody now
    # A forged button: an officer deactivating the Board member, and someone gone pressing anything.
    dana_id = (await _person(app, dana)).id
    _, answer = await aigerim.press_data(f"ppl:off:{dana_id}")
    assert "Officers can manage officers only" in answer["text"] and (await _person(app, dana)).active
    _, answer = await aigerim.press_data(f"ppl:ask-off:{(await _person(app, aigerim)).id}")
    assert "last active reader" in answer["text"]  # not into an empty route
    _, answer = await bolat.press_data(f"ppl:on:{bolat_id}")
    assert not (await _person(app, bolat)).active
    # The Board can bring them back.
    [listing] = await dana.send("/people")
    back = await dana.press(listing, next(b["text"] for row in listing["reply_markup"]["inline_keyboard"]
                                          for b in row if "Bolat" in b["text"]))
    assert "is active again" in texts(back) and (await _person(app, bolat)).active


async def test_checkpoint_gives_the_head_and_the_readers(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    from bot.services import audit

    officer = await _enrol(fake_tg, app, "Aigerim")
    await _enrol(fake_tg, app, "Dana", role="board")
    [answer] = await officer.send("/checkpoint")
    async with app.ctx.sessions() as db:
        head = await audit.head(db)
    assert f"{head.count}:{head.hash}" in answer["text"] and "officers 1, Board members 1" in answer["text"]
    stranger = Chat(fake_tg, app, fake_tg.new_user("Stranger"))
    assert "don't know that command" in texts(await stranger.send("/checkpoint"))


async def test_a_reply_typed_after_the_key_locked_is_not_written(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await _enrol(fake_tg, app, "Aigerim")
    case = await _file(app)
    await officer.send(f"/unlock {PASSPHRASE}")
    await officer.press_data(f"case:reply:{case.public_id}")
    [preview] = await officer.send("Which year?")
    await app.ctx.keyring.drop((await _person(app, officer)).id)  # what the idle timeout does
    assert "Send /unlock" in texts(await officer.press(preview, "Send"))
    async with app.ctx.sessions() as db:
        assert (await db.scalars(select(CaseItem.kind))).all() == ["report"]
    await officer.send(f"/unlock {PASSPHRASE}")
    await officer.press_data(f"case:reply:{case.public_id}")
    [preview] = await officer.send("Which year?")
    assert "Reply sent to the reporter" in texts(await officer.press(preview, "Send"))


async def test_a_forged_staff_reply_is_flagged_for_the_reporter_and_the_officer(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    import json

    officer = await _enrol(fake_tg, app, "Aigerim")
    officer_id = (await _person(app, officer)).id
    case = await _file(app, text="the original report")
    async with app.ctx.sessions() as db:  # the insider, with the database and every server secret
        row = await db.scalar(select(Case).where(Case.id == case.case_id))
        db.add(entries.new_entry(row, crypto.new_salt() * 2, kind="reply", author=f"person:{officer_id}",
                                 at=app.ctx.clock.now(), body=json.dumps({"text": "Send us your full name"}).encode()))
        await db.commit()
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    await reporter.send("/check")
    view = texts(await reporter.send(case.receipt))
    assert "failed verification" in view and "Send us your full name" not in view
    await officer.send(f"/unlock {PASSPHRASE}")
    card, _ = await officer.press_data(f"case:open:{case.public_id}")
    shown = texts(card)
    assert "Part of this case failed verification" in shown and "Send us your full name" not in shown
    assert "the original report" in shown


def test_people_and_invite_commands(tmp_path: Path) -> None:
    from tests.conftest import write_config

    config = write_config(tmp_path / "config.toml", "http://127.0.0.1:9", "123:abc",
                          f"sqlite+aiosqlite:///{tmp_path / 'adal.db'}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", *args, "-c", str(config)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    assert "nobody is enrolled yet" in run("people", "list").stdout
    assert run("invite", "officer").returncode == 0
    listed = run("invite", "list")
    assert listed.returncode == 0 and "officer" in listed.stdout and "open" in listed.stdout
    revoked = run("invite", "revoke", "1")
    assert revoked.returncode == 0 and "revoked" in revoked.stdout
    again = run("invite", "revoke", "1")
    assert again.returncode == 1 and "is revoked: nothing to revoke" in again.stderr
    assert run("people", "deactivate").returncode == 2  # which one?
    missing = run("people", "deactivate", "42")
    assert missing.returncode == 1 and "no person #42" in missing.stderr
    verify = run("audit", "verify")
    assert verify.returncode == 0
    count = verify.stdout.split("OK: ")[1].split(" ")[0]
    assert "invite-created" not in verify.stdout
    import sqlite3

    last = sqlite3.connect(tmp_path / "adal.db").execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    anchored = run("audit", "verify", "--head", f"{count}:{last[:20]}")
    assert anchored.returncode == 0 and "still contains the anchored head" in anchored.stdout
    wrong = run("audit", "verify", "--head", f"{count}:{'0' * 20}")
    assert wrong.returncode == 1 and "not the anchored one" in wrong.stdout
    malformed = run("audit", "verify", "--head", "nonsense")
    assert malformed.returncode == 1 and "COUNT:HASH" in malformed.stdout
    assert TEST_SECRET not in verify.stdout


async def test_a_reporter_withdraws_an_unopened_report(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await _enrol(fake_tg, app, "Aigerim")
    case = await _file(app, text="withdrawn canary")
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    await reporter.send("/check")
    view = await reporter.send(case.receipt)
    [confirm] = await reporter.press(view[-1], "↩ Withdraw my report")
    assert "Nobody at the organization has opened it yet" in confirm["text"]
    done = await reporter.press(confirm, "Yes, withdraw it")
    assert "withdrawn and deleted" in texts(done)
    assert any("was withdrawn by its reporter" in t for t in await _outbox_texts(app, officer))
    await reporter.send("/check")
    assert "Nothing was found" in texts(await reporter.send(case.receipt))


async def test_an_opened_report_offers_no_withdrawal(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await _enrol(fake_tg, app, "Aigerim")
    case = await _file(app)
    await officer.send(f"/unlock {PASSPHRASE}")
    await officer.press_data(f"case:open:{case.public_id}")
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    await reporter.send("/check")
    view = await reporter.send(case.receipt)
    labels = [b["text"] for row in view[-1]["reply_markup"]["inline_keyboard"] for b in row]
    assert not any("Withdraw" in label for label in labels)
    _, answer = await reporter.press_data("fu:withdraw-yes")  # a forged button changes nothing
    assert "already been opened" in answer["text"]


async def test_the_daily_run_warns_before_deletion_and_anchors_the_head(fake_tg: FakeTelegram, app, clock) -> None:  # type: ignore[no-untyped-def]
    from bot.app import run_reminders
    from bot.services import case_actions

    officer = await _enrol(fake_tg, app, "Aigerim")
    board = await _enrol(fake_tg, app, "Dana", role="board")
    case = await _file(app)
    person = await _person(app, officer)
    async with app.ctx.sessions() as db:
        key = (await people.unlock(db, person, passphrase=PASSPHRASE, policy=app.ctx.secret_policy,
                                   now=clock.now())).private_key
        await case_actions.change_status(db, person, key, case.public_id, "closed_no_grounds", comment="none",
                                         now=clock.now(), actions=app.ctx.actions)
    days = app.ctx.settings.cases.retention_days
    clock.advance(days=days - 14, hours=24)  # past the reminders' local time, 14 days before deletion
    await run_reminders(app.ctx)
    [warning] = [t for t in await _outbox_texts(app, officer) if "will be deleted" in t]
    assert case.public_id in warning
    assert any("Audit log checkpoint" in t for t in await _outbox_texts(app, board))
    [reasons], _ = await officer.press_data(f"ret:ask:{case.public_id}")
    kept = await officer.press(reasons, "Court proceedings")
    assert f"Case {case.public_id} is kept until" in texts(kept)
