"""Every message exists in kk, ru and en with the same placeholders, and every key the code uses exists."""

from __future__ import annotations

import ast as pyast
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.config import LOCALES
from bot.i18n import LOCALES_DIR, create_core, load_core_sync
from bot.menus import OVERSEER_COMMANDS, REPORTER_COMMANDS, STAFF_COMMANDS
from bot.services import audit, case_actions, cases, errors, oversight, plan, scrub
from bot.services.people import KEY_HOLDING_ROLES, ROLES
from bot.services.reports import CATEGORIES, ROUTES
from handlers.keyboards import EDITABLE_PARTS
from handlers.report import DETAIL_STEPS

ROOT = Path(__file__).resolve().parents[1]
# Codes of plan-import problems (ImportProblem.code), each a "plan-problem-<code>" message.
PROBLEM_CODES = ("required", "unknown-column", "too-long", "code", "duplicate", "number", "rule", "no-items",
                 "too-many", "file-type", "unreadable", "toml-items", "file-size")


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:  # noqa: N802 - visitor API
        self.names.add(node.id.name)


def _messages(locale: str) -> dict[str, set[str]]:
    resource = FluentParser().parse("\n".join(p.read_text(encoding="utf-8") for p in sorted((LOCALES_DIR / locale).glob("*.ftl"))))
    junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
    assert not junk, f"{locale}: unparsable Fluent: {junk[0].content[:200]}"
    result = {}
    for entry in resource.body:
        if isinstance(entry, ast.Message):
            names = _Variables()
            names.visit(entry)
            result[entry.id.name] = names.names
    return result


MESSAGES = {locale: _messages(locale) for locale in LOCALES}


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "en"])
def test_same_keys_in_every_locale(locale: str) -> None:
    assert set(MESSAGES[locale]) == set(MESSAGES["en"]), (
        f"missing in {locale}: {sorted(set(MESSAGES['en']) - set(MESSAGES[locale]))}; "
        f"extra in {locale}: {sorted(set(MESSAGES[locale]) - set(MESSAGES['en']))}"
    )


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "en"])
def test_same_placeholders_in_every_locale(locale: str) -> None:
    for key, names in MESSAGES["en"].items():
        assert MESSAGES[locale].get(key) == names, f"{locale}:{key} placeholders differ from en"


# Calls whose leading string arguments are message keys: i18n.get(key), translate(locale, key),
# keyboards.single(i18n, key, action).
KEY_CALLS = {"get": 1, "translate": 2, "single": 2, "act": 1}


def _literal_keys(tree: pyast.AST) -> set[str]:
    keys: set[str] = set()
    for node in pyast.walk(tree):
        if not isinstance(node, pyast.Call):
            continue
        name = node.func.attr if isinstance(node.func, pyast.Attribute) else getattr(node.func, "id", "")
        if name not in KEY_CALLS:
            continue
        for argument in node.args[: KEY_CALLS[name]]:
            for constant in pyast.walk(argument):  # reaches both sides of `a if cond else b`
                if isinstance(constant, pyast.Constant) and isinstance(constant.value, str) and KEY_SHAPE.match(constant.value):
                    keys.add(constant.value)
    return keys


KEY_SHAPE = re.compile(r"^[a-z]+(?:-[a-z0-9_]+)+$")


def _keys_used_by_code() -> set[str]:
    keys: set[str] = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py")]:
        keys.update(_literal_keys(pyast.parse(path.read_text(encoding="utf-8"))))
    for module in (errors, case_actions):
        keys.update(cls.key for cls in vars(module).values() if isinstance(cls, type) and issubclass(cls, errors.ServiceError))
    # Keys built from data (f-strings in the code) — every value they can take:
    keys.update(f"category-{c}" for c in CATEGORIES)
    keys.update(f"{prefix}-{r}" for r in ROUTES for prefix in ("route", "route-choice", "route-closed"))
    keys.update(f"{prefix}-{role}" for role in ROLES for prefix in ("help", "role"))
    keys.update(f"enrol-welcome-{role}" for role in KEY_HOLDING_ROLES)  # an overseer enrols without a passphrase
    keys.update(f"cmd-{name}" for name in {*REPORTER_COMMANDS, *STAFF_COMMANDS, *OVERSEER_COMMANDS})
    keys.update(f"oversight-{code}" for code in oversight.REPORT_CODES)
    keys.update(f"oversight-state-{state}" for state in ("submitted", "submitted-late", "overdue", "not-due", "na"))
    keys.update(f"edit-{part}" for part in EDITABLE_PARTS)
    keys.update(f"report-{name}-prompt" for name, _ in DETAIL_STEPS)
    keys.update(f"status-{status}" for status in case_actions.STATUSES)
    keys.update(f"audit-action-{action}" for action in audit.ACTIONS)
    keys.update(f"alert-{kind}" for kind in ("new-case", "escalated", "granted", "reporter-message"))
    keys.update(f"timeline-{kind}" for kind in ("acknowledged", "reply", "message", "note", "escalated"))
    keys.update(f"case-{action}-prompt" for action in ("reply", "note"))
    keys.update(f"cases-filter-{name}" for name in cases.FILTERS)
    keys.update(f"check-button-notify-{state}" for state in ("on", "off"))
    keys.update(f"reminder-{kind}" for kind in ("case-ack", "case-feedback"))
    keys.update(f"plan-status-{status}" for status in ("open", "done", "na"))
    keys.update(f"plan-button-event-{event}" for event in plan.EVENTS)
    keys.update(f"plan-event-recorded-{event}" for event in plan.EVENTS)
    keys.update(f"plan-problem-{code}" for code in PROBLEM_CODES)
    keys.update(f"scrub-{code}" for code in scrub.REMOVALS)
    keys.update(f"scrub-format-{code}" for code in scrub.UNCLEANABLE)
    keys.add("plan-not-found")
    return keys


def test_every_key_used_in_code_exists() -> None:
    used = _keys_used_by_code()
    assert len(used) > 100
    missing = sorted(used - set(MESSAGES["en"]))
    assert not missing, f"keys used in code but absent from the locales: {missing}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_renders(locale: str) -> None:
    core = load_core_sync(create_core("kk"))
    for key, names in MESSAGES[locale].items():
        text = core.get(key, locale, **{name: 2 for name in names})
        assert text.strip(), f"{locale}:{key} renders empty"


def test_command_descriptions_fit_telegram_limits() -> None:
    core = load_core_sync(create_core("kk"))
    for locale in LOCALES:
        for name in {*REPORTER_COMMANDS, *STAFF_COMMANDS}:
            assert 1 <= len(core.get(f"cmd-{name}", locale)) <= 256
