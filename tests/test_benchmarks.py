"""CI runs the bot-level benchmarks only as a smoke run at tiny sizes, to keep them working; the
figures in the README come from full runs (see each script's docstring)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SMOKE = [
    (["bench_throughput.py", "--reports", "2", "--concurrency", "1", "--cost", "minimal"], "ratio to echo"),
    (["bench_fanout.py", "--chats", "4", "--per-chat", "2"], "every message delivered exactly once"),
    (["bench_loop.py", "--probes", "10", "--unlockers", "2", "--cost", "minimal"], "p99 under unlocks"),
    (["bench_memory.py", "--cases", "5"], "cases, after /cases"),
    (["bench_flood.py", "--reports", "4", "--files", "2", "--file-kib", "8", "--cost", "minimal",
      "--reports-per-hour", "3"], "refused: reports per hour 1, stored 3\nstored in the database: 3 of 3 confirmed"),
    (["bench_orgs.py", "--sizes", "2,6", "--cases", "20", "--repeat", "3"], "**ratio 6/2**"),
]


@pytest.mark.parametrize(("args", "expected"), SMOKE, ids=[args[0] for args, _ in SMOKE])
def test_benchmark_smoke_run(args: list[str], expected: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / args[0]), *args[1:]], cwd=ROOT,
                            capture_output=True, text=True, timeout=170)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert expected in result.stdout
