"""Support cases: impact, severity, effort, response due, channel (CASE-1..7, 12)."""

from __future__ import annotations

import gettext
from dataclasses import FrozenInstanceError, replace
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.calendar import BusinessCalendar, calendar_for
from di_desk.domain.cases import (
    Case,
    CaseError,
    Channel,
    ImpactThresholds,
    case_calendar,
    case_deadline_explanation,
    channel_for,
    customer_calendar,
    deadline_explanation,
    effort_text,
    impact_for_share,
    response_due,
    response_due_many,
    response_met,
    severity_for,
)
from di_desk.domain.enums import CaseCategory, CaseStatus, Impact, Party, Severity, Urgency
from di_desk.domain.reference import DEFAULT_REFERENCE, Objective

AMS = ZoneInfo("Europe/Amsterdam")
NL = calendar_for("NL", "Europe/Amsterdam")
REF = DEFAULT_REFERENCE
IMPACT_ORDER = [Impact.INDIVIDUALIZED, Impact.LOCALIZED, Impact.LARGE, Impact.WIDESPREAD]


class _Pseudo(gettext.NullTranslations):
    """Wraps every translated string so tests can see it went through ``_``."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_translations", _Pseudo())


def ams(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_case(**changes) -> Case:
    base = Case(
        customer="Acme",
        opened_at=utc(2026, 3, 10, 13),
        impact=Impact.LOCALIZED,
        urgency=Urgency.MEDIUM,
        severity=Severity.S3,
        category=CaseCategory.COMMON_PROBLEM,
    )
    return replace(base, **changes)


# --------------------------------------------------------------------------- CASE-1


@pytest.mark.parametrize(
    ("affected", "total", "expected"),
    [
        (0, 100, Impact.INDIVIDUALIZED),
        (24, 100, Impact.INDIVIDUALIZED),
        (249, 1000, Impact.INDIVIDUALIZED),
        (25, 100, Impact.LOCALIZED),  # exactly 1/4 → Localized
        (1, 4, Impact.LOCALIZED),
        (26, 100, Impact.LOCALIZED),
        (49, 100, Impact.LOCALIZED),
        (499_999, 1_000_000, Impact.LOCALIZED),
        (50, 100, Impact.LARGE),  # exactly 1/2 → Large
        (1, 2, Impact.LARGE),
        (74, 100, Impact.LARGE),
        (75, 100, Impact.LARGE),  # exactly 3/4 → Large
        (3, 4, Impact.LARGE),
        (750_001, 1_000_000, Impact.WIDESPREAD),
        (76, 100, Impact.WIDESPREAD),
        (100, 100, Impact.WIDESPREAD),
        (1, 1, Impact.WIDESPREAD),
        (0, 1, Impact.INDIVIDUALIZED),
        (1, 3, Impact.LOCALIZED),
        (2, 3, Impact.LARGE),
    ],
)
def test_case1_impact_from_share(affected: int, total: int, expected: Impact) -> None:
    """CASE-1 with the spec's Reading at the boundaries (exact fractions)."""
    assert impact_for_share(affected, total) is expected


def test_case1_exact_fractions_not_floats() -> None:
    """CASE-1: shares that floats get wrong are classified exactly."""
    # (10^17 - 1) / (4·10^17) rounds to 0.25 as a float; exactly it is below 1/4.
    total = 4 * 10**17
    assert impact_for_share(10**17, total) is Impact.LOCALIZED
    assert impact_for_share(10**17 - 1, total) is Impact.INDIVIDUALIZED
    assert impact_for_share(3 * 10**17, total) is Impact.LARGE
    assert impact_for_share(3 * 10**17 + 1, total) is Impact.WIDESPREAD


@pytest.mark.parametrize(
    ("affected", "total", "needle"),
    [
        (1, 0, "total number of users"),
        (0, 0, "total number of users"),
        (1, -5, "total number of users"),
        (-1, 10, "cannot be negative"),
        (11, 10, "cannot exceed"),
    ],
)
def test_case1_rejects_impossible_counts(affected: int, total: int, needle: str) -> None:
    """CASE-1: total <= 0, affected < 0 or affected > total raise ValueError."""
    with pytest.raises(ValueError, match=needle):
        impact_for_share(affected, total)


def test_case1_error_messages_are_translated(pseudo: None) -> None:
    """CASE-1: the error message goes through the active catalog."""
    with pytest.raises(CaseError) as info:
        impact_for_share(5, 4)
    assert str(info.value).startswith("⟦")


def test_case1_thresholds_can_be_changed() -> None:
    """CASE-1: the boundaries are data, not constants."""
    strict = ImpactThresholds(Fraction(9, 10), Fraction(6, 10), Fraction(1, 10))
    assert impact_for_share(80, 100, strict) is Impact.LARGE
    assert impact_for_share(10, 100, strict) is Impact.LOCALIZED


@given(
    total=st.integers(min_value=1, max_value=10**9),
    a=st.integers(min_value=0, max_value=10**9),
    b=st.integers(min_value=0, max_value=10**9),
)
def test_case1_more_affected_never_lowers_impact(total: int, a: int, b: int) -> None:
    """CASE-1 property: the impact is monotonic in the number of affected users."""
    low, high = sorted((a % (total + 1), b % (total + 1)))
    assert IMPACT_ORDER.index(impact_for_share(low, total)) <= IMPACT_ORDER.index(
        impact_for_share(high, total)
    )


@given(total=st.integers(min_value=1, max_value=10**6), affected=st.integers(min_value=0))
def test_case1_matches_the_spec_table(total: int, affected: int) -> None:
    """CASE-1 property: agrees with the spec written as integer inequalities."""
    affected %= total + 1
    if 4 * affected > 3 * total:
        expected = Impact.WIDESPREAD
    elif 2 * affected >= total:
        expected = Impact.LARGE
    elif 4 * affected >= total:
        expected = Impact.LOCALIZED
    else:
        expected = Impact.INDIVIDUALIZED
    assert impact_for_share(affected, total) is expected


# --------------------------------------------------------------------------- CASE-3

SPEC_MATRIX = {
    Urgency.CRITICAL: ("S1", "S1", "S2", "S3"),
    Urgency.HIGH: ("S1", "S2", "S2", "S3"),
    Urgency.MEDIUM: ("S2", "S3", "S3", "S3"),
    Urgency.LOW: ("S4", "S4", "S4", "S4"),
}
IMPACT_COLUMNS = (Impact.WIDESPREAD, Impact.LARGE, Impact.LOCALIZED, Impact.INDIVIDUALIZED)


@pytest.mark.parametrize(
    ("urgency", "impact", "expected"),
    [
        (urgency, impact, Severity(sev))
        for urgency, row in SPEC_MATRIX.items()
        for impact, sev in zip(IMPACT_COLUMNS, row, strict=True)
    ],
)
def test_case3_matrix_every_cell(urgency: Urgency, impact: Impact, expected: Severity) -> None:
    """CASE-3: each of the 16 cells of the spec's severity matrix."""
    assert severity_for(urgency, impact, REF) is expected


def test_case3_matrix_is_complete() -> None:
    """CASE-3: the default matrix covers every urgency × impact pair."""
    assert len(REF.severity_matrix) == len(Urgency) * len(Impact) == 16


def test_case3_matrix_comes_from_reference_data() -> None:
    """CASE-3: an edited matrix in the reference data is honoured."""
    matrix = dict(REF.severity_matrix)
    matrix[(Urgency.LOW, Impact.WIDESPREAD)] = Severity.S3
    ref = replace(REF, severity_matrix=MappingProxyType(matrix))
    assert severity_for(Urgency.LOW, Impact.WIDESPREAD, ref) is Severity.S3


def test_case3_missing_cell_is_a_clear_error(pseudo: None) -> None:
    """CASE-3: an incomplete edited matrix gives a translated error, not a KeyError."""
    ref = replace(REF, severity_matrix=MappingProxyType({}))
    with pytest.raises(CaseError, match="⟦The severity matrix"):
        severity_for(Urgency.LOW, Impact.LARGE, ref)


# --------------------------------------------------------------------------- CASE-4


@pytest.mark.parametrize(
    ("severity", "needle"),
    [
        (Severity.S1, "24×7"),
        (Severity.S2, "full-time"),
        (Severity.S3, "satisfactory"),
        (Severity.S4, "information or assistance"),
    ],
)
def test_case4_effort_text(severity: Severity, needle: str) -> None:
    """CASE-4: the effort text of each severity."""
    assert needle in effort_text(severity, REF)


def test_case4_effort_text_is_translated(pseudo: None) -> None:
    """CASE-4: the reference text is translated at call time."""
    assert effort_text(Severity.S1, REF).startswith("⟦")


# --------------------------------------------------------------------------- CASE-5


@pytest.mark.parametrize(
    ("severity", "opened", "expected_local"),
    [
        # TIME-4 examples of the spec.
        (Severity.S3, ams(2026, 3, 10, 14), ams(2026, 3, 11, 14)),
        (Severity.S3, ams(2026, 3, 13, 16), ams(2026, 3, 16, 16)),
        (Severity.S3, ams(2026, 3, 14, 10), ams(2026, 3, 16, 17)),
        (Severity.S4, ams(2026, 4, 22, 15), ams(2026, 4, 28, 15)),
        # Before opening: the clock starts at 09:00.
        (Severity.S3, ams(2026, 3, 10, 7), ams(2026, 3, 10, 17)),
        # After closing: starts at the next opening.
        (Severity.S3, ams(2026, 3, 10, 18), ams(2026, 3, 11, 17)),
        # Exactly at opening.
        (Severity.S4, ams(2026, 3, 9, 9), ams(2026, 3, 11, 17)),
        # Across the spring-forward weekend (CET → CEST).
        (Severity.S3, ams(2026, 3, 27, 11), ams(2026, 3, 30, 11)),
        # Christmas and Boxing Day, then a weekend.
        (Severity.S3, ams(2026, 12, 24, 12), ams(2026, 12, 28, 12)),
    ],
)
def test_case5_business_day_objectives(
    severity: Severity, opened: datetime, expected_local: datetime
) -> None:
    """CASE-5 + TIME-4: S3 1 and S4 3 business days in the NL calendar."""
    due = response_due(severity, opened, NL, REF)
    assert due.tzinfo is UTC
    assert due == expected_local.astimezone(UTC)


@pytest.mark.parametrize(
    ("severity", "opened", "expected"),
    [
        (Severity.S1, utc(2026, 3, 10, 13), utc(2026, 3, 10, 13, 15)),
        (Severity.S2, utc(2026, 3, 10, 13), utc(2026, 3, 10, 13, 30)),
        # 24×7: a Saturday night counts.
        (Severity.S1, ams(2026, 3, 14, 23, 50), utc(2026, 3, 14, 23, 5)),
        # Spring forward: 01:50 CET + 15 min = 03:05 CEST (02:05 does not exist).
        (Severity.S1, ams(2026, 3, 29, 1, 50), utc(2026, 3, 29, 1, 5)),
        # Fall back: 02:45 CEST (first) + 30 min = 02:15 CET (second occurrence).
        (Severity.S2, ams(2026, 10, 25, 2, 45), utc(2026, 10, 25, 1, 15)),
    ],
)
def test_case5_wall_clock_objectives(
    severity: Severity, opened: datetime, expected: datetime
) -> None:
    """CASE-5: S1 15 and S2 30 minutes of real elapsed time, computed in UTC."""
    due = response_due(severity, opened, NL, REF)
    assert due == expected
    assert due.utcoffset() == timedelta(0)
    assert due - opened.astimezone(UTC) == timedelta(minutes=REF.objectives[severity].minutes)


def test_case5_fall_back_wall_clock_is_real_minutes() -> None:
    """CASE-5 + TIME-2: 30 minutes across fall-back are 30 real minutes."""
    due = response_due(Severity.S2, ams(2026, 10, 25, 2, 45), NL, REF)
    local = due.astimezone(AMS)
    assert (local.hour, local.minute, local.fold) == (2, 15, 1)


def test_case5_naive_opening_is_refused() -> None:
    """CASE-5 + TIME-1: a naive opening time is an error."""
    with pytest.raises(ValueError):
        response_due(Severity.S1, datetime(2026, 3, 10, 14), NL, REF)


def test_case5_objectives_come_from_reference_data() -> None:
    """CASE-5: edited objectives are honoured, including a changed kind."""
    objectives = dict(REF.objectives)
    objectives[Severity.S1] = Objective("wall", minutes=60)
    objectives[Severity.S2] = Objective("business_days", days=2)
    ref = replace(REF, objectives=MappingProxyType(objectives))
    opened = ams(2026, 3, 10, 14)
    assert response_due(Severity.S1, opened, NL, ref) == utc(2026, 3, 10, 14)
    assert response_due(Severity.S2, opened, NL, ref) == ams(2026, 3, 12, 14).astimezone(UTC)


def test_case5_unknown_objective_kind(pseudo: None) -> None:
    """CASE-5: a broken objective kind gives a translated error."""
    objectives = dict(REF.objectives)
    objectives[Severity.S1] = Objective("lunar")  # type: ignore[arg-type]
    ref = replace(REF, objectives=MappingProxyType(objectives))
    with pytest.raises(CaseError, match="⟦Unknown kind"):
        response_due(Severity.S1, utc(2026, 3, 10, 13), NL, ref)


def test_case5_customer_calendar_and_zone() -> None:
    """CASE-5: the customer's calendar and zone (AU-ACT, Australia Day on Mon 26 Jan)."""
    sydney = ZoneInfo("Australia/Sydney")
    cal = case_calendar(REF, customer_calendar("AU-ACT", "Australia/Sydney", REF))
    opened = datetime(2026, 1, 23, 16, tzinfo=sydney)  # Friday
    assert response_due(Severity.S3, opened, cal, REF) == datetime(
        2026, 1, 27, 16, tzinfo=sydney
    ).astimezone(UTC)


def test_case5_us_calendar_independence_day() -> None:
    """CASE-5: S4 in a US customer's calendar skips the observed Independence Day."""
    ny = ZoneInfo("America/New_York")
    cal = customer_calendar("US", "America/New_York", REF)
    opened = datetime(2026, 7, 1, 10, tzinfo=ny)
    due = response_due(Severity.S4, opened, cal, REF)
    assert due == datetime(2026, 7, 7, 10, tzinfo=ny).astimezone(UTC)


def test_case5_partner_default_calendar() -> None:
    """CASE-5: without a customer calendar, the partner's default from reference data."""
    cal = case_calendar(REF)
    assert (cal.code, cal.zone) == ("NL", "Europe/Amsterdam")
    assert (cal.opens, cal.closes, cal.workdays) == (
        REF.business_opens,
        REF.business_closes,
        REF.workdays,
    )
    ref = replace(REF, partner_calendar="GB", partner_zone="Europe/London")
    assert (case_calendar(ref).code, case_calendar(ref).zone) == ("GB", "Europe/London")


def test_case5_customer_calendar_wins() -> None:
    """CASE-5: a customer calendar is used as given."""
    mine = BusinessCalendar(code="JP", zone="Asia/Tokyo")
    assert case_calendar(REF, mine) is mine


def test_case5_unknown_calendar_code() -> None:
    """CASE-5: an unknown holiday code is a ValueError."""
    with pytest.raises(ValueError):
        customer_calendar("XX", "Europe/Amsterdam", REF)


@settings(max_examples=60, deadline=None)
@given(
    minutes=st.integers(min_value=0, max_value=366 * 24 * 60),
    severity=st.sampled_from([Severity.S3, Severity.S4]),
)
def test_case5_business_objective_is_exact_business_time(minutes: int, severity: Severity) -> None:
    """CASE-5 property: due - opened holds exactly N business days of business time,
    ends inside business hours on a business day, and never precedes the opening."""
    opened = utc(2026, 1, 1) + timedelta(minutes=minutes)
    due = response_due(severity, opened, NL, REF)
    days = REF.objectives[severity].days
    assert due > opened
    assert NL.business_time_between(opened, due) == NL.day_length * days
    local = due.astimezone(AMS)
    assert NL.is_business_day(local.date())
    assert NL.opens < local.time() <= NL.closes


# --------------------------------------------------------------------------- CASE-5 explanation


def test_case5_explanation_lists_weekend() -> None:
    """CASE-5: the explanation names each skipped day, with a readable date."""
    opened = ams(2026, 3, 13, 16)
    due = response_due(Severity.S3, opened, NL, REF)
    assert deadline_explanation(opened, due, NL) == [
        "Saturday, 14 March 2026: Weekend",
        "Sunday, 15 March 2026: Weekend",
    ]


def test_case5_explanation_names_holidays() -> None:
    """CASE-5: King's Day in the explanation of the TIME-4 example."""
    opened = ams(2026, 4, 22, 15)
    due = response_due(Severity.S4, opened, NL, REF)
    lines = deadline_explanation(opened, due, NL)
    assert lines[-1] == "Monday, 27 April 2026: King's Day"
    assert len(lines) == 3


def test_case5_explanation_in_dutch() -> None:
    """CASE-5: dates follow the active language (Babel)."""
    i18n.install("nl")
    opened = ams(2026, 4, 22, 15)
    lines = deadline_explanation(opened, response_due(Severity.S4, opened, NL, REF), NL)
    assert lines[0].startswith("zaterdag 25 april 2026: ")
    assert lines[-1] == "maandag 27 april 2026: Koningsdag"


def test_case5_explanation_empty_without_closed_days() -> None:
    """CASE-5: nothing to explain on consecutive business days."""
    opened = ams(2026, 3, 10, 14)
    assert deadline_explanation(opened, response_due(Severity.S3, opened, NL, REF), NL) == []


def test_case5_explanation_is_translated(pseudo: None) -> None:
    """CASE-5: the line pattern is translatable."""
    opened = ams(2026, 3, 13, 16)
    lines = deadline_explanation(opened, ams(2026, 3, 16, 16), NL)
    assert all(line.startswith("⟦") for line in lines)


def test_case5_case_explanation_only_for_business_days() -> None:
    """CASE-5: wall-clock severities have nothing to explain; drafts neither."""
    sat = ams(2026, 3, 14, 10)
    s1 = make_case(severity=Severity.S1, opened_at=sat, response_due=sat + timedelta(minutes=15))
    assert case_deadline_explanation(s1, NL, REF) == []
    assert case_deadline_explanation(make_case(), NL, REF) == []
    s3 = make_case(opened_at=sat, response_due=response_due(Severity.S3, sat, NL, REF))
    assert [line.split(":")[0] for line in case_deadline_explanation(s3, NL, REF)] == [
        "Saturday, 14 March 2026",
        "Sunday, 15 March 2026",
    ]


# --------------------------------------------------------------------------- CASE-6 (per case)


@pytest.mark.parametrize(
    ("acknowledged", "now", "expected"),
    [
        (utc(2026, 3, 11, 12), utc(2026, 3, 20), True),  # before due
        (utc(2026, 3, 11, 13), utc(2026, 3, 20), True),  # exactly at due
        (utc(2026, 3, 11, 13, 0, 1), utc(2026, 3, 20), False),  # one second late
        (None, utc(2026, 3, 11, 13, 0, 1), False),  # past due, not acknowledged
        (None, utc(2026, 3, 11, 13), None),  # due == now: not yet due
        (None, utc(2026, 3, 11, 12), None),
        (utc(2026, 3, 11, 12), utc(2026, 3, 11, 11), None),  # ack not known yet at now
        (utc(2026, 3, 11, 14), utc(2026, 3, 11, 13, 30), False),  # late, not known, past due
    ],
)
def test_case6_response_met(
    acknowledged: datetime | None, now: datetime, expected: bool | None
) -> None:
    """CASE-6: met / missed / not yet due for one case, as known at ``now``."""
    case = make_case(response_due=utc(2026, 3, 11, 13), acknowledged_at=acknowledged)
    assert response_met(case, now) is expected


def test_case6_draft_has_no_verdict() -> None:
    """CASE-6: a case without a due time (draft) is neither met nor missed."""
    assert response_met(make_case(), utc(2030, 1, 1)) is None


# --------------------------------------------------------------------------- CASE-7


@pytest.mark.parametrize("severity", [Severity.S1, Severity.S2])
def test_case7_phone_for_s1_s2(severity: Severity) -> None:
    """CASE-7: S1 and S2 are opened by phone at the global TAC number."""
    channel = channel_for(severity, REF)
    assert channel == Channel("phone", "Phone", "1-800-553-2447")
    assert channel.instruction == "Call the TAC at 1-800-553-2447."


@pytest.mark.parametrize("severity", [Severity.S3, Severity.S4])
def test_case7_case_manager_for_s3_s4(severity: Severity) -> None:
    """CASE-7: S3 and S4 may be opened in Support Case Manager."""
    channel = channel_for(severity, REF)
    assert (channel.kind, channel.label, channel.phone) == (
        "case_manager",
        "Support Case Manager",
        None,
    )
    assert channel.instruction == "Open the case in Support Case Manager."


def test_case7_channel_from_reference_data() -> None:
    """CASE-7: phone severities and number come from the reference data."""
    ref = replace(REF, phone_severities=frozenset({Severity.S1}), tac_phone="+31 20 123 4567")
    assert channel_for(Severity.S1, ref).phone == "+31 20 123 4567"
    assert channel_for(Severity.S2, ref).kind == "case_manager"


def test_case7_labels_are_translated(pseudo: None) -> None:
    """CASE-7: label and instruction go through the catalog."""
    channel = channel_for(Severity.S1, REF)
    assert channel.label == "⟦Phone⟧"
    assert channel.instruction.startswith("⟦Call the TAC")


def test_case7_channel_is_frozen() -> None:
    """CASE-7: the channel is an immutable value."""
    with pytest.raises(FrozenInstanceError):
        channel_for(Severity.S1, REF).phone = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------- the record


def test_case12_every_case_carries_a_category() -> None:
    """CASE-12: the category is a required field of a case."""
    with pytest.raises(TypeError):
        Case(  # type: ignore[call-arg]
            customer="Acme",
            opened_at=utc(2026, 3, 10),
            impact=Impact.LARGE,
            urgency=Urgency.HIGH,
            severity=Severity.S2,
        )
    assert make_case(category=CaseCategory.SERVICE_OUTAGE).category is CaseCategory.SERVICE_OUTAGE


def test_case12_categories_are_the_guides_five() -> None:
    """CASE-12: the five partner-side categories, each with a label."""
    assert [c.value for c in CaseCategory] == [
        "user_question",
        "common_problem",
        "client_configuration",
        "application_error",
        "service_outage",
    ]
    assert all(c.label for c in CaseCategory)


def test_case_defaults_and_initial_severity() -> None:
    """CASE-9/10: a new case is a draft; its initial severity survives changes."""
    from di_desk.domain.cases import SeverityChange

    case = make_case()
    assert case.status is CaseStatus.DRAFT
    assert case.initial_severity is Severity.S3
    change = SeverityChange(utc(2026, 3, 10, 14), Severity.S3, Severity.S2, Party.PARTNER, "x")
    changed = replace(case, severity=Severity.S2, severity_changes=(change,))
    assert changed.initial_severity is Severity.S3
    with pytest.raises(FrozenInstanceError):
        case.severity = Severity.S1  # type: ignore[misc]
    assert date(2026, 3, 10) == case.opened_at.date()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Severity)),
            st.datetimes(
                min_value=datetime(2025, 1, 1),
                max_value=datetime(2028, 12, 31),
                timezones=st.just(UTC),
            ),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_case5_bulk_matches_one_by_one(cases):
    """CASE-5: the bulk deadline path gives the same instants as response_due."""
    cal = calendar_for("NL", "Europe/Amsterdam")
    severities = [s for s, _ in cases]
    stamps = [o.timestamp() for _, o in cases]
    bulk = response_due_many(severities, stamps, cal, DEFAULT_REFERENCE)
    assert bulk == [response_due(s, o, cal, DEFAULT_REFERENCE).timestamp() for s, o in cases]
