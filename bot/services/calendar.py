"""Kazakhstan's working calendar: weekends, public holidays and their observed (transferred)
days from the `holidays` package, and the moments at which reminders go out.

Asia/Almaty has been UTC+5 all year since 1 March 2024 (tzdata knows it); everything stored is UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

import holidays


DAY_FORMAT = "%d.%m.%Y"  # the one way a day is written to people, in every language (31.12.2026)


def format_day(day: date) -> str:
    return day.strftime(DAY_FORMAT)


@lru_cache(maxsize=8)
def _kz_holidays(first_year: int, last_year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=range(first_year, last_year + 1))


class WorkCalendar:
    def __init__(self, zone: tzinfo, reminder_time: time = time(9, 0)) -> None:
        self.zone, self.reminder_time = zone, reminder_time

    def _table(self, day: date) -> holidays.HolidayBase:
        # A window of years around the date; the package computes movable feasts per year.
        return _kz_holidays(day.year - 1, day.year + 1)

    def is_working_day(self, day: date) -> bool:
        return self._table(day).is_working_day(day)

    def holiday_name(self, day: date) -> str | None:
        return self._table(day).get(day)

    def on_or_before(self, day: date) -> date:
        """The day itself if it is a working day, else the previous working day."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def legal_due(self, day: date) -> date:
        """The last day of a term that ends on a day off moves to the next working day (the Civil
        Code's rule for terms): 1 January 2027 is legally 5 January 2027."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def local_moment(self, day: date) -> datetime:
        """`day` at the configured local reminder time, as an aware datetime in the local zone."""
        return datetime.combine(day, self.reminder_time, tzinfo=self.zone)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


def quarter_report_due(year: int, quarter: int) -> date:
    """Guideline §18: by the 1st day of the month after the quarter (Apr 1, Jul 1, Oct 1, Jan 1)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1-4")
    return date(year + 1, 1, 1) if quarter == 4 else date(year, quarter * 3 + 1, 1)


def annual_report_due(year: int) -> date:
    """Guideline §19: the annual report is due by 5 December."""
    return date(year, 12, 5)


def day_start(moment: datetime, zone: tzinfo) -> datetime:
    """Local midnight of `moment`'s local day, in UTC: how a reporter's actions are dated.
    A time stamped to the second would let whoever reads the database match it with who was
    online, or in the building, at that minute; deadlines counted in days need no more."""
    return local_midnight(moment.astimezone(zone).date(), zone)


def local_midnight(day: date, zone: tzinfo) -> datetime:
    """The moment a local day begins, in UTC."""
    return datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(UTC)


def quarter_of(day: date) -> str:
    """The quarter a day falls in, as reports name it: "2026Q4"."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"
