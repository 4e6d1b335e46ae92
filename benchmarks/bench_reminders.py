"""Reminder-engine benchmark (issue 4).

1. A tick with nothing due, at growing numbers of plan occurrences (built-in plan for many
   organizations): its cost must stay flat, because the tick is one indexed range query
   (`deadlines(status, next_remind_at)`). Reported: median tick time and the ratio largest/smallest.
2. A tick with many reminders due (one officer per organization): time to queue them in the
   outbox, and the worst event-loop stall seen by an unrelated coroutine meanwhile.

    python benchmarks/bench_reminders.py                      # SQLite, 1k/10k/100k occurrences
    python benchmarks/bench_reminders.py --postgres URL       # also PostgreSQL (a scratch database is created)
    python benchmarks/bench_reminders.py --orgs 2,4 --repeat 3   # smoke size (CI)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch import scratch_postgres  # noqa: E402 - benchmarks/scratch.py, beside this script

from sqlalchemy import func, insert, select  # noqa: E402

from bot.i18n import create_core, load_core_sync  # noqa: E402
from bot.services import plan, reminders  # noqa: E402
from bot.services.calendar import WorkCalendar  # noqa: E402
from storage import crypto  # noqa: E402
from storage.db import create_engine, create_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Deadline, Organization, Person  # noqa: E402

ZONE = ZoneInfo("Asia/Almaty")
POLICY = reminders.ReminderPolicy(calendar=WorkCalendar(ZONE))
CORE = load_core_sync(create_core("kk"))
START = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
HORIZON_DAYS = 800  # about 100 occurrences per organization with the built-in plan


def translate(locale: str, key: str, **kwargs: object) -> str:
    return CORE.get(key, locale, **kwargs)


async def populate(sessions, orgs: int, *, officers: bool) -> int:  # type: ignore[no-untyped-def]
    async with sessions() as db:
        have = await db.scalar(select(func.count(Organization.id)))
    keys = crypto.generate_keypair()
    for n in range(have, orgs):
        async with sessions() as db:
            org = Organization(slug=f"org-{n}", name=f"Org {n}", kind="hei" if n % 3 == 0 else "other", created_at=START)
            db.add(org)
            await db.flush()
            if officers:
                await db.execute(insert(Person).values(
                    org_id=org.id, role="officer", telegram_user_id=10_000_000 + n, display_name="", locale="kk",
                    public_key=keys.public, passphrase_salt=b"s" * 16, private_key_by_passphrase=b"x",
                    recovery_salt=b"s" * 16, private_key_by_recovery=b"x", failed_unlocks=0,
                    failed_unlocks_unreported=0, enrolled_at=START, active=True))
            await plan.seed_builtin_plan(db, org, today=START.astimezone(ZONE).date(), now=START)
            await plan.ensure_occurrences(db, org.id, today=START.astimezone(ZONE).date(), now=START,
                                          horizon_days=HORIZON_DAYS)
    async with sessions() as db:
        return int(await db.scalar(select(func.count(Deadline.id))))


async def time_idle_tick(sessions, repeat: int) -> float:  # type: ignore[no-untyped-def]
    # Settle every deadline first (the first tick after seeding looks at all of them once).
    await reminders.tick(sessions, now=START, policy=POLICY, translate=translate, batch=5000)
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        queued = await reminders.tick(sessions, now=START, policy=POLICY, translate=translate)
        samples.append(time.perf_counter() - began)
        assert queued == 0
    return statistics.median(samples)


async def time_due_tick(sessions) -> tuple[int, float, float]:  # type: ignore[no-untyped-def]
    """Move to a moment when reminders are due; measure queueing and the worst loop stall."""
    moment = datetime(2026, 12, 4, 4, 0, tzinfo=UTC)  # Friday before the Saturday 5 December report
    stalls: list[float] = []
    done = asyncio.Event()

    async def heartbeat() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            stalls.append(now - last)
            last = now

    gc.collect()  # start from a clean heap: setting up 100k rows left plenty of garbage behind
    collections_before = gc.get_stats()[2]["collections"]
    beat = asyncio.create_task(heartbeat())
    began = time.perf_counter()
    queued = await reminders.tick(sessions, now=moment, policy=POLICY, translate=translate)
    elapsed = time.perf_counter() - began
    done.set()
    await beat
    full_collections = gc.get_stats()[2]["collections"] - collections_before
    return queued, elapsed, max(stalls) if stalls else 0.0, full_collections


async def run_backend(name: str, url: str, org_steps: list[int], repeat: int) -> list[str]:
    await upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    lines = []
    timings = []
    for orgs in org_steps:
        began = time.perf_counter()
        occurrences = await populate(sessions, orgs, officers=True)
        seeded = time.perf_counter() - began
        tick = await time_idle_tick(sessions, repeat)
        timings.append(tick)
        lines.append(f"| {name} | {orgs} | {occurrences} | {tick * 1000:.2f} ms | (seeded in {seeded:.1f} s) |")
    ratio = timings[-1] / timings[0]
    lines.append(f"| {name} | idle tick ratio largest/smallest | | **{ratio:.2f}** | goal ≤ 1.5 |")
    queued, elapsed, stall, full_gc = await time_due_tick(sessions)
    lines.append(f"| {name} | tick with due reminders | {queued} messages queued | {elapsed * 1000:.0f} ms | "
                 f"worst event-loop stall {stall * 1000:.1f} ms ({full_gc} full GC) |")
    await engine.dispose()
    return lines


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", default="10,100,1000", help="organization counts, ascending")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres", help="postgresql+asyncpg:// URL of a server where a scratch database may be created")
    args = parser.parse_args()
    steps = [int(n) for n in args.orgs.split(",")]
    print("| backend | organizations | occurrences | median idle tick | note |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as directory:
        for line in await run_backend("SQLite", f"sqlite+aiosqlite:///{directory}/bench.db", steps, args.repeat):
            print(line, flush=True)
    if args.postgres:
        async with scratch_postgres(args.postgres) as url:
            for line in await run_backend("PostgreSQL", url, steps, args.repeat):
                print(line, flush=True)


if __name__ == "__main__":
    asyncio.run(main())
