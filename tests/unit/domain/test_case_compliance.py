"""Response-objective compliance reports (CASE-6)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.case_compliance import (
    ComplianceRow,
    compliance,
    monthly_compliance,
)
from di_desk.domain.cases import Case, CaseError
from di_desk.domain.enums import CaseCategory, CaseStatus, Impact, Severity, Urgency
from di_desk.domain.reference import DEFAULT_REFERENCE

REF = DEFAULT_REFERENCE
START = datetime(2026, 3, 1, tzinfo=UTC)
END = datetime(2026, 4, 1, tzinfo=UTC)
NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)


def case(due: datetime, ack: datetime | None = None, severity: Severity = Severity.S3) -> Case:
    return Case(
        customer="Acme",
        opened_at=due - timedelta(days=1),
        impact=Impact.LOCALIZED,
        urgency=Urgency.MEDIUM,
        severity=severity,
        category=CaseCategory.COMMON_PROBLEM,
        status=CaseStatus.OPENED if ack is None else CaseStatus.ACKNOWLEDGED,
        response_due=due,
        acknowledged_at=ack,
    )


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def test_case6_counting_rules() -> None:
    """CASE-6: met, acknowledged late, missed unacknowledged, excluded not yet due."""
    cases = [
        case(at(2), at(2, 11)),  # met
        case(at(3), at(3, 12)),  # met exactly at due
        case(at(4), at(4, 13)),  # acknowledged late → missed
        case(at(5)),  # never acknowledged, past due → missed
        case(at(25)),  # not acknowledged, not yet due → excluded
        case(NOW),  # due == now → not yet due → excluded
        case(at(25), at(19)),  # acknowledged early, before due → met
    ]
    row = compliance(cases, START, END, NOW, REF).row(Severity.S3)
    assert (row.met, row.missed, row.pending, row.due) == (3, 2, 2, 5)
    assert row.ratio == Fraction(3, 5)
    assert row.below_target
    assert row.target == Fraction(19, 20)


def test_case6_period_is_half_open() -> None:
    """CASE-6: due at the start counts, due at the end belongs to the next period."""
    cases = [case(START, START), case(END, END), case(START - timedelta(seconds=1), START)]
    row = compliance(cases, START, END, NOW, REF).row(Severity.S3)
    assert (row.met, row.missed) == (1, 0)


def test_case6_exactly_95_percent_is_not_below() -> None:
    """CASE-6: 19 of 20 met is on target (exact fractions, not floats)."""
    cases = [case(at(2), at(2)) for _ in range(19)] + [case(at(3))]
    row = compliance(cases, START, END, NOW, REF).row(Severity.S3)
    assert row.ratio == Fraction(19, 20)
    assert not row.below_target
    cases.append(case(at(4)))
    assert compliance(cases, START, END, NOW, REF).row(Severity.S3).below_target


@pytest.mark.parametrize(
    ("severity", "marked"),
    [(Severity.S1, False), (Severity.S2, False), (Severity.S3, True), (Severity.S4, True)],
)
def test_case6_only_s3_s4_are_marked(severity: Severity, marked: bool) -> None:
    """CASE-6: the 95% target applies to S3 and S4 only."""
    report = compliance([case(at(2), severity=severity)], START, END, NOW, REF)
    row = report.row(severity)
    assert row.ratio == 0
    assert row.below_target is marked
    assert (row.target is not None) is marked
    assert report.below_target == ((severity,) if marked else ())


def test_case6_rows_for_every_severity_in_order() -> None:
    """CASE-6: one row per severity even without cases; no ratio when nothing due."""
    report = compliance([], START, END, NOW, REF)
    assert [row.severity for row in report.rows] == list(Severity)
    assert all(row.ratio is None and not row.below_target for row in report.rows)
    assert (report.start, report.end) == (START, END)


def test_case6_drafts_never_count() -> None:
    """CASE-6: a case without a due time is ignored."""
    draft = replace(case(at(2)), response_due=None, status=CaseStatus.DRAFT)
    assert compliance([draft], START, END, NOW, REF).row(Severity.S3).due == 0


def test_case6_target_and_severities_from_reference() -> None:
    """CASE-6: the target and the marked severities are reference data."""
    ref = replace(REF, compliance_target=0.5, compliance_severities=frozenset({Severity.S1}))
    cases = [case(at(2), at(2), Severity.S1), case(at(3), None, Severity.S1), case(at(4))]
    report = compliance(cases, START, END, NOW, ref)
    assert not report.row(Severity.S1).below_target  # 1/2 is on a 50% target
    assert report.row(Severity.S1).target == Fraction(1, 2)
    assert not report.row(Severity.S3).below_target  # not marked any more
    assert report.row(Severity.S3).target is None


def test_case6_acknowledgement_after_now_is_not_known() -> None:
    """CASE-6: reporting as of a past instant ignores later acknowledgements."""
    late_known = case(at(10), at(11))
    as_of = at(10, 18)
    row = compliance([late_known], START, END, as_of, REF).row(Severity.S3)
    assert (row.met, row.missed) == (0, 1)
    early = case(at(10), at(9))
    row = compliance([early], START, END, at(8), REF).row(Severity.S3)
    assert (row.met, row.missed, row.pending) == (0, 0, 1)


def test_case6_period_checks() -> None:
    """CASE-6: naive instants and reversed periods are refused."""
    with pytest.raises(ValueError):
        compliance([], datetime(2026, 3, 1), END, NOW, REF)
    with pytest.raises(CaseError, match="before its start"):
        compliance([], END, START, NOW, REF)
    assert compliance([case(at(2), at(2))], START, START, NOW, REF).row(Severity.S3).due == 0


def test_case6_severity_is_the_current_one() -> None:
    """CASE-6 + CASE-9: a case counts under its current severity."""
    changed = replace(case(at(2), at(2)), severity=Severity.S2)
    report = compliance([changed], START, END, NOW, REF)
    assert (report.row(Severity.S2).due, report.row(Severity.S3).due) == (1, 0)


def test_case6_ratio_property_of_row() -> None:
    """CASE-6: a row's derived values."""
    row = ComplianceRow(Severity.S4, met=3, missed=1, pending=9, target=Fraction(19, 20))
    assert (row.due, row.ratio, row.below_target) == (4, Fraction(3, 4), True)


@settings(max_examples=80)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-5 * 24 * 60, max_value=40 * 24 * 60),  # due offset (min)
            st.one_of(st.none(), st.integers(min_value=-3000, max_value=3000)),  # ack delta
            st.sampled_from(Severity),
        ),
        max_size=40,
    ),
    st.integers(min_value=0, max_value=35 * 24 * 60),
)
def test_case6_counts_partition_the_period(rows: list, now_offset: int) -> None:
    """CASE-6 property: met + missed + pending = cases due in the period, per severity,
    and each case lands where a direct reading of the rule puts it."""
    now = START + timedelta(minutes=now_offset)
    cases = []
    expected = {s: [0, 0, 0] for s in Severity}
    for due_offset, ack_delta, severity in rows:
        due = START + timedelta(minutes=due_offset)
        ack = None if ack_delta is None else due + timedelta(minutes=ack_delta)
        cases.append(case(due, ack, severity))
        if not START <= due < END:
            continue
        if ack is not None and ack <= now:
            expected[severity][0 if ack <= due else 1] += 1
        elif due < now:
            expected[severity][1] += 1
        else:
            expected[severity][2] += 1
    report = compliance(cases, START, END, now, REF)
    for row in report.rows:
        assert [row.met, row.missed, row.pending] == expected[row.severity]


# --------------------------------------------------------------------------- per month


def test_case6_monthly_buckets_in_display_zone() -> None:
    """CASE-6: months are local months of the given zone; partial first/last months."""
    start = datetime(2026, 1, 15, tzinfo=UTC)
    end = datetime(2026, 4, 10, tzinfo=UTC)
    now = datetime(2026, 5, 1, tzinfo=UTC)
    cases = [
        case(datetime(2026, 1, 20, tzinfo=UTC), datetime(2026, 1, 20, tzinfo=UTC)),
        # 23:30 UTC on 31 Jan is 1 Feb 00:30 in Amsterdam: February's.
        case(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)),
        # 22:30 UTC on 31 Mar is 1 Apr 00:30 CEST: April's.
        case(datetime(2026, 3, 31, 22, 30, tzinfo=UTC), datetime(2026, 3, 31, 22, tzinfo=UTC)),
        case(datetime(2026, 4, 20, tzinfo=UTC)),  # after the period
    ]
    months = monthly_compliance(cases, start, end, now, REF, "Europe/Amsterdam")
    assert [m.month for m in months] == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]
    assert [m.report.row(Severity.S3).met for m in months] == [1, 0, 0, 1]
    assert [m.report.row(Severity.S3).missed for m in months] == [0, 1, 0, 0]
    assert months[0].report.start == start
    assert months[0].report.end == datetime(2026, 1, 31, 23, tzinfo=UTC)
    assert months[2].report.end == datetime(2026, 3, 31, 22, tzinfo=UTC)  # CEST
    assert months[-1].report.end == end


def test_case6_monthly_sums_equal_the_period() -> None:
    """CASE-6: the months add up to the whole period's report."""
    base = datetime(2026, 2, 15, 1, tzinfo=UTC)
    dues = [base + timedelta(hours=13 * k) for k in range(80)]
    cases = [
        case(
            due,
            None if k % 4 == 0 else due + timedelta(hours=(k % 3) - 1),
            Severity(f"S{k % 4 + 1}"),
        )
        for k, due in enumerate(dues)
    ]
    start, end = datetime(2026, 2, 20, tzinfo=UTC), datetime(2026, 3, 25, tzinfo=UTC)
    months = monthly_compliance(cases, start, end, NOW, REF, "Asia/Tokyo")
    whole = compliance(cases, start, end, NOW, REF)
    for severity in Severity:
        row = whole.row(severity)
        parts = [m.report.row(severity) for m in months]
        assert sum(p.met for p in parts) == row.met
        assert sum(p.missed for p in parts) == row.missed
        assert sum(p.pending for p in parts) == row.pending


def test_case6_monthly_across_year_end_and_labels() -> None:
    """CASE-6: December → January, labels in the active language."""
    start = datetime(2025, 12, 10, tzinfo=UTC)
    end = datetime(2026, 1, 10, tzinfo=UTC)
    months = monthly_compliance([], start, end, NOW, REF, "UTC")
    assert [m.month for m in months] == [date(2025, 12, 1), date(2026, 1, 1)]
    assert [m.label for m in months] == ["Dec 2025", "Jan 2026"]
    i18n.install("nl")
    assert months[0].label == "dec 2025"


def test_case6_monthly_single_and_empty_period() -> None:
    """CASE-6: a period inside one month gives one bucket; an empty one too."""
    assert len(monthly_compliance([], at(2), at(3), NOW, REF, "UTC")) == 1
    assert len(monthly_compliance([], at(2), at(2), NOW, REF, "UTC")) == 1
    with pytest.raises(ValueError):
        monthly_compliance([], at(2), at(3), NOW, REF, "Mars/Olympus")
