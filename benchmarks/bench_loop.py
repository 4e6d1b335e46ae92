"""Event-loop responsiveness while officers unlock (Argon2id at the production cost, 64 MiB).

Probes are unrelated updates: each from a new employee, a /start, answered with the language
picker (a database transaction and a Bot API call). A probe's latency runs from the moment the
update is offered to the bot (the fake Bot API's getUpdates) to the moment its answer arrives.

Three phases, in one run, against the same fake Bot API server:
- the bare aiogram echo bot, quiet (the baseline for an answer's round trip);
- Adal, quiet;
- Adal while 10 officers unlock at once, again and again (each sends /unlock with the passphrase,
  waits for "Unlocked", then again), for the whole length of the probes.
Goal: Adal's p99 under unlocks at most 2x its quiet p99.

    python benchmarks/bench_loop.py                  # 300 probes per phase
    python benchmarks/bench_loop.py --probes 20 --unlockers 2 --cost minimal   # smoke (CI)
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from harness import (MINIMAL_ARGON2, PASSPHRASE, PRODUCTION_ARGON2, BotProcess, adal_config,  # noqa: I001
                     answered, enrol_officer, percentile, running, sqlite_url)

from tests.fake_telegram import FakeTelegram, FakeUser

GAP = 0.02  # between probes: a steady trickle of unrelated traffic, 50 updates/s at most


async def probe_latencies(fake: FakeTelegram, count: int) -> list[float]:
    latencies = []
    for n in range(count):
        user = fake.new_user(f"Probe {n}", language_code="en")
        mark = len(fake.bot_sent)
        sent = time.monotonic()
        user.send("/start")
        await fake.wait_for_message(user.id, after=mark, timeout=60)
        position = next(p for p, m in fake._sent_by_chat[user.id] if p >= mark)  # noqa: SLF001
        latencies.append(fake.sent_times[position] - sent)
        await asyncio.sleep(GAP)
    return latencies


async def keep_unlocking(fake: FakeTelegram, officer: FakeUser, stop: asyncio.Event, done: list[int]) -> None:
    while not stop.is_set():
        await answered(fake, officer, lambda: officer.send(f"/unlock {PASSPHRASE}"),
                       lambda m: "Unlocked" in m.get("text", ""), timeout=120)
        done.append(1)


def summary(latencies: list[float]) -> dict[str, float]:
    return {"p50": percentile(latencies, 0.50) * 1000, "p99": percentile(latencies, 0.99) * 1000,
            "max": max(latencies) * 1000}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--probes", type=int, default=300)
    parser.add_argument("--unlockers", type=int, default=10)
    parser.add_argument("--cost", choices=["production", "minimal"], default="production")
    args = parser.parse_args()
    argon2 = PRODUCTION_ARGON2 if args.cost == "production" else MINIMAL_ARGON2

    fake = FakeTelegram()
    await fake.start()
    results: dict[str, dict[str, float]] = {}
    unlocks = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            async with running(fake, BotProcess.echo(fake, work / "echo")):
                await probe_latencies(fake, 20)  # warm-up
                results["bare aiogram echo bot, quiet"] = summary(await probe_latencies(fake, args.probes))

            config = adal_config(work / "adal", fake, sqlite_url(work / "adal"), argon2=argon2)
            async with running(fake, BotProcess.adal(config)):
                officers = [await enrol_officer(fake, config, f"Officer {n}") for n in range(args.unlockers)]
                await probe_latencies(fake, 20)  # warm-up
                results["Adal, quiet"] = summary(await probe_latencies(fake, args.probes))

                stop, done = asyncio.Event(), []
                unlocking = [asyncio.create_task(keep_unlocking(fake, o, stop, done)) for o in officers]
                await asyncio.sleep(0.5)  # let the unlocks pile up first
                started = time.monotonic()
                results[f"Adal, {args.unlockers} unlocks at once"] = summary(await probe_latencies(fake, args.probes))
                elapsed = time.monotonic() - started
                stop.set()
                await asyncio.gather(*unlocking)
                unlocks = len(done)
    finally:
        await fake.stop()

    print(f"\nLatency of unrelated updates (/start from a new employee), {args.probes} probes per phase, "
          f"Argon2id {args.cost} cost")
    print(f"{'phase':<36} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, row in results.items():
        print(f"{name:<36} {row['p50']:>8.1f} {row['p99']:>8.1f} {row['max']:>8.1f}")
    quiet, loaded = results["Adal, quiet"], results[f"Adal, {args.unlockers} unlocks at once"]
    print(f"p99 under unlocks / quiet p99: {loaded['p99'] / quiet['p99']:.2f} (goal <= 2); "
          f"Adal quiet p99 / echo p99: {quiet['p99'] / results['bare aiogram echo bot, quiet']['p99']:.2f}; "
          f"{unlocks} unlocks completed during the loaded phase ({unlocks / elapsed:.1f}/s)")


if __name__ == "__main__":
    asyncio.run(main())
