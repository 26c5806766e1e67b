"""Working-time arithmetic of the complaint SLA, apart from the ORM.

Every function takes the calendar as two callables, so that it is tested without a
database and used with any ``resource.calendar``:

* ``work(start, end)`` → working hours between two datetimes
  (``resource.calendar.get_work_hours_count``);
* ``plan(hours, start)`` → the datetime at which ``hours`` working hours after ``start``
  are used (``resource.calendar.plan_hours``).

Waiting periods are ``(start, end)`` pairs of datetimes (the time a complaint waits on
the customer); an open period has ``end=None`` and counts up to ``now``.  They may
overlap and come in any order.
"""


def merge_periods(periods, now):
    """The waiting periods sorted and merged, open ones closed at ``now``, empty ones out."""
    closed = sorted((start, end or now) for start, end in periods if start and (end or now))
    merged = []
    for start, end in closed:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def elapsed_hours(work, start, end, periods, now):
    """Working hours from ``start`` to ``end``, the waiting periods excluded."""
    if not start or not end or end <= start:
        return 0.0
    hours = work(start, end)
    for wait_start, wait_end in merge_periods(periods, now):
        lo, hi = max(wait_start, start), min(wait_end, end)
        if hi > lo:
            hours -= work(lo, hi)
    return max(hours, 0.0)


def deadline(work, plan, hours, start, periods, now):
    """The datetime at which ``hours`` working hours after ``start`` are used, the
    waiting periods not counted (the clock stops while the complaint waits).

    One pass over the merged periods: the working time before each period is used up
    first; the deadline falls in the first gap that holds what remains.
    """
    if not start or hours is None or hours < 0:
        return False
    cursor, remaining = start, float(hours)
    for wait_start, wait_end in merge_periods(periods, now):
        if wait_end <= cursor:
            continue
        if wait_start > cursor:
            available = work(cursor, wait_start)
            if available >= remaining:
                return plan(remaining, cursor)
            remaining -= available
        cursor = max(cursor, wait_end)
    return plan(remaining, cursor)
