"""The seed's KPI arithmetic, in plain Python, apart from the ORM (issue 13).

大客户部绩效考核指标 / 大客户经理、专员绩效考核指标: every function takes plain numbers
(what batched ``_read_group`` calls return) and gives a ratio, a score or an amount.
Nothing here reads the database, so each formula is tested on its own, with
hand-computed figures, the way OCA mis_builder keeps its expression engine apart.

* A ratio against a plan that is zero or missing is ``None`` — "no target" — never a
  division error and never 0 % or 100 % made up.
* Amounts are :class:`decimal.Decimal` internally, so that 95.00 % is exactly 95.00 %
  at a band or scorecard edge.
"""

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal

NO_TARGET = None


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def ratio(actual, planned):
    """``actual / planned`` as a Decimal, or ``None`` when there is no (non-zero) plan."""
    if planned is None or _dec(planned) == 0:
        return NO_TARGET
    return _dec(actual) / _dec(planned)


def sales_completion(invoiced, refunded, planned):
    """Sales plan completion: posted invoices minus credit notes (untaxed, company
    currency) over planned sales."""
    return ratio(_dec(invoiced) - _dec(refunded), planned)


def new_account_rate(approved, planned):
    """New-account development: key accounts approved in the period over the plan."""
    return ratio(approved, planned)


def settlement_rate(settled, planned):
    """Contract settlement: key-account orders fully invoiced and paid in the period
    over the planned settlements."""
    return ratio(settled, planned)


def collection_rate(collected, due):
    """Payment collection: collected on invoices falling due in the period over the
    amount due (credit notes and reversals already netted in both)."""
    return ratio(collected, due)


def expense_rate(spent, budget):
    """Commercial expense rate: gifts and visit expenses over the expense budget."""
    return ratio(spent, budget)


def average(values: Iterable):
    """Mean of ``values`` (e.g. archive completeness of a manager's accounts), ``None``
    when there are none."""
    values = [_dec(v) for v in values]
    return sum(values) / len(values) if values else NO_TARGET


def churn_rate(lost, at_start):
    """Key accounts lost in the period over the key accounts at its start."""
    return ratio(lost, at_start)


def retention_rate(at_end, new, at_start):
    """(accounts at the end − new ones) / accounts at the start."""
    return ratio(_dec(at_end) - _dec(new), at_start)


def csat(satisfied, rated):
    """Share of satisfied ratings among the ratings given."""
    return ratio(satisfied, rated)


def nps(scores: Iterable[int]):
    """Net promoter score from 0–10 answers: % promoters (9–10) − % detractors (0–6),
    from −100 to 100; ``None`` without answers."""
    scores = list(scores)
    for score in scores:
        if not 0 <= score <= 10:
            raise ValueError(f"NPS answer {score} is not between 0 and 10")
    if not scores:
        return NO_TARGET
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return Decimal(100) * (promoters - detractors) / len(scores)


def scorecard_points(value, weight, threshold=1, step=Decimal("0.05"), penalty=1, floor=0):
    """Points of one scorecard line.

    Full ``weight`` at or above ``threshold``; below it, ``penalty`` points off for
    every ``step`` started below the threshold, never below ``floor``.  The seed's
    sales completion line (weight 25, threshold 100 %, step 5 %, penalty 1): 100 % →
    25, 95.00 % → 24, 94.99 % → 23, 0 % → 5, and ``None`` (no target) → ``None``.
    """
    if value is NO_TARGET:
        return NO_TARGET
    value, threshold, step = _dec(value), _dec(threshold), _dec(step)
    if step <= 0:
        raise ValueError("a scorecard step must be positive")
    if value >= threshold:
        return _dec(weight)
    steps = ((threshold - value) / step).to_integral_value(rounding=ROUND_CEILING)
    return max(_dec(floor), _dec(weight) - steps * _dec(penalty))


def band_of(amount, bands):
    """The band ``(lower, upper, rate)`` holding ``amount``: half-open ``[lower,
    upper)``, ``upper`` None for the last; bands sorted by ``lower``.  None below the
    first band."""
    amount = _dec(amount)
    found = None
    for lower, upper, rate in bands:
        if amount >= _dec(lower) and (upper is None or amount < _dec(upper)):
            found = (lower, upper, rate)
    return found


def rebate(amount, bands, method="retroactive"):
    """The year's rebate on a cumulative purchase ``amount``.

    ``retroactive``: the rate of the band reached applies to the whole amount;
    ``marginal``: each band's rate applies to the part of the amount inside it.
    Rates are fractions (0.02 for 2 %).
    """
    amount = _dec(amount)
    if amount <= 0:
        return Decimal(0)
    if method == "retroactive":
        band = band_of(amount, bands)
        return amount * _dec(band[2]) if band else Decimal(0)
    if method != "marginal":
        raise ValueError(f"unknown rebate method {method!r}")
    total = Decimal(0)
    for lower, upper, rate in bands:
        lower = _dec(lower)
        top = amount if upper is None else min(amount, _dec(upper))
        if top > lower:
            total += (top - lower) * _dec(rate)
    return total


def rebate_due(amount, bands, method, already_settled):
    """What a settlement still owes: the rebate minus what earlier settlements of the
    same period gave (never negative: a second settlement of the same figures owes 0)."""
    return max(Decimal(0), rebate(amount, bands, method) - _dec(already_settled))


def mean(total, count):
    """``total / count`` as a Decimal (an average from a ``_read_group`` sum and count),
    ``None`` when there is nothing to average."""
    return _dec(total) / _dec(count) if count else NO_TARGET


def nps_from_counts(promoters, detractors, answers):
    """NPS from counted answers (what a grouped read returns): % promoters − %
    detractors; ``None`` without answers."""
    if not answers:
        return NO_TARGET
    return Decimal(100) * (_dec(promoters) - _dec(detractors)) / _dec(answers)
