"""Plan texts are stored as {locale: text} JSON: the built-in plan in kk, ru and en; an imported
plan in whatever languages the organization gives."""

from __future__ import annotations

import json


def text_in(stored: str, locale: str) -> str:
    """The text in the wanted language, else English, else any language it exists in."""
    texts = json.loads(stored)
    return texts.get(locale) or texts.get("en") or next(iter(texts.values()), "")


def plan_label(number: int | None, title: str, locale: str) -> str:
    """How a measure is named to people: its number in the order's plan, if it has one, and its
    title ("№5 Anti-corruption monitoring"; an organization's own measure has no number)."""
    return (f"№{number} " if number else "") + text_in(title, locale)
