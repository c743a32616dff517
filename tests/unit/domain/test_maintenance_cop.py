"""COP requests and their scheduling path (MAINT-13)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from di_desk.domain.cop import (
    COP_STEPS,
    CopKind,
    CopPath,
    CopRequest,
    CopStep,
    cop_event_template,
    cop_path,
    step_actor,
)
from di_desk.domain.enums import MaintenanceType

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)


def test_maint13_customer_steps_in_order():
    """MAINT-13: service request → provider upload to SFTP → partner download → install."""
    assert COP_STEPS == (
        CopStep.SERVICE_REQUEST,
        CopStep.PROVIDER_UPLOAD,
        CopStep.PARTNER_DOWNLOAD,
        CopStep.PARTNER_INSTALL,
    )
    assert [step_actor(s) for s in COP_STEPS] == [
        "Customer or partner",
        "Provider",
        "Partner",
        "Partner",
    ]
    assert "Control Hub" in CopStep.SERVICE_REQUEST.label
    assert "SFTP" in CopStep.PROVIDER_UPLOAD.label


def test_maint13_tracker_next_step_and_done_flags():
    """MAINT-13: the tracker shows each step's done flag and the next step."""
    request = CopRequest("Acme", "cmterm-devicepack-14.cop.sha512", CopKind.DEVICE_PACK)
    assert request.next_step is CopStep.SERVICE_REQUEST and not request.is_complete
    for i, step in enumerate(COP_STEPS):
        request = request.complete(step, T0 + timedelta(days=i))
        rows = request.steps()
        assert [r.done for r in rows] == [j <= i for j in range(4)]
        assert [r.is_next for r in rows].count(True) == (0 if i == 3 else 1)
    assert request.is_complete and request.next_step is None
    assert request.steps()[1].done_at == T0 + timedelta(days=1)
    assert request.is_done(CopStep.PARTNER_INSTALL)


def test_maint13_steps_cannot_be_skipped():
    """MAINT-13: a later step before the earlier ones is refused, naming the next step."""
    request = CopRequest("Acme", "locale-nl.cop", CopKind.LOCALE_PACK)
    with pytest.raises(ValueError, match="the next step is: Create a service request"):
        request.complete(CopStep.PARTNER_INSTALL, T0)
    done = request
    for step in COP_STEPS:
        done = done.complete(step, T0)
    with pytest.raises(ValueError, match="All steps"):
        done.complete(CopStep.PARTNER_INSTALL, T0)
    assert request.completed == ()  # unchanged (frozen)


def test_maint13_paths():
    """MAINT-13: customer request; provider emergency in the window; other provider COP
    through regular change management."""
    assert cop_path(provider_initiated=False) is CopPath.CUSTOMER_REQUEST
    assert cop_path(provider_initiated=False, emergency=True) is CopPath.CUSTOMER_REQUEST
    assert cop_path(provider_initiated=True, emergency=True) is CopPath.PROVIDER_EMERGENCY
    assert cop_path(provider_initiated=True) is CopPath.PROVIDER_REGULAR
    assert "scheduled maintenance window" in CopPath.PROVIDER_EMERGENCY.label
    assert "change-management" in CopPath.PROVIDER_REGULAR.label


def test_maint13_event_templates():
    """MAINT-13/7: emergency COP is an urgent COP event (window applies, no reschedule);
    regular COP an ordinary COP event; a customer COP creates no maintenance event."""
    emergency = cop_event_template(CopPath.PROVIDER_EMERGENCY)
    assert emergency is not None
    assert emergency.type is MaintenanceType.COP and emergency.urgent
    regular = cop_event_template(CopPath.PROVIDER_REGULAR)
    assert regular is not None
    assert regular.type is MaintenanceType.COP and not regular.urgent
    assert cop_event_template(CopPath.CUSTOMER_REQUEST) is None
