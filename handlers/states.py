"""FSM states. Drafts live in FSM data, in memory: a restart forgets them (by design)."""

from aiogram.fsm.state import State, StatesGroup


class ReportForm(StatesGroup):
    offered = State()  # a first message that was not a command: start a report with it?
    organization = State()  # which organization (several take reports here): by name or button
    category = State()
    route = State()
    text = State()
    when = State()
    where = State()
    who = State()
    files = State()
    review = State()
    submitting = State()


class EnrolForm(StatesGroup):
    passphrase = State()


class UnlockForm(StatesGroup):
    passphrase = State()


class RecoverForm(StatesGroup):
    recovery_key = State()
    new_passphrase = State()


class CaseForm(StatesGroup):
    reply = State()
    note = State()
    closing_comment = State()
    preview = State()  # a reply or closing comment shown back, waiting for Send / Edit / Cancel


class CheckForm(StatesGroup):
    """A reporter following up. The case id lives only in this in-memory state, never on disk."""

    receipt = State()
    viewing = State()
    message = State()


class PlanForm(StatesGroup):
    done = State()
    snooze = State()
