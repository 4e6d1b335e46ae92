"""The §18/§19 report laid out: DOCX (python-docx) with two charts drawn by matplotlib, or XLSX
(openpyxl) with the same tables on separate sheets. Numbers only: no reporter identifier and
no case content ever reaches these functions (bot/services/compliance_report.py gathers them)."""

from __future__ import annotations

import io
from collections.abc import Callable

from bot.services.calendar import format_day
from bot.services.case_actions import STATUSES
from bot.services.compliance_report import DeadlineFigures, ReportData
from bot.services.reports import CATEGORIES, ROUTES

Translate = Callable[..., str]


def _t(translate: Translate, locale: str) -> Callable[..., str]:
    return lambda key, **kwargs: translate(locale, key, **kwargs)


def _heading(data: ReportData, t: Callable[..., str]) -> list[str]:
    return [t(f"creport-title-{data.kind}"), data.organization, t("register-period", period=data.period.label()),
            t("creport-generated", date=format_day(data.generated.astimezone(data.zone).date())),
            t("creport-small-numbers", min_cell=str(data.min_cell)) if data.min_cell > 1 else t("creport-small-numbers-off")]


def tables(data: ReportData, t: Callable[..., str]) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) for every table of the report, in order."""
    cases = data.cases

    def deadline_rows(name: str, figures: DeadlineFigures) -> list[str]:
        median = f"{figures.median_days:.1f}" if figures.median_days is not None else "—"
        return [t(f"creport-deadline-{name}"), str(figures.on_time), str(figures.late), str(figures.overdue),
                str(figures.pending), median]

    plan_rows = [[line.label, format_day(line.due) + ("" if line.legal_due == line.due else f" ({format_day(line.legal_due)})"),
                  t(f"creport-plan-{line.outcome}"), format_day(line.done_on) if line.done_on else "",
                  line.evidence_name or "", line.evidence_sha256 or ""] for line in data.plan]
    return [
        (t("creport-section-totals"), [t("creport-column-what"), t("creport-column-count")], [
            [t("creport-total"), str(cases.total)],
            [t("creport-escalated"), str(cases.escalated)],
            [t("creport-referred"), str(cases.referred)]]),
        (t("creport-section-category"), [t("register-column-category"), t("creport-column-count")],
         [[t(f"category-{c}"), data.shown(cases.by_category.get(c, 0))] for c in CATEGORIES]),
        (t("creport-section-route"), [t("register-column-route"), t("creport-column-count")],
         [[t(f"route-{r}"), data.shown(cases.by_route.get(r, 0))] for r in ROUTES]),
        (t("creport-section-status"), [t("register-column-status"), t("creport-column-count")],
         [[t(f"status-{s}"), data.shown(cases.by_status.get(s, 0))] for s in STATUSES]),
        (t("creport-section-deadlines"), [t("creport-column-deadline"), t("creport-column-on-time"),
                                          t("creport-column-late"), t("creport-column-overdue"),
                                          t("creport-column-pending"), t("creport-column-median")],
         [deadline_rows("acknowledgement", cases.acknowledgement), deadline_rows("feedback", cases.feedback)]),
        (t("creport-section-plan"), [t("creport-column-measure"), t("creport-column-due"), t("creport-column-outcome"),
                                     t("creport-column-done"), t("creport-column-evidence"), "SHA-256"],
         plan_rows or [[t("creport-plan-none"), "", "", "", "", ""]]),
    ]


def charts(data: ReportData, t: Callable[..., str]) -> list[tuple[str, bytes]]:
    """(title, PNG): reports per month by category; deadlines met and missed. matplotlib is
    imported here, not at start: the bot does not carry it until a report is asked for."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    months = list(data.cases.by_month)
    labels = [f"{m[5:7]}.{m[2:4]}" for m in months]  # "2026-11" -> "11.26"
    figure, axes = pyplot.subplots(figsize=(7, 3.2), dpi=120)
    if data.min_cell > 1:
        # The small-number rule holds in the chart too: each month's total only, and a month
        # below min_cell as a hatched bar marked "< N" rather than its true height.
        totals = [sum(data.cases.by_month[m].values()) for m in months]
        for label, total in zip(labels, totals):
            small = 0 < total < data.min_cell
            axes.bar(label, data.min_cell if small else total, color="#8fb3d9" if small else "#2e6da4",
                     hatch="//" if small else None)
            if small:
                axes.annotate(data.shown(total), (label, data.min_cell), ha="center", va="bottom", fontsize=7)
    else:
        bottom = [0] * len(months)
        for category in CATEGORIES:
            counts = [data.cases.by_month[m].get(category, 0) for m in months]
            if any(counts):
                axes.bar(labels, counts, bottom=bottom, label=t(f"category-{category}"))
                bottom = [b + c for b, c in zip(bottom, counts)]
        if any(bottom):
            axes.legend(fontsize=7, loc="upper left")
    axes.set_title(t("creport-chart-months"))
    axes.tick_params(axis="x", labelsize=7)
    axes.yaxis.get_major_locator().set_params(integer=True)
    first = _png(figure, pyplot)

    figure, axes = pyplot.subplots(figsize=(7, 3.2), dpi=120)
    names = [t("creport-deadline-acknowledgement"), t("creport-deadline-feedback")]
    figures = [data.cases.acknowledgement, data.cases.feedback]
    met = [f.on_time for f in figures]
    missed = [f.late + f.overdue for f in figures]
    axes.bar(names, met, label=t("creport-column-on-time"), color="#3a7d44")
    axes.bar(names, missed, bottom=met, label=t("creport-chart-missed"), color="#c0392b")
    axes.set_title(t("creport-chart-deadlines"))
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(fontsize=7)
    return [(t("creport-chart-months"), first), (t("creport-chart-deadlines"), _png(figure, pyplot))]


def _png(figure, pyplot) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    figure.tight_layout()
    figure.savefig(out, format="png")
    pyplot.close(figure)
    return out.getvalue()


def render_docx(data: ReportData, translate: Translate, locale: str) -> bytes:
    from docx import Document
    from docx.shared import Cm

    t = _t(translate, locale)
    document = Document()
    title, *lines = _heading(data, t)
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    for section, header, rows in tables(data, t):
        document.add_heading(section, level=2)
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    document.add_heading(t("creport-section-charts"), level=2)
    for caption, png in charts(data, t):
        document.add_picture(io.BytesIO(png), width=Cm(16))
        document.add_paragraph(caption)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_xlsx(data: ReportData, translate: Translate, locale: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    t = _t(translate, locale)
    book = Workbook()
    summary = book.active
    summary.title = t("creport-sheet-summary")[:31]
    for line in _heading(data, t):
        summary.append([line])
    summary["A1"].font = Font(bold=True, size=13)
    for section, header, rows in tables(data, t):
        sheet = book.create_sheet(section[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 48
    months = book.create_sheet(t("creport-chart-months")[:31])
    months.append([t("register-column-category"), *data.cases.by_month])
    for category in CATEGORIES:
        months.append([t(f"category-{category}"),
                       *(data.shown(data.cases.by_month[m].get(category, 0)) for m in data.cases.by_month)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
