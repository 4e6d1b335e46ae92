"""The oversight view as a spreadsheet: one sheet per measure, one row per organization.

Counts under the small-number threshold are written as the text "< N" (a number would be
summed back into what it hides); totals are exact. Nothing in it names a case.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from bot.services.calendar import format_day
from bot.services.oversight import Met, Overview
from bot.services.reports import CATEGORIES

Translate = Callable[..., str]


def render_xlsx(view: Overview, translate: Translate, locale: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def t(key: str, **kwargs: object) -> str:
        return translate(locale, key, **kwargs)

    book = Workbook()
    overview = book.active
    overview.title = t("oversight-sheet-overview")[:31]
    sheets = [overview]

    def sheet(key: str):  # type: ignore[no-untyped-def]
        new = book.create_sheet(t(key)[:31])
        sheets.append(new)
        return new

    organization = t("oversight-col-organization")
    overview.append([t("oversight-export-title"), view.period.label()])
    overview.append([t("oversight-export-note", min_cell=str(view.min_cell))])
    overview.append([])
    overview.append([organization, t("oversight-col-kind"), t("oversight-col-channel"), t("oversight-col-board"),
                     t("oversight-col-reports"), t("oversight-col-overdue")])
    for org in view.organizations:
        channel = t("oversight-disabled") if org.disabled else (
            t("oversight-channel-closed") if org.channel_closed else t("oversight-channel-open"))
        overview.append([org.name, org.kind, channel, org.board if org.board else t("oversight-no-board"),
                         org.reports, org.overdue])

    months = sheet("oversight-sheet-months")
    months.append([organization, *view.months, t("oversight-col-total")])
    for org in view.active:
        months.append([org.name, *(view.shown(org.by_month.get(m, 0)) for m in view.months), org.reports])

    categories = sheet("oversight-sheet-categories")
    categories.append([organization, *(t(f"category-{c}") for c in CATEGORIES), t("oversight-col-total")])
    for org in view.active:
        categories.append([org.name, *(view.shown(org.by_category.get(c, 0)) for c in CATEGORIES), org.reports])

    met_header = [organization, t("oversight-col-on-time"), t("oversight-col-late"), t("oversight-col-missed"),
                  t("oversight-col-pending")]
    for key, measure in (("oversight-sheet-acknowledgement", "acknowledgement"),
                         ("oversight-sheet-feedback", "feedback"), ("oversight-sheet-plan", "plan")):
        target = sheet(key)
        target.append(met_header)
        for org in view.active:
            figures: Met = getattr(org, measure)
            target.append([org.name, figures.on_time, figures.late, figures.missed, figures.pending])
        total = view.total(measure)
        target.append([t("oversight-col-total"), total.on_time, total.late, total.missed, total.pending])

    submitted = sheet("oversight-sheet-compliance-reports")
    submitted.append([organization, t("oversight-col-report"), t("oversight-col-due"), t("oversight-col-state"),
                      t("oversight-col-submitted-on")])
    for org in view.active:
        for report in org.compliance_reports:
            submitted.append([org.name, t(f"oversight-{report.code}"), format_day(report.due),
                              t(f"oversight-state-{report.state}"),
                              format_day(report.submitted_on) if report.submitted_on else ""])

    for target in sheets:
        header_row = 4 if target is overview else 1
        for cell in target[header_row]:
            cell.font = Font(bold=True)
        target.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
