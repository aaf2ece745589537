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
    text = text.strip()
    try:
        if "T" in text or " " in text:
            return datetime.fromisoformat(text)
        return datetime.combine(date.fromisoformat(text), time(9, 0))
    except ValueError as error:
        raise ValueError(f"{ENV_VAR}={text!r} is not an ISO date such as 2026-11-23") from error


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
