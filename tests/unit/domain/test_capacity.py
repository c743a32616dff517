"""Capacity: contracted vs planned counts, over-capacity flags, expansion brief (CAP-1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.capacity import (
    Capacity,
    CapacityKind,
    CapacityLine,
    capacity_lines,
    expansion_brief,
    over_capacity,
)

KW, WS = CapacityKind.KNOWLEDGE_WORKERS, CapacityKind.WORKSPACE_DEVICES


def test_cap1_kinds():
    """CAP-1: Knowledge Workers and Workspace devices."""
    assert [k.value for k in CapacityKind] == ["knowledge_workers", "workspace_devices"]
    assert [k.label for k in CapacityKind] == ["Knowledge Workers", "Workspace devices"]


def test_cap1_lines_per_kind():
    cap = Capacity("Acme", 1000, 50, 1200, 40)
    assert capacity_lines(cap) == [CapacityLine(KW, 1000, 1200), CapacityLine(WS, 50, 40)]
    kw, ws = capacity_lines(cap)
    assert (kw.over, kw.shortfall) == (True, 200)
    assert (ws.over, ws.shortfall) == (False, 0)


@pytest.mark.parametrize(
    ("counts", "over"),
    [
        ((1000, 50, 1000, 50), []),  # exactly at capacity is fine
        ((1000, 50, 999, 0), []),
        ((1000, 50, 1001, 50), [KW]),
        ((1000, 50, 1000, 51), [WS]),
        ((0, 0, 1, 1), [KW, WS]),
    ],
)
def test_cap1_flags_planned_growth_beyond_contracted(counts, over):
    """CAP-1: planned beyond contracted is flagged, per kind."""
    assert over_capacity(Capacity("Acme", *counts)) == over


def test_cap1_counts_cannot_be_negative():
    with pytest.raises(ValueError):
        Capacity("Acme", -1, 0, 0, 0)
    with pytest.raises(ValueError):
        Capacity("Acme", 0, 0, 0, -5)


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_cap1_property_shortfall(ck, cw, pk, pw):
    cap = Capacity("Acme", ck, cw, pk, pw)
    for line in capacity_lines(cap):
        assert line.shortfall == max(0, line.planned - line.contracted)
        assert line.over is (line.shortfall > 0)
        assert line.contracted + line.shortfall >= line.planned


def test_cap1_expansion_brief():
    """CAP-1: a case-brief draft for the TAC case requesting the expansion."""
    text = expansion_brief(
        Capacity("Acme", 1000, 50, 1200, 50), contract="SC-123", requested_by="Jan de Vries"
    )
    lines = text.splitlines()
    assert lines[0] == "Request: capacity expansion for Dedicated Instance customer Acme"
    assert "Subscription or contract number: SC-123" in lines
    assert "Requested by: Jan de Vries" in lines
    assert "Knowledge Workers: contracted 1000, planned 1200, additional 200" in lines
    assert "Workspace devices: contracted 50, planned 50, additional 0" in lines
    assert "expansion plan" in text
    assert "only after the extra capacity has been added" in text


def test_cap1_expansion_brief_without_optional_fields():
    text = expansion_brief(Capacity("Acme", 10, 10, 10, 11))
    assert "contract number" not in text and "Requested by" not in text


def test_cap1_no_brief_within_capacity():
    with pytest.raises(ValueError, match="within the contracted capacity"):
        expansion_brief(Capacity("Acme", 10, 10, 10, 10))


def test_cap1_brief_goes_out_in_the_provider_language():
    """CAP-1: the request goes to the provider: English even when the UI is Dutch."""
    i18n.install("nl")
    text = expansion_brief(Capacity("Acme", 10, 10, 11, 10))
    assert (
        text.splitlines()[0] == "Request: capacity expansion for Dedicated Instance customer Acme"
    )
    assert "Knowledge Workers: contracted 10, planned 11" in text
    dutch = expansion_brief(Capacity("Acme", 10, 10, 11, 10), language="nl")
    assert (
        dutch.splitlines()[0]
        == "Verzoek: capaciteitsuitbreiding voor Dedicated Instance-klant Acme"
    )
    assert i18n.current_language() == "nl"  # the UI language is untouched
