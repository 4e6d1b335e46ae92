"""A built wheel carries everything the bot needs at run time: the code, the locales, the
built-in plan and the migrations. The wheel is built from this tree and unpacked outside it;
the bot then runs from there (its dependencies come from the test environment)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_runs_on_its_own(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: building leaves build/ and *.egg-info behind
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".ci-venv", "data", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                            "--quiet", "-w", str(tmp_path / "dist")], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = list((tmp_path / "dist").glob("adal-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("locales/kk/adal.ftl", "locales/ru/adal.ftl", "locales/en/adal.ftl", "bot/plan/order178.toml",
                   "storage/migrations/env.py", "storage/migrations/script.py.mako",
                   "storage/migrations/versions/0001_initial_schema.py"):
        assert needed in names, needed
    assert not any(name.startswith("tests/") for name in names)
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    # pip compiles what it installs: locales/ then holds a __pycache__ folder beside the languages
    # (a fresh-Debian deploy drill found the bot refusing to start because of it).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(unpacked)], check=True, timeout=120)
    assert (unpacked / "locales" / "__pycache__").is_dir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")} | {"PYTHONPATH": str(unpacked)}

    def bot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", *args], cwd=elsewhere, env=env, capture_output=True,
                              text=True, timeout=120)

    assert "run the bot" in bot("--help").stdout
    config = elsewhere / "config.toml"
    config.write_text(f'[telegram]\ntoken = "1:x"\n[storage]\nurl = "sqlite+aiosqlite:///{elsewhere / "adal.db"}"\n'
                      '[security]\nsecret_key = "Tq3-vX9pL2mZ8rW4kN7bY1cF6hJ0sD5gE8aU"\n', encoding="utf-8")
    migrated = bot("migrate", "-c", str(config))
    assert migrated.returncode == 0 and "up to date" in migrated.stdout, migrated.stderr[-2000:]
    probe = subprocess.run([sys.executable, "-c", (
        "import bot, locales; from bot.i18n import create_core, load_core_sync; "
        "core = load_core_sync(create_core('kk')); print(bot.__file__); print(core.get('cmd-report', 'kk'))")],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr[-2000:]
    location, text = probe.stdout.splitlines()
    assert location.startswith(str(unpacked)) and text == "Анонимді хабарлама жіберу"
