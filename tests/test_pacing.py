"""The sender's global pacing, on simulated time against the fake server's flood rules."""

from __future__ import annotations

import random

import pytest

from bot.pacing import Pacer
from tests.fake_telegram import ApiError, FloodLimits


def simulate(pacer: Pacer, latencies: list[float]) -> tuple[int, float]:
    """Send one request per latency, one after another, each to its own chat. A request reaches
    the server `latency` after it starts and its answer comes back as it arrives (the rest of
    the round trip is in the next latency). Returns (429s, seconds taken)."""
    arrival = [0.0]
    limits = FloodLimits(per_second=30, now=lambda: arrival[0])
    now, refused = 0.0, 0
    for chat, latency in enumerate(latencies, start=1):
        now += pacer.delay(now)
        pacer.started(now)
        arrival[0] = now + latency
        try:
            limits.check(chat)
        except ApiError:
            refused += 1
        now = arrival[0]
        pacer.answered(now)
    return refused, now


def test_a_request_slowed_in_flight_does_not_let_the_31st_into_the_same_second() -> None:
    pacer = Pacer(30)
    # The 1st request takes 50 ms to arrive, the rest arrive at once: with starts spaced 1/30 s
    # apart, the 31st would start 1.0 s after the 1st and arrive 0.95 s after it.
    refused, _ = simulate(pacer, [0.05] + [0.0] * 30)
    assert refused == 0


def test_thirty_a_second_is_kept_and_nearly_reached_with_jittery_latencies() -> None:
    rng = random.Random(178)
    latencies = [rng.choice([0.002, 0.004, 0.006, 0.030]) for _ in range(3000)]
    refused, seconds = simulate(Pacer(30), latencies)
    assert refused == 0
    assert len(latencies) / seconds == pytest.approx(30, rel=0.05)


def test_starts_are_spaced_evenly() -> None:
    pacer = Pacer(30)
    assert pacer.delay(10.0) == 0
    pacer.started(10.0)
    assert pacer.delay(10.0) == pytest.approx(1 / 30)
    assert pacer.delay(10.5) == 0


def test_a_slow_answer_holds_the_window_open() -> None:
    pacer = Pacer(2)
    pacer.started(0.0)
    pacer.answered(0.4)  # slow: counted from its answer
    pacer.started(0.5)
    pacer.answered(0.5)
    assert pacer.delay(0.6) == pytest.approx(0.8)  # the first was answered at 0.4: wait until 1.4
