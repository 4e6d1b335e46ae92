"""The oversight view in words: the summary and the per-organization lines of /oversight, and
the weekly digest to overseers. Figures only (see bot/services/oversight.py)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import deployment, outbox, oversight
from bot.services.calendar import quarter_of
from bot.services.people import active_people
from bot.services.register import Period

Translate = Callable[..., str]
ATTENTION_SHOWN = 10
# Telegram takes 4096 characters a message: the organizations listed get what the rest leaves.
ATTENTION_BUDGET = 2800
_DIGEST_SENT = "oversight-digest-week"  # the last ISO week the digest went out


def _met(view: oversight.Overview, measure: str, translate: Translate, locale: str) -> str:
    met = view.total(measure)
    return translate(locale, "oversight-met", on_time=met.on_time, late=met.late, missed=met.missed,
                     pending=met.pending)


def org_line(org: oversight.OrgFigures, translate: Translate, locale: str) -> str:
    """One organization in a line: its flags first, then what is overdue and how many reports."""
    flags = []
    if org.disabled:
        flags.append(translate(locale, "oversight-disabled"))
    else:
        if org.channel_closed:
            flags.append("⛔ " + translate(locale, "oversight-channel-closed"))
        if org.no_board:
            flags.append("⚠ " + translate(locale, "oversight-no-board"))
        if org.overdue:
            flags.append("⏰ " + translate(locale, "oversight-overdue-count", count=org.overdue))
    figures = translate(locale, "oversight-org-figures", reports=org.reports, officers=org.officers, board=org.board)
    return f"<b>{html.escape(org.name)}</b> — {figures}" + (f"\n   {' · '.join(flags)}" if flags else "")


def summary(view: oversight.Overview, translate: Translate, locale: str) -> str:
    active = view.active
    submitted, due = view.compliance_reports
    lines = [
        translate(locale, "oversight-title", period=view.period.label()),
        "",
        translate(locale, "oversight-organizations", count=len(active),
                  closed=sum(1 for o in active if o.channel_closed), no_board=sum(1 for o in active if o.no_board)),
        translate(locale, "oversight-reports", count=view.reports),
        translate(locale, "oversight-acknowledgement") + " " + _met(view, "acknowledgement", translate, locale),
        translate(locale, "oversight-feedback") + " " + _met(view, "feedback", translate, locale),
        translate(locale, "oversight-plan") + " " + _met(view, "plan", translate, locale),
        translate(locale, "oversight-compliance-reports", submitted=submitted, due=due),
    ]
    needing = oversight.attention(view)
    if needing:
        lines += ["", translate(locale, "oversight-attention", count=len(needing))]
        lines += _listed(needing, translate, locale)
    else:
        lines += ["", translate(locale, "oversight-all-well")]
    lines += ["", translate(locale, "oversight-footer", min_cell=str(view.min_cell))]
    return "\n".join(lines)


def _listed(needing: list[oversight.OrgFigures], translate: Translate, locale: str) -> list[str]:
    """The first organizations that need attention, as many as fit one message (long names take
    room), then "… and N more"."""
    lines: list[str] = []
    used = 0
    for org in needing[:ATTENTION_SHOWN]:
        line = org_line(org, translate, locale)
        if used + len(line) + 1 > ATTENTION_BUDGET:
            break
        lines.append(line)
        used += len(line) + 1
    if len(needing) > len(lines):
        lines.append(translate(locale, "oversight-and-more", count=len(needing) - len(lines)))
    return lines


def periods(today: date) -> dict[str, Period]:
    """The periods /oversight offers: this quarter, this year, last year."""
    quarter = quarter_of(today)
    return {quarter: Period.parse(quarter), str(today.year): Period.parse(str(today.year)),
            str(today.year - 1): Period.parse(str(today.year - 1))}


async def queue_weekly_digest(session: AsyncSession, *, today: date, now: datetime, zone: tzinfo, min_cell: int,
                              translate: Translate) -> int:
    """On Mondays: each overseer gets the organizations with overdue items, a closed channel or
    no Board, for the year so far. Once a week whichever instance runs it. Commits; returns how
    many were queued."""
    if today.weekday() != 0:
        return 0
    overseers = await active_people(session, None, "overseer")
    year, week, _ = today.isocalendar()
    if not overseers or not await deployment.claim_once(session, _DIGEST_SENT, f"{year}-W{week:02d}"):
        await session.commit()
        return 0
    view = await oversight.overview(session, period=Period.parse(str(today.year)), now=now, min_cell=min_cell,
                                    zone=zone)
    needing = oversight.attention(view)
    for person in overseers:
        locale = person.locale
        if needing:
            body = [translate(locale, "oversight-digest-title", count=len(needing)), *_listed(needing, translate, locale)]
        else:
            body = [translate(locale, "oversight-digest-all-well", count=len(view.active))]
        body += ["", translate(locale, "oversight-digest-footer")]
        outbox.enqueue(session, org_id=person.org_id, dedup_key=f"oversight-digest:{year}-W{week:02d}:{person.id}",
                       chat_id=person.telegram_user_id, now=now, text="\n".join(body))
    await session.commit()
    return len(overseers)
