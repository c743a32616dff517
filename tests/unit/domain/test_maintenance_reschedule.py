"""The reschedule request e-mail and alternative windows (MAINT-6, MAINT-7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest

from di_desk import i18n
from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.maintenance import Blackout, MaintenanceEvent
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.domain.reschedule import (
    RescheduleDraft,
    RescheduleNotAllowed,
    reschedule_request,
    suggest_alternatives,
)
from di_desk.domain.windows import window_on

REF = DEFAULT_REFERENCE
EU = REF.region(Region.EU)
AMS = ZoneInfo("Europe/Amsterdam")

EVENT = MaintenanceEvent(
    customer="Acme & Sons",
    cluster="AMS-CUCM-01",
    region=Region.EU,
    type=MaintenanceType.UPGRADE,
    start=datetime(2026, 3, 30, 21, tzinfo=AMS),
    end=datetime(2026, 3, 31, 1, 30, tzinfo=AMS),
    notice_sent=date(2026, 3, 16),
)


def test_maint6_draft_addresses_change_management():
    """MAINT-6: to the reference address, subject naming type, customer, cluster, start."""
    draft = reschedule_request(EVENT, EU, REF, "Quarter-end closing; no disruption allowed.")
    assert draft.to == "ucm-cloud-change-management@cisco.com"
    assert draft.subject == (
        "Reschedule request: Application upgrade for Acme & Sons, cluster AMS-CUCM-01, "
        "Mon, 30 Mar 2026 21:00"
    )


def test_maint6_draft_body_has_all_facts():
    """MAINT-6: customer, cluster, type, times in the region zone and UTC, notice, alternatives,
    reason; the provider's choice of date is acknowledged."""
    alternatives = [
        window_on(EU, date(2026, 4, 7)),
        (
            datetime(2026, 4, 8, 22, tzinfo=AMS),
            datetime(2026, 4, 9, 2, tzinfo=AMS),
        ),
    ]
    draft = reschedule_request(
        EVENT,
        EU,
        REF,
        "  Quarter-end closing.\nNo disruption allowed.  ",
        alternatives,
        sender="Jan de Vries, Partner BV",
    )
    body = draft.body
    for expected in (
        "Customer: Acme & Sons",
        "Cluster: AMS-CUCM-01",
        "Region: EU",
        "Type: Application upgrade",
        "Scheduled: Mon, 30 Mar 2026 21:00 – Tue, 31 Mar 2026 01:30 (Europe/Amsterdam)",
        "Scheduled (UTC): Mon, 30 Mar 2026 19:00 – Mon, 30 Mar 2026 23:30",
        "Notice received: Mon, 16 Mar 2026",
        "Proposed alternatives (Europe/Amsterdam):",
        "- Tue, 7 Apr 2026 21:00 – Wed, 8 Apr 2026 06:00",
        "- Wed, 8 Apr 2026 22:00 – Thu, 9 Apr 2026 02:00",
        "Reason for the request:\nQuarter-end closing.\nNo disruption allowed.\n",
        "your choice among your available dates",
    ):
        assert expected in body
    assert body.rstrip().endswith("Kind regards,\nJan de Vries, Partner BV")
    assert draft.text.startswith(
        "To: ucm-cloud-change-management@cisco.com\nSubject: Reschedule request"
    )


def test_maint6_draft_without_alternatives_or_notice():
    """MAINT-6: no alternatives → asks the provider for dates; no notice line without one."""
    draft = reschedule_request(replace(EVENT, notice_sent=None), EU, REF, "Go-live week")
    assert "Proposed alternatives: none; please propose your available dates." in draft.body
    assert "Notice received" not in draft.body
    assert draft.body.rstrip().endswith("Kind regards,")


def test_maint6_notice_instant_shown_in_region_zone():
    """MAINT-6: an instant notice is shown with its local time in the region's zone."""
    ev = replace(EVENT, notice_sent=datetime(2026, 3, 16, 8, tzinfo=UTC))
    assert "Notice received: Mon, 16 Mar 2026 09:00" in reschedule_request(ev, EU, REF, "x").body


def test_maint6_mailto_round_trips():
    """MAINT-6: the mailto: link decodes back to the address, subject and CRLF body."""
    draft = reschedule_request(EVENT, EU, REF, "Reason with & and = and ? and #")
    url = draft.mailto
    assert url.startswith("mailto:ucm-cloud-change-management@cisco.com?subject=")
    assert " " not in url and "\n" not in url and "#" not in url
    parts = urlsplit(url)
    assert unquote(parts.path) == draft.to
    query = parse_qs(parts.query)
    assert query["subject"] == [draft.subject]
    assert query["body"] == [draft.body.replace("\n", "\r\n")]
    assert "%0D%0A" in url


def test_maint6_mailto_encodes_non_ascii():
    """MAINT-6: non-ASCII text (Dutch customer names) is UTF-8 percent-encoded."""
    draft = RescheduleDraft("a@b.example", "Geïndividualiseerd", "Één\nregel")
    assert draft.mailto == (
        "mailto:a@b.example?subject=Ge%C3%AFndividualiseerd&body=%C3%89%C3%A9n%0D%0Aregel"
    )


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_maint6_reason_required(reason):
    """MAINT-6: a reschedule request needs a detailed reason."""
    with pytest.raises(ValueError, match="detailed reason"):
        reschedule_request(EVENT, EU, REF, reason)


def test_maint7_no_draft_for_emergency_or_urgent():
    """MAINT-7: emergency and urgent changes cannot be rescheduled."""
    with pytest.raises(RescheduleNotAllowed, match="cannot be rescheduled"):
        reschedule_request(replace(EVENT, type=MaintenanceType.EMERGENCY), EU, REF, "Busy week")
    with pytest.raises(RescheduleNotAllowed, match="certificates about to expire"):
        reschedule_request(replace(EVENT, urgent=True), EU, REF, "Busy week")


def test_maint6_draft_in_the_provider_language():
    """MAINT-6/i18n: the e-mail goes to the provider's change management, so its text
    and dates follow the reference's provider language, not the UI's."""
    i18n.install("nl")
    draft = reschedule_request(EVENT, EU, REF, "Kwartaalafsluiting")
    assert "Scheduled: Mon, 30 Mar 2026 21:00" in draft.body
    dutch = reschedule_request(EVENT, EU, replace(REF, provider_language="nl"), "Afsluiting")
    assert "ma 30 mrt 2026 21:00" in dutch.body
    with pytest.raises(ValueError, match="reden"):  # refusals speak the user's language
        reschedule_request(EVENT, EU, REF, " ")


def test_maint6_suggest_alternatives_weekday_windows_only_for_upgrade():
    """MAINT-3/6: alternatives for an upgrade skip weekend windows."""
    friday = datetime(2026, 4, 3, 12, tzinfo=AMS)
    found = suggest_alternatives(EVENT, EU, REF, friday, count=3)
    assert [w.local_date for w in found] == [date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 7)]
    infra = replace(EVENT, type=MaintenanceType.INFRASTRUCTURE)
    found = suggest_alternatives(infra, EU, REF, friday, count=3)
    assert [w.local_date.weekday() for w in found] == [4, 5, 6]


def test_maint11_suggest_alternatives_avoid_blackouts():
    """MAINT-11/6: windows overlapping the customer's blackout periods are skipped."""
    after = datetime(2026, 4, 6, 12, tzinfo=AMS)  # Monday
    blackouts = [
        Blackout(date(2026, 4, 6), date(2026, 4, 7), customer="Acme & Sons"),
        Blackout(date(2026, 4, 8), date(2026, 4, 30), customer="Someone else"),
    ]
    found = suggest_alternatives(EVENT, EU, REF, after, count=2, blackouts=blackouts)
    assert [w.local_date for w in found] == [date(2026, 4, 8), date(2026, 4, 9)]


def test_maint6_suggest_alternatives_needs_room_for_the_event():
    """MAINT-3/6: an 8.5 h event fits only windows of ≥ 8.5 h; a 9.5 h one only the 10 h night."""
    ev = replace(EVENT, type=MaintenanceType.INFRASTRUCTURE)
    long_event = replace(ev, end=ev.start + timedelta(hours=9, minutes=30))
    found = suggest_alternatives(long_event, EU, REF, datetime(2026, 3, 1, tzinfo=UTC), count=1)
    assert [w.local_date for w in found] == [date(2026, 10, 24)]
    impossible = replace(ev, end=ev.start + timedelta(hours=11))
    assert suggest_alternatives(impossible, EU, REF, datetime(2026, 3, 1, tzinfo=UTC)) == []
    assert suggest_alternatives(EVENT, EU, REF, datetime(2026, 3, 1, tzinfo=UTC), count=0) == []
