"""Several instances: two `python -m bot run` processes in webhook mode share one PostgreSQL and
one Redis. A balancer stands where Telegram's webhook delivery would: it splits the updates
between the two, and sends every third update id to both at once (a retry racing the original).

Afterwards every report is stored once, and every alert and every reminder is sent once. When
the instance that runs the sender and the reminder ticks dies, the other one takes over."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from sqlalchemy import select, update

from storage.db import create_engine, create_session_factory
from storage.models import Case, Deadline, OutboxMessage, Person, PlanItem, ReminderMark
from tests.conftest import AUDIT_KEY, make_settings, write_config
from tests.fake_telegram import FakeTelegram
from tests.scenario import choose_english, enrol, file_report, has
from tests.test_webhook import _free_port

ROOT = Path(__file__).resolve().parents[1]
SECRET = "instances-webhook-secret-0123"
REPORTERS = 6
RECEIVED = re.compile(r"Case(?: number)?: ([0-9A-Z]{4}-[0-9A-Z]{4})")  # the receipt screen and the alerts


def _config(path: Path, fake: FakeTelegram, db_url: str, redis: dict[str, str], port: int) -> Path:
    webhook = {"mode": "webhook", "webhook_url": "https://adal.example.org/tg/hook", "webhook_secret": SECRET,
               "listen_port": port}
    return write_config(path, fake.base_url, fake.token, db_url, telegram=webhook, redis=redis,
                        outbox={"claim_seconds": 2}, reminders={"tick_seconds": 5})


class Instance:
    def __init__(self, name: str, config: Path, port: int, log: Path) -> None:
        self.name, self.config, self.port, self.log = name, config, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # Output to a file: a pipe nobody reads would fill up and stall the process.
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "bot", "run", "-c", str(self.config)],
                                            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)

    @property
    def hook(self) -> str:
        return f"http://127.0.0.1:{self.port}/tg/hook"

    async def health(self, http: aiohttp.ClientSession) -> dict[str, Any] | None:
        try:
            async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                return await response.json() if response.status == 200 else None
        except aiohttp.ClientError:
            return None

    async def stop(self, signum: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signum)
        return await asyncio.to_thread(self.process.wait, 30)


class Balancer:
    """Each new update goes to one instance in turn; every third goes to both at once. A failed
    delivery is retried at the other instance, as Telegram retries a webhook."""

    def __init__(self, fake: FakeTelegram, instances: list[Instance]) -> None:
        self.fake, self.instances = fake, instances
        self.posts = 0
        self.duplicated: list[int] = []
        self._next = 0
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        async with aiohttp.ClientSession() as http:
            try:
                while True:
                    while self._next < len(self.fake.updates):
                        n, update = self._next, self.fake.updates[self._next]
                        self._next += 1
                        first = n % 2
                        targets = [first, 1 - first] if n % 3 == 0 else [first]
                        if len(targets) == 2:
                            self.duplicated.append(update["update_id"])
                        for target in targets:
                            task = asyncio.create_task(self._deliver(http, update, target))
                            self._tasks.add(task)
                            task.add_done_callback(self._tasks.discard)
                    await asyncio.sleep(0.01)
            finally:
                for task in list(self._tasks):
                    task.cancel()

    async def _deliver(self, http: aiohttp.ClientSession, update: dict[str, Any], first: int) -> None:
        for attempt in range(200):
            instance = self.instances[(first + attempt) % 2]
            try:
                async with http.post(instance.hook, json=update,
                                     headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
                    if response.status == 200:
                        self.posts += 1
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
        raise AssertionError(f"update {update['update_id']} was never accepted")


def _alerts(fake: FakeTelegram, officer_id: int) -> list[str]:
    return [m for msg in fake.sent_to(officer_id) if "New report" in msg.get("text", "")
            for m in RECEIVED.findall(msg["text"])]


async def _make_overdue(db_url: str) -> tuple[int, PlanItem]:
    """One plan deadline becomes ten days overdue: its reminder is due now, with an escalation."""
    engine = create_engine(db_url)
    try:
        async with create_session_factory(engine, audit_key=AUDIT_KEY)() as db:
            deadline = await db.scalar(select(Deadline).join(PlanItem, PlanItem.id == Deadline.plan_item_id)
                                       .where(Deadline.kind == "plan", Deadline.status == "open",
                                              PlanItem.state == "active").order_by(Deadline.id).limit(1))
            now = datetime.now(UTC)
            today = now.astimezone(ZoneInfo("Asia/Almaty")).date()
            await db.execute(update(Deadline).where(Deadline.id == deadline.id).values(
                due_date=today - timedelta(days=10), created_at=now - timedelta(days=400),
                next_remind_at=now - timedelta(minutes=1)))
            item = await db.get(PlanItem, deadline.plan_item_id)
            await db.commit()
            return deadline.id, item
    finally:
        await engine.dispose()


async def test_two_instances_share_postgres_and_redis(fake_tg: FakeTelegram, tmp_path: Path, postgres_url: str,
                                                     redis_config: dict[str, str]) -> None:
    settings = make_settings(fake_tg.base_url, fake_tg.token, postgres_url)
    ports = [_free_port(), _free_port()]
    instances = [Instance(name, _config(tmp_path / f"{name}.toml", fake_tg, postgres_url, redis_config, port),
                          port, tmp_path / f"{name}.log") for name, port in zip("ab", ports)]
    officers = [fake_tg.new_user(f"Officer {n}") for n in range(2)]
    board = fake_tg.new_user("Board member")
    reporters = [fake_tg.new_user(f"Reporter {n}") for n in range(REPORTERS)]
    balancer = Balancer(fake_tg, instances)
    balancing = asyncio.create_task(balancer.run())
    http = aiohttp.ClientSession()
    try:
        for instance in instances:  # both at once: migrations and the first start race on purpose
            instance.start()
        for instance in instances:
            await _wait_healthy(instance, http)

        for person in officers:
            await enrol(fake_tg, settings, person)
        await enrol(fake_tg, settings, board, role="board")

        async def report(n: int) -> str:
            await choose_english(fake_tg, reporters[n])
            public_id, _ = await file_report(fake_tg, reporters[n], f"report number {n} from the burst")
            return public_id

        public_ids = await asyncio.gather(*(report(n) for n in range(REPORTERS)))
        for officer in officers:
            await fake_tg.wait_until(lambda o=officer: len(_alerts(fake_tg, o.id)) >= REPORTERS, timeout=60)
        await _wait_outbox_empty(postgres_url)

        # Every report stored once, every reporter told once, every alert sent once.
        assert len(set(public_ids)) == REPORTERS
        for reporter in reporters:
            assert len([m for m in fake_tg.sent_to(reporter.id) if "has been received" in m.get("text", "")]) == 1
        for officer in officers:
            assert sorted(_alerts(fake_tg, officer.id)) == sorted(public_ids)
        assert balancer.duplicated, "the balancer should have sent some update ids twice"

        # Each officer's key was unlocked at enrolment in the memory of one instance only; pressing
        # "Open case" reaches whichever instance the balancer picks, which passes it to that one.
        for officer in officers:
            alert = next(m for m in fake_tg.sent_to(officer.id) if "New report" in m.get("text", ""))
            mark = len(fake_tg.bot_sent)
            officer.press_button(alert, "Open case")
            await fake_tg.wait_for_message(officer.id, has("report number"), after=mark, timeout=60)
        # Redis never held a draft, a session or a per-person counter: only the live instances.
        from redis.asyncio import Redis

        client = Redis.from_url(redis_config["url"])
        names = sorted([n.decode() async for n in client.scan_iter(f"{redis_config['prefix']}:*")])
        await client.aclose()
        assert names and all(n.startswith(f"{redis_config['prefix']}:instance:") for n in names), names

        # The instance that leads (sender and ticks) dies without warning; the other takes over.
        leaders = [i for i in instances if (await i.health(http) or {}).get("leader")]
        assert len(leaders) == 1
        assert await leaders[0].stop(signal.SIGKILL) == -signal.SIGKILL
        survivor = next(i for i in instances if i is not leaders[0])
        deadline_id, item = await _make_overdue(postgres_url)
        await fake_tg.wait_until(lambda: _reminded(fake_tg, item, [*officers, board]), timeout=60)
        await _wait_outbox_empty(postgres_url)
        assert (await survivor.health(http) or {}).get("leader") is True
        assert await survivor.stop() == 0
    finally:
        balancing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await balancing
        await http.close()
        for instance in instances:
            if instance.process is not None and instance.process.poll() is None:
                instance.process.kill()

    engine = create_engine(postgres_url)
    try:
        async with create_session_factory(engine, audit_key=AUDIT_KEY)() as db:
            assert sorted(await db.scalars(select(Case.public_id))) == sorted(public_ids)
            people = {p.telegram_user_id: p for p in await db.scalars(select(Person))}
            marks = list(await db.scalars(select(ReminderMark).where(ReminderMark.deadline_id == deadline_id)))
            sent = list(await db.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_not(None))))
    finally:
        await engine.dispose()
    # The overdue item reached each officer once, and the Board once as an escalation.
    assert sorted((m.recipient_id, m.slot.split(":")[0]) for m in marks) == sorted(
        [(people[o.id].id, "overdue") for o in officers] + [(people[board.id].id, "escalation")])
    for person in [*officers, board]:
        assert _mentions(fake_tg, person, item) == 1
    # And the general rule: every outbox row that went out reached its chat exactly once.
    for row in (r for r in sent if r.chat_id is not None):  # (no reporter opted in to notices here)
        copies = [m for m in fake_tg.sent_to(row.chat_id) if m.get("raw_text") == row.text]
        assert len(copies) == 1, (row.dedup_key, len(copies))


async def _wait_healthy(instance: Instance, http: aiohttp.ClientSession) -> None:
    for _ in range(600):
        if await instance.health(http) is not None:
            return
        assert instance.process is not None and instance.process.poll() is None, instance.log.read_text()
        await asyncio.sleep(0.1)
    raise AssertionError(f"{instance.name} never became healthy: {instance.log.read_text()}")


async def _wait_outbox_empty(db_url: str) -> None:
    from bot.services.outbox import backlog

    engine = create_engine(db_url)
    try:
        for _ in range(600):
            async with create_session_factory(engine, audit_key=AUDIT_KEY)() as db:
                if (await backlog(db, datetime.now(UTC)))[0] == 0:
                    return
            await asyncio.sleep(0.1)
        raise AssertionError("the outbox never drained")
    finally:
        await engine.dispose()


def _title_variants(item: PlanItem) -> list[str]:
    return [title for title in json.loads(item.title).values()]


def _mentions(fake: FakeTelegram, user, item: PlanItem) -> int:  # type: ignore[no-untyped-def]
    titles = _title_variants(item)
    return len([m for m in fake.sent_to(user.id) if any(t in m.get("text", "") for t in titles)])


def _reminded(fake: FakeTelegram, item: PlanItem, people) -> bool:  # type: ignore[no-untyped-def]
    return all(_mentions(fake, person, item) >= 1 for person in people)
