"""The Maintenance tab's use cases without Qt (MAINT-2, 3, 6, 7, 11, 13)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from di_desk.domain.cop import CopStep
from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.reschedule import RescheduleNotAllowed
from di_desk.services import cop_requests
from di_desk.storage import Repository, StaleEdit
from di_desk.storage import tables as t
from tests import maintenance_fixtures as md

AMS = "Europe/Amsterdam"


@pytest.fixture
def fx(tmp_path):
    fixture = md.build(tmp_path)
    yield fixture
    fixture.db.close()


@pytest.fixture
def service(fx):
    return md.service(fx)


def test_sme_cluster_region_follows_the_publisher(fx, service):
    """MAINT-2: the SME cluster of an EU customer with an AMER publisher is AMER."""
    clusters = {c.name: c for c in service.clusters(fx.customers[Region.EU])}
    assert clusters["WADDEN-CL1"].region is Region.EU
    assert clusters["WADDEN-SME"].region is Region.AMER
    assert service.region_for(fx.customers[Region.EU], fx.sme_cluster) is Region.AMER
    assert service.region_for(fx.customers[Region.EU], None) is Region.EU


def test_checks_are_cached_by_id_and_row_version(fx, service):
    """MAINT-3: a stored row is checked once per version; an edit is checked again."""
    row = service.get(fx.events["early"])
    first = service.check_row(row)
    assert first.rule_ids == ["MAINT-3"]
    assert service.check_row(dict(row)) is first
    start = md.local(date(2026, 3, 25), time(21, 30), "America/New_York")
    service.save({"start": start, "end": start + timedelta(hours=1)}, row["id"], 1)
    again = service.check_row(service.get(row["id"]))
    assert again is not first and again.ok
    assert service.cached_check_count() == 2


def test_stale_edit_is_refused(fx, service):
    service.save({"reason": "mine"}, fx.events["fine"], 1)
    with pytest.raises(StaleEdit):
        service.save({"reason": "theirs"}, fx.events["fine"], 1)


def test_events_between_includes_events_reaching_into_the_range(fx, service):
    start = md.local(date(2026, 3, 29), time(23), AMS)
    event_id = md.add_event(
        fx, Region.EU, MaintenanceType.INFRASTRUCTURE, start, start + timedelta(hours=3)
    )
    monday = md.local(date(2026, 3, 30), time(0), AMS)
    ids = [r["id"] for r in service.events_between(monday, monday + timedelta(days=7))]
    assert ids == [event_id]


def test_blackouts_between(fx, service):
    """MAINT-11: the EU customer's period 1–2 Apr in the week of 30 Mar, not the week before."""
    monday = md.local(date(2026, 3, 30), time(0), AMS)
    found = service.blackouts_between([fx.customers[Region.EU]], monday, monday + timedelta(days=7))
    assert [(c.name, b.first_day) for c, b in found] == [("Waddenkust Bouw B.V.", date(2026, 4, 1))]
    earlier = service.blackouts_between(
        [fx.customers[Region.EU]], monday - timedelta(days=7), monday
    )
    assert earlier == []


def test_reschedule_draft_and_record(fx, service):
    """MAINT-6: alternatives after the event, the e-mail, and the stored request."""
    row = service.get(fx.events["disruptive"])
    event = service.event_from_row(row)
    alternatives = service.alternatives(event, row["customer_id"])
    assert len(alternatives) == 3
    assert all(w.start_utc >= event.end and not w.weekend for w in alternatives)
    draft = service.draft_reschedule(event, "Month-end closing", alternatives)
    assert draft.to == "ucm-cloud-change-management@cisco.com"
    assert draft.mailto.startswith("mailto:ucm-cloud-change-management@cisco.com?subject=")
    stored = service.record_reschedule(row["id"], " Month-end closing ")
    assert stored["reason"] == "Month-end closing" and stored["requested_at"] == md.NOW
    service.record_reschedule(row["id"], "Month-end closing, details", stored["id"])
    assert [r["reason"] for r in service.reschedules(row["id"])] == ["Month-end closing, details"]


def test_no_reschedule_draft_for_an_emergency(fx, service):
    """MAINT-7."""
    event = service.event_from_row(service.get(fx.events["emergency"]))
    with pytest.raises(RescheduleNotAllowed):
        service.draft_reschedule(event, "Please move it")


def test_cop_steps_in_order(fx, service):
    """MAINT-13: steps are done in order; nothing is written for a step out of order."""
    customer = fx.customers[Region.EU]
    request_id = cop_requests.create_request(fx.db, customer, None, "Locale pack", md.NOW, md.WHO)
    with pytest.raises(ValueError, match="next step"):
        cop_requests.complete_steps(fx.db, request_id, [CopStep.PROVIDER_UPLOAD], md.NOW, md.WHO)
    request = cop_requests.complete_steps(
        fx.db, request_id, [CopStep.SERVICE_REQUEST, CopStep.PROVIDER_UPLOAD], md.NOW, md.WHO
    )
    assert request.next_step is CopStep.PARTNER_DOWNLOAD
    (info,) = cop_requests.cop_requests(fx.db, customer)
    assert [s for s, _at in info.request.completed] == [
        CopStep.SERVICE_REQUEST,
        CopStep.PROVIDER_UPLOAD,
    ]
    cop_requests.complete_steps(
        fx.db, request_id, [CopStep.PARTNER_DOWNLOAD, CopStep.PARTNER_INSTALL], md.NOW, md.WHO
    )
    assert Repository(fx.db, t.CopRequest).require(request_id)["status"] == "done"


def test_violating_ids_are_the_events_a_badge_would_flag(fx, service):
    """MAINT-3..11, "violations only": every matching event checked as the list checks
    it, page by page in the query's order, with progress; the filters still apply."""
    from di_desk.services import maintenance
    from di_desk.services.listing import IdSet, ListQuery

    every = service.source.ids(ListQuery(), 0, 100)
    rows = service.source.rows(every)
    flagged = {i for i in every if service.check_row(rows[i]).violations}
    assert fx.events["early"] in flagged and fx.events["fine"] not in flagged

    pages: list[tuple[int, int]] = []
    original = maintenance.CHECK_PAGE
    maintenance.CHECK_PAGE = 2
    try:
        found = service.violating_ids(ListQuery(), on_page=lambda d, t: pages.append((d, t)))
    finally:
        maintenance.CHECK_PAGE = original
    assert isinstance(found, IdSet) and found == flagged
    assert pages[-1] == (len(every), len(every)) and len(pages) == (len(every) + 1) // 2

    amer = ListQuery(filters={"region": Region.AMER, "id": IdSet({fx.events["fine"]})})
    assert service.violating_ids(amer) == {fx.events["early"]}  # an old id set is ignored
