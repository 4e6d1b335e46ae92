"""The register of reports of corruption and other violations (Order No. 178, Appendix 2, item
20): one row per case received in a period, built from the case's plain columns only — never
from its content, which stays sealed. Exported as a spreadsheet (openpyxl).

Who sees which rows: a staff member, the cases they hold a key to (a Board-only case is not
listed for an officer: its very existence is the Board's); the operator's command line, the
cases routed to the officers unless asked for the Board's too. Every export is audit-logged.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from bot.services.case_actions import CLOSED
from bot.services.calendar import format_day, local_midnight
from storage.models import Case, CaseAccess, Person

Translate = Callable[..., str]


@dataclass(frozen=True)
class Period:
    start: date  # first day
    end: date  # last day

    @classmethod
    def parse(cls, text: str) -> Period:
        """"2026" (a year) or "2026Q4" (a quarter)."""
        text = text.strip().upper()
        try:
            if "Q" in text:
                year, quarter = (int(part) for part in text.split("Q"))
                if quarter not in (1, 2, 3, 4):
                    raise ValueError
                start = date(year, 3 * quarter - 2, 1)
                end = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)) - timedelta(days=1)
                return cls(start, end)
            year = int(text)
            return cls(date(year, 1, 1), date(year, 12, 31))
        except ValueError:
            raise ValueError(f"a period is a year (2026) or a quarter (2026Q4), not {text!r}") from None

    def label(self) -> str:
        return f"{format_day(self.start)} – {format_day(self.end)}"

    def months(self) -> list[str]:
        """Its months, "2026-10" to "2026-12"."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(f"{day:%Y-%m}")
            day = (day + timedelta(days=32)).replace(day=1)
        return months


@dataclass(frozen=True)
class RegisterRow:
    public_id: str
    received: date
    category: str
    route: str
    status: str
    acknowledged: date | None
    escalated: date | None
    closed: date | None


def received_in(org_id: int, period: Period, zone: tzinfo, *, reader: Person | None = None,
                include_board: bool = False) -> Select[tuple[Case]]:
    """The cases received in the period that may be counted for whoever asks: a reader, the
    cases they hold a key to; the operator, the officers' cases unless the Board's are asked for."""
    start, end = local_midnight(period.start, zone), local_midnight(period.end + timedelta(days=1), zone)
    query = select(Case).where(Case.org_id == org_id, Case.created_at >= start, Case.created_at < end)
    if reader is not None:
        return query.where(Case.id.in_(select(CaseAccess.case_id).where(CaseAccess.person_id == reader.id)))
    return query if include_board else query.where(Case.route == "officers")


async def register_rows(session: AsyncSession, org_id: int, period: Period, zone: tzinfo, *,
                        reader: Person | None = None, include_board: bool = False) -> list[RegisterRow]:
    """The cases received in the period, oldest first. `reader`: only the cases they can read."""
    cases = await session.scalars(received_in(org_id, period, zone, reader=reader, include_board=include_board)
                                  .order_by(Case.created_at, Case.id))

    def local(moment: datetime | None) -> date | None:
        return moment.astimezone(zone).date() if moment is not None else None

    return [RegisterRow(public_id=c.public_id, received=local(c.created_at), category=c.category, route=c.route,
                        status=c.status, acknowledged=local(c.acknowledged_at), escalated=local(c.escalated_at),
                        closed=local(c.closed_at)) for c in cases]


COLUMNS = ("number", "public-id", "received", "category", "route", "status", "outcome", "acknowledged",
           "escalated", "closed")


def register_xlsx(rows: list[RegisterRow], *, translate: Translate, locale: str, organization: str, period: Period,
                  generated: datetime, zone: tzinfo) -> bytes:
    """One sheet: a heading (organization, period, date of generation), then one row per case.
    With no case, the sheet says so: item 20 then asks for no reference."""
    from openpyxl import Workbook  # here, not at start: the bot does not carry it until asked
    from openpyxl.styles import Alignment, Font

    def t(key: str, **kwargs: object) -> str:
        return translate(locale, key, **kwargs)

    book = Workbook()
    sheet = book.active
    sheet.title = t("register-sheet")[:31]
    sheet.append([t("register-title")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([organization])
    sheet.append([t("register-period", period=period.label())])
    sheet.append([t("register-generated", date=format_day(generated.astimezone(zone).date()))])
    sheet.append([])
    sheet.append([t(f"register-column-{column}") for column in COLUMNS])
    for cell in sheet[6]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    def day(value: date | None) -> str:
        return format_day(value) if value is not None else ""

    for number, row in enumerate(rows, start=1):
        outcome = t(f"status-{row.status}") if row.status in CLOSED else ""  # a closed status is the outcome
        sheet.append([number, row.public_id, day(row.received), t(f"category-{row.category}"), t(f"route-{row.route}"),
                      t(f"status-{row.status}"), outcome, day(row.acknowledged), day(row.escalated), day(row.closed)])
    if not rows:
        sheet.append([t("register-none")])
    for letter, width in zip("ABCDEFGHIJ", (5, 12, 12, 28, 24, 26, 26, 14, 14, 14)):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def export(session: AsyncSession, *, org_id: int, organization: str, period: Period, zone: tzinfo,
                 translate: Translate, locale: str, now: datetime, actor: str, reader: Person | None = None,
                 include_board: bool = False) -> tuple[bytes, int]:
    """The register as XLSX, and how many cases it lists; the export is audit-logged (who, when,
    not what: the period is in the file, not in the log)."""
    rows = await register_rows(session, org_id, period, zone, reader=reader, include_board=include_board)
    data = register_xlsx(rows, translate=translate, locale=locale, organization=organization, period=period,
                         generated=now, zone=zone)
    await audit.append(session, org_id=org_id, actor=actor, action="register-exported", now=now)
    await session.commit()
    return data, len(rows)
