"""Renders a case's timeline as lines of text, for the case card, the hand-over package and
the reporter's /check view (which names no staff member)."""

from __future__ import annotations

from bot.services.case_actions import Actions, CaseContent, TimelineEntry
from bot.services.reports import format_entry_time


# What a reporter is shown of the timeline: never notes (already excluded), escalations or grants.
REPORTER_VISIBLE = frozenset({"status", "acknowledged", "reply", "message", "attachment"})


def _author(entry: TimelineEntry, names: dict[str, str], actions: Actions, locale: str, for_reporter: bool) -> str:
    if entry.author == "reporter":
        return actions.translate(locale, "timeline-reporter")
    if for_reporter:
        return actions.translate(locale, "timeline-staff")
    return names.get(entry.author, entry.author)


def timeline_lines(content: CaseContent, *, names: dict[str, str], actions: Actions, locale: str,
                   for_reporter: bool = False) -> list[str]:
    t = actions.translate
    lines = []
    for entry in content.timeline:
        if for_reporter and entry.kind not in REPORTER_VISIBLE and entry.genuine:
            continue
        if not entry.genuine:  # its author, kind and content are all unproven: only the warning
            lines.append(f"{format_entry_time(entry.at, actions.zone, by_reporter=True)} — "
                         f"{t(locale, 'timeline-unverified')}")
            continue
        who = _author(entry, names, actions, locale, for_reporter)
        when = format_entry_time(entry.at, actions.zone, by_reporter=entry.author == "reporter")
        if entry.kind == "status":
            event = t(locale, "timeline-status", status=t(locale, f"status-{entry.detail}"))
        elif entry.kind == "granted":
            event = t(locale, "timeline-granted", grantee=names.get(f"person:{entry.detail}", "#" + entry.detail))
        elif entry.kind == "attachment" and entry.attachment is not None:
            event = t(locale, "timeline-attachment", name=entry.attachment.file_name)
        else:
            event = t(locale, f"timeline-{entry.kind}")
        line = f"{when} — {who}: {event}"
        if entry.text:
            line += f"\n{entry.text}"
        lines.append(line)
    return lines
