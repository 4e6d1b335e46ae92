"""No text goes where its author did not mean it to (through the real Dispatcher): a reply or a
closing comment is previewed before it takes effect; a writing mode takes one message and ends
after it, after Cancel, after any command and after ten idle minutes; escalation and grants are
confirmed first; a reply is never cut short."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Case, CaseAccess, CaseItem
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE
from tests.test_case_handlers import _file
from tests.test_handlers import Chat, app, enrol_officer, texts  # noqa: F401 - fixture


async def _kinds(app, case_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    async with app.ctx.sessions() as db:
        return sorted((await db.scalars(select(CaseItem.kind).where(CaseItem.case_id == case_id))).all())


async def _ready(fake_tg: FakeTelegram, app):  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    case = await _file(app)
    await officer.send(f"/unlock {PASSPHRASE}")
    return officer, case


async def test_a_reply_is_previewed_and_the_mode_ends_after_one_message(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer, case = await _ready(fake_tg, app)
    await officer.press_data(f"case:reply:{case.public_id}")
    [preview] = await officer.send("Which year were the invoices issued?")
    assert "Preview" in preview["text"] and "Which year were the invoices issued?" in preview["text"]
    assert await _kinds(app, case.case_id) == ["report"]  # nothing until Send
    assert "waiting above" in texts(await officer.send("note to self: call HR about Ivanov"))
    assert "Reply sent to the reporter" in texts(await officer.press(preview, "Send"))
    assert await _kinds(app, case.case_id) == ["reply", "report"]
    await officer.send("note to self: call HR about Ivanov")  # the mode ended with the reply
    assert await _kinds(app, case.case_id) == ["reply", "report"]
    _, stale = await officer.press_data("cw:send")
    assert "no longer active" in stale["text"] and await _kinds(app, case.case_id) == ["reply", "report"]


async def test_edit_and_cancel(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer, case = await _ready(fake_tg, app)
    await officer.press_data(f"case:reply:{case.public_id}")
    [preview] = await officer.send("first try")
    assert "Write your reply" in texts(await officer.press(preview, "Edit"))
    [preview] = await officer.send("second try")
    assert "nothing was sent" in texts(await officer.press(preview, "Cancel")).lower()
    assert await _kinds(app, case.case_id) == ["report"]


async def test_a_command_ends_the_mode_and_says_so(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer, case = await _ready(fake_tg, app)
    await officer.press_data(f"case:reply:{case.public_id}")
    answered = texts(await officer.send("/cases"))
    assert "was not sent: a command ends writing" in answered and case.public_id in answered  # /cases ran too
    await officer.send("this is not for the reporter")
    assert await _kinds(app, case.case_id) == ["report"]


async def test_an_idle_mode_ends(fake_tg: FakeTelegram, app, clock) -> None:  # type: ignore[no-untyped-def]
    officer, case = await _ready(fake_tg, app)
    await officer.press_data(f"case:reply:{case.public_id}")
    clock.advance(minutes=11)
    assert "More than 10 minutes passed" in texts(await officer.send("hours later, about something else"))
    assert await _kinds(app, case.case_id) == ["report"]


async def test_closing_is_previewed_with_its_status(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer, case = await _ready(fake_tg, app)
    await officer.press_data(f"cs:closed_unsubstantiated:{case.public_id}")
    [preview] = await officer.send("No evidence was found.")
    assert "closed as “closed: not substantiated”" in preview["text"] or "will be closed" in preview["text"]
    async with app.ctx.sessions() as db:
        assert (await db.get(Case, case.case_id)).closed_at is None
    assert "status changed" in texts(await officer.press(preview, "Send"))
    async with app.ctx.sessions() as db:
        assert (await db.get(Case, case.case_id)).status == "closed_unsubstantiated"


async def test_a_long_reply_is_kept_whole(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer, case = await _ready(fake_tg, app)
    await officer.press_data(f"case:reply:{case.public_id}")
    long_reply = ("Пожалуйста, уточните. " * 200)[:4096]
    preview = await officer.send(long_reply)
    await officer.press(preview[-1], "Send")
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    await reporter.send("/check")
    shown = texts(await reporter.send(case.receipt)).replace("\n", "")
    assert long_reply.strip().replace("\n", "")[-200:] in shown  # its end arrived too: nothing was cut


async def test_escalation_and_grants_are_confirmed(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer, case = await _ready(fake_tg, app)
    await enrol_officer(fake_tg, app, role="board")
    [ask] = (await officer.press_data(f"case:escalate:{case.public_id}"))[0]
    assert "cannot be taken back" in ask["text"]
    assert "nothing was changed" in texts(await officer.press(ask, "Cancel")).lower()
    async with app.ctx.sessions() as db:
        assert (await db.get(Case, case.case_id)).escalated_at is None
    assert ask.get("reply_markup") is None  # the answered question cannot be pressed again
    [ask] = (await officer.press_data(f"case:escalate:{case.public_id}"))[0]
    assert "escalated" in texts(await officer.press(ask, "Yes, escalate"))
    async with app.ctx.sessions() as db:
        assert (await db.get(Case, case.case_id)).escalated_at is not None
    colleague = await enrol_officer(fake_tg, app)
    [menu] = (await officer.press_data(f"case:grant:{case.public_id}"))[0]
    [confirm] = await officer.press(menu, "Officer")
    assert "cannot be taken back" in confirm["text"]
    async with app.ctx.sessions() as db:
        before = len((await db.scalars(select(CaseAccess).where(CaseAccess.case_id == case.case_id))).all())
    await officer.press(confirm, "Yes, give access")
    async with app.ctx.sessions() as db:
        after = len((await db.scalars(select(CaseAccess).where(CaseAccess.case_id == case.case_id))).all())
    assert after == before + 1 and colleague


async def test_a_case_opens_by_its_number(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer, case = await _ready(fake_tg, app)
    card = texts(await officer.send(f"/case {case.public_id.lower().replace('-', ' ')}"))
    assert case.public_id in card and "report text" in card
    assert "Case not found" in texts(await officer.send("/case ZZZZ-ZZZZ"))
    assert "for example: /case ABCD-1234" in texts(await officer.send("/case"))
    await officer.send("/lock")
    assert "Send /unlock" in texts(await officer.send(f"/case {case.public_id}"))


async def test_the_card_shows_the_category_the_report_was_filed_with(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    """The insider relabels a case in the database to make it look minor: the card says the case
    failed verification and shows the category sealed with the report."""
    from sqlalchemy import update

    from storage.models import Case

    officer, case = await _ready(fake_tg, app)
    async with app.ctx.sessions() as db:
        await db.execute(update(Case).where(Case.id == case.case_id).values(category="other"))
        await db.commit()
    card = texts(await officer.send(f"/case {case.public_id}"))
    assert "failed verification" in card and "Extortion" in card and "Category: Other" not in card
