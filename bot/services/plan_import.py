"""Importing an organization's own plan (measure 12) from TOML, CSV or XLSX.

Every row is checked before anything is written; errors name the row and the column, and a
file with any error changes nothing.

Columns (CSV/XLSX header, or TOML [[item]] keys): code, title, responsible, evidence, rule, and
optionally number. Texts are taken as given (in the file's language) and shown to everyone.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from bot.services.plan import parse_rule
from storage.models import PlanItem

REQUIRED = ("code", "title", "responsible", "evidence", "rule")
OPTIONAL = ("number",)
MAX_ROWS = 500
MAX_TEXT = 2000
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class ImportProblem:
    """One problem, as a message key ("plan-problem-<code>") with its arguments."""

    row: int  # as the person sees it: the spreadsheet row, or the TOML item's position
    column: str
    code: str
    detail: tuple[tuple[str, str], ...] = ()

    def render(self, translate, locale: str) -> str:  # type: ignore[no-untyped-def]
        return translate(locale, "plan-problem", row=str(self.row), column=self.column,
                         problem=translate(locale, f"plan-problem-{self.code}", **dict(self.detail)))


class PlanImportError(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the plan file")
        self.problems = problems


@dataclass(frozen=True)
class ItemRow:
    row: int
    code: str
    number: int | None
    title: str
    responsible: str
    evidence: str
    rule: str


def _rows_from_csv(data: bytes) -> list[tuple[int, dict[str, str]]]:
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    return [(index, row) for index, row in enumerate(reader, start=2)]


def _rows_from_xlsx(data: bytes) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip().lower() if cell is not None else "" for cell in next(rows, ())]
    result = []
    for index, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        result.append((index, {header[i]: _cell(v) for i, v in enumerate(values) if i < len(header) and header[i]}))
    return result


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_from_toml(data: bytes) -> list[tuple[int, dict[str, str]]]:
    items = tomllib.loads(data.decode("utf-8")).get("item", [])
    if not isinstance(items, list):
        raise PlanImportError([ImportProblem(1, "item", "toml-items")])
    return [(index, {k: _cell(v) for k, v in item.items()}) for index, item in enumerate(items, start=1)]


def read_rows(file_name: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    suffix = file_name.lower().rsplit(".", 1)[-1]
    try:
        if suffix == "csv":
            return _rows_from_csv(data)
        if suffix == "xlsx":
            return _rows_from_xlsx(data)
        if suffix == "toml":
            return _rows_from_toml(data)
    except PlanImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is one clear problem
        raise PlanImportError([ImportProblem(1, "file", "unreadable", (("kind", suffix.upper()),))]) from None
    raise PlanImportError([ImportProblem(1, "file", "file-type")])


def validate(rows: list[tuple[int, dict[str, str]]]) -> list[ItemRow]:
    problems: list[ImportProblem] = []
    if not rows:
        raise PlanImportError([ImportProblem(1, "file", "no-items")])
    if len(rows) > MAX_ROWS:
        raise PlanImportError([ImportProblem(rows[MAX_ROWS][0], "file", "too-many", (("limit", str(MAX_ROWS)),))])
    seen: dict[str, int] = {}
    items = []
    for row_number, raw in rows:
        row = {str(k).strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        for column in row:
            if column not in REQUIRED + OPTIONAL:
                problems.append(ImportProblem(row_number, column, "unknown-column"))
        for column in REQUIRED:
            if not row.get(column):
                problems.append(ImportProblem(row_number, column, "required"))
            elif len(row[column]) > MAX_TEXT:
                problems.append(ImportProblem(row_number, column, "too-long", (("limit", str(MAX_TEXT)),)))
        code = row.get("code", "")
        if code and not CODE.match(code):
            problems.append(ImportProblem(row_number, "code", "code"))
        elif code in seen:
            problems.append(ImportProblem(row_number, "code", "duplicate", (("other", str(seen[code])),)))
        seen.setdefault(code, row_number)
        number = None
        if row.get("number"):
            if not row["number"].isdigit():
                problems.append(ImportProblem(row_number, "number", "number"))
            else:
                number = int(row["number"])
        if row.get("rule"):
            try:
                parse_rule(row["rule"])
            except ValueError:
                problems.append(ImportProblem(row_number, "rule", "rule"))
        items.append(ItemRow(row_number, code, number, row.get("title", ""), row.get("responsible", ""),
                             row.get("evidence", ""), row.get("rule", "")))
    if problems:
        raise PlanImportError(problems)
    return items


async def import_plan(session: AsyncSession, *, org_id: int, file_name: str, data: bytes, actor: str,
                      today: date, now: datetime) -> int:
    """Validate everything, then write it all in one transaction. Returns the number of items."""
    items = validate(read_rows(file_name, data))
    existing = {i.code: i for i in await session.scalars(select(PlanItem).where(PlanItem.org_id == org_id))}
    for row in items:
        rule = parse_rule(row.rule)
        item = existing.get(row.code)
        if item is None:
            item = PlanItem(org_id=org_id, code=row.code, created_at=now, state="active")
            session.add(item)
        item.source, item.number, item.rule = "import", row.number, row.rule
        item.title = json.dumps({"any": row.title}, ensure_ascii=False)
        item.responsible = json.dumps({"any": row.responsible}, ensure_ascii=False)
        item.evidence = json.dumps({"any": row.evidence}, ensure_ascii=False)
        if rule.kind == "once" and rule.on is not None and rule.on < today:
            item.state = "confirm"
        elif item.state in ("off", "confirm"):
            item.state = "active"
    await audit.append(session, org_id=org_id, actor=actor, action="plan-imported", now=now)
    await session.commit()
    return len(items)
