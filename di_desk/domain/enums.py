"""Enumerations of the domain, with their translatable labels.

Each enum's ``value`` is the stable token used in files and the database
(FILE-1..6); ``label`` is the text shown to the user in the active language.
"""

from __future__ import annotations

from enum import Enum
from typing import Self

from di_desk.i18n import N_, _


class LabelledEnum(str, Enum):
    """A string enum whose members carry a translatable label."""

    def __new__(cls, value: str, label: str = ""):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj._label = label or value  # type: ignore[attr-defined]
        return obj

    @property
    def label(self) -> str:
        return _(self._label)  # type: ignore[attr-defined]

    @classmethod
    def parse(cls, text: str):
        """Match ``text`` case-insensitively against values (and member names)."""
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        for member in cls:
            if key in (member.value.lower(), member.name.lower()):
                return member
        raise ValueError(text)

    @classmethod
    def coerce(cls, value: Self | str) -> Self:
        """``value`` as a member: a member passes through, text goes through :meth:`parse`."""
        return value if isinstance(value, cls) else cls.parse(str(value))

    def __str__(self) -> str:
        return self.value


class Impact(LabelledEnum):
    """CASE-1: share of the partner's environment affected."""

    WIDESPREAD = "widespread", N_("Widespread")
    LARGE = "large", N_("Large")
    LOCALIZED = "localized", N_("Localized")
    INDIVIDUALIZED = "individualized", N_("Individualized")


class Urgency(LabelledEnum):
    """CASE-2."""

    CRITICAL = "critical", N_("Critical")
    HIGH = "high", N_("High")
    MEDIUM = "medium", N_("Medium")
    LOW = "low", N_("Low")


class Severity(LabelledEnum):
    """CASE-3: S1 is the most severe."""

    S1 = "S1", N_("S1 (Critical)")
    S2 = "S2", N_("S2 (High)")
    S3 = "S3", N_("S3 (Medium)")
    S4 = "S4", N_("S4 (Low)")

    @property
    def rank(self) -> int:
        """1 for S1 … 4 for S4 (lower is more severe)."""
        return int(self.value[1])


class CaseStatus(LabelledEnum):
    """CASE-10 life cycle."""

    DRAFT = "draft", N_("Draft")
    OPENED = "opened", N_("Opened")
    ACKNOWLEDGED = "acknowledged", N_("Acknowledged")
    ACTION_PLAN = "action_plan", N_("Action plan given")
    RESOLVED = "resolved", N_("Resolved")
    MONITORING = "monitoring", N_("Monitoring")
    CLOSED = "closed", N_("Closed")


class CaseCategory(LabelledEnum):
    """CASE-12: partner-side categories."""

    USER_QUESTION = "user_question", N_("User question")
    COMMON_PROBLEM = "common_problem", N_("Common support problem")
    CLIENT_CONFIGURATION = "client_configuration", N_("Client configuration")
    APPLICATION_ERROR = "application_error", N_("Possible application error")
    SERVICE_OUTAGE = "service_outage", N_("Service outage or availability")


class Party(LabelledEnum):
    PARTNER = "partner", N_("Partner")
    PROVIDER = "provider", N_("Provider")
    BOTH = "both", N_("Partner and provider")


class Region(LabelledEnum):
    """MAINT-1."""

    AMER = "AMER", N_("AMER")
    APJC = "APJC", N_("APJC")
    AUS = "AUS", N_("AUS")
    EU = "EU", N_("EU")
    EMEA = "EMEA", N_("EMEA")
    UK = "UK", N_("UK")


class MaintenanceType(LabelledEnum):
    """MAINT-4 (tokens of FILE-1)."""

    ROUTINE = "routine", N_("Routine maintenance")
    DISRUPTIVE = "disruptive", N_("Planned disruptive maintenance")
    CERTIFICATE = "certificate", N_("Certificate renewal")
    UPGRADE = "upgrade", N_("Application upgrade")
    COP = "cop", N_("COP install")
    INFRASTRUCTURE = "infrastructure", N_("Provider infrastructure maintenance")
    PARTNER_REQUEST = "partner_request", N_("Partner-requested change")
    EMERGENCY = "emergency", N_("Emergency change")


class Application(LabelledEnum):
    """REL-1 (tokens of FILE-6)."""

    CUCM = "CUCM", N_("CUCM")
    UNITY_CONNECTION = "Unity Connection", N_("Unity Connection")
    IM_PRESENCE = "IM & Presence", N_("IM & Presence")
    CER = "CER", N_("CER")
    EXPRESSWAY = "Expressway", N_("Expressway")
    SME = "SME", N_("SME")

    @classmethod
    def parse(cls, text: str):
        key = " ".join(text.strip().lower().replace("_", " ").split())
        aliases = {
            "cucxn": cls.UNITY_CONNECTION,
            "unity": cls.UNITY_CONNECTION,
            "im&p": cls.IM_PRESENCE,
            "im & p": cls.IM_PRESENCE,
            "imp": cls.IM_PRESENCE,
            "im and presence": cls.IM_PRESENCE,
            "emergency responder": cls.CER,
        }
        if key in aliases:
            return aliases[key]
        for member in cls:
            if key in (member.value.lower(), member.name.lower().replace("_", " ")):
                return member
        raise ValueError(text)


class BackupResult(LabelledEnum):
    GOOD = "good", N_("Good")
    FAILED = "failed", N_("Failed")


class DrKind(LabelledEnum):
    """BAK-5."""

    APPLICATION_FAILURE = "application_failure", N_("Application failure or corruption")
    HARDWARE_FAILURE = "hardware_failure", N_("Hardware failure")
