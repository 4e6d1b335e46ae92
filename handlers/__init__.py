"""Routers, in the order they are tried."""

from aiogram import Router

from handlers import (attach, case_writing, cases, check, checkpoint, choose_org, fallback, groups, oversight, people, plan,
                      report, reports, retention, staff, start)


def routers() -> list[Router]:
    """groups first (refuse), staff before start (invite deep links), fallback last.
    cases only ever matches enrolled people; everyone else falls through.

    aiogram routers are module-level singletons that remember their parent. A restart in the
    same process (tests, supervisors) builds a new Dispatcher, so detach them first.
    """
    ordered = [groups.router, staff.router, cases.router, case_writing.router, plan.router, reports.router, checkpoint.router, people.router, retention.router, oversight.router, start.router, attach.router, check.router,
               choose_org.router, report.router, fallback.router]
    for router in ordered:
        router._parent_router = None  # noqa: SLF001 - see docstring
    return ordered
