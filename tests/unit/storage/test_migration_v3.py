"""Schema v3: certificate.customer_id and the MAINT-10 SSO follow-up table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from peewee import IntegrityError

from di_desk.storage.db import integrity_check, open_database, schema_version
from di_desk.storage.migrations import SCHEMA_VERSION, pending_steps
from di_desk.storage.tables import Certificate, CertificateFollowUp

from .conftest import T0

SCHEMA_V1 = Path(__file__).parent / "data" / "schema_v1.sql"


def _make_v2_with_certificate(path: Path) -> None:
    """A version-2 file (v1 schema + step 2) holding one certificate."""
    conn = sqlite3.connect(path)
    conn.executescript("BEGIN;\n" + SCHEMA_V1.read_text(encoding="utf-8") + "\nCOMMIT;")
    conn.execute(
        "INSERT INTO customer (id, row_version, name, region, sso, contracted_knowledge_workers,"
        " contracted_workspace_devices, planned_knowledge_workers, planned_workspace_devices,"
        " notes) VALUES (1, 1, 'Acme', 'EU', 1, 0, 0, 0, 0, '')"
    )
    conn.execute("INSERT INTO cluster (id, row_version, customer_id, name, is_sme)"
                 " VALUES (1, 1, 1, 'C1', 0)")  # fmt: skip
    conn.execute(
        "INSERT INTO certificate (id, row_version, cluster_id, subject, expires_at)"
        " VALUES (7, 1, 1, 'tomcat', ?)",
        (int(T0.timestamp()),),
    )
    conn.execute("ALTER TABLE backup ADD COLUMN source VARCHAR(255)")
    conn.execute('CREATE INDEX "backup_customer_id_result_taken_at" ON "backup"'
                 ' ("customer_id", "result", "taken_at")')  # fmt: skip
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_v3_is_the_step_after_v2():
    assert SCHEMA_VERSION >= 3
    assert pending_steps(2)[0].version == 3


def test_migrating_v2_keeps_certificates_and_adds_follow_ups(tmp_path):
    """MAINT-10: a v2 file gains the follow-up table; its certificates stay as they were."""
    path = tmp_path / "di-desk.sqlite"
    _make_v2_with_certificate(path)
    db = open_database(path)
    try:
        assert db.migrated_from == 2
        assert schema_version(db) == SCHEMA_VERSION
        cert = Certificate.get_by_id(7)
        assert (cert.subject, cert.expires_at, cert.customer_id) == ("tomcat", T0, None)
        CertificateFollowUp.create(
            certificate=7, expires_at=T0, position=1, action="Disable SSO", done_at=T0
        )
        with pytest.raises(IntegrityError), db.atomic():
            CertificateFollowUp.create(certificate=7, expires_at=T0, position=1)
        # deleting the certificate deletes its follow-ups
        Certificate.delete_by_id(7)
        assert CertificateFollowUp.select().count() == 0
        assert integrity_check(db) == []
    finally:
        db.close()
