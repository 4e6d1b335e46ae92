"""The reminder engine. The database is the source of truth; a scheduler only calls `tick`.

For a deadline due on local date D, the reminder slots are:
- lead:N for each configured lead time N (default 14, 7, 3, 1, 0 days before D), moved to the
  previous working day when they fall on a weekend or public holiday;
- legal, on L, when D is a day off: the term then ends on the next working day L (the Civil
  Code's rule), and the reminder says both dates; otherwise L = D;
- overdue:N on each working day N days after L, daily, until the deadline is done;
- escalation, once, to the Board when a deadline is `escalate_after_days` overdue (after L).
Each goes out at the configured local time (09:00 Asia/Almaty by default).

Exactly once: each (deadline, slot, recipient) has a unique mark, written in the same transaction
as the outbox row that carries it. A tick only sends the latest slot that has come (after downtime
the missed ones that no longer matter are skipped), and everything one person is due in a tick is
one message: a digest rather than a flood.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import outbox
from bot.services.calendar import WorkCalendar, format_day, quarter_of
from bot.services.people import active_people
from bot.services.plan_texts import plan_label
from storage.models import Case, CaseAccess, Deadline, Organization, Person, PlanItem, ReminderMark

Translate = Callable[..., str]
CASE_KINDS = ("case-ack", "case-feedback")


@dataclass(frozen=True)
class ReminderPolicy:
    calendar: WorkCalendar
    lead_days: tuple[int, ...] = (14, 7, 3, 1, 0)
    escalate_after_days: int = 3


@dataclass(frozen=True)
class Slot:
    name: str
    moment: datetime  # UTC
    overdue_days: int = 0


def slots(due: date, policy: ReminderPolicy) -> Iterator[Slot]:
    """Every reminder slot of a deadline, in time order (endless: overdue repeats daily)."""
    calendar = policy.calendar
    last: datetime | None = None
    for lead in sorted(set(policy.lead_days), reverse=True):
        moment = calendar.local_moment(calendar.on_or_before(due - timedelta(days=lead))).astimezone(UTC)
        if last is None or moment > last:  # two leads moved onto one working day: send once
            yield Slot(f"lead:{lead}", moment)
            last = moment
    legal = calendar.legal_due(due)
    if legal != due:
        moment = calendar.local_moment(legal).astimezone(UTC)
        if last is None or moment > last:
            yield Slot("legal", moment)
            last = moment
    days = 1
    while True:
        day = legal + timedelta(days=days)
        if calendar.is_working_day(day):
            moment = calendar.local_moment(day).astimezone(UTC)
            if last is None or moment > last:
                yield Slot(f"overdue:{days}", moment, overdue_days=days)
                last = moment
        days += 1


def due_and_next(due: date, policy: ReminderPolicy, *, not_before: datetime, now: datetime) -> tuple[Slot | None, Slot]:
    """The latest slot in (not_before, now] — the one that still matters — and the next one after now."""
    latest = None
    for slot in slots(due, policy):
        if slot.moment > now:
            return latest, slot
        if slot.moment > not_before:
            latest = slot
    raise AssertionError("slots() is endless")


# --- creating and closing deadlines ----------------------------------------------------------------


def add_case_deadlines(session: AsyncSession, case: Case, calendar: WorkCalendar) -> None:
    """Part of the transaction that stores the case. The engine works out the first reminder."""
    for kind, due_at in (("case-ack", case.acknowledge_due_at), ("case-feedback", case.feedback_due_at)):
        session.add(Deadline(
            org_id=case.org_id, key=f"{kind}:{case.id}", kind=kind, case_id=case.id,
            due_date=calendar.local_date(due_at), status="open", created_at=case.created_at,
            next_remind_at=case.created_at,
        ))


async def complete_case_deadlines(session: AsyncSession, case_id: int, kinds: tuple[str, ...]) -> None:
    rows = await session.scalars(select(Deadline).where(Deadline.case_id == case_id, Deadline.kind.in_(kinds)))
    for deadline in rows:
        deadline.status = "done"
        deadline.next_remind_at = None


# --- the tick --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Due:
    deadline: Deadline
    slot: Slot
    what: Callable[[str, str], str]  # (locale, due date text) -> "Case X: acknowledge by ..."
    escalation: bool = False
    report_period: str | None = None  # a §18/§19 report's period: the reminder offers its draft


@dataclass(frozen=True)
class _Subject:
    readers: list[Person]
    escalate_to: list[Person]
    what: Callable[[str, str], str]
    report_period: str | None = None


# The built-in plan's report items (bot/plan/order178.toml) and the period each occurrence covers.
def report_period(code: str, due: date) -> str | None:
    if code == "report-quarterly":  # due on the 1st of the month after the quarter
        return quarter_of(due - timedelta(days=1))
    if code == "report-annual":  # due 5 December of the year it covers
        return str(due.year)
    return None


def draft_button(period: str) -> str:
    """The reminder's "Prepare the draft" callback: handlers/reports.py's ComplianceReportCb
    (prefix, period, exact counts off) reads it."""
    return f"crep:{period}:0"


async def case_readers(session: AsyncSession, case_id: int) -> list[Person]:
    """The active people who hold a key to the case, in enrolment order."""
    rows = await session.scalars(
        select(Person).join(CaseAccess, CaseAccess.person_id == Person.id)
        .where(CaseAccess.case_id == case_id, Person.active.is_(True)).order_by(Person.id)
    )
    return list(rows)


async def _subject(db: AsyncSession, deadline: Deadline, translate: Translate) -> _Subject | None:
    """Who is reminded of a deadline and how it is described; None if it no longer applies."""
    if deadline.kind in CASE_KINDS:
        case = await db.get(Case, deadline.case_id)
        if case is None or case.closed_at is not None:
            return None
        return _Subject(
            readers=await case_readers(db, case.id),
            # A Board-only case is already the Board's: nobody above it to escalate to.
            escalate_to=await active_people(db, case.org_id, "board") if case.route == "officers" else [],
            what=lambda locale, due: translate(locale, f"reminder-{deadline.kind}", public_id=case.public_id, due=due),
        )
    item = await db.get(PlanItem, deadline.plan_item_id)
    if item is None or item.state != "active":
        return None
    return _Subject(
        readers=await active_people(db, deadline.org_id, "officer"),
        escalate_to=await active_people(db, deadline.org_id, "board"),
        what=lambda locale, due: translate(locale, "reminder-plan", due=due,
                                           item=html.escape(plan_label(item.number, item.title, locale))),
        report_period=report_period(item.code, deadline.due_date),
    )


async def _claim(session: AsyncSession, deadline: Deadline, slot: str, person: Person, now: datetime) -> bool:
    """Write the mark; False if this reminder was already sent (by us earlier, or another instance)."""
    try:
        async with session.begin_nested():
            session.add(ReminderMark(org_id=deadline.org_id, deadline_id=deadline.id, slot=slot,
                                     recipient_id=person.id, sent_at=now))
            await session.flush()
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class Organizations:
    """What the tick needs of the organizations: each one's policy (its own time zone), and its
    name for the reminder's header when the deployment serves more than one."""

    policies: dict[int, ReminderPolicy]
    names: dict[int, str]

    def policy(self, org_id: int, default: ReminderPolicy) -> ReminderPolicy:
        return self.policies.get(org_id, default)

    def label(self, org_id: int) -> str | None:
        return self.names.get(org_id) if len(self.names) > 1 else None


async def tick(sessions: async_sessionmaker[AsyncSession], *, now: datetime, policy: ReminderPolicy,
               translate: Translate, batch: int = 50, orgs: Organizations | None = None) -> int:
    """Queue every reminder that is due at `now`. Returns how many outbox messages were queued.
    `orgs`: each organization's own policy and name (default: `policy` for all, no names).

    Small batches, each its own transaction: a catch-up over thousands of deadlines never holds
    the event loop (or the SQLite write lock) for long. A disabled organization's deadlines wait
    (they are not even read); enabled again, each sends its latest slot only."""
    orgs = orgs or Organizations({}, {})
    queued = 0
    async with sessions() as db:
        disabled = list(await db.scalars(select(Organization.id).where(Organization.disabled_at.is_not(None))))
    while True:
        async with sessions() as db:
            query = (
                select(Deadline)
                .where(Deadline.status == "open", Deadline.next_remind_at <= now)
                .order_by(Deadline.next_remind_at, Deadline.id)
                .limit(batch)
            )
            if disabled:  # only then: the usual tick stays one range scan of the due index
                query = query.where(Deadline.org_id.not_in(disabled))
            if db.bind.dialect.name == "postgresql":
                # Several instances tick at once: each takes rows the others have not locked.
                query = query.with_for_update(skip_locked=True)
            deadlines = list(await db.scalars(query))
            if not deadlines:
                return queued
            pending: dict[int, tuple[Person, list[_Due]]] = {}
            for deadline in deadlines:
                for person, due in await _process(db, deadline, now, orgs.policy(deadline.org_id, policy), translate):
                    pending.setdefault(person.id, (person, []))[1].append(due)
            for person, items in pending.values():
                # One person is one organization's row: their digest is that organization's.
                _queue_message(db, person, items, now, orgs.policy(person.org_id, policy), translate,
                               organization=orgs.label(person.org_id))
                queued += 1
            await db.commit()
        if len(deadlines) < batch:
            return queued


def _snooze_slot(deadline: Deadline, policy: ReminderPolicy, now: datetime) -> tuple[Slot | None, datetime | None]:
    """A snoozed deadline wakes on its snooze date with a reminder of its own."""
    if deadline.snoozed_until is None:
        return None, None
    calendar = policy.calendar
    wake = calendar.local_moment(calendar.on_or_before(deadline.snoozed_until)).astimezone(UTC)
    if now < wake:
        return None, wake
    overdue = max(0, (calendar.local_date(now) - calendar.legal_due(deadline.due_date)).days)
    deadline.snoozed_until = None
    return Slot(f"snooze:{wake.date().isoformat()}", wake, overdue_days=overdue), wake


async def _process(db: AsyncSession, deadline: Deadline, now: datetime, policy: ReminderPolicy,
                   translate: Translate) -> list[tuple[Person, _Due]]:
    woken, wake = _snooze_slot(deadline, policy, now)
    if woken is None and wake is not None:
        deadline.next_remind_at = wake  # still snoozed
        return []
    created = deadline.created_at
    if deadline.kind in CASE_KINDS:
        # A case is dated by its filing day only, and its readers were alerted that day: reminders
        # start the day after, not at a slot of the filing day that may precede the filing.
        created += timedelta(days=1)
    not_before = max(created, wake) if wake is not None else created
    latest, following = due_and_next(deadline.due_date, policy, not_before=not_before, now=now)
    deadline.next_remind_at = following.moment
    slot = latest or woken
    if slot is None:
        return []
    subject = await _subject(db, deadline, translate)
    if subject is None:
        deadline.status, deadline.next_remind_at = "done", None
        return []
    due: list[tuple[Person, _Due]] = []
    for person in subject.readers:
        if await _claim(db, deadline, slot.name, person, now):
            due.append((person, _Due(deadline, slot, subject.what, report_period=subject.report_period)))
    if slot.overdue_days >= policy.escalate_after_days and deadline.escalated_at is None and subject.escalate_to:
        deadline.escalated_at = now
        for member in subject.escalate_to:
            if await _claim(db, deadline, "escalation", member, now):
                due.append((member, _Due(deadline, slot, subject.what, escalation=True,
                                         report_period=subject.report_period)))
    return due


def due_text(due: date, calendar: WorkCalendar, translate: Translate, locale: str) -> str:
    """A due date as people read it: with its legal date too when it falls on a day off."""
    legal = calendar.legal_due(due)
    if legal == due:
        return format_day(due)
    return translate(locale, "reminder-due-legally", due=format_day(due), legal=format_day(legal))


def _line(item: _Due, locale: str, policy: ReminderPolicy, translate: Translate, now: datetime) -> str:
    deadline, calendar = item.deadline, policy.calendar
    what = item.what(locale, due_text(deadline.due_date, calendar, translate, locale))
    # Counted at delivery, not at the slot: a digest caught up days late says what is true now.
    today, legal = calendar.local_date(now), calendar.legal_due(deadline.due_date)
    if today > legal:
        when = translate(locale, "reminder-overdue", days=(today - legal).days)
    else:
        # Until the day itself, the days to it; between a day off and its legal date, to the latter.
        target = deadline.due_date if today <= deadline.due_date else legal
        when = translate(locale, "reminder-left", days=(target - today).days)
    return f"• {what} — {when}"


def _footer(items: list[_Due], locale: str, translate: Translate) -> str:
    """Where to act: /plan for measures of the plan, /cases for cases."""
    kinds = {"cases" if item.deadline.kind in CASE_KINDS else "plan" for item in items}
    return "\n".join(translate(locale, f"reminder-footer-{kind}") for kind in ("plan", "cases") if kind in kinds)


def _queue_message(db: AsyncSession, person: Person, items: list[_Due], now: datetime, policy: ReminderPolicy,
                   translate: Translate, *, organization: str | None = None) -> None:
    locale = person.locale
    escalation = any(item.escalation for item in items)
    header = translate(locale, "reminder-escalation-header" if escalation else "reminder-header", count=len(items))
    if organization is not None:  # someone may serve several: say whose deadlines these are
        header += f"\n🏢 {html.escape(organization)}"
    body = "\n".join(_line(item, locale, policy, translate, now) for item in items)
    first = min(item.deadline.id for item in items)
    outbox.enqueue(
        db, org_id=person.org_id, chat_id=person.telegram_user_id, now=now,
        dedup_key=f"reminder:{person.id}:{first}:{items[0].slot.name}:{now.isoformat()}",
        text=f"{header}\n\n{body}\n\n{_footer(items, locale, translate)}",
        reply_markup=_draft_buttons(items, locale, translate),
    )


def _draft_buttons(items: list[_Due], locale: str, translate: Translate) -> dict[str, object] | None:
    """A reminder of the §18/§19 report offers to prepare its draft from the data."""
    periods = sorted({item.report_period for item in items if item.report_period})
    if not periods:
        return None
    return {"inline_keyboard": [[{"text": translate(locale, "reminder-prepare-draft", period=period),
                                  "callback_data": draft_button(period)}] for period in periods]}
