"""CASE-6: response-objective compliance per severity, for a period.

A case counts for the period when its response due time lies in
``[start, end)``. As known at ``now``: acknowledged at or before the due
time → met; acknowledged later → missed; not acknowledged and ``due < now``
→ missed; not acknowledged and ``due >= now`` → excluded (counted as
``pending``). An acknowledgement after ``now`` is not known yet at ``now``.
Drafts (no due time) never count. Filtering (customer, category, …) is the
caller's: pass only the cases that match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from babel.dates import format_skeleton

from di_desk.domain.cases import Case, CaseError, response_met
from di_desk.domain.enums import Severity
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc, zone
from di_desk.i18n import _, babel_locale


@dataclass(frozen=True)
class ComplianceRow:
    """CASE-6: one severity's counts in a period."""

    severity: Severity
    met: int = 0
    missed: int = 0
    pending: int = 0  # due in the period but not yet due at ``now``: excluded
    target: Fraction | None = None  # set only for the severities with a target

    @property
    def due(self) -> int:
        """Cases due in the period that count: met + missed."""
        return self.met + self.missed

    @property
    def ratio(self) -> Fraction | None:
        """met / due as an exact fraction; None when nothing was due."""
        return Fraction(self.met, self.due) if self.due else None

    @property
    def below_target(self) -> bool:
        """True for a severity with a target whose ratio is under it."""
        ratio = self.ratio
        return self.target is not None and ratio is not None and ratio < self.target


@dataclass(frozen=True)
class ComplianceReport:
    """CASE-6: one row per severity, S1 first, for ``[start, end)``."""

    start: datetime
    end: datetime
    rows: tuple[ComplianceRow, ...]

    def row(self, severity: Severity) -> ComplianceRow:
        return next(row for row in self.rows if row.severity is severity)

    @property
    def below_target(self) -> tuple[Severity, ...]:
        return tuple(row.severity for row in self.rows if row.below_target)


@dataclass(frozen=True)
class MonthCompliance:
    """CASE-6 per month (for a chart): ``month`` is the first day, local."""

    month: date
    report: ComplianceReport

    @property
    def label(self) -> str:
        """The month in the active language, e.g. ``Mar 2026`` / ``mrt 2026``."""
        return format_skeleton("yMMM", self.month, locale=babel_locale())


def _target(reference: ReferenceData) -> Fraction:
    # str() first so that 0.95 is exactly 19/20, not the nearest binary float.
    return Fraction(str(reference.compliance_target))


def _check_period(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    start, end = to_utc(start), to_utc(end)
    if end < start:
        raise CaseError(_("The end of the period is before its start."))
    return start, end


def _report(
    cases: Iterable[Case],
    start: datetime,
    end: datetime,
    now: datetime,
    reference: ReferenceData,
) -> ComplianceReport:
    counts = {severity: [0, 0, 0] for severity in Severity}  # met, missed, pending
    for case in cases:
        if case.response_due is None:
            continue
        due = to_utc(case.response_due)
        if not start <= due < end:
            continue
        met = response_met(case, now)
        counts[case.severity][0 if met else 1 if met is False else 2] += 1
    target = _target(reference)
    rows = tuple(
        ComplianceRow(
            severity,
            met=counts[severity][0],
            missed=counts[severity][1],
            pending=counts[severity][2],
            target=target if severity in reference.compliance_severities else None,
        )
        for severity in Severity
    )
    return ComplianceReport(start, end, rows)


def compliance(
    cases: Iterable[Case],
    start: datetime,
    end: datetime,
    now: datetime,
    reference: ReferenceData,
) -> ComplianceReport:
    """CASE-6: per severity, cases acknowledged in time / cases due in ``[start, end)``.

    Rows of ``reference.compliance_severities`` (S3, S4) carry the target
    (``reference.compliance_target``, 95%) and are marked when below it.
    """
    start, end = _check_period(start, end)
    return _report(cases, start, end, to_utc(now), reference)


def _months(start: datetime, end: datetime, zone_key: str) -> list[tuple[date, datetime]]:
    """Local months (first day, its start as UTC) from the month containing
    ``start`` to the last one that begins before ``end``."""
    tz = zone(zone_key)
    local = start.astimezone(tz)
    month = date(local.year, local.month, 1)
    months: list[tuple[date, datetime]] = []
    while True:
        first = to_utc(datetime(month.year, month.month, 1, tzinfo=tz))
        if months and first >= end:
            return months
        months.append((month, first))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)


def monthly_compliance(
    cases: Iterable[Case],
    start: datetime,
    end: datetime,
    now: datetime,
    reference: ReferenceData,
    zone_key: str,
) -> tuple[MonthCompliance, ...]:
    """CASE-6 per calendar month of ``zone_key`` (the display zone), for a chart.

    Each month's report covers the part of ``[start, end)`` inside that local
    month, so the first and last months may be partial. Months without cases
    are included (all zero) so a chart has no holes.
    """
    start, end = _check_period(start, end)
    now = to_utc(now)
    tz = zone(zone_key)
    by_month: dict[tuple[int, int], list[Case]] = {}
    for case in cases:
        if case.response_due is None:
            continue
        due = to_utc(case.response_due)
        if start <= due < end:
            local = due.astimezone(tz)
            by_month.setdefault((local.year, local.month), []).append(case)
    months = _months(start, end, zone_key)
    result: list[MonthCompliance] = []
    for index, (month, first) in enumerate(months):
        month_start = max(first, start)
        month_end = months[index + 1][1] if index + 1 < len(months) else end
        month_cases = by_month.get((month.year, month.month), [])
        report = _report(month_cases, month_start, min(month_end, end), now, reference)
        result.append(MonthCompliance(month, report))
    return tuple(result)
