"""Certificate renewal windows and SSO follow-ups (MAINT-10)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from di_desk import i18n
from di_desk.domain.certificates import (
    RenewalStatus,
    renewal_status,
    renewal_window,
    sso_follow_ups,
)
from di_desk.domain.reference import DEFAULT_REFERENCE

REF = DEFAULT_REFERENCE
E = datetime(2026, 7, 10, 14, 30, tzinfo=UTC)


def test_maint10_window_is_7_to_3_calendar_days_before_expiry():
    """MAINT-10/TIME-5: [E − 7 × 24 h, E − 3 × 24 h], both ends included."""
    window = renewal_window(E, REF)
    assert window.earliest == datetime(2026, 7, 3, 14, 30, tzinfo=UTC)
    assert window.latest == datetime(2026, 7, 7, 14, 30, tzinfo=UTC)
    assert window.contains(window.earliest) and window.contains(window.latest)
    assert not window.contains(window.earliest - timedelta(seconds=1))
    assert not window.contains(window.latest + timedelta(seconds=1))
    assert not window.by_date


def test_maint10_window_across_a_dst_change_is_24h_days():
    """MAINT-10/TIME-5: days are 24 h even when the local clock changes (29 Mar 2026)."""
    expires = datetime(2026, 4, 1, 12, tzinfo=UTC)
    assert renewal_window(expires, REF).earliest == datetime(2026, 3, 25, 12, tzinfo=UTC)


def test_maint10_window_by_date_and_leap_day():
    """MAINT-10: a date expiry gives a window of dates; leap years count 29 February."""
    window = renewal_window(date(2028, 3, 3), REF)
    assert (window.earliest, window.latest) == (date(2028, 2, 25), date(2028, 2, 29))
    assert window.by_date
    assert window.contains(date(2028, 2, 29))
    assert not window.contains(date(2028, 3, 1))
    # An instant is compared by its local date in the given zone.
    late_evening = datetime(2028, 2, 29, 22, 30, tzinfo=UTC)  # 1 March in Tokyo
    assert window.contains(late_evening, "Europe/Amsterdam")
    assert not window.contains(late_evening, "Asia/Tokyo")


def test_maint10_window_year_end():
    """MAINT-10: expiry on 2 January → window 26–30 December."""
    window = renewal_window(date(2027, 1, 2), REF)
    assert (window.earliest, window.latest) == (date(2026, 12, 26), date(2026, 12, 30))


def test_maint10_mixing_dates_and_instants_needs_a_zone():
    """MAINT-10: no silent guess when comparing an instant with dates (or vice versa)."""
    with pytest.raises(ValueError):
        renewal_window(date(2026, 7, 10), REF).contains(E)
    with pytest.raises(ValueError):
        renewal_window(E, REF).contains(date(2026, 7, 5))
    with pytest.raises(ValueError):
        renewal_window(datetime(2026, 7, 10), REF)  # naive


def test_maint10_days_are_reference_data():
    """MAINT-10: the 7 and 3 come from the reference data."""
    ref = replace(REF, cert_renewal_earliest_days=10, cert_renewal_latest_days=1)
    window = renewal_window(date(2026, 7, 10), ref)
    assert (window.earliest, window.latest) == (date(2026, 6, 30), date(2026, 7, 9))


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (E - timedelta(days=8), RenewalStatus.UPCOMING),
        (E - timedelta(days=7), RenewalStatus.IN_WINDOW),
        (E - timedelta(days=3), RenewalStatus.IN_WINDOW),
        (E - timedelta(days=2), RenewalStatus.ABOUT_TO_EXPIRE),
        (E - timedelta(seconds=1), RenewalStatus.ABOUT_TO_EXPIRE),
        (E, RenewalStatus.EXPIRED),
    ],
)
def test_maint10_renewal_status(now, status):
    """MAINT-10/7: before, in, after the window (about to expire = urgent), expired."""
    assert renewal_status(E, now, REF) is status


def test_maint10_renewal_status_by_date():
    """MAINT-10: with a date expiry, now is read as a local date in the zone."""
    expires = date(2026, 7, 10)
    now = datetime(2026, 7, 6, 23, tzinfo=UTC)  # 7 July in Amsterdam = E − 3
    assert renewal_status(expires, now, REF, "Europe/Amsterdam") is RenewalStatus.IN_WINDOW
    assert renewal_status(expires, now, REF, "America/New_York") is RenewalStatus.IN_WINDOW
    assert (
        renewal_status(expires, datetime(2026, 7, 10, tzinfo=UTC), REF, "UTC")
        is RenewalStatus.EXPIRED
    )


def test_maint10_sso_follow_ups():
    """MAINT-10: with SSO, four ordered follow-up actions; without SSO none."""
    actions = sso_follow_ups(True, REF)
    assert [a.title for a in actions] == [
        "Disable SSO",
        "Re-import the IdP metadata file",
        "Re-enable SSO",
        "Validate SSO",
    ]
    assert [a.order for a in actions] == [1, 2, 3, 4]
    assert not any(a.done for a in actions)
    assert sso_follow_ups(False, REF) == ()


def test_maint10_sso_follow_ups_are_reference_data_and_translated(monkeypatch):
    """MAINT-10: the list is reference data and its titles go through the catalog."""
    ref = replace(REF, sso_follow_ups=("Step A", "Step B"))
    assert [a.title for a in sso_follow_ups(True, ref)] == ["Step A", "Step B"]

    class Upper(i18n._gettext.NullTranslations):
        def gettext(self, message):
            return message.upper()

    monkeypatch.setattr(i18n, "_translations", Upper())
    assert sso_follow_ups(True, REF)[0].title == "DISABLE SSO"
