"""A flood of reports with files: memory stays bounded, unlocking stays quick, and every report
the bot accepts is stored.

N employees (20 at a time) each file a report with F files that cannot be cleaned (random
bytes, attached as they are), so every submission downloads, seals and stores them all. An
officer unlocks again and again throughout. The filing limits stay at their defaults (120
reports an hour from everyone, 3 per person), so the flood also shows them at work: a refused
reporter is told so and keeps the draft.

Reported, from one run: Adal's peak RSS during the flood against a bare aiogram echo bot's idle
RSS; the unlock latency during the flood against quiet unlocks; the outcome of every report;
and the stored count, checked against the accepted count in the database itself. Exits with 1
if a report that was confirmed is missing or the peak RSS passes --max-rss-mib.

    python benchmarks/bench_flood.py                                  # 200 reports x 10 files of 100 KiB
    python benchmarks/bench_flood.py --reports 4 --files 2 --file-kib 8 --cost minimal --reports-per-hour 3  # CI
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from harness import (MINIMAL_ARGON2, PASSPHRASE, PRODUCTION_ARGON2, BotProcess, adal_config,  # noqa: I001
                     answered, enrol_officer, percentile, running, sqlite_url)

from tests.fake_telegram import FakeTelegram, FakeUser

OUTCOMES = {"has been received": "stored", "Too many reports": "refused: reports per hour",
            "cannot take more files": "refused: file bytes per day", "very busy": "refused: service busy"}


def has(text: str):  # type: ignore[no-untyped-def]
    return lambda message: text in message.get("text", "")


async def attach(fake: FakeTelegram, user: FakeUser, data: bytes, name: str) -> dict:  # type: ignore[type-arg]
    asked = await answered(fake, user, lambda: user.send_document(data, name), has("cannot check"), timeout=300)
    return await answered(fake, user, lambda: user.press_button(asked, "Attach as it is"), has("will be sent as it is"),
                          timeout=300)


async def file_with_files(fake: FakeTelegram, user: FakeUser, files: int, file_bytes: int) -> str:
    await answered(fake, user, lambda: user.send("/start"), has("What would you like"), timeout=300)
    menu = await answered(fake, user, lambda: user.send("/report"), has("What is the report about?"), timeout=300)
    await answered(fake, user, lambda: user.press_button(menu, "Bribery"), has("Describe what happened"), timeout=300)
    added = await answered(fake, user, lambda: user.send(f"flood report from user {user.id}"), has("characters"),
                           timeout=300)
    review = await answered(fake, user, lambda: user.press_button(added, "Done"), has("Please check"), timeout=300)
    last = await answered(fake, user, lambda: user.press_button(review, "Files"), has("Attach photos"), timeout=300)
    for n in range(files):
        last = await attach(fake, user, os.urandom(file_bytes), f"ledger-{n}.bin")
    review = await answered(fake, user, lambda: user.press_button(last, "Done"), has("Please check"),
                            timeout=300)
    return await submit(fake, user, review)


async def submit(fake: FakeTelegram, user: FakeUser, review: dict) -> str:  # type: ignore[type-arg]
    """Press Submit; the outcome comes as a message (received, busy) or as an alert on the
    button (a filing limit: the draft stays)."""
    mark = len(fake.bot_sent)
    query = user.press_button(review, "Submit")

    def outcome() -> str | None:
        texts = [m.get("text", "") for m in fake.bot_sent[mark:] if m["chat"]["id"] == user.id]
        texts += [a.get("text", "") for a in fake.callback_answers if a.get("callback_query_id") == query["id"]]
        return next((label for text in texts for key, label in OUTCOMES.items() if key in text), None)

    return await fake.wait_until(outcome, timeout=600)


async def unlock_latencies(fake: FakeTelegram, officer: FakeUser, stop: asyncio.Event | None, count: int = 0) -> list[float]:
    latencies: list[float] = []
    while (stop is not None and not stop.is_set()) or len(latencies) < count:
        started = time.monotonic()
        await answered(fake, officer, lambda: officer.send(f"/unlock {PASSPHRASE}"), has("Unlocked"), timeout=300)
        latencies.append(time.monotonic() - started)
    return latencies


async def sample_rss(bot: BotProcess, stop: asyncio.Event, peak: list[float]) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], bot.rss_mib())
        await asyncio.sleep(0.1)


async def idle_rss(bot: BotProcess) -> float:
    await asyncio.sleep(3)  # start-up garbage collected, first ticks run
    return bot.rss_mib()


def stored_cases(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        connection.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--files", type=int, default=10, help="files per report (default 10)")
    parser.add_argument("--file-kib", type=int, default=100, help="size of each file (default 100 KiB)")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--cost", choices=["production", "minimal"], default="production")
    parser.add_argument("--max-rss-mib", type=float, default=400.0)
    parser.add_argument("--reports-per-hour", type=int, help="[reports] reports_per_hour (default: the bot's, 120)")
    args = parser.parse_args()
    argon2 = PRODUCTION_ARGON2 if args.cost == "production" else MINIMAL_ARGON2

    fake = FakeTelegram()
    await fake.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            async with running(fake, BotProcess.echo(fake, work / "echo")) as echo:
                echo_rss = await idle_rss(echo)
            limits = {"reports": {"reports_per_hour": args.reports_per_hour}} if args.reports_per_hour else {}
            config = adal_config(work / "adal", fake, sqlite_url(work / "adal"), argon2=argon2, **limits)
            async with running(fake, BotProcess.adal(config)) as adal:
                officer = await enrol_officer(fake, config)
                adal_idle = await idle_rss(adal)
                quiet = await unlock_latencies(fake, officer, None, count=5)

                stop, peak = asyncio.Event(), [adal.rss_mib()]
                sampler = asyncio.create_task(sample_rss(adal, stop, peak))
                unlocking = asyncio.create_task(unlock_latencies(fake, officer, stop))
                gate = asyncio.Semaphore(args.concurrency)

                async def one(n: int) -> str:
                    async with gate:
                        return await file_with_files(fake, fake.new_user(f"Employee {n}", language_code="en"),
                                                     args.files, args.file_kib * 1024)

                started = time.monotonic()
                outcomes = Counter(await asyncio.gather(*(one(n) for n in range(args.reports))))
                elapsed = time.monotonic() - started
                stop.set()
                flood = await unlocking
                await sampler
            stored = stored_cases(work / "adal" / "adal.db")
    finally:
        await fake.stop()

    accepted = outcomes["stored"]
    print(f"\nFlood: {args.reports} reports x {args.files} files of {args.file_kib} KiB, {args.concurrency} at a time, "
          f"Argon2id {args.cost} cost, {elapsed:.0f} s")
    print("outcomes: " + ", ".join(f"{label} {count}" for label, count in sorted(outcomes.items())))
    print(f"stored in the database: {stored} of {accepted} confirmed")
    print(f"RSS: echo bot idle {echo_rss:.0f} MiB; Adal idle {adal_idle:.0f} MiB, peak during the flood "
          f"{peak[0]:.0f} MiB (ratio to echo idle {peak[0] / echo_rss:.2f}; bound {args.max_rss_mib:.0f} MiB)")
    print(f"unlock: quiet p50 {percentile(quiet, 0.5) * 1000:.0f} ms; during the flood p50 "
          f"{percentile(flood, 0.5) * 1000:.0f} ms, p99 {percentile(flood, 0.99) * 1000:.0f} ms, "
          f"max {max(flood) * 1000:.0f} ms over {len(flood)} unlocks "
          f"(p99 / quiet p50 {percentile(flood, 0.99) / percentile(quiet, 0.5):.2f})")
    problems = []
    if stored != accepted:
        problems.append(f"{accepted} reports were confirmed but {stored} are stored")
    if peak[0] > args.max_rss_mib:
        problems.append(f"peak RSS {peak[0]:.0f} MiB is over {args.max_rss_mib:.0f} MiB")
    for problem in problems:
        print("FAILED: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
