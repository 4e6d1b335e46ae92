"""The sender's global rate: at most `per_second` requests in any second, as Telegram counts them.

Two rules, both needed:
- starts are spaced evenly, 1/per_second apart (no bursts);
- a request arrives at Telegram at the latest when its answer arrives back, so before a new
  request the one `per_second` back must have been *answered* a full second ago. Spacing starts
  alone let the 31st request land within the same second as the 1st whenever the 1st was slowed
  in flight (the fan-out benchmark drew a 429 that way).

Plain arithmetic on times the caller passes in (the event loop's clock), so tests need no sleeps.
"""

from __future__ import annotations

import math
from collections import deque


class Pacer:
    def __init__(self, per_second: float) -> None:
        self._gap = 1.0 / per_second
        self._last_start: float | None = None
        self._answered: deque[float] = deque(maxlen=max(1, math.floor(per_second)))

    def delay(self, now: float) -> float:
        """Seconds to wait before the next request may start."""
        wait = 0.0 if self._last_start is None else self._last_start + self._gap - now
        if len(self._answered) == self._answered.maxlen:
            wait = max(wait, self._answered[0] + 1.0 - now)
        return max(0.0, wait)

    def started(self, now: float) -> None:
        self._last_start = now

    def answered(self, now: float) -> None:
        """The request's answer came back (success or error: either way Telegram counted it)."""
        self._answered.append(now)
