"""LabelledEnum: tokens from files and the database become members (FILE-1..6)."""

from __future__ import annotations

import pytest

from di_desk.domain.enums import Application, BackupResult


def test_coerce_passes_members_and_parses_tokens_and_names():
    assert Application.coerce(Application.CUCM) is Application.CUCM
    assert Application.coerce("cucm") is Application.CUCM
    assert Application.coerce(" unity ") is Application.UNITY_CONNECTION
    assert BackupResult.coerce(BackupResult.coerce("GOOD")) is BackupResult.GOOD
    with pytest.raises(ValueError):
        Application.coerce("no such application")


def test_case1_case2_levels_in_the_guides_terms():
    """CASE-1/CASE-2: impact and urgency levels, in the order of the guide, with its Dutch terms."""
    from di_desk import i18n
    from di_desk.domain.enums import Impact, Urgency

    assert [u.value for u in Urgency] == ["critical", "high", "medium", "low"]
    assert [u.label for u in Urgency] == ["Critical", "High", "Medium", "Low"]
    i18n.install("nl")
    assert [u.label for u in Urgency] == ["Kritiek", "Hoog", "Gemiddeld", "Laag"]
    assert [i.label for i in Impact] == [
        "Wijdverbreid",
        "Groot",
        "Gelokaliseerd",
        "Geïndividualiseerd",
    ]
    assert Urgency.parse("CRITICAL") is Urgency.CRITICAL


def test_maint4_the_eight_types_and_their_file_tokens():
    """MAINT-4: the eight maintenance types; FILE-1 tokens match case-insensitively."""
    from di_desk.domain.enums import MaintenanceType

    assert [t.value for t in MaintenanceType] == [
        "routine",
        "disruptive",
        "certificate",
        "upgrade",
        "cop",
        "infrastructure",
        "partner_request",
        "emergency",
    ]
    assert MaintenanceType.parse("Partner_Request") is MaintenanceType.PARTNER_REQUEST
    assert MaintenanceType.parse("EMERGENCY") is MaintenanceType.EMERGENCY
    with pytest.raises(ValueError):
        MaintenanceType.parse("vulnerability_scan")  # MAINT-12: no such type
