"""What stops the bot before it can serve, said in one line with what to do, and a distinct exit
code, so that a supervisor restarts it only when a restart can help (deploy/adal.service:
RestartPreventExitStatus lists the codes that a restart cannot fix)."""

from __future__ import annotations

import asyncio
import getpass
import os
from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramNotFound, TelegramServerError, TelegramUnauthorizedError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

EXIT_CONFIG = 2  # the config is wrong: fix it (never restarted)
EXIT_TOKEN = 3  # Telegram refused the token (never restarted)
EXIT_DATABASE = 4  # the database cannot be reached or used (restarted: it may come back)
EXIT_BOT_API = 5  # the Bot API cannot be reached (restarted: the network may come back)
EXIT_DATA_FOLDER = 6  # the data folder cannot be written (never restarted)
NOT_RESTARTED = (EXIT_CONFIG, EXIT_TOKEN, EXIT_DATA_FOLDER)


class StartupError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def check_data_folder(url: str) -> None:
    """SQLite: the folder of the database file must exist (or be creatable) and be writable."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database or parsed.database == ":memory:":
        return
    database = Path(parsed.database)
    folder = database.parent.resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    writable = folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    if writable and database.exists():
        writable = os.access(database, os.R_OK | os.W_OK)
    if not writable:
        raise StartupError(EXIT_DATA_FOLDER, (
            f"the data folder {folder} is not writable by the user {getpass.getuser()}: create it and give it to "
            f"that user, for example: sudo install -d -o {getpass.getuser()} -m 700 {folder}"))


def database_failure(url: str, error: BaseException) -> StartupError:
    """One line for a database that cannot be reached or used (no SQL, no parameters)."""
    cause = getattr(error, "orig", None) or error.__cause__ or error
    reason = (str(cause).strip().splitlines() or [""])[0][:200]
    kind = type(cause).__name__
    return StartupError(EXIT_DATABASE, (
        f"cannot use the database {safe_url(url)} ({kind}: {reason}): is the server running, does the database "
        "exist, and is [storage] url (or ADAL__STORAGE__URL) right?"))


DATABASE_ERRORS = (SQLAlchemyError, OSError)


async def check_telegram(bot: Bot, api_base: str, timeout: float = 30) -> str:
    """Ask the Bot API who the bot is; returns its username."""
    try:
        me = await asyncio.wait_for(bot.get_me(), timeout=timeout)
    except (TelegramUnauthorizedError, TelegramNotFound):
        raise StartupError(EXIT_TOKEN, (
            "Telegram refused the bot token (401 Unauthorized): copy it again from @BotFather into [telegram] token "
            "or ADAL__TELEGRAM__TOKEN")) from None
    except (TelegramNetworkError, TelegramServerError, asyncio.TimeoutError, OSError) as error:
        raise StartupError(EXIT_BOT_API, (
            f"cannot reach the Bot API at {api_base} ({type(error).__name__}): check the network, a firewall or "
            "proxy, and [telegram] api_base")) from None
    return me.username or ""
