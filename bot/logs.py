"""Logging that never carries identifiers or content.

Code never logs update content or Telegram ids in the first place; this module adds a second
line of defence: every run of six or more digits (a Telegram id, wherever it stands: "id=…",
"user123456789", "photo_123456789.jpg") is masked in every formatted line, tracebacks included,
and chatty library loggers are raised above DEBUG.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

_LONG_NUMBER = re.compile(r"\d{6,}")
QUIET_LOGGERS = {
    "aiogram.event": logging.WARNING,  # "Update id=... is handled": noise, and not ours to keep
    "aiogram.dispatcher": logging.INFO,
    "aiohttp.access": logging.WARNING,
    "sqlalchemy": logging.WARNING,
    "aiosqlite": logging.WARNING,  # its DEBUG lines print every SQL statement with its parameters
    "alembic": logging.WARNING,
    "apscheduler": logging.WARNING,
    "pikepdf": logging.WARNING,  # announces its C++ logger bridge at import
}


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return _LONG_NUMBER.sub("<n>", super().format(record))


def setup_logging(level: str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if isinstance(existing.formatter, RedactingFormatter):
            root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    for name, minimum in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(minimum)
    return handler
