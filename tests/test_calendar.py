"""Calendar rules: quarterly and annual due dates, weekends, public holidays, New Year, UTC+5."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.calendar import WorkCalendar, annual_report_due, quarter_report_due
from bot.services.reminders import ReminderPolicy, due_and_next, slots

ALMATY = ZoneInfo("Asia/Almaty")
POLICY = ReminderPolicy(calendar=WorkCalendar(ALMATY, time(9, 0)))


def _local_days(due: date, count: int) -> list[tuple[str, date]]:
    result = []
    for slot in slots(due, POLICY):
        result.append((slot.name, slot.moment.astimezone(ALMATY).date()))
        if len(result) == count:
            return result
    return result


@pytest.mark.parametrize(("quarter", "due"), [(1, date(2026, 4, 1)), (2, date(2026, 7, 1)), (3, date(2026, 10, 1)),
                                              (4, date(2027, 1, 1))])
def test_quarterly_report_is_due_on_the_first_of_the_next_month(quarter: int, due: date) -> None:
    assert quarter_report_due(2026, quarter) == due


def test_quarterly_reminders_skip_weekends_and_nowruz() -> None:
    # Q1 2026 is due Wednesday 1 April. Seven days before is 25 March; 23-25 March are Nowruz
    # (with observed days) and 21-22 a weekend, so that reminder goes out on Friday 20 March.
    # Three days before is Sunday 29 March: Friday 27 March.
    assert dict(_local_days(date(2026, 4, 1), 5)) == {
        "lead:14": date(2026, 3, 18), "lead:7": date(2026, 3, 20), "lead:3": date(2026, 3, 27),
        "lead:1": date(2026, 3, 31), "lead:0": date(2026, 4, 1),
    }


def test_annual_report_on_a_saturday_is_reminded_on_friday_once() -> None:
    due = annual_report_due(2026)
    assert due == date(2026, 12, 5) and due.weekday() == 5
    calendar = POLICY.calendar
    assert not calendar.is_working_day(due)
    days = _local_days(due, 6)
    assert days[:4] == [("lead:14", date(2026, 11, 20)), ("lead:7", date(2026, 11, 27)), ("lead:3", date(2026, 12, 2)),
                        ("lead:1", date(2026, 12, 4))]
    # lead:0 also falls on Friday the 4th: it is not sent twice. The term legally ends on Monday
    # the 7th (a day off moves it to the next working day): "due today" then, overdue from the 8th.
    assert days[4] == ("legal", date(2026, 12, 7))
    assert days[5] == ("overdue:1", date(2026, 12, 8))


def test_three_days_after_approval_across_a_public_holiday() -> None:
    approved = date(2026, 12, 14)  # Monday; 16 December is Independence Day
    due = approved + timedelta(days=3)
    assert due == date(2026, 12, 17)
    days = dict(_local_days(due, 5))
    assert days["lead:1"] == date(2026, 12, 15)  # the 16th is a holiday: the day before
    assert days["lead:0"] == date(2026, 12, 17)
    assert POLICY.calendar.holiday_name(date(2026, 12, 16))


def test_new_year_deadline() -> None:
    due = quarter_report_due(2026, 4)  # 1 January 2027, a holiday; 2-4 January are off too
    assert POLICY.calendar.legal_due(due) == date(2027, 1, 5)
    days = _local_days(due, 7)
    assert days[3] == ("lead:1", date(2026, 12, 31))  # lead:0 merges into it
    # Tuesday 5 January, the first working day, is the legal deadline: nothing is overdue yet,
    # and the Board hears of it only three days after it (escalate_after_days counts from there).
    assert days[4] == ("legal", date(2027, 1, 5))
    # 7 January is Orthodox Christmas, a day off: no reminder that day.
    assert days[5:] == [("overdue:1", date(2027, 1, 6)), ("overdue:3", date(2027, 1, 8))]
    assert next(s for s in slots(due, POLICY) if s.overdue_days >= POLICY.escalate_after_days).moment.astimezone(
        ALMATY).date() == date(2027, 1, 8)


def test_reminder_lines_show_both_dates_and_count_at_delivery() -> None:
    from bot.services.reminders import Slot, _Due, _line

    translate = {
        "reminder-due-legally": "{due}, legally {legal}", "reminder-left": "{days} days left",
        "reminder-overdue": "overdue by {days} days",
    }

    def t(locale: str, key: str, **kwargs: object) -> str:
        return translate[key].format(**kwargs)

    class Deadline:
        due_date = date(2027, 1, 1)

    item = _Due(Deadline(), Slot("lead:1", datetime(2026, 12, 31, 4, tzinfo=UTC)), lambda locale, due: f"Plan: due {due}")
    line = _line(item, "en", POLICY, t, now=datetime(2026, 12, 31, 4, tzinfo=UTC))
    assert line == "• Plan: due 01.01.2027, legally 05.01.2027 — 1 days left"
    assert _line(item, "en", POLICY, t, now=datetime(2027, 1, 5, 4, tzinfo=UTC)).endswith("— 0 days left")
    assert _line(item, "en", POLICY, t, now=datetime(2027, 1, 8, 4, tzinfo=UTC)).endswith("overdue by 3 days")

    class Later:
        due_date = date(2026, 2, 3)  # a Tuesday

    # A catch-up digest delivered on 19 January for the slot of 15 January counts from the 19th.
    caught_up = _Due(Later(), Slot("lead:14", datetime(2026, 1, 15, 4, tzinfo=UTC)), lambda locale, due: due)
    assert _line(caught_up, "en", POLICY, t, now=datetime(2026, 1, 19, 4, tzinfo=UTC)).endswith("15 days left")


def test_reminders_go_out_at_nine_almaty_which_is_utc_plus_five() -> None:
    first = next(slots(date(2026, 10, 1), POLICY))
    assert first.moment == datetime(2026, 9, 17, 4, 0, tzinfo=UTC)
    # Before 1 March 2024 Almaty was UTC+6.
    old = next(slots(date(2024, 2, 28), ReminderPolicy(calendar=POLICY.calendar, lead_days=(0,))))
    assert old.moment == datetime(2024, 2, 28, 3, 0, tzinfo=UTC)


def test_every_reminder_falls_on_a_working_day_at_the_local_time() -> None:
    calendar = POLICY.calendar
    for offset in range(0, 400, 3):
        due = date(2026, 1, 1) + timedelta(days=offset)
        for slot in [s for _, s in zip(range(8), slots(due, POLICY))]:
            local = slot.moment.astimezone(ALMATY)
            assert calendar.is_working_day(local.date()) and local.time() == time(9, 0), (due, slot)


def test_only_the_latest_missed_slot_is_due_after_downtime() -> None:
    due = date(2026, 10, 1)
    created = datetime(2026, 9, 1, tzinfo=UTC)
    latest, following = due_and_next(due, POLICY, not_before=created, now=datetime(2026, 9, 30, 12, tzinfo=UTC))
    assert latest.name == "lead:1" and following.name == "lead:0"
    latest, following = due_and_next(due, POLICY, not_before=created, now=datetime(2026, 9, 10, tzinfo=UTC))
    assert latest is None and following.name == "lead:14"
    # Slots before the deadline existed are never sent.
    latest, _ = due_and_next(due, POLICY, not_before=datetime(2026, 9, 29, tzinfo=UTC),
                             now=datetime(2026, 9, 29, 1, tzinfo=UTC))
    assert latest is None
