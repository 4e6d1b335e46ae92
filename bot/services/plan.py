"""The anti-corruption action plan: the built-in template, schedule rules, occurrences, and what
officers do with them (done with evidence, snooze, not applicable, confirm a past one-off).

Occurrences are `Deadline` rows of kind "plan", so the reminder engine treats them like any
other deadline.
"""

from __future__ import annotations

import calendar as month_calendar
import json
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from bot.services.calendar import WorkCalendar, quarter_report_due
from bot.services.errors import ServiceError
from bot.services.plan_texts import text_in  # noqa: F401 - re-exported for handlers
from storage.models import Deadline, Organization, Person, PlanItem

TEMPLATE = Path(__file__).resolve().parent.parent / "plan" / "order178.toml"
HORIZON_DAYS = 400
EVENTS = ("instruction-approved",)


class PlanItemNotFound(ServiceError):
    key = "plan-not-found"


# --- rules -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    kind: str  # "once" | "yearly" | "quarterly" | "monthly" | "after"
    on: date | None = None
    month: int = 0
    day: int = 0
    event: str = ""
    days: int = 0

    @property
    def recurring(self) -> bool:
        return self.kind in ("yearly", "quarterly", "monthly")


def parse_rule(text: str) -> Rule:
    """Parse a schedule rule; ValueError with a readable message if it is not one."""
    kind, _, rest = text.strip().partition(":")
    try:
        if kind == "once":
            return Rule("once", on=date.fromisoformat(rest))
        if kind == "yearly":
            month, day = (int(part) for part in rest.split("-"))
            date(2024, month, day)  # validates (2024 is a leap year: 02-29 is allowed)
            return Rule("yearly", month=month, day=day)
        if kind in ("quarterly", "monthly") and not rest:
            return Rule(kind)
        if kind == "after":
            event, _, days = rest.partition(":")
            if event not in EVENTS or not days.isdigit() or not 0 <= int(days) <= 366:
                raise ValueError
            return Rule("after", event=event, days=int(days))
    except ValueError:
        pass
    raise ValueError(
        f"unknown schedule rule {text!r}; use once:YYYY-MM-DD, yearly:MM-DD, quarterly, monthly "
        f"or after:{'|'.join(EVENTS)}:DAYS"
    )


def due_dates(rule: Rule, start: date, end: date) -> list[date]:
    """The due dates a rule produces in [start, end]. Event-driven rules produce none by themselves."""
    found: list[date] = []
    if rule.kind == "once" and rule.on is not None:
        found = [rule.on]
    elif rule.kind == "yearly":
        for year in range(start.year, end.year + 1):
            last = month_calendar.monthrange(year, rule.month)[1]
            found.append(date(year, rule.month, min(rule.day, last)))
    elif rule.kind == "quarterly":
        found = [quarter_report_due(year, q) for year in range(start.year - 1, end.year + 1) for q in (1, 2, 3, 4)]
    elif rule.kind == "monthly":
        for year in range(start.year, end.year + 1):
            for month in range(1, 13):
                found.append(date(year, month, month_calendar.monthrange(year, month)[1]))
    return sorted(d for d in found if start <= d <= end)


# --- texts -------------------------------------------------------------------------------------------


def load_template() -> tuple[dict[str, dict[str, str]], list[dict]]:  # type: ignore[type-arg]
    data = tomllib.loads(TEMPLATE.read_text(encoding="utf-8"))
    return data["responsible"], data["item"]


# --- seeding and occurrences ---------------------------------------------------------------------------


def _default_state(rule: Rule, hei_only: bool, org_kind: str, today: date) -> str:
    if hei_only and org_kind != "hei":
        return "off"
    if rule.kind == "once" and rule.on is not None and rule.on < today:
        return "confirm"  # the order's 2022-2023 date has passed: done already?
    return "active"


async def seed_builtin_plan(session: AsyncSession, org: Organization, *, today: date, now: datetime) -> int:
    """Create (or refresh) the built-in items for an organization. Idempotent; keeps officers'
    decisions, but switches HEI-only items on or off with the organization's kind."""
    responsible, items = load_template()
    existing = {i.code: i for i in await session.scalars(select(PlanItem).where(PlanItem.org_id == org.id))}
    created = 0
    for spec in items:
        rule = parse_rule(spec["rule"])
        state = _default_state(rule, spec.get("hei", False), org.kind, today)
        item = existing.get(spec["code"])
        if item is None:
            item = PlanItem(org_id=org.id, code=spec["code"], source="builtin", created_at=now, state=state)
            session.add(item)
            created += 1
        elif item.source == "builtin" and (item.state == "off") != (state == "off"):
            item.state = state
        if item.source != "builtin":
            continue  # an organization's own item with the same code wins
        item.number, item.rule, item.event = spec.get("number"), spec["rule"], spec.get("event")
        item.title = json.dumps(spec["title"], ensure_ascii=False)
        item.evidence = json.dumps(spec["evidence"], ensure_ascii=False)
        item.responsible = json.dumps(responsible[spec["responsible"]], ensure_ascii=False)
    await session.commit()
    return created


def _occurrence(item: PlanItem, due: date, now: datetime) -> Deadline:
    return Deadline(org_id=item.org_id, key=f"plan:{item.id}:{due.isoformat()}", kind="plan", plan_item_id=item.id,
                    due_date=due, status="open", created_at=now, next_remind_at=now)


async def ensure_occurrences(session: AsyncSession, org_id: int, *, today: date, now: datetime,
                             horizon_days: int = HORIZON_DAYS) -> int:
    """Materialize the occurrences of active items from today to the horizon. Idempotent."""
    items = list(await session.scalars(
        select(PlanItem).where(PlanItem.org_id == org_id, PlanItem.state == "active")
    ))
    end = today + timedelta(days=horizon_days)
    wanted = {f"plan:{item.id}:{due.isoformat()}": (item, due)
              for item in items for due in due_dates(parse_rule(item.rule), today, end)}
    # Look the keys up themselves, not "occurrences due from today": an occurrence whose date
    # was moved keeps its key, and inserting that key again would fail every later tick.
    existing: set[str] = set()
    keys = list(wanted)
    for start in range(0, len(keys), 500):
        existing.update(await session.scalars(select(Deadline.key).where(Deadline.key.in_(keys[start:start + 500]))))
    for key, (item, due) in wanted.items():
        if key not in existing:
            session.add(_occurrence(item, due, now))
    await session.commit()
    return len(wanted) - len(existing)


async def record_event(session: AsyncSession, person: Person, event: str, *, day: date, now: datetime) -> list[Deadline]:
    """An event officers record (the instruction was approved): items that follow it get a deadline."""
    if event not in EVENTS:
        raise ValueError("unknown event")
    created = []
    for item in await session.scalars(select(PlanItem).where(PlanItem.org_id == person.org_id,
                                                             PlanItem.state == "active")):
        rule = parse_rule(item.rule)
        if rule.kind == "after" and rule.event == event:
            due = day + timedelta(days=rule.days)
            if await session.scalar(select(Deadline.id).where(Deadline.key == f"plan:{item.id}:{due.isoformat()}")) is None:
                deadline = _occurrence(item, due, now)
                session.add(deadline)
                created.append(deadline)
    await audit.append(session, org_id=person.org_id, actor=audit.person_actor(person.id), action="plan-event", now=now)
    await session.commit()
    return created


# --- what officers do -------------------------------------------------------------------------------------


async def find_occurrence(session: AsyncSession, person: Person, deadline_id: int) -> tuple[Deadline, PlanItem]:
    row = (await session.execute(
        select(Deadline, PlanItem).join(PlanItem, PlanItem.id == Deadline.plan_item_id)
        .where(Deadline.id == deadline_id, Deadline.org_id == person.org_id, Deadline.kind == "plan")
    )).first()
    if row is None:
        raise PlanItemNotFound()
    return row[0], row[1]


async def mark_done(session: AsyncSession, person: Person, deadline_id: int, *, now: datetime, comment: str = "",
                    evidence_name: str | None = None, evidence: bytes | None = None) -> Deadline:
    deadline, _ = await find_occurrence(session, person, deadline_id)
    deadline.status, deadline.next_remind_at = "done", None
    deadline.done_at, deadline.done_by = now, person.id
    deadline.comment = comment or None
    if evidence is not None:
        deadline.evidence, deadline.evidence_name = evidence, evidence_name
    await audit.append(session, org_id=person.org_id, actor=audit.person_actor(person.id), action="plan-done", now=now)
    await session.commit()
    return deadline


async def mark_not_applicable(session: AsyncSession, person: Person, deadline_id: int, *, now: datetime) -> Deadline:
    deadline, _ = await find_occurrence(session, person, deadline_id)
    deadline.status, deadline.next_remind_at = "na", None
    deadline.done_at, deadline.done_by = now, person.id
    await audit.append(session, org_id=person.org_id, actor=audit.person_actor(person.id), action="plan-na", now=now)
    await session.commit()
    return deadline


async def snooze(session: AsyncSession, person: Person, deadline_id: int, *, until: date, calendar: WorkCalendar,
                 now: datetime) -> Deadline:
    """No reminders until `until` (at the reminder time, or the working day before); then as usual."""
    deadline, _ = await find_occurrence(session, person, deadline_id)
    if deadline.status != "open":
        raise PlanItemNotFound()
    deadline.snoozed_until = until
    deadline.next_remind_at = calendar.local_moment(calendar.on_or_before(until))
    await audit.append(session, org_id=person.org_id, actor=audit.person_actor(person.id), action="plan-snoozed", now=now)
    await session.commit()
    return deadline


async def confirm(session: AsyncSession, person: Person, item_id: int, *, done: bool, now: datetime) -> PlanItem:
    """Settle a past one-off measure: done already, or not applicable."""
    item = await session.scalar(select(PlanItem).where(PlanItem.id == item_id, PlanItem.org_id == person.org_id,
                                                       PlanItem.state == "confirm"))
    if item is None:
        raise PlanItemNotFound()
    item.state = "done" if done else "na"
    await audit.append(session, org_id=person.org_id, actor=audit.person_actor(person.id),
                       action="plan-confirmed", now=now)
    await session.commit()
    return item


# --- reading ----------------------------------------------------------------------------------------------


async def upcoming(session: AsyncSession, org_id: int, *, until: date, limit: int = 20) -> list[tuple[Deadline, PlanItem]]:
    """Open occurrences due up to `until` (overdue ones first, as they are earliest)."""
    rows = await session.execute(
        select(Deadline, PlanItem).join(PlanItem, PlanItem.id == Deadline.plan_item_id)
        .where(Deadline.org_id == org_id, Deadline.kind == "plan", Deadline.status == "open", Deadline.due_date <= until)
        .order_by(Deadline.due_date, PlanItem.number, Deadline.id).limit(limit)
    )
    return [(d, i) for d, i in rows]


async def to_confirm(session: AsyncSession, org_id: int) -> list[PlanItem]:
    rows = await session.scalars(select(PlanItem).where(PlanItem.org_id == org_id, PlanItem.state == "confirm")
                                 .order_by(PlanItem.number, PlanItem.id))
    return list(rows)


async def history(session: AsyncSession, item_id: int, limit: int = 10) -> list[Deadline]:
    rows = await session.scalars(
        select(Deadline).where(Deadline.plan_item_id == item_id, Deadline.status.in_(("done", "na")))
        .order_by(Deadline.due_date.desc()).limit(limit)
    )
    return list(rows)
