"""The hand-over package (guideline 16.4): a ZIP with a printable HTML summary and the original
attachments, for the authorized anti-corruption body. It never holds a reporter identifier:
there is none to put in. Each export is audited."""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from bot.services.case_actions import Actions, CaseContent, people_names, read_case
from bot.services.reports import format_local, format_local_day
from bot.services.timeline import timeline_lines
from storage.models import Person


def _safe_name(name: str, index: int) -> str:
    """A reporter-chosen file name made safe for a ZIP entry: no separators, no '..'."""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)
    cleaned = re.sub(r"\.{2,}", ".", cleaned)[:80].strip(".") or "file"
    return f"{index:02d}-{cleaned}"


def render_summary(content: CaseContent, *, locale: str, actions: Actions, organization: str, now: datetime,
                   timeline: list[str], files: list[tuple[str, str, int]]) -> str:
    t = actions.translate
    case = content.case
    none = t(locale, "review-not-given")
    rows = [
        (t(locale, "export-field-case"), case.public_id),
        (t(locale, "export-field-organization"), organization),
        (t(locale, "export-field-category"), t(locale, f"category-{case.category}")),
        (t(locale, "export-field-route"), t(locale, f"route-{case.route}")),
        (t(locale, "export-field-status"), t(locale, f"status-{case.status}")),
        (t(locale, "export-field-received"), format_local_day(case.created_at, actions.zone)),
        (t(locale, "export-field-when"), content.report.get("when") or none),
        (t(locale, "export-field-where"), content.report.get("where") or none),
        (t(locale, "export-field-who"), content.report.get("who") or none),
    ]
    table = "\n".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    events = "\n".join(f"<li>{html.escape(line)}</li>" for line in timeline) or f"<li>{html.escape(none)}</li>"
    listed = "\n".join(
        f"<li><code>{html.escape(name)}</code> ({size} B) SHA-256 <code>{digest}</code></li>" for name, digest, size in files
    ) or f"<li>{html.escape(none)}</li>"
    title = t(locale, "export-title", public_id=case.public_id)
    return f"""<!DOCTYPE html>
<html lang="{locale}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}th{{text-align:left;padding-right:1em}}
.text{{white-space:pre-wrap;border:1px solid #999;padding:1em}}</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(t(locale, "export-note"))}</p>
<table>{table}</table>
<h2>{html.escape(t(locale, "export-section-description"))}</h2>
<div class="text">{html.escape(content.report.get("text", ""))}</div>
<h2>{html.escape(t(locale, "export-section-timeline"))}</h2>
<ul class="text">{events}</ul>
<h2>{html.escape(t(locale, "export-section-files"))}</h2>
<ul>{listed}</ul>
<p><small>{html.escape(t(locale, "export-generated", at=format_local(now, actions.zone)))}</small></p>
</body></html>
"""


async def export_case(session: AsyncSession, person: Person, private_key: bytes, public_id: str, *, now: datetime,
                      actions: Actions, locale: str, organization: str) -> tuple[str, bytes]:
    """Build the ZIP for the requesting reader; returns (file name, bytes)."""
    content = await read_case(session, person, private_key, public_id, now=now)
    names = await people_names(session, person.org_id)
    buffer = io.BytesIO()
    files: list[tuple[str, str, int]] = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        all_attachments = [*content.attachments, *(e.attachment for e in content.timeline if e.attachment)]
        for index, attachment in enumerate(all_attachments, start=1):
            name = f"attachments/{_safe_name(attachment.file_name, index)}"
            archive.writestr(name, attachment.data)
            files.append((name, hashlib.sha256(attachment.data).hexdigest(), len(attachment.data)))
        summary = render_summary(
            content, locale=locale, actions=actions, organization=organization, now=now, files=files,
            timeline=timeline_lines(content, names=names, actions=actions, locale=locale),
        )
        archive.writestr("summary.html", summary)
    await audit.append(session, org_id=content.case.org_id, actor=audit.person_actor(person.id), action="exported",
                       now=now, case_id=content.case.id)
    await session.commit()
    return f"case-{public_id}.zip", buffer.getvalue()
