"""Callback data and inline keyboards. Every label is a translation key."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.config import LOCALES
from bot.services.reports import CATEGORIES, ROUTES

DELETE_MESSAGE = "msg:delete"
WIPE_REPORT = "msg:wipe-report"


class LanguageCb(CallbackData, prefix="lang"):
    code: str


class ReportCb(CallbackData, prefix="rep"):
    action: str
    value: str = ""


class FollowUpCb(CallbackData, prefix="fu"):
    action: str  # "write" | "send" | "done" | "notify-on" | "notify-off" | "withdraw" | "withdraw-yes" | "withdraw-no"


class FileCb(CallbackData, prefix="att"):
    action: str  # "keep-name" | "as-is" | "leave-out"
    index: int = 0


class CaseCb(CallbackData, prefix="case"):
    action: str
    public_id: str


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def button(text: str, data: CallbackData | str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data if isinstance(data, str) else data.pack())


def languages() -> InlineKeyboardMarkup:
    names = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
    return InlineKeyboardMarkup(inline_keyboard=[[button(names[code], LanguageCb(code=code)) for code in LOCALES]])


def main_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [button(i18n.get("menu-report"), ReportCb(action="start"))],
            [button(i18n.get("menu-language"), ReportCb(action="language"))],
        ]
    )


def categories(i18n: I18nContext, board_only: bool | None = None, *, other_org: bool = False) -> InlineKeyboardMarkup:
    """The categories; with both routes open, a first-step switch sends the report to the Board
    only (None: no switch, there is one route or the route is being edited on its own).
    `other_org`: the deployment serves several organizations; the reporter may go back and pick another."""
    buttons = [button(i18n.get(f"category-{c}"), ReportCb(action="cat", value=c)) for c in CATEGORIES]
    rows = _rows(buttons, 2)
    if board_only is not None:
        rows.append([button(i18n.get("button-board-only-on" if board_only else "button-board-only-off"),
                            ReportCb(action="board-only"))])
    if other_org:
        rows.append([button(i18n.get("button-other-org"), ReportCb(action="other-org"))])
    return InlineKeyboardMarkup(inline_keyboard=rows + [[cancel_button(i18n)]])


def routes(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[button(i18n.get(f"route-choice-{r}"), ReportCb(action="route", value=r))] for r in ROUTES]
        + [[cancel_button(i18n)]]
    )


def cancel_button(i18n: I18nContext) -> InlineKeyboardButton:
    # Asks first (discard_or_keep): a draft may hold an hour's careful writing.
    return button(i18n.get("button-cancel"), ReportCb(action="cancel-ask"))


def single(i18n: I18nContext, key: str, action: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[button(i18n.get(key), ReportCb(action=action))], [cancel_button(i18n)]])


def review(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [button(i18n.get("button-submit"), ReportCb(action="submit"))],
            [button(i18n.get("button-add-details"), ReportCb(action="add-details")),
             button(i18n.get("button-add-files"), ReportCb(action="add-files"))],
            [button(i18n.get("button-edit"), ReportCb(action="edit")), cancel_button(i18n)],
        ]
    )


EDITABLE_PARTS = ("category", "route", "text", "details", "files")


def edit_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    buttons = [button(i18n.get(f"edit-{part}"), ReportCb(action="edit-part", value=part)) for part in EDITABLE_PARTS]
    return InlineKeyboardMarkup(
        inline_keyboard=_rows(buttons, 2) + [[button(i18n.get("button-back"), ReportCb(action="review"))]]
    )


def send_follow_up(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[button(i18n.get("button-submit"), FollowUpCb(action="send"))],
                                                 [button(i18n.get("button-cancel"), FollowUpCb(action="done"))]])


def keep_or_clear(i18n: I18nContext) -> InlineKeyboardMarkup:
    """Editing a detail already answered: keep it, or clear it (typing replaces it)."""
    return InlineKeyboardMarkup(inline_keyboard=[[button(i18n.get("button-keep-answer"), ReportCb(action="keep")),
                                                  button(i18n.get("button-clear-answer"), ReportCb(action="skip"))],
                                                 [cancel_button(i18n)]])


def add_or_replace(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[button(i18n.get("button-text-add"), ReportCb(action="text-add")),
                                                  button(i18n.get("button-text-replace"), ReportCb(action="text-replace"))],
                                                 [button(i18n.get("button-back"), ReportCb(action="review"))]])


def resume_or_discard(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [button(i18n.get("button-continue-draft"), ReportCb(action="resume"))],
            [button(i18n.get("button-discard-draft"), ReportCb(action="cancel"))],
        ]
    )


def receipt_actions(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [button(i18n.get("button-delete-saved"), DELETE_MESSAGE)],
        [button(i18n.get("button-wipe-report"), WIPE_REPORT)],
    ])


def delete_this(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[button(i18n.get("button-delete-saved"), DELETE_MESSAGE)]])
