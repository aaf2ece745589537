"""The one place "today" and "now" come from.

Tests, snapshots, the demo data and the screenshot command fix the clock, so that nothing the
app shows changes from one day to the next. Set it in code with :func:`fix`, or from outside
with the environment variable ``UNSTALL_TODAY`` (an ISO date such as ``2026-11-23``, or an ISO
date-time).
"""

from __future__ import annotations

import os
from datetime import date, datetime, time

ENV_VAR = "UNSTALL_TODAY"

_fixed: datetime | None = None


def fix(moment: date | datetime | str | None) -> None:
    """Fix the clock at ``moment`` (``None`` lets it run again)."""
    global _fixed
    if moment is None:
        _fixed = None
    elif isinstance(moment, datetime):
        _fixed = moment
    elif isinstance(moment, date):
        _fixed = datetime.combine(moment, time(9, 0))
    else:
        _fixed = _parse(moment)


def _parse(text: str) -> datetime:
    """The moment ``text`` names (an ISO date or date-time, a time zone dropped), between the
    days a diagnosis may be dated; ``ValueError`` saying what is wrong otherwise."""
    from playbook.answers import EARLIEST, LATEST  # the range import accepts

    text = text.strip()
    wrong = (
        f"{ENV_VAR}={text!r} is not a date such as 2026-11-23 (between {EARLIEST.isoformat()} "
        f"and {LATEST.isoformat()}, the range import accepts): fix it or unset it"
    )
    try:
        if "T" in text or " " in text:
            moment = datetime.fromisoformat(text).replace(tzinfo=None)
        else:
            moment = datetime.combine(date.fromisoformat(text), time(9, 0))
    except ValueError as error:
        raise ValueError(wrong) from error
    if not EARLIEST <= moment.date() <= LATEST:
        raise ValueError(wrong)
    return moment


def problem() -> str | None:
    """What is wrong with ``UNSTALL_TODAY``, in one sentence, or ``None`` when it is unset, a
    date :func:`now` reads, or not read at all (the clock is fixed in code). Front ends check
    it once as they start, so that a bad value is said, never raised later."""
    from_env = os.environ.get(ENV_VAR, "").strip()
    if _fixed is not None or not from_env:
        return None
    try:
        _parse(from_env)
    except ValueError as error:
        return str(error)
    return None


def now() -> datetime:
    """The current local date and time, or the fixed one."""
    if _fixed is not None:
        return _fixed
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return _parse(from_env)
    return datetime.now().replace(microsecond=0)


def today() -> date:
    """Today's date, or the fixed one."""
    return now().date()
