"""Who is responsible: partner, provider or both, per topic (RESP-1)."""

from __future__ import annotations

import gettext
from dataclasses import replace
from types import MappingProxyType

import pytest

from di_desk import i18n
from di_desk.domain.enums import Party
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.domain.responsibilities import responsibilities, responsible_for, topics_of

REF = DEFAULT_REFERENCE


def test_resp1_every_topic_of_the_spec_has_a_row():
    """RESP-1: support, notifications, change, maintenance, incident, COP, capacity,
    release, network, backup/restore."""
    rows = responsibilities(REF)
    assert [r.topic for r in rows] == [
        "Support",
        "Notifications",
        "Change management",
        "Maintenance",
        "Incident management",
        "COP files",
        "Capacity management",
        "Release management",
        "Network management",
        "Backup and restore",
    ]
    assert all(isinstance(r.party, Party) for r in rows)
    assert rows[0].party_label == "Partner and provider"


def test_resp1_whose_job_is_this():
    assert responsible_for("Release management", REF) is Party.PROVIDER
    assert responsible_for("  backup AND restore ", REF) is Party.BOTH
    with pytest.raises(KeyError):
        responsible_for("Catering", REF)


def test_resp1_topics_per_party():
    provider = topics_of(Party.PROVIDER, REF)
    assert "Release management" in provider and "Support" in provider
    assert "Support" not in topics_of(Party.PROVIDER, REF, shared=False)
    assert topics_of(Party.BOTH, REF) == [
        r.topic for r in responsibilities(REF) if r.party is Party.BOTH
    ]


def test_resp1_rows_are_reference_data():
    ref = replace(REF, responsibilities=MappingProxyType({"Support": "partner"}))
    (row,) = responsibilities(ref)
    assert (row.key, row.party) == ("Support", Party.PARTNER)


def test_resp1_translated_at_call_time(monkeypatch):
    class Pseudo(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return f"«{message}»"

    monkeypatch.setattr(i18n, "_translations", Pseudo())
    row = responsibilities(REF)[0]
    assert (row.key, row.topic, row.party_label) == (
        "Support",
        "«Support»",
        "«Partner and provider»",
    )
    assert responsible_for("«Support»", REF) is Party.BOTH
