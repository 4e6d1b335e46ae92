"""The Ministry's view over every organization: statistics only (guideline 10).

Everything here is read from plain columns: a case's organization, category, day received and
deadline times; the plan's occurrences; how many officers and Board members are enrolled. No
case key, no sealed blob and no public id is ever read, so nothing here can carry what a case
says, who filed it, or even which case it was. Breakdown counts under `min_cell` show as
"< N" (the report issue's small-number rule): in a small organization, "one report about
procurement in March" can point at a person. Totals stay exact.

The per-organization figures are a handful of grouped queries over all organizations at once,
not a query per organization: a ministry has hundreds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import and_, case as when, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.calendar import WorkCalendar, local_midnight
from bot.services.register import Period
from storage.models import Case, Deadline, Organization, Person, PlanItem

Translate = Callable[..., str]
REPORT_CODES = ("report-quarterly", "report-annual")  # the §18/§19 reports in the built-in plan


@dataclass
class Met:
    """How a kind of deadline fared: done on time, done late, missed (open past due), not yet due."""

    on_time: int = 0
    late: int = 0
    missed: int = 0
    pending: int = 0

    def add(self, other: Met) -> None:
        self.on_time += other.on_time
        self.late += other.late
        self.missed += other.missed
        self.pending += other.pending


@dataclass
class ComplianceReport:
    """One §18/§19 report due in the period, and whether the officers marked it submitted."""

    code: str
    due: date
    state: str  # "submitted" | "submitted-late" | "overdue" | "not-due" | "na"
    submitted_on: date | None = None


@dataclass
class OrgFigures:
    org_id: int
    slug: str
    name: str
    kind: str
    disabled: bool
    officers: int = 0
    board: int = 0
    reports: int = 0
    by_month: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    acknowledgement: Met = field(default_factory=Met)
    feedback: Met = field(default_factory=Met)
    plan: Met = field(default_factory=Met)
    compliance_reports: list[ComplianceReport] = field(default_factory=list)

    @property
    def channel_closed(self) -> bool:
        """No officer enrolled: nobody could receive a report (the Board-only route aside)."""
        return self.officers == 0

    @property
    def no_board(self) -> bool:
        return self.board == 0

    @property
    def overdue(self) -> int:
        """Everything past due and not done: the weekly digest's measure."""
        return (self.acknowledgement.missed + self.feedback.missed + self.plan.missed
                + sum(1 for r in self.compliance_reports if r.state == "overdue"))

    @property
    def needs_attention(self) -> bool:
        return not self.disabled and (self.channel_closed or self.no_board or self.overdue > 0)


@dataclass
class Overview:
    period: Period
    generated: datetime
    min_cell: int
    months: list[str]
    organizations: list[OrgFigures]

    def shown(self, count: int) -> str:
        return f"< {self.min_cell}" if 0 < count < self.min_cell else str(count)

    @property
    def active(self) -> list[OrgFigures]:
        return [o for o in self.organizations if not o.disabled]

    def total(self, measure: str) -> Met:
        met = Met()
        for org in self.active:
            met.add(getattr(org, measure))
        return met

    @property
    def reports(self) -> int:
        return sum(o.reports for o in self.active)

    @property
    def compliance_reports(self) -> tuple[int, int]:
        """(submitted, due by now) over every active organization."""
        due = [r for o in self.active for r in o.compliance_reports if r.state not in ("not-due", "na")]
        return sum(1 for r in due if r.state.startswith("submitted")), len(due)


async def overview(session: AsyncSession, *, period: Period, now: datetime, min_cell: int,
                   zone: tzinfo) -> Overview:
    """Every organization's figures for the period (cases received in it; deadlines due in it).
    `zone`: the calendar the plan's legal deadlines are judged in (Kazakhstan keeps one zone)."""
    orgs = {
        org.id: OrgFigures(org.id, org.slug, org.name, org.kind, org.disabled_at is not None)
        for org in await session.scalars(select(Organization).order_by(Organization.name, Organization.id))
    }
    await _staff(session, orgs)
    await _cases(session, orgs, period, now, zone)
    await _plan(session, orgs, period, now, WorkCalendar(zone))
    return Overview(period=period, generated=now, min_cell=min_cell, months=period.months(),
                    organizations=list(orgs.values()))


async def _staff(session: AsyncSession, orgs: dict[int, OrgFigures]) -> None:
    rows = await session.execute(
        select(Person.org_id, Person.role, func.count()).where(Person.active.is_(True))
        .group_by(Person.org_id, Person.role))
    attribute = {"officer": "officers", "board": "board"}
    for org_id, role, count in rows:
        if org_id in orgs and role in attribute:
            setattr(orgs[org_id], attribute[role], count)


def _met(done_column, due_column, now: datetime):  # type: ignore[no-untyped-def]
    """Four conditional counts of one case deadline: on time, late, missed, pending."""
    return (
        func.sum(when((and_(done_column.is_not(None), done_column <= due_column), 1), else_=0)),
        func.sum(when((and_(done_column.is_not(None), done_column > due_column), 1), else_=0)),
        func.sum(when((and_(done_column.is_(None), due_column < now), 1), else_=0)),
        func.sum(when((and_(done_column.is_(None), due_column >= now), 1), else_=0)),
    )


async def _cases(session: AsyncSession, orgs: dict[int, OrgFigures], period: Period, now: datetime,
                 zone: tzinfo) -> None:
    start, end = local_midnight(period.start, zone), local_midnight(period.end + timedelta(days=1), zone)
    in_period = and_(Case.created_at >= start, Case.created_at < end)
    # The deadlines, per organization: one grouped row each.
    totals = await session.execute(
        select(Case.org_id, func.count(), *_met(Case.acknowledged_at, Case.acknowledge_due_at, now),
               # The reporter hears the outcome when the case is closed: that is the feedback.
               *_met(Case.closed_at, Case.feedback_due_at, now))
        .where(in_period).group_by(Case.org_id))
    for org_id, count, *figures in totals:
        if org_id not in orgs:
            continue
        org = orgs[org_id]
        org.reports = count
        org.acknowledgement = Met(*(int(f or 0) for f in figures[:4]))
        org.feedback = Met(*(int(f or 0) for f in figures[4:]))
    # Months and categories: cases are dated by their local day (midnight), so a group per day
    # and category is at most one row per day a category was reported; months are summed here,
    # in the organization's own local calendar.
    rows = await session.execute(
        select(Case.org_id, Case.category, Case.created_at, func.count()).where(in_period)
        .group_by(Case.org_id, Case.category, Case.created_at))
    months: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    categories: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for org_id, category, created, count in rows:
        months[org_id][f"{created.astimezone(zone):%Y-%m}"] += count
        categories[org_id][category] += count
    for org_id, org in orgs.items():
        org.by_month, org.by_category = dict(months.get(org_id, {})), dict(categories.get(org_id, {}))


async def _plan(session: AsyncSession, orgs: dict[int, OrgFigures], period: Period, now: datetime,
                calendar: WorkCalendar) -> None:
    """The plan's occurrences due in the period, judged against their legal deadline (a day off
    moves it to the next working day), and the §18/§19 reports among them."""
    today = calendar.local_date(now)
    rows = await session.execute(
        select(Deadline.org_id, Deadline.due_date, Deadline.status, Deadline.done_at, PlanItem.code)
        .join(PlanItem, PlanItem.id == Deadline.plan_item_id)
        .where(Deadline.kind == "plan", Deadline.due_date >= period.start, Deadline.due_date <= period.end))
    legal: dict[date, date] = {}
    for org_id, due, status, done_at, code in rows:
        org = orgs.get(org_id)
        if org is None:
            continue
        if due not in legal:
            legal[due] = calendar.legal_due(due)
        done_on = calendar.local_date(done_at) if done_at is not None else None
        if status == "na":
            outcome = "na"
        elif status == "done":
            outcome = "on_time" if done_on is None or done_on <= legal[due] else "late"
        else:
            outcome = "missed" if legal[due] < today else "pending"
        if outcome != "na":
            setattr(org.plan, outcome, getattr(org.plan, outcome) + 1)
        if code in REPORT_CODES:
            state = {"on_time": "submitted", "late": "submitted-late", "missed": "overdue", "pending": "not-due",
                     "na": "na"}[outcome]
            org.compliance_reports.append(ComplianceReport(code, due, state, done_on))
    for org in orgs.values():
        org.compliance_reports.sort(key=lambda r: (r.due, r.code))


def attention(view: Overview) -> list[OrgFigures]:
    """The active organizations that need the Ministry's attention, the most overdue first."""
    found = [o for o in view.active if o.needs_attention]
    return sorted(found, key=lambda o: (not o.channel_closed, -o.overdue, o.name))
