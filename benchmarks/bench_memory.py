"""Memory: the resident set size (RSS) of an idle Adal, and of Adal with 10,000 stored cases
after an officer has listed and paged through them, against a bare aiogram echo bot's idle RSS
measured in the same run.

The cases are stored first, through the real service (`reports.submit_report`: sealed text, key
copies, mailbox, alerts, deadlines), with a minimal Argon2id cost so that seeding is quick; the
cost does not change what is kept in memory. The alerts are marked sent, as if delivered.

    python benchmarks/bench_memory.py                 # 10,000 cases
    python benchmarks/bench_memory.py --cases 20      # smoke (CI)
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import timedelta
from pathlib import Path

from harness import MINIMAL_ARGON2, PASSPHRASE, BotProcess, adal_config, answered, running, sqlite_url  # noqa: I001
from sqlalchemy import update

from bot.app import build
from bot.config import load_settings
from bot.services import people, reports
from storage.models import Organization, OutboxMessage
from tests.fake_telegram import FakeTelegram

async def seed(config: Path, officer_id: int, cases: int) -> None:
    app = await build(load_settings(config))
    ctx = app.ctx
    try:
        async with ctx.sessions() as db:
            now = ctx.clock.now()
            token = await people.create_invite(db, org_id=ctx.org_id, role="officer", now=now, ttl=timedelta(hours=1))
            await people.enrol(db, token=token, telegram_user_id=officer_id, locale="en", passphrase=PASSPHRASE,
                               policy=ctx.secret_policy, now=now)
            org = await db.get(Organization, ctx.org_id)
            for n in range(cases):
                content = reports.ReportContent("bribery", "officers", f"stored report number {n} " + "x" * 400,
                                                "last week", "building 2", "a manager")
                await reports.submit_report(db, org=org, content=content, now=now, cost=ctx.argon2_cost,
                                            acknowledge_days=7, feedback_days=90, translate=ctx.translate, zone=ctx.zone)
            await db.execute(update(OutboxMessage).values(sent_at=now))
            await db.commit()
    finally:
        await app.bot.session.close()
        await ctx.engine.dispose()


async def settle(bot: BotProcess) -> float:
    await asyncio.sleep(3)  # let start-up garbage be collected and the first ticks run
    return bot.rss_mib()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()
    fake = FakeTelegram()
    await fake.start()
    rows: list[tuple[str, float]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            async with running(fake, BotProcess.echo(fake, work / "echo")) as echo:
                rows.append(("bare aiogram echo bot, idle", await settle(echo)))

            empty = adal_config(work / "empty", fake, sqlite_url(work / "empty"), argon2=MINIMAL_ARGON2)
            async with running(fake, BotProcess.adal(empty)) as adal:
                rows.append(("Adal, idle, empty database", await settle(adal)))

            full = adal_config(work / "full", fake, sqlite_url(work / "full"), argon2=MINIMAL_ARGON2)
            officer = fake.new_user("Officer", language_code="en")
            await seed(full, officer.id, args.cases)
            async with running(fake, BotProcess.adal(full)) as adal:
                rows.append((f"Adal, idle, {args.cases:,} cases stored", await settle(adal)))
                await answered(fake, officer, lambda: officer.send(f"/unlock {PASSPHRASE}"),
                               lambda m: "Unlocked" in m.get("text", ""))
                page = await answered(fake, officer, lambda: officer.send("/cases"), lambda m: "reply_markup" in m)
                for _ in range(5):  # page through the list
                    if "▶" not in str(page["reply_markup"]):
                        break
                    page = await answered(fake, officer, lambda p=page: officer.press_button(p, "▶"),
                                          lambda m: "reply_markup" in m)
                rows.append((f"Adal, {args.cases:,} cases, after /cases", await settle(adal)))
    finally:
        await fake.stop()

    baseline = rows[0][1]
    print(f"\n{'process':<44} {'RSS MiB':>8} {'ratio to echo':>14}")
    for name, rss in rows:
        print(f"{name:<44} {rss:>8.1f} {rss / baseline:>14.2f}")


if __name__ == "__main__":
    asyncio.run(main())
