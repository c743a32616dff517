"""Support cases (SPEC.md section 1): classification, objectives and channel.

Pure functions and frozen dataclasses: the case record (:class:`Case`),
impact from a share of users (CASE-1), severity from the matrix (CASE-3),
effort text (CASE-4), the response due time and its explanation (CASE-5),
whether the objective was met (CASE-6) and the channel to open it (CASE-7).
Life cycle and severity changes live in :mod:`di_desk.domain.case_lifecycle`,
required data and the case brief in :mod:`di_desk.domain.case_validation`,
compliance reports in :mod:`di_desk.domain.case_compliance`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING, Literal

from babel.dates import format_date

from di_desk.domain.calendar import BusinessCalendar, calendar_for
from di_desk.domain.enums import CaseCategory, CaseStatus, Impact, Party, Severity, Urgency
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import _, babel_locale

if TYPE_CHECKING:
    import numpy as np


class CaseError(ValueError):
    """A case rule was broken; the message is translated and names the problem."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class SeverityChange:
    """CASE-9: one recorded change of a case's severity."""

    at: datetime  # aware UTC
    from_severity: Severity
    to_severity: Severity
    by: Party  # PARTNER (raise) or PROVIDER (lower)
    reason: str
    # The due time recomputed from ``at`` (a change before acknowledgement);
    # None when the change came after acknowledgement and the due time stayed.
    response_due: datetime | None = None


@dataclass(frozen=True)
class ActionPlan:
    """CASE-10: a status and action plan the provider gave, with its dates."""

    given_on: date
    text: str
    expected_by: date | None = None  # expected resolution date, when stated


@dataclass(frozen=True)
class ProviderNotice:
    """CASE-11: a proactive e-mail notice from the provider about an S1/S2 incident.

    Logged against a customer and, when known, one of its cases.
    """

    received_at: datetime  # aware UTC
    customer: str
    subject: str
    text: str = ""
    case_id: int | None = None
    severity: Severity | None = None


@dataclass(frozen=True)
class Case:
    """A support case (TAC) as the rules see it; instants are aware UTC.

    ``severity`` starts as the matrix value (CASE-3) and may later differ from
    it through recorded changes (CASE-9). ``response_due`` is set when the case
    is opened (CASE-5) and recomputed by severity changes before acknowledgement.
    """

    customer: str
    opened_at: datetime
    impact: Impact
    urgency: Urgency
    severity: Severity
    category: CaseCategory  # CASE-12: every case carries one
    status: CaseStatus = CaseStatus.DRAFT
    id: int | None = None
    partner: str = ""
    contract: str = ""
    rep_name: str = ""
    rep_phone: str = ""
    rep_email: str = ""
    problem: str = ""
    response_due: datetime | None = None
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    monitoring_until: date | None = None
    severity_changes: tuple[SeverityChange, ...] = ()
    action_plans: tuple[ActionPlan, ...] = ()

    @property
    def initial_severity(self) -> Severity:
        """The severity the case was opened with (before any CASE-9 change)."""
        return self.severity_changes[0].from_severity if self.severity_changes else self.severity


# --------------------------------------------------------------------------- CASE-1


@dataclass(frozen=True)
class ImpactThresholds:
    """CASE-1 boundaries as exact fractions of the environment affected.

    Reading (SPEC.md): exactly 1/4 → Localized, exactly 1/2 → Large,
    exactly 3/4 → Large.
    """

    widespread_above: Fraction = Fraction(3, 4)  # share > this → Widespread
    large_from: Fraction = Fraction(1, 2)  # share >= this → Large
    localized_from: Fraction = Fraction(1, 4)  # share >= this → Localized


DEFAULT_IMPACT_THRESHOLDS = ImpactThresholds()


def impact_for_share(
    affected: int, total: int, thresholds: ImpactThresholds = DEFAULT_IMPACT_THRESHOLDS
) -> Impact:
    """CASE-1: the impact level proposed for ``affected`` of ``total`` users.

    Raises CaseError (a ValueError) when ``total <= 0``, ``affected < 0`` or
    ``affected > total``.
    """
    if total <= 0:
        raise CaseError(
            _("The total number of users must be at least 1 (got {total}).").format(total=total)
        )
    if affected < 0:
        raise CaseError(
            _("The number of affected users cannot be negative (got {affected}).").format(
                affected=affected
            )
        )
    if affected > total:
        raise CaseError(
            _(
                "The number of affected users ({affected}) cannot exceed "
                "the total number of users ({total})."
            ).format(affected=affected, total=total)
        )
    share = Fraction(affected, total)
    if share > thresholds.widespread_above:
        return Impact.WIDESPREAD
    if share >= thresholds.large_from:
        return Impact.LARGE
    if share >= thresholds.localized_from:
        return Impact.LOCALIZED
    return Impact.INDIVIDUALIZED


# --------------------------------------------------------------------------- CASE-3/4


def severity_for(urgency: Urgency, impact: Impact, reference: ReferenceData) -> Severity:
    """CASE-3: the severity of ``urgency`` × ``impact`` in the reference matrix."""
    try:
        severity: Severity = reference.severity_matrix[(urgency, impact)]
    except KeyError:
        raise CaseError(
            _("The severity matrix has no entry for urgency {urgency} and impact {impact}.").format(
                urgency=urgency.label, impact=impact.label
            )
        ) from None
    return severity


def effort_text(severity: Severity, reference: ReferenceData) -> str:
    """CASE-4: what provider and partner commit for ``severity`` (translated)."""
    return _(reference.effort[severity])


# --------------------------------------------------------------------------- CASE-5


def customer_calendar(code: str, zone: str, reference: ReferenceData) -> BusinessCalendar:
    """A customer's business calendar (holidays ``code`` in ``zone``) with the
    reference data's business hours and working weekdays."""
    return calendar_for(
        code,
        zone,
        opens=reference.business_opens,
        closes=reference.business_closes,
        workdays=reference.workdays,
    )


def case_calendar(
    reference: ReferenceData, customer: BusinessCalendar | None = None
) -> BusinessCalendar:
    """CASE-5: the calendar for a case's business-day objectives.

    The customer's calendar when it has one, else the partner's default
    calendar and zone from the reference data.
    """
    if customer is not None:
        return customer
    return customer_calendar(reference.partner_calendar, reference.partner_zone, reference)


def response_due(
    severity: Severity,
    opened_at: datetime,
    calendar: BusinessCalendar,
    reference: ReferenceData,
) -> datetime:
    """CASE-5: when the provider must acknowledge a case opened at ``opened_at``.

    Wall-clock objectives (S1 15 min, S2 30 min) are added in UTC, so a DST
    change does not stretch or shrink them; business-day objectives (S3 1, S4 3)
    follow TIME-4 in ``calendar``. Returns an aware UTC datetime; a naive
    ``opened_at`` raises ValueError.
    """
    start = to_utc(opened_at)
    objective = reference.objectives[severity]
    if objective.kind == "wall":
        return start + timedelta(minutes=objective.minutes)
    if objective.kind == "business_days":
        return to_utc(calendar.add_business_days(start, objective.days))
    raise CaseError(
        _("Unknown kind of response objective for {severity}: {kind}.").format(
            severity=severity.value, kind=objective.kind
        )
    )


def response_due_many(
    severities: Sequence[Severity],
    opened_ts: Sequence[float],
    calendar: BusinessCalendar,
    reference: ReferenceData,
) -> list[float]:
    """CASE-5 in bulk: :func:`response_due` as POSIX timestamps for many cases.

    One pass per objective over arrays: wall-clock objectives add seconds,
    business-day objectives go through the calendar's array path (TIME-4).
    Same results as calling :func:`response_due` case by case.
    """
    import numpy as np

    if len(severities) != len(opened_ts):
        raise ValueError("severities and opened_ts differ in length")
    opened = np.asarray(opened_ts, dtype=np.float64)
    return _response_due_array(severities, opened, calendar, reference).tolist()


def response_due_from_iso(
    severities: Sequence[Severity],
    opened_at: Sequence[str],
    calendar: BusinessCalendar,
    reference: ReferenceData,
) -> list[float]:
    """CASE-5 in bulk from ISO 8601 texts, as an import or a file gives them.

    ``opened_at[i]`` is read as ``datetime.fromisoformat`` reads it (with an
    offset or ``Z``; ValueError otherwise), without making a datetime per case
    (:mod:`di_desk.domain.iso_columns`). Returns POSIX timestamps, the same
    floats as :func:`response_due_many` on ``fromisoformat(text).timestamp()``;
    ``datetime.fromtimestamp(due, UTC)`` is what :func:`response_due` returns.
    """
    from di_desk.domain.iso_columns import utc_timestamps

    if len(severities) != len(opened_at):
        raise ValueError("severities and opened_at differ in length")
    opened = utc_timestamps(opened_at)
    return _response_due_array(severities, opened, calendar, reference).tolist()


_SEVERITIES = tuple(Severity)
_SEVERITY_CODES = {severity: code for code, severity in enumerate(_SEVERITIES)}


def _response_due_array(
    severities: Sequence[Severity],
    opened: np.ndarray,
    calendar: BusinessCalendar,
    reference: ReferenceData,
) -> np.ndarray:
    """:func:`response_due` for arrays: wall-clock objectives add their seconds, the
    business-day ones go through the calendar's array path in one call."""
    import numpy as np

    codes = _severity_codes(severities)
    wall = np.zeros(len(_SEVERITIES), dtype=np.float64)
    business = np.full(len(_SEVERITIES), np.nan)
    for code in np.flatnonzero(np.bincount(codes, minlength=len(_SEVERITIES))).tolist():
        severity = _SEVERITIES[code]
        objective = reference.objectives[severity]
        if objective.kind == "wall":
            wall[code] = objective.minutes * 60
        elif objective.kind == "business_days":
            seconds = (calendar.day_length * objective.days).total_seconds()
            if seconds < 0:
                raise ValueError(_("Business time to add cannot be negative."))
            business[code] = seconds
        else:
            raise CaseError(
                _("Unknown kind of response objective for {severity}: {kind}.").format(
                    severity=severity.value, kind=objective.kind
                )
            )
    due = opened + wall[codes]
    rows = np.flatnonzero(~np.isnan(business)[codes])
    if rows.size:
        amounts = business[codes[rows]]
        due[rows] = calendar.add_business_seconds_array(opened[rows], amounts)
    return due


def _severity_codes(severities: Sequence[Severity]) -> np.ndarray:
    """Each severity's index in :class:`Severity` as int8 (KeyError for an unknown one).

    The members are strings ("S1"…"S4"): joined, they are read as a column of
    two-character tokens, as :mod:`di_desk.domain.iso_columns` reads
    instants; anything else (another length, a non-string) is looked up one
    by one.
    """
    import numpy as np

    n = len(severities)
    try:
        joined = "\n".join(severities)
    except TypeError:
        joined = ""
    if n and len(joined) == 3 * n - 1:
        rows = np.frombuffer((joined + "\n").encode("ascii", "replace"), dtype=np.uint8)
        rows = rows.reshape(n, 3)
        codes = _token_codes()[(rows[:, 0].astype(np.intp) << 8) | rows[:, 1]]
        if (codes >= 0).all() and (rows[:, 2] == ord("\n")).all() and joined.count("\n") == n - 1:
            return codes
    return np.fromiter(map(_SEVERITY_CODES.__getitem__, severities), dtype=np.int8, count=n)


@cache
def _token_codes() -> np.ndarray:
    """Code by the two bytes of a severity's token (``S1`` → 0); -1 for any other pair."""
    import numpy as np

    table = np.full(1 << 16, -1, dtype=np.int8)
    for code, severity in enumerate(_SEVERITIES):
        token = severity.value.encode("ascii", "replace")
        if len(token) == 2:
            table[token[0] << 8 | token[1]] = code
    return table


def response_met(case: Case, now: datetime) -> bool | None:
    """CASE-6: whether the response objective was met, as known at ``now``.

    True when acknowledged at or before the due time; False when acknowledged
    later, or not acknowledged and the due time has passed (``due < now``);
    None when not yet due, or when the case has no due time (a draft). An
    acknowledgement after ``now`` is not known yet at ``now``.
    """
    return response_met_at(case.response_due, case.acknowledged_at, now)


def response_met_at(
    due: datetime | None, acknowledged: datetime | None, now: datetime
) -> bool | None:
    """CASE-6 on the two instants it needs (:func:`response_met`; lists call it per row)."""
    if due is None:
        return None
    due = to_utc(due)
    now = to_utc(now)
    if acknowledged is not None and to_utc(acknowledged) <= now:
        return to_utc(acknowledged) <= due
    if due < now:
        return False
    return None


def deadline_explanation(opened: datetime, due: datetime, calendar: BusinessCalendar) -> list[str]:
    """CASE-5: why a business-day deadline falls where it does.

    One translated line per closed day the clock skipped, e.g.
    ``"Saturday, 14 March 2026: Weekend"``; dates in the active language.
    Meaningful for business-day objectives only (S1/S2 run on the wall clock).
    """
    locale = babel_locale()
    return [
        _("{day}: {reason}").format(
            day=format_date(skipped.day, format="full", locale=locale), reason=skipped.reason
        )
        for skipped in calendar.skipped_days(to_utc(opened), to_utc(due))
    ]


def case_deadline_explanation(
    case: Case, calendar: BusinessCalendar, reference: ReferenceData
) -> list[str]:
    """:func:`deadline_explanation` for a case; empty for wall-clock objectives.

    The clock starts at the last severity change that recomputed the due
    time, else at the opening (CASE-9).
    """
    if case.response_due is None or reference.objectives[case.severity].kind != "business_days":
        return []
    start = case.opened_at
    for change in case.severity_changes:
        if change.response_due is not None:
            start = change.at
    return deadline_explanation(start, case.response_due, calendar)


# --------------------------------------------------------------------------- CASE-7


@dataclass(frozen=True)
class Channel:
    """CASE-7: how to open a case of a given severity."""

    kind: Literal["phone", "case_manager"]
    label: str  # translated, short: "Phone" or the case manager's name
    phone: str | None = None  # the TAC number for kind "phone"

    @property
    def instruction(self) -> str:
        """A translated sentence telling the user what to do."""
        if self.kind == "phone":
            return _("Call the TAC at {phone}.").format(phone=self.phone)
        return _("Open the case in {tool}.").format(tool=self.label)


def channel_for(severity: Severity, reference: ReferenceData) -> Channel:
    """CASE-7: phone for the phone severities (S1/S2), else Support Case Manager."""
    if severity in reference.phone_severities:
        return Channel("phone", _("Phone"), reference.tac_phone)
    return Channel("case_manager", _(reference.case_manager_name))
