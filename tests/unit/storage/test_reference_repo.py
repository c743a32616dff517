"""Reference data rows: seeded from the defaults, loaded back, edited with an audit trail."""

from __future__ import annotations

import json
from datetime import time, timedelta
from types import MappingProxyType

import pytest

from di_desk.domain.enums import MaintenanceType, Region, Severity
from di_desk.domain.reference import DEFAULT_REFERENCE, Objective, RegionRef
from di_desk.storage import audit
from di_desk.storage.errors import InvalidReferenceValue
from di_desk.storage.reference_repo import (
    KEYS,
    decode,
    encode,
    load_reference,
    reference_entries,
    reset_reference,
    seed_reference,
    update_reference,
)
from di_desk.storage.tables import AuditLog, ReferenceEntry

from .conftest import T0


@pytest.mark.parametrize("key", KEYS)
def test_every_field_survives_json(key):
    value = getattr(DEFAULT_REFERENCE, key)
    assert decode(json.loads(json.dumps(encode(value))), value) == value


def test_seeded_on_first_open(db):
    entries = reference_entries(db)
    assert [e["key"] for e in entries] == sorted(KEYS)
    assert all(e["is_default"] for e in entries)
    assert load_reference(db) == DEFAULT_REFERENCE
    assert seed_reference(db) == 0  # idempotent
    matrix = ReferenceEntry.get(ReferenceEntry.key == "severity_matrix").value
    assert ["critical", "widespread"] in [k for k, _ in matrix]


def test_update_overrides_default_and_is_audited(db):
    objectives = dict(DEFAULT_REFERENCE.objectives)
    objectives[Severity.S3] = Objective("business_days", days=2)
    update_reference(db, "objectives", MappingProxyType(objectives), "ann", at=T0)
    ref = load_reference(db)
    assert ref.objectives[Severity.S3] == Objective("business_days", days=2)
    assert ref.objectives[Severity.S1] == DEFAULT_REFERENCE.objectives[Severity.S1]
    assert ref.tac_phone == DEFAULT_REFERENCE.tac_phone
    row = AuditLog.get(AuditLog.entity == "reference")
    assert (row.who, row.at, row.field) == ("ann", T0, "objectives")
    assert json.loads(row.old)["S3"]["days"] == 1
    assert json.loads(row.new)["S3"]["days"] == 2
    entry = ReferenceEntry.get(ReferenceEntry.key == "objectives")
    assert (entry.is_default, entry.updated_by, entry.updated_at) == (False, "ann", T0)


def test_update_accepts_json_form(db):
    regions = encode(DEFAULT_REFERENCE.regions)
    regions["UK"]["zone"] = "Europe/London"
    regions["UK"]["window_opens"] = "22:00"
    update_reference(db, "regions", regions, "ann")
    update_reference(db, "weekend_types", ["infrastructure", "emergency"], "ann")
    update_reference(db, "recovery_point_grace", 4 * 3600, "ann")
    update_reference(db, "change_management_email", "cm@example.com", "ann")
    ref = load_reference(db)
    assert ref.regions[Region.UK] == RegionRef(Region.UK, "Europe/London", "GB", time(22, 0))
    assert ref.weekend_types == {MaintenanceType.INFRASTRUCTURE, MaintenanceType.EMERGENCY}
    assert ref.recovery_point_grace == timedelta(hours=4)
    assert ref.change_management_email == "cm@example.com"
    assert len(audit.history("reference")) == 4


def test_upgrade_default_duration_is_editable_in_seconds(db):
    """MAINT-3/REL-5: the length of an upgrade plan without an end is reference data."""
    assert load_reference(db).upgrade_default_duration == timedelta(hours=4)
    update_reference(db, "upgrade_default_duration", 6 * 3600, "ann")
    assert load_reference(db).upgrade_default_duration == timedelta(hours=6)
    assert audit.history("reference")[0]["field"] == "upgrade_default_duration"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("nope", 1),
        ("retention_days", "thirty"),
        ("retention_days", 2.5),
        ("workdays", ["monday"]),
        ("objectives", {"S9": {"kind": "wall"}}),
        ("business_opens", "25:00"),
    ],
)
def test_invalid_values_refused_without_writing(db, key, value):
    with pytest.raises(InvalidReferenceValue):
        update_reference(db, key, value, "ann")
    assert AuditLog.select().where(AuditLog.entity == "reference").count() == 0
    assert load_reference(db) == DEFAULT_REFERENCE


def test_unchanged_value_writes_nothing(db):
    update_reference(db, "retention_days", 40, "ann")
    update_reference(db, "retention_days", 40, "bob")
    assert len(audit.history("reference")) == 1


def test_reset_returns_to_the_code_default(db):
    update_reference(db, "retention_days", 40, "ann")
    reset_reference(db, "retention_days", "bob")
    assert load_reference(db).retention_days == DEFAULT_REFERENCE.retention_days
    entry = ReferenceEntry.get(ReferenceEntry.key == "retention_days")
    assert entry.is_default
    assert [a["who"] for a in audit.history("reference")] == ["bob", "ann"]


def test_unedited_rows_follow_new_defaults(db):
    # a row seeded by an older version with another default value
    ReferenceEntry.update(value=99).where(ReferenceEntry.key == "retention_days").execute()
    assert load_reference(db).retention_days == DEFAULT_REFERENCE.retention_days
    assert seed_reference(db) == 1
    entry = ReferenceEntry.get(ReferenceEntry.key == "retention_days")
    assert entry.value == DEFAULT_REFERENCE.retention_days


def test_unreadable_edited_row_falls_back_to_default(db):
    ReferenceEntry.update(value="garbage", is_default=False).where(
        ReferenceEntry.key == "retention_days"
    ).execute()
    assert load_reference(db).retention_days == DEFAULT_REFERENCE.retention_days
