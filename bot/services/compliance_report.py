"""The compliance service's quarterly (§18) and annual (§19) reports, drafted from the data Adal
already holds: the cases' plain columns (never their content, which stays sealed) and the action
plan with its evidence. This module gathers the figures; bot/services/report_documents.py lays
them out as DOCX or XLSX.

What a reader may know limits what their report counts: an officer's report leaves out the
Board-only cases (their existence is the Board's), a Board member's counts the cases they can
read; the operator's command line counts the officers' cases unless asked for the Board's too.
Small counts can point at a person in a small organization: the breakdowns show counts under
`min_cell` as "< N" (the totals stay exact), and the choice is written in the document.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.calendar import WorkCalendar
from bot.services.plan_texts import plan_label
from bot.services.register import Period, received_in
from storage.models import Deadline, Person, PlanItem

@dataclass(frozen=True)
class DeadlineFigures:
    """How one kind of case deadline fared: met, met late, missed and still open, not yet due."""
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    median_days: float | None = None


@dataclass(frozen=True)
class CaseFigures:
    total: int
    by_category: dict[str, int]
    by_route: dict[str, int]
    by_status: dict[str, int]
    by_month: dict[str, dict[str, int]]  # "2026-10" -> category -> count
    acknowledgement: DeadlineFigures
    feedback: DeadlineFigures
    escalated: int  # brought to the Board (guideline 16.3)
    referred: int  # handed to the anti-corruption authority (16.4)


@dataclass(frozen=True)
class PlanLine:
    label: str
    due: date
    legal_due: date
    outcome: str  # "on-time" | "late" | "overdue" | "open" | "na"
    done_on: date | None
    evidence_name: str | None
    evidence_sha256: str | None


@dataclass(frozen=True)
class ReportData:
    kind: str
    period: Period
    organization: str
    generated: datetime
    zone: tzinfo
    min_cell: int
    cases: CaseFigures
    plan: list[PlanLine] = field(default_factory=list)

    def shown(self, count: int) -> str:
        """A breakdown's count as printed: under min_cell (and above zero) only "< min_cell"."""
        return f"< {self.min_cell}" if 0 < count < self.min_cell else str(count)


def _deadline(done: list[tuple[datetime, datetime, datetime | None]], now: datetime) -> DeadlineFigures:
    """(received, due, done or None) for each case."""
    on_time = sum(1 for _, due, at in done if at is not None and at <= due)
    late = sum(1 for _, due, at in done if at is not None and at > due)
    overdue = sum(1 for _, due, at in done if at is None and due < now)
    pending = sum(1 for _, due, at in done if at is None and due >= now)
    days = [(at - received).total_seconds() / 86400 for received, _, at in done if at is not None]
    return DeadlineFigures(on_time, late, overdue, pending, round(statistics.median(days), 1) if days else None)


async def case_figures(session: AsyncSession, org_id: int, period: Period, zone: tzinfo, now: datetime, *,
                       reader: Person | None = None, include_board: bool = False) -> CaseFigures:
    cases = list(await session.scalars(received_in(org_id, period, zone, reader=reader, include_board=include_board)))
    by_month: dict[str, dict[str, int]] = {month: {} for month in period.months()}
    for case in cases:
        month = f"{case.created_at.astimezone(zone):%Y-%m}"
        by_month.setdefault(month, {})
        by_month[month][case.category] = by_month[month].get(case.category, 0) + 1
    return CaseFigures(
        total=len(cases),
        by_category=dict(Counter(c.category for c in cases)),
        by_route=dict(Counter(c.route for c in cases)),
        by_status=dict(Counter(c.status for c in cases)),
        by_month=by_month,
        acknowledgement=_deadline([(c.created_at, c.acknowledge_due_at, c.acknowledged_at) for c in cases], now),
        # The reporter hears the outcome when the case is closed: that is the feedback.
        feedback=_deadline([(c.created_at, c.feedback_due_at, c.closed_at) for c in cases], now),
        escalated=sum(1 for c in cases if c.escalated_at is not None),
        referred=sum(1 for c in cases if c.status == "referred"),
    )


async def plan_lines(session: AsyncSession, org_id: int, period: Period, calendar: WorkCalendar, locale: str,
                     today: date) -> list[PlanLine]:
    """Each measure's occurrences due in the period: done on time, late, overdue or still open
    (judged against the legal deadline), with the evidence file's name and SHA-256."""
    rows = await session.execute(
        select(Deadline, PlanItem).join(PlanItem, PlanItem.id == Deadline.plan_item_id)
        .where(Deadline.org_id == org_id, Deadline.kind == "plan", Deadline.due_date >= period.start,
               Deadline.due_date <= period.end)
        .order_by(Deadline.due_date, PlanItem.number, PlanItem.id))
    lines = []
    for deadline, item in rows:
        legal = calendar.legal_due(deadline.due_date)
        done_on = calendar.local_date(deadline.done_at) if deadline.done_at is not None else None
        if deadline.status == "na":
            outcome = "na"
        elif deadline.status == "done":
            outcome = "on-time" if done_on is None or done_on <= legal else "late"
        else:
            outcome = "overdue" if legal < today else "open"
        lines.append(PlanLine(
            label=plan_label(item.number, item.title, locale), due=deadline.due_date, legal_due=legal, outcome=outcome,
            done_on=done_on, evidence_name=deadline.evidence_name,
            evidence_sha256=hashlib.sha256(deadline.evidence).hexdigest() if deadline.evidence else None))
    return lines


async def gather(session: AsyncSession, *, kind: str, org_id: int, organization: str, period: Period,
                 calendar: WorkCalendar, locale: str, now: datetime, min_cell: int, reader: Person | None = None,
                 include_board: bool = False) -> ReportData:
    zone = calendar.zone
    return ReportData(
        kind=kind, period=period, organization=organization, generated=now, zone=zone, min_cell=min_cell,
        cases=await case_figures(session, org_id, period, zone, now, reader=reader, include_board=include_board),
        plan=await plan_lines(session, org_id, period, calendar, locale, calendar.local_date(now)),
    )


FORMATS = ("docx", "xlsx")


async def generate(session: AsyncSession, *, kind: str, fmt: str, org_id: int, organization: str, period: Period,
                   calendar: WorkCalendar, translate: Callable[..., str], locale: str, now: datetime, min_cell: int,
                   actor: str, reader: Person | None = None, include_board: bool = False) -> bytes:
    """The report as a file; the generation is audit-logged, with the small-number choice (the
    period, the kind and the format are in the file, not in the log)."""
    from bot.services import audit, report_documents

    data = await gather(session, kind=kind, org_id=org_id, organization=organization, period=period,
                        calendar=calendar, locale=locale, now=now, min_cell=min_cell, reader=reader,
                        include_board=include_board)
    render = report_documents.render_docx if fmt == "docx" else report_documents.render_xlsx
    document = render(data, translate, locale)
    await audit.append(session, org_id=org_id, actor=actor, action="report-generated", now=now,
                       subject=f"min-cell:{min_cell}")
    await session.commit()
    return document
