"""Many organizations in one deployment (issue 14): does the work of one organization's staff
stay flat as the ministry grows, and does the Ministry's view grow no faster than the data?

Seeds organizations with the same data each (by default 200 cases, a full built-in action plan,
an officer, a Board member, an overseer for the deployment), first 5 of them, then 500, and
measures at each size:
- /cases: the officer's first page and its summary line (bot.services.cases), the service work
  of the command; plus finding the person behind an update (people.identify);
- a reminder tick with nothing due (bot.services.reminders.tick over every organization);
- /oversight: the overview of every organization for the year, and its summary text;
- the oversight export: the overview rendered as XLSX.
Each figure is the median of --repeat runs and is reported as the ratio of 500 organizations to
5: for /cases and the tick the goal is ≤ 1.5 (flat), for /oversight and the export ≤ 100, the
growth of the data (linear or better).

The rows are written in bulk, not through the bot (100 000 cases through the report flow would
take hours at production Argon2id cost); their sealed columns hold random bytes of the real
sizes, which the measured queries never read.

    python benchmarks/bench_orgs.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test
    python benchmarks/bench_orgs.py --sizes 2,6 --cases 20 --repeat 3      # smoke size (CI, SQLite)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch import scratch_postgres  # noqa: E402 - benchmarks/scratch.py, beside this script

from sqlalchemy import func, insert, select, text  # noqa: E402

from bot.i18n import create_core, load_core_sync  # noqa: E402
from bot.services import cases, oversight, oversight_export, oversight_texts, people, plan, reminders  # noqa: E402
from bot.services.calendar import WorkCalendar  # noqa: E402
from bot.services.register import Period  # noqa: E402
from bot.services.reports import CATEGORIES  # noqa: E402
from storage.db import create_engine, create_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Case, CaseAccess, Deadline, Organization, Person  # noqa: E402

ZONE = ZoneInfo("Asia/Almaty")
POLICY = reminders.ReminderPolicy(calendar=WorkCalendar(ZONE))
CORE = load_core_sync(create_core("ru"))
NOW = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
YEAR = Period.parse("2026")
STATUSES = ("new", "acknowledged", "under_review", "investigation", "referred", "closed_substantiated",
            "closed_unsubstantiated", "closed_no_grounds")


def translate(locale: str, key: str, **kwargs: object) -> str:
    return CORE.get(key, locale, **kwargs)


def _person(org_id: int, role: str, user_id: int) -> dict[str, object]:
    empty = role == "overseer"
    return dict(org_id=org_id, role=role, telegram_user_id=user_id, display_name="", locale="ru",
                public_key=b"" if empty else secrets.token_bytes(32), passphrase_salt=b"s" * 16,
                private_key_by_passphrase=b"x", recovery_salt=b"s" * 16, private_key_by_recovery=b"x",
                failed_unlocks=0, failed_unlocks_unreported=0, enrolled_at=NOW, active=True)


async def seed_organization(sessions, number: int, cases_each: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """One organization: its plan and the plan's dates, an officer and a Board member, and
    `cases_each` cases of 2026 with their key copies and deadlines, in every state."""
    async with sessions() as db:
        org = Organization(slug=f"org-{number}", name=f"Организация № {number}", kind="hei" if number % 3 == 0 else "other",
                           created_at=NOW, timezone="Asia/Almaty")
        db.add(org)
        await db.flush()
        officer = (await db.execute(insert(Person).values(_person(org.id, "officer", 10_000_000 + number))
                                    .returning(Person.id))).scalar_one()
        board = (await db.execute(insert(Person).values(_person(org.id, "board", 20_000_000 + number))
                                  .returning(Person.id))).scalar_one()
        today = NOW.astimezone(ZONE).date()
        await plan.seed_builtin_plan(db, org, today=date(2026, 1, 1), now=NOW)
        await plan.ensure_occurrences(db, org.id, today=today, now=NOW)
        rows = []
        for n in range(cases_each):
            created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(0, 329))
            status = rng.choice(STATUSES)
            closed = created + timedelta(days=rng.randrange(5, 60)) if status.startswith("closed") else None
            rows.append(dict(
                org_id=org.id, public_id=f"{number:04d}-{n:04d}", category=rng.choice(CATEGORIES),
                route="board" if n % 20 == 0 else "officers", status=status, public_key=secrets.token_bytes(32),
                created_at=created, updated_at=created, acknowledge_due_at=created + timedelta(days=7),
                feedback_due_at=created + timedelta(days=90),
                acknowledged_at=None if status == "new" else created + timedelta(days=rng.randrange(1, 10)),
                closed_at=closed, purge_warned=0))
        case_ids = list((await db.execute(insert(Case).returning(Case.id, Case.route, Case.created_at,
                                                                 Case.closed_at), rows)).all())
        access, deadlines = [], []
        for case_id, route, created, closed in case_ids:
            reader = board if route == "board" else officer
            access.append(dict(org_id=org.id, case_id=case_id, person_id=reader, sealed_case_key=secrets.token_bytes(80),
                               granted_at=created))
            for kind, days in (("case-ack", 7), ("case-feedback", 90)):
                done = closed is not None
                deadlines.append(dict(
                    org_id=org.id, key=f"{kind}:{case_id}", kind=kind, case_id=case_id,
                    due_date=(created + timedelta(days=days)).date(), status="done" if done else "open",
                    created_at=created, next_remind_at=None if done else NOW + timedelta(days=1)))
        await db.execute(insert(CaseAccess), access)
        await db.execute(insert(Deadline), deadlines)
        await db.commit()


async def settle(sessions) -> None:  # type: ignore[no-untyped-def]
    """The first tick after seeding looks at every plan occurrence once (as after an upgrade)."""
    await reminders.tick(sessions, now=NOW, policy=POLICY, translate=translate, batch=5000)


async def median(repeat: int, work: Callable[[], Awaitable[object]]) -> float:
    await work()  # warm: imports (openpyxl), SQLAlchemy's statement cache, the database's own caches
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        await work()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


async def measure(sessions, repeat: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    async with sessions() as db:
        officer_id = await db.scalar(select(Person.id).where(Person.role == "officer").order_by(Person.id).limit(1))
        officer = await db.get(Person, officer_id)
        user_id = officer.telegram_user_id

    async def cases_page() -> None:
        async with sessions() as db:
            await people.identify(db, user_id)
            await cases.summarize(db, officer, NOW)
            await cases.list_cases(db, officer)

    async def tick() -> None:
        queued = await reminders.tick(sessions, now=NOW, policy=POLICY, translate=translate)
        assert queued == 0, "nothing is due at NOW: an idle tick"

    async def oversight_view() -> None:
        async with sessions() as db:
            view = await oversight.overview(db, period=YEAR, now=NOW, min_cell=3, zone=ZONE)
        oversight_texts.summary(view, translate, "ru")

    async def export() -> None:
        async with sessions() as db:
            view = await oversight.overview(db, period=YEAR, now=NOW, min_cell=3, zone=ZONE)
        oversight_export.render_xlsx(view, translate, "ru")

    return {"cases": await median(repeat, cases_page), "tick": await median(repeat, tick),
            "oversight": await median(repeat, oversight_view), "export": await median(max(1, repeat // 3), export)}


async def run_backend(name: str, url: str, sizes: list[int], cases_each: int, repeat: int) -> list[str]:
    await upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    rng = random.Random(178)
    results: dict[int, dict[str, float]] = {}
    lines = []
    seeded = 0
    for size in sizes:
        began = time.perf_counter()
        for number in range(seeded, size):
            await seed_organization(sessions, number, cases_each, rng)
        seeded = size
        await settle(sessions)
        if engine.dialect.name == "postgresql":
            # A bulk load leaves no statistics; a running deployment's autovacuum keeps them.
            async with engine.connect() as connection:
                await connection.execute(text("ANALYZE"))
        async with sessions() as db:
            total_cases = await db.scalar(select(func.count(Case.id)))
            total_deadlines = await db.scalar(select(func.count(Deadline.id)))
        results[size] = await measure(sessions, repeat)
        figures = results[size]
        lines.append(f"| {name} | {size} | {total_cases} | {total_deadlines} | {figures['cases'] * 1000:.1f} ms | "
                     f"{figures['tick'] * 1000:.1f} ms | {figures['oversight'] * 1000:.0f} ms | "
                     f"{figures['export'] * 1000:.0f} ms | seeded in {time.perf_counter() - began:.0f} s |")
    small, large = results[sizes[0]], results[sizes[-1]]
    growth = sizes[-1] / sizes[0]
    ratios = {key: large[key] / small[key] for key in small}
    lines.append(f"| {name} | **ratio {sizes[-1]}/{sizes[0]}** | ×{growth:.0f} | | **{ratios['cases']:.2f}** "
                 f"(goal ≤ 1.5) | **{ratios['tick']:.2f}** (goal ≤ 1.5) | **{ratios['oversight']:.1f}** "
                 f"(data ×{growth:.0f}) | **{ratios['export']:.1f}** (goal ≤ {growth:.0f}) | |")
    await engine.dispose()
    return lines


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="5,500", help="organization counts, ascending (ratios: last/first)")
    parser.add_argument("--cases", type=int, default=200, help="cases per organization")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--postgres", help="postgresql+asyncpg:// URL of a server where a scratch database may be "
                                           "created (without it: SQLite in a temporary folder)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    print("| backend | organizations | cases | deadlines | /cases (identify, summary, page) | idle reminder tick "
          "| /oversight | oversight export | note |")
    print("|---|---|---|---|---|---|---|---|---|")
    if not args.postgres:
        with tempfile.TemporaryDirectory() as directory:
            for line in await run_backend("SQLite", f"sqlite+aiosqlite:///{directory}/bench.db", sizes, args.cases,
                                          args.repeat):
                print(line, flush=True)
        return
    async with scratch_postgres(args.postgres) as url:
        for line in await run_backend("PostgreSQL", url, sizes, args.cases, args.repeat):
            print(line, flush=True)


if __name__ == "__main__":
    asyncio.run(main())
