"""Date arithmetic of visits and their next steps, in plain Python (no ORM): the end of
a visit that lasts some hours (``None`` past the year 9999 rather than an
``OverflowError``) and a deadline some days after a local day."""

from datetime import date, datetime, timedelta


def add_hours(start: datetime | None, hours: float) -> datetime | None:
    """``start`` plus ``hours`` (naive UTC in, naive UTC out), or ``None`` when there is
    no start or the result cannot be represented (past 9999, not-a-number hours)."""
    if not start:
        return None
    try:
        return start + timedelta(hours=hours or 0)
    except (OverflowError, ValueError):
        return None


def ends_after_year_9999(start: datetime | None, hours: float) -> bool:
    """Whether something starting at ``start`` and lasting ``hours`` ends past the
    largest representable datetime."""
    if not start:
        return False
    try:
        return datetime.max - start < timedelta(hours=hours or 0)
    except (OverflowError, ValueError):
        return True


def days_after(day: date, days: int) -> date:
    """The local day ``days`` days after ``day`` (a deadline set from today)."""
    return day + timedelta(days=days)
