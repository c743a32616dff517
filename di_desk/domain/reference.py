"""Reference data: the guide's numbers and tables as one editable value.

Every default below is the spec's (SPEC.md); the database seeds its reference
rows from :data:`DEFAULT_REFERENCE` and users may edit them. Rule functions
take the reference as an argument and never read these defaults directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from types import MappingProxyType
from typing import Literal

from di_desk.domain.enums import (
    Impact,
    MaintenanceType,
    Party,
    Region,
    Severity,
    Urgency,
)
from di_desk.i18n import N_


@dataclass(frozen=True)
class RegionRef:
    """MAINT-1: a region's zone, window and default holiday calendar."""

    region: Region
    zone: str
    calendar: str  # holidays code: "US", "JP", "AU-ACT", "NL", "GB"
    window_opens: time = time(21, 0)
    window_closes: time = time(6, 0)


@dataclass(frozen=True)
class Objective:
    """CASE-5: a response objective, wall-clock or in business days."""

    kind: Literal["wall", "business_days"]
    minutes: int = 0  # for "wall"
    days: int = 0  # for "business_days"


@dataclass(frozen=True)
class TrainRow:
    """REL-2: one row of the release train."""

    position: str  # "n", "n-1", "n-2"
    release: str  # display name, e.g. "15.0 SU1 / SU2"
    versions: tuple[str, ...]  # REL-6 notation, e.g. ("15.0 SU1", "15.0 SU2")
    new_deployments: bool
    upgrades_supported: bool
    may_stay: bool


@dataclass(frozen=True)
class ReleaseTrain:
    rows: tuple[TrainRow, ...]
    upgrade_target: str
    policy_note: str = N_(
        "Customers may run the latest release (n) or the previous one (n-1); "
        "customers on n-1 are advised to upgrade to the latest release."
    )


def _matrix() -> MappingProxyType:
    s1, s2, s3, s4 = Severity.S1, Severity.S2, Severity.S3, Severity.S4
    w, la, lo, ind = Impact.WIDESPREAD, Impact.LARGE, Impact.LOCALIZED, Impact.INDIVIDUALIZED
    rows = {
        Urgency.CRITICAL: (s1, s1, s2, s3),
        Urgency.HIGH: (s1, s2, s2, s3),
        Urgency.MEDIUM: (s2, s3, s3, s3),
        Urgency.LOW: (s4, s4, s4, s4),
    }
    impacts = (w, la, lo, ind)
    return MappingProxyType(
        {(u, i): sev for u, sevs in rows.items() for i, sev in zip(impacts, sevs, strict=True)}
    )


DEFAULT_REGIONS = MappingProxyType(
    {
        Region.AMER: RegionRef(Region.AMER, "America/New_York", "US"),
        Region.APJC: RegionRef(Region.APJC, "Asia/Tokyo", "JP"),
        Region.AUS: RegionRef(Region.AUS, "Australia/Sydney", "AU-ACT"),
        Region.EU: RegionRef(Region.EU, "Europe/Amsterdam", "NL"),
        Region.EMEA: RegionRef(Region.EMEA, "Europe/Amsterdam", "NL"),
        Region.UK: RegionRef(Region.UK, "Europe/Amsterdam", "GB"),
    }
)

DEFAULT_TRAIN = ReleaseTrain(
    rows=(
        TrainRow("n-2", "12.5 SU7a", ("12.5 SU7a",), False, False, False),
        TrainRow("n-1", "14.0 SU3 / SU4", ("14.0 SU3", "14.0 SU4"), False, False, False),
        TrainRow("n", "15.0 SU1 / SU2", ("15.0 SU1", "15.0 SU2"), True, True, True),
    ),
    upgrade_target="15.0 SU2",
)

DEFAULT_EFFORT = MappingProxyType(
    {
        Severity.S1: N_(
            "Provider and partner commit all necessary resources around the clock (24×7)."
        ),
        Severity.S2: N_(
            "Provider and partner commit full-time resources during standard business hours."
        ),
        Severity.S3: N_(
            "Provider and partner commit resources during standard business hours "
            "to restore service to satisfactory levels."
        ),
        Severity.S4: N_(
            "Provider and partner provide resources during standard business hours "
            "for information or assistance."
        ),
    }
)

DEFAULT_SSO_FOLLOW_UPS: tuple[str, ...] = (
    N_("Disable SSO"),
    N_("Re-import the IdP metadata file"),
    N_("Re-enable SSO"),
    N_("Validate SSO"),
)

DEFAULT_BACKUP_CHECKLIST: tuple[str, ...] = (
    N_("Keep an up-to-date export of the partner-managed configuration"),
    N_("Record the restore steps the partner performs after a provider DRS restore"),
    N_("Keep backups of partner-managed integrations and their settings"),
    N_("Review the provider's backup reports for this customer every week"),
)

DEFAULT_RESPONSIBILITIES = MappingProxyType(
    {
        N_("Support"): Party.BOTH,
        N_("Notifications"): Party.PROVIDER,
        N_("Change management"): Party.PROVIDER,
        N_("Maintenance"): Party.PROVIDER,
        N_("Incident management"): Party.BOTH,
        N_("COP files"): Party.BOTH,
        N_("Capacity management"): Party.BOTH,
        N_("Release management"): Party.PROVIDER,
        N_("Network management"): Party.BOTH,
        N_("Backup and restore"): Party.BOTH,
    }
)


@dataclass(frozen=True)
class ReferenceData:
    """All editable reference data of SPEC.md, with the spec's defaults."""

    # Business calendars (TIME-3, CASE-5, BAK-5)
    partner_calendar: str = "NL"
    partner_zone: str = "Europe/Amsterdam"
    provider_calendar: str = "NL"
    provider_zone: str = "Europe/Amsterdam"
    business_opens: time = time(9, 0)
    business_closes: time = time(17, 0)
    workdays: frozenset[int] = frozenset(range(5))
    # Cases (CASE-3..7)
    severity_matrix: MappingProxyType = field(default_factory=_matrix)
    objectives: MappingProxyType = field(
        default_factory=lambda: MappingProxyType(
            {
                Severity.S1: Objective("wall", minutes=15),
                Severity.S2: Objective("wall", minutes=30),
                Severity.S3: Objective("business_days", days=1),
                Severity.S4: Objective("business_days", days=3),
            }
        )
    )
    effort: MappingProxyType = field(default_factory=lambda: DEFAULT_EFFORT)
    compliance_target: float = 0.95
    compliance_severities: frozenset[Severity] = frozenset({Severity.S3, Severity.S4})
    phone_severities: frozenset[Severity] = frozenset({Severity.S1, Severity.S2})
    tac_phone: str = "1-800-553-2447"
    #: texts sent to the provider (case brief, reschedule and capacity e-mails):
    #: the provider's support works in English (the guide: "Engelstalige ondersteuning")
    provider_language: str = "en"
    case_manager_name: str = "Support Case Manager"
    # Maintenance (MAINT-1..10)
    regions: MappingProxyType = field(default_factory=lambda: DEFAULT_REGIONS)
    weekend_types: frozenset[MaintenanceType] = frozenset({MaintenanceType.INFRASTRUCTURE})
    notice_types: frozenset[MaintenanceType] = frozenset(
        {MaintenanceType.DISRUPTIVE, MaintenanceType.UPGRADE}
    )
    notice_business_days: int = 10
    reply_by_business_days: int = 2
    reply_last_business_days: int = 3
    change_management_email: str = "ucm-cloud-change-management@cisco.com"
    no_reschedule_types: frozenset[MaintenanceType] = frozenset({MaintenanceType.EMERGENCY})
    cert_renewal_earliest_days: int = 7
    cert_renewal_latest_days: int = 3
    sso_follow_ups: tuple[str, ...] = DEFAULT_SSO_FOLLOW_UPS
    # Releases (REL-2..5)
    train: ReleaseTrain = DEFAULT_TRAIN
    upgrade_max_reschedules: int = 1
    upgrade_reschedule_min_days: int = 7
    #: the length of an upgrade plan without an end of its own (MAINT-3 window check)
    upgrade_default_duration: timedelta = timedelta(hours=4)
    # Backups and DR (BAK-2, 3, 5, 6)
    retention_keep_good: int = 3
    retention_days: int = 33
    recovery_point_grace: timedelta = timedelta(hours=6)
    dr_objective_business_days: int = 1
    backup_checklist: tuple[str, ...] = DEFAULT_BACKUP_CHECKLIST
    # Responsibilities (RESP-1)
    responsibilities: MappingProxyType = field(default_factory=lambda: DEFAULT_RESPONSIBILITIES)

    def region(self, region: Region) -> RegionRef:
        return self.regions[region]


DEFAULT_REFERENCE = ReferenceData()
