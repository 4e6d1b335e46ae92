"""Throughput of the full report flow, in updates per second, against a bare aiogram echo bot.

Both bots run their real polling loop in a process of their own, one after the other in the same
run, against the same fake Bot API server (tests/fake_telegram.py). Simulated users act in a
closed loop: each waits for the bot's answer before its next update, `--concurrency` users at a
time.
- echo: each user sends 12 text messages and waits for each echo;
- Adal: each user walks the whole report flow, 12 updates: /start, language, /report, category,
  recipients, the description, Done, three Skips, Done, Submit (receipt after the commit). An
  enrolled officer gets an alert for every report through the outbox meanwhile;
- floor (benchmarks/floor_bot.py): the same update mix (3 texts, 9 button presses) answered with
  the same Bot API calls, doing only what the design demands of every update: the idempotency
  mark in a database transaction. It shows how much of the distance to the echo bot is the stack
  (aiogram, SQLAlchemy, the database) rather than Adal.

Adal's Submit derives two Argon2id keys for the receipt; at the production cost (64 MiB, 3 passes)
that dominates, so the run is reported both at the production cost and at the minimal cost (which
shows what the bot costs besides Argon2id).

    python benchmarks/bench_throughput.py                                  # SQLite
    python benchmarks/bench_throughput.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test
    python benchmarks/bench_throughput.py --reports 4 --concurrency 2 --cost minimal   # smoke (CI)
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import tempfile
import time
from pathlib import Path

from harness import (MINIMAL_ARGON2, PRODUCTION_ARGON2, BotProcess, adal_config, answered,  # noqa: I001
                     enrol_officer, running, sqlite_url)
from sqlalchemy.engine import make_url

from tests.fake_telegram import FakeTelegram, FakeUser
from tests.scenario import has

UPDATES_PER_USER = 12


async def echo_user(fake: FakeTelegram, user: FakeUser) -> None:
    for n in range(UPDATES_PER_USER):
        text = f"message {n} from {user.id}"
        await answered(fake, user, lambda t=text: user.send(t), has(text))


# Adal's report flow as kinds of update: t = a text, p = a button press (see report_user).
ADAL_MIX = "ttptpppppppp"
assert len(ADAL_MIX) == UPDATES_PER_USER


async def floor_user(fake: FakeTelegram, user: FakeUser) -> None:
    """Adal's update mix against the floor bot (benchmarks/floor_bot.py)."""
    last: dict = {}
    for n, kind in enumerate(ADAL_MIX):
        if kind == "t":
            last = await answered(fake, user, lambda n=n: user.send(f"text {n}"), has(f"got: text {n}"))
        else:
            last = await answered(fake, user, lambda m=last: user.press_button(m, "Next"), has("next question"))


async def report_user(fake: FakeTelegram, user: FakeUser) -> None:
    # 12 updates, 3 typed and 9 taps, as the floor bot's mix: the report with its optional steps
    # (the details skipped one by one, the files screen opened and closed).
    await answered(fake, user, lambda: user.send("/start"), has("What would you like"))
    menu = await answered(fake, user, lambda: user.send("/report"), has("What is the report about?"))
    await answered(fake, user, lambda: user.press_button(menu, "Bribery"), has("Describe what happened"))
    added = await answered(fake, user, lambda: user.send(f"benchmark report from user {user.id}"), has("characters"))
    review = await answered(fake, user, lambda: user.press_button(added, "Done"), has("Please check"))
    when = await answered(fake, user, lambda: user.press_button(review, "When, where, who"), has("When did it happen?"))
    where = await answered(fake, user, lambda: user.press_button(when, "Skip"), has("Where did it happen?"))
    who = await answered(fake, user, lambda: user.press_button(where, "Skip"), has("Who was involved?"))
    review = await answered(fake, user, lambda: user.press_button(who, "Skip"), has("Please check"))
    files = await answered(fake, user, lambda: user.press_button(review, "Files"), has("Attach photos"))
    review = await answered(fake, user, lambda: user.press_button(files, "Done"), has("Please check"))
    await answered(fake, user, lambda: user.press_button(review, "Submit"), has("has been received"))


async def drive(fake: FakeTelegram, flow, users: int, concurrency: int, bot: BotProcess) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Run `users` flows, `concurrency` at a time, after an untimed warm-up round (first uses
    build caches in both bots); returns updates per second and the bot's CPU ms per update."""
    gate = asyncio.Semaphore(concurrency)

    async def one(user: FakeUser) -> None:
        async with gate:
            await flow(fake, user)

    async def round_of(count: int) -> None:
        await asyncio.gather(*(one(fake.new_user(f"User {n}", language_code="en")) for n in range(count)))

    await round_of(concurrency)
    started, cpu = time.perf_counter(), bot.cpu_seconds()
    await round_of(users)
    updates = users * UPDATES_PER_USER
    return updates / (time.perf_counter() - started), (bot.cpu_seconds() - cpu) * 1000 / updates


async def run_echo(fake: FakeTelegram, work: Path, users: int, concurrency: int) -> tuple[float, float]:
    async with running(fake, BotProcess.echo(fake, work / "echo")) as bot:
        return await drive(fake, echo_user, users, concurrency, bot)


async def run_floor(fake: FakeTelegram, work: Path, db_url: str, users: int, concurrency: int) -> tuple[float, float]:
    async with running(fake, BotProcess.floor(fake, work, db_url)) as bot:
        return await drive(fake, floor_user, users, concurrency, bot)


async def run_adal(fake: FakeTelegram, work: Path, db_url: str, argon2: dict[str, int], users: int,
                   concurrency: int) -> tuple[float, float]:
    config = adal_config(work, fake, db_url, argon2=argon2)
    async with running(fake, BotProcess.adal(config)) as bot:
        officer = await enrol_officer(fake, config)
        rate = await drive(fake, report_user, users, concurrency, bot)
        # Not timed: every report's alert reaches the officer (nothing lost under load). One chat
        # takes one message a second, so this takes about as many seconds as there were reports.
        await fake.wait_until(lambda: sum("New report" in m.get("text", "") for m in fake.sent_to(officer.id))
                              >= users + concurrency, timeout=1.5 * (users + concurrency) + 60)
        return rate


async def scratch_postgres(base: str, create: bool, name: str) -> str:
    import asyncpg

    url = make_url(base)
    connection = await asyncpg.connect(user=url.username, password=url.password, host=url.host,
                                       port=url.port or 5432, database=url.database)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"' if create else f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()
    return url.set(database=name).render_as_string(hide_password=False)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=100, help="users, each filing one report (default 100)")
    parser.add_argument("--concurrency", type=int, default=20, help="users acting at once (default 20)")
    parser.add_argument("--postgres", help="also run on PostgreSQL (a scratch database is created)")
    parser.add_argument("--cost", choices=["production", "minimal", "both"], default="both")
    args = parser.parse_args()
    costs = {"production": PRODUCTION_ARGON2, "minimal": MINIMAL_ARGON2}
    chosen = list(costs) if args.cost == "both" else [args.cost]

    fake = FakeTelegram()
    await fake.start()
    rows: list[tuple[str, tuple[float, float]]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            echo = await run_echo(fake, work, args.reports, args.concurrency)
            rows.append(("bare aiogram echo bot", echo))
            rows.append(("floor: stack + idempotency mark, SQLite",
                         await run_floor(fake, work / "floor-sqlite", sqlite_url(work / "floor-sqlite"), args.reports,
                                         args.concurrency)))
            if args.postgres:
                name = f"adal_bench_{secrets.token_hex(4)}"
                url = await scratch_postgres(args.postgres, True, name)
                try:
                    rows.append(("floor: stack + idempotency mark, PostgreSQL",
                                 await run_floor(fake, work / "floor-pg", url, args.reports, args.concurrency)))
                finally:
                    await scratch_postgres(args.postgres, False, name)
            for cost in chosen:
                db = sqlite_url(work / f"sqlite-{cost}")
                rows.append((f"Adal, SQLite, {cost} Argon2id",
                             await run_adal(fake, work / f"sqlite-{cost}", db, costs[cost], args.reports, args.concurrency)))
                if args.postgres:
                    name = f"adal_bench_{secrets.token_hex(4)}"
                    url = await scratch_postgres(args.postgres, True, name)
                    try:
                        rows.append((f"Adal, PostgreSQL, {cost} Argon2id",
                                     await run_adal(fake, work / f"pg-{cost}", url, costs[cost], args.reports,
                                                    args.concurrency)))
                    finally:
                        await scratch_postgres(args.postgres, False, name)
    finally:
        await fake.stop()

    print(f"\nFull report flow, {args.reports} users x {UPDATES_PER_USER} updates, {args.concurrency} at a time")
    print(f"{'bot':<42} {'updates/s':>10} {'ratio to echo':>14} {'bot CPU ms/update':>18}")
    for name, (rate, cpu) in rows:
        print(f"{name:<42} {rate:>10.1f} {rate / echo[0]:>14.2f} {cpu:>18.2f}")


if __name__ == "__main__":
    asyncio.run(main())
