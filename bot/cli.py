"""Operator commands: run, migrate, invite. A bad config prints one line and exits 2."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import timedelta

from bot.config import ConfigError, Settings, load_settings
from bot.logs import setup_logging


ORG_HELP = "the organization's slug (from `org list`); default: the home organization of the config"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Adal: anonymous anti-corruption reporting bot")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("run", "run the bot (long polling)"), ("migrate", "apply database migrations")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("-c", "--config", help="path to config.toml")
    invite = commands.add_parser("invite", help="print a one-time enrolment link for an officer or Board member; "
                                                "list or revoke invites")
    invite.add_argument("role", choices=("officer", "board", "overseer", "list", "revoke"),
                        help="officer|board: a new link; overseer: the Ministry's statistics-only role (every "
                             "organization, no case content); list: every invite; revoke ID: an open invite stops working")
    invite.add_argument("id", nargs="?", type=int, help="the invite to revoke (from `invite list`)")
    invite.add_argument("--org", help=ORG_HELP)
    invite.add_argument("-c", "--config", help="path to config.toml")
    org_parser = commands.add_parser("org", help="the organizations this deployment serves")
    org_parser.add_argument("action", choices=("add", "list", "rename", "disable", "enable", "link"),
                            help="add SLUG --name ...: a new organization, its plan, deep link and QR code; list; "
                                 "rename SLUG; disable|enable SLUG: stop or resume taking reports; link SLUG: "
                                 "its deep link and QR code again")
    org_parser.add_argument("slug", nargs="?", help="the organization's short name in links (a-z, 0-9, -)")
    org_parser.add_argument("--name", help="its full name, as employees know it")
    org_parser.add_argument("--kind", choices=("hei", "other"), default="other",
                            help="hei: a higher-education institution (its plan has the HEI measures)")
    org_parser.add_argument("--timezone", help="default: [organization] timezone")
    org_parser.add_argument("--governing-body", help="what its Board is called (Supervisory Board, Board of Directors)")
    org_parser.add_argument("--qr", help="where to write the QR code PNG (default: SLUG-qr.png)")
    org_parser.add_argument("-c", "--config", help="path to config.toml")
    people_parser = commands.add_parser("people", help="list, deactivate or reactivate officers and Board members")
    people_parser.add_argument("action", choices=("list", "deactivate", "reactivate"))
    people_parser.add_argument("id", nargs="?", type=int, help="the person (from `people list`)")
    people_parser.add_argument("--org", help=ORG_HELP)
    people_parser.add_argument("--force", action="store_true",
                               help="deactivate even if it closes a route or leaves open cases without a staff reader")
    people_parser.add_argument("-c", "--config", help="path to config.toml")
    backup_parser = commands.add_parser("backup", help="write a consistent copy of the database (SQLite)")
    backup_parser.add_argument("output", help="the backup file to create")
    backup_parser.add_argument("-c", "--config", help="path to config.toml")
    plan_parser = commands.add_parser("plan", help="the action plan")
    plan_parser.add_argument("action", choices=("import",))
    plan_parser.add_argument("file", help="a .toml, .csv or .xlsx plan")
    plan_parser.add_argument("--org", help=ORG_HELP)
    plan_parser.add_argument("-c", "--config", help="path to config.toml")
    report_parser = commands.add_parser("report", help="compliance reports from the data (never from case content)")
    report_parser.add_argument("kind", choices=("register", "quarterly", "annual"),
                               help="register: the register of reports, Appendix 2 item 20 (XLSX); quarterly (§18) "
                                    "or annual (§19): the compliance service's report (DOCX or XLSX)")
    report_parser.add_argument("period", help="a year (2026) or a quarter (2026Q4)")
    report_parser.add_argument("--org", help=ORG_HELP)
    report_parser.add_argument("--lang", choices=("kk", "ru", "en"), help="default: [i18n] default_locale")
    report_parser.add_argument("-o", "--output", help="the file to write (default: KIND-PERIOD.FORMAT)")
    report_parser.add_argument("--format", choices=("docx", "xlsx"), help="quarterly/annual: default docx")
    report_parser.add_argument("--min-cell", type=int, help="quarterly/annual: counts below it show as '< N' in the "
                                                          "breakdowns (default: [reports] min_cell; 1: every count exact)")
    report_parser.add_argument("--include-board", action="store_true",
                               help="list the Board-only cases too (they concern the compliance service itself)")
    report_parser.add_argument("-c", "--config", help="path to config.toml")
    status_parser = commands.add_parser("status", help="how the running bot's background work fares (any mode)")
    status_parser.add_argument("-c", "--config", help="path to config.toml")
    audit_parser = commands.add_parser("audit", help="check the hash-chained audit log")
    audit_parser.add_argument("action", choices=("verify",))
    audit_parser.add_argument("--head", metavar="COUNT:HASH",
                              help="a head a Board member received: prove the log still contains it")
    audit_parser.add_argument("-c", "--config", help="path to config.toml")
    return parser


async def _plan_import(settings: Settings, path: str, org_slug: str | None) -> tuple[bool, str]:
    from pathlib import Path
    from bot.services.organizations import zone_of

    from bot.cli_people import operator_database, translator
    from bot.clock import SystemClock
    from bot.services.plan import ensure_occurrences
    from bot.services.plan_import import PlanImportError, import_plan

    file = Path(path)
    if not file.is_file():
        return False, f"plan import: {file} does not exist"
    now = SystemClock().now()
    async with operator_database(settings, org_slug) as (db, org):
        today = now.astimezone(zone_of(org)).date()
        try:
            count = await import_plan(db, org_id=org.id, file_name=file.name, data=file.read_bytes(),
                                      actor="operator", today=today, now=now)
        except PlanImportError as error:
            problems = "\n".join(f"  {p.render(translator(settings), 'en')}" for p in error.problems)
            return False, f"plan import: nothing was changed; {len(error.problems)} problem(s):\n{problems}"
        await ensure_occurrences(db, org.id, today=today, now=now)
    return True, f"plan import: {count} items imported into {org.name}"


async def _register(settings: Settings, period_text: str, lang: str | None, output: str | None,
                    include_board: bool, org_slug: str | None = None) -> tuple[bool, str]:
    from pathlib import Path
    from bot.services.organizations import zone_of

    from bot.cli_people import operator_database, translator
    from bot.clock import SystemClock
    from bot.services import register

    try:
        period = register.Period.parse(period_text)
    except ValueError as error:
        return False, f"report: {error}"
    locale = lang or settings.i18n.default_locale
    target = Path(output or f"register-{period_text.upper()}.xlsx")
    async with operator_database(settings, org_slug) as (db, org):
        data, count = await register.export(
            db, org_id=org.id, organization=org.name, period=period,
            zone=zone_of(org), translate=translator(settings),
            locale=locale, now=SystemClock().now(), actor="operator", include_board=include_board)
    target.write_bytes(data)
    board = "" if include_board else " (Board-only cases left out: --include-board lists them)"
    return True, f"report: register of reports, {period.label()}, {count} case(s){board}, written to {target}"


async def _compliance_report(settings: Settings, args: argparse.Namespace) -> tuple[bool, str]:
    from pathlib import Path
    from bot.services.organizations import zone_of

    from bot.cli_people import operator_database, translator
    from bot.clock import SystemClock
    from bot.services import compliance_report, register
    from bot.services.calendar import WorkCalendar

    try:
        period = register.Period.parse(args.period)
    except ValueError as error:
        return False, f"report: {error}"
    if (args.kind == "quarterly") != ("Q" in args.period.upper()):
        return False, f"report: a {args.kind} report needs a {'quarter (2026Q4)' if args.kind == 'quarterly' else 'year (2026)'}"
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else "docx")
    if fmt not in compliance_report.FORMATS:
        return False, f"report: the format is docx or xlsx, not {fmt!r}"
    min_cell = args.min_cell if args.min_cell is not None else settings.reports.min_cell
    if min_cell < 1:
        return False, "report: --min-cell is 1 (every count exact) or more"
    locale = args.lang or settings.i18n.default_locale
    target = Path(args.output or f"{args.kind}-{args.period.upper()}.{fmt}")
    async with operator_database(settings, getattr(args, "org", None)) as (db, org):
        calendar = WorkCalendar(zone_of(org))  # days only: no reminder time
        document = await compliance_report.generate(
            db, kind=args.kind, fmt=fmt, org_id=org.id, organization=org.name, period=period,
            calendar=calendar, translate=translator(settings), locale=locale,
            now=SystemClock().now(), min_cell=min_cell, actor="operator", include_board=args.include_board)
    target.write_bytes(document)
    return True, f"report: {args.kind} report, {period.label()}, written to {target} (counts below {min_cell} shown as '< {min_cell}')"


async def _audit_verify(settings: Settings, anchor: str | None) -> tuple[bool, str]:
    from bot.app import sessions_for
    from bot.services import audit
    from storage.db import create_engine

    try:
        head = audit.Head.parse(anchor) if anchor else None
    except ValueError as error:
        return False, f"audit verify: {error}"
    engine = create_engine(settings.storage.url)
    try:
        async with sessions_for(settings, engine)() as db:
            result = await audit.verify(db, head)
    finally:
        await engine.dispose()
    if result.ok:
        anchored = f"; it still contains the anchored head {head.count}:{head.hash[:16]}…" if head else ""
        return True, f"audit log OK: {result.entries} entries, chain intact{anchored}"
    where = f" at entry id {result.broken_at}" if result.broken_at is not None else ""
    return False, f"audit log BROKEN{where}: {result.reason}"


async def _status(settings: Settings) -> tuple[bool, str]:
    """What the database says about the bot's background work: the loops' last successes (the
    leading instance writes them), the outbox, overdue deletions of decrypted views."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from bot.app import sessions_for
    from bot.clock import SystemClock
    from bot.services import outbox
    from bot.supervision import STALE_AFTER, is_stuck, stored_status
    from storage.db import create_engine
    from storage.models import ScheduledDeletion

    now = SystemClock().now()
    engine = create_engine(settings.storage.url)
    try:
        async with sessions_for(settings, engine)() as db:
            loops = await stored_status(db)
            backlog, oldest = await outbox.backlog(db, now)
            overdue = await db.scalar(select(func.count()).select_from(ScheduledDeletion)
                                      .where(ScheduledDeletion.delete_at < now - timedelta(minutes=5)))
    finally:
        await engine.dispose()
    healthy = True
    lines = []
    for name in sorted(set(STALE_AFTER) | {row.name for row in loops}):
        row = next((r for r in loops if r.name == name), None)
        if row is None:
            lines.append(f"loop {name}: no record yet (has the bot run since it was upgraded?)")
            continue
        stuck = is_stuck(name, row.last_success_at, row.failures_in_row, now, started=now)
        healthy = healthy and not stuck
        since = f"{(now - row.last_success_at).total_seconds():.0f} s ago" if row.last_success_at else "never"
        failing = f", {row.failures_in_row} failure(s) in a row (last: {row.last_error})" if row.failures_in_row else ""
        lines.append(f"loop {name}: last success {since}{failing}{' — STUCK' if stuck else ''}")
    age = oldest.total_seconds() if oldest else 0
    late = age > 600
    lines.append(f"outbox: {backlog} message(s) waiting, the oldest for {age:.0f} s{' — LATE' if late else ''}")
    lines.append(f"views of decrypted cases overdue for deletion: {overdue}{' — LATE' if overdue else ''}")
    healthy = healthy and not late and not overdue
    return healthy, "\n".join([f"adal status: {'ok' if healthy else 'PROBLEM'}", *lines])


async def _invite(settings: Settings, role: str, org_slug: str | None = None) -> tuple[bool, str]:
    from bot.cli_people import operator_database
    from bot.clock import SystemClock
    from bot.services.people import create_invite

    if role == "overseer" and org_slug not in (None, settings.organization.slug):
        return False, "invite overseer: an overseer sees every organization; it is invited without --org"
    async with operator_database(settings, org_slug) as (db, org):
        token = await create_invite(db, org_id=org.id, role=role, now=SystemClock().now(),
                                    ttl=timedelta(hours=settings.security.invite_ttl_hours))
    username, why_not = await bot_username(settings)
    hours = settings.security.invite_ttl_hours
    where = "every organization of this deployment (statistics only)" if role == "overseer" else org.name
    lines = [f"One-time {role} invite for {where}, valid for {hours} h:"]
    if username:
        lines.append(f"  https://t.me/{username}?start={token}")
    lines.append(f"  or send this to the bot in a private chat: /start {token}")
    if not username:
        lines.append(f"  (no t.me link: the bot's username is needed for it, and {why_not or 'Telegram did not give it'})")
    return True, "\n".join(lines)


async def bot_username(settings: Settings) -> tuple[str | None, str]:
    """Ask the Bot API for the bot's username (the t.me link needs it): (username, "") or
    (None, why not)."""
    from bot.app import create_bot
    from bot.startup import StartupError, check_telegram

    bot = create_bot(settings)
    try:
        return await check_telegram(bot, settings.telegram.api_base, timeout=10) or None, ""
    except StartupError as error:
        return None, str(error)
    finally:
        await bot.session.close()


def _administer(args: argparse.Namespace, settings: Settings) -> int:
    from bot import cli_people

    action = args.role if args.command == "invite" else args.action
    if action in ("revoke", "deactivate", "reactivate") and args.id is None:
        print(f"{args.command} {action}: give the number from `{args.command} list`", file=sys.stderr)
        return 2
    org = args.org
    run = {
        ("invite", "list"): lambda: cli_people.invite_list(settings, org),
        ("invite", "revoke"): lambda: cli_people.invite_revoke(settings, args.id, org),
        ("people", "list"): lambda: cli_people.people_list(settings, org),
        ("people", "deactivate"): lambda: cli_people.people_deactivate(settings, args.id, force=args.force, org_slug=org),
        ("people", "reactivate"): lambda: cli_people.people_reactivate(settings, args.id, org),
    }[(args.command, action)]
    return _print(*_run_for_org(run))


def _organizations(args: argparse.Namespace, settings: Settings) -> int:
    from bot import cli_orgs

    if args.action != "list" and not args.slug:
        print(f"org {args.action}: give the organization's slug", file=sys.stderr)
        return 2
    if args.action == "add" and not args.name:
        print("org add: give its name: --name \"...\"", file=sys.stderr)
        return 2
    run = {
        "add": lambda: cli_orgs.org_add(settings, args.slug, name=args.name, kind=args.kind, timezone=args.timezone,
                                        governing_body=args.governing_body or "", qr=args.qr),
        "list": lambda: cli_orgs.org_list(settings),
        "rename": lambda: cli_orgs.org_rename(settings, args.slug, name=args.name, governing_body=args.governing_body),
        "disable": lambda: cli_orgs.org_enable(settings, args.slug, enabled=False),
        "enable": lambda: cli_orgs.org_enable(settings, args.slug, enabled=True),
        "link": lambda: cli_orgs.org_link(settings, args.slug, args.qr),
    }[args.action]
    return _print(*_run_for_org(run))


def _run_for_org(run) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    """Run an operator coroutine; an unknown --org is its one-line answer."""
    from bot.services.organizations import OrganizationError

    try:
        return asyncio.run(run())
    except OrganizationError as error:
        return False, str(error)


def _print(ok: bool, text: str) -> int:
    print(text, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


# Files the bot creates (the database and its WAL, backups, exports, hand-over packages) are
# readable by its own user only, whatever the umask it was started with.
PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    setup_logging()
    from bot.startup import DATABASE_ERRORS, StartupError, check_data_folder, database_failure

    try:
        check_data_folder(settings.storage.url)
        return _dispatch(args, settings)
    except StartupError as error:
        print(f"adal: {error}", file=sys.stderr)
        return error.code
    except DATABASE_ERRORS as error:  # a command other than run met an unusable database
        failure = database_failure(settings.storage.url, error)
        print(f"adal: {failure}", file=sys.stderr)
        return failure.code


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "run":
        from bot.app import run
        from bot.services.argon2_pin import CostChanged
        from bot.services.audit import LegacyChainBroken

        try:
            asyncio.run(run(settings, handle_signals=True))
        except KeyboardInterrupt:
            pass
        except (CostChanged, LegacyChainBroken) as error:
            print(error, file=sys.stderr)
            return 2
        return 0
    if args.command == "migrate":
        from storage.migrate import upgrade_sync

        upgrade_sync(settings.storage.url)
        print("database is up to date")
        return 0
    if args.command == "invite" and args.role in ("officer", "board", "overseer"):
        return _print(*_run_for_org(lambda: _invite(settings, args.role, args.org)))
    if args.command in ("invite", "people"):
        return _administer(args, settings)
    if args.command == "org":
        return _organizations(args, settings)
    if args.command == "backup":
        from pathlib import Path

        from storage.backup import BackupError, backup

        try:
            size = asyncio.run(backup(settings.storage.url, Path(args.output)))
        except BackupError as error:
            print(f"backup: {error}", file=sys.stderr)
            return 2
        print(f"backup written: {args.output} ({size} bytes); case content in it stays sealed")
        return 0
    if args.command == "plan":
        return _print(*_run_for_org(lambda: _plan_import(settings, args.file, args.org)))
    if args.command == "report" and args.kind != "register":
        return _print(*_run_for_org(lambda: _compliance_report(settings, args)))
    if args.command == "report":
        return _print(*_run_for_org(lambda: _register(settings, args.period, args.lang, args.output,
                                                      args.include_board, args.org)))
    if args.command == "status":
        ok, text = asyncio.run(_status(settings))
        print(text)
        return 0 if ok else 1
    if args.command == "audit":
        ok, line = asyncio.run(_audit_verify(settings, args.head))
        print(line)
        return 0 if ok else 1
    return 2
