"""The state of a certificate's renewal for lists and reports (MAINT-10)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from di_desk.domain.certificate_progress import RenewalProgress, renewal_progress
from di_desk.domain.reference import DEFAULT_REFERENCE

REF = DEFAULT_REFERENCE
E = datetime(2026, 7, 10, 14, 30, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (E - 30 * DAY, RenewalProgress.NOT_DUE),
        (E - 21 * DAY - timedelta(seconds=1), RenewalProgress.NOT_DUE),
        (E - 21 * DAY, RenewalProgress.SOON),  # 14 days before the window opens
        (E - 7 * DAY - timedelta(seconds=1), RenewalProgress.SOON),
        (E - 7 * DAY, RenewalProgress.IN_WINDOW),
        (E - 3 * DAY, RenewalProgress.IN_WINDOW),
        (E - 3 * DAY + timedelta(seconds=1), RenewalProgress.OVERDUE),
        (E, RenewalProgress.EXPIRED),
    ],
)
def test_maint10_progress_without_renewal(now, expected):
    """MAINT-10: [E − 7 d, E − 3 d] is the window; after it and unrenewed is overdue."""
    result = renewal_progress(E, None, now, REF)
    assert result.progress is expected
    assert (result.window.earliest, result.window.latest) == (E - 7 * DAY, E - 3 * DAY)


def test_maint10_a_renewal_in_the_window_is_done_even_after_expiry():
    renewed = E - 5 * DAY
    for now in (E - 4 * DAY, E + 30 * DAY):
        assert renewal_progress(E, renewed, now, REF).progress is RenewalProgress.DONE


def test_maint10_the_previous_renewal_does_not_count():
    """Reading: a renewed_at long before this window is the renewal that made this certificate."""
    two_years_ago = E - 730 * DAY
    result = renewal_progress(E, two_years_ago, E - 4 * DAY, REF)
    assert result.progress is RenewalProgress.IN_WINDOW
    assert result.progress.needs_attention


def test_labels_are_translatable_text():
    assert RenewalProgress.SOON.label == "Renewal expected soon"
    assert not RenewalProgress.DONE.needs_attention
