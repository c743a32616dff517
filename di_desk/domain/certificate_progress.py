"""Where one certificate's renewal stands, for lists and reports (MAINT-10).

:func:`~di_desk.domain.certificates.renewal_status` tells where a moment lies
relative to the renewal window; this module adds what the partner recorded
(the renewal) and a "soon" horizon, giving one of six states.

Reading: a renewal recorded (``renewed_at``) no earlier than the "soon"
horizon before the window opens belongs to this expiry; an older
``renewed_at`` is the previous renewal (the one that produced the current
certificate) and does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from di_desk.domain.certificates import (
    RenewalStatus,
    RenewalWindow,
    renewal_status,
    renewal_window,
)
from di_desk.domain.enums import LabelledEnum
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import N_

#: days before the window opens from which a renewal is "expected soon"
DEFAULT_SOON_DAYS = 14


class RenewalProgress(LabelledEnum):
    """MAINT-10: the state of a certificate's coming (or last) renewal."""

    NOT_DUE = "not_due", N_("Renewal not yet due")
    SOON = "soon", N_("Renewal expected soon")
    IN_WINDOW = "in_window", N_("In the renewal window")
    OVERDUE = "overdue", N_("Overdue: not renewed in the window")
    EXPIRED = "expired", N_("Expired without renewal")
    DONE = "done", N_("Renewed")

    @property
    def needs_attention(self) -> bool:
        return self in (RenewalProgress.IN_WINDOW, RenewalProgress.OVERDUE, RenewalProgress.EXPIRED)


@dataclass(frozen=True)
class CertificateRenewal:
    """One certificate's renewal window and state at a moment."""

    expires: datetime
    window: RenewalWindow
    progress: RenewalProgress
    renewed_at: datetime | None = None


def renewal_counts(
    expires: datetime,
    renewed_at: datetime | None,
    reference: ReferenceData,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> bool:
    """True when ``renewed_at`` is the renewal of the certificate expiring at ``expires``."""
    if renewed_at is None:
        return False
    window = renewal_window(expires, reference)
    return to_utc(renewed_at) >= window.earliest - timedelta(days=soon_days)  # type: ignore[operator]


def renewal_progress(
    expires: datetime,
    renewed_at: datetime | None,
    now: datetime,
    reference: ReferenceData,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> CertificateRenewal:
    """MAINT-10: window ``[E − 7 d, E − 3 d]`` and the state of the renewal at ``now``.

    Renewed (see the module's reading) wins; otherwise the domain's
    :func:`renewal_status` decides: before the window it is "soon" within
    ``soon_days`` of the window opening, in the window it is in the window,
    after it (not renewed) it is overdue, from the expiry on it is expired.
    """
    expires = to_utc(expires)
    window = renewal_window(expires, reference)
    if renewal_counts(expires, renewed_at, reference, soon_days):
        progress = RenewalProgress.DONE
    else:
        status = renewal_status(expires, now, reference)
        if status is RenewalStatus.UPCOMING:
            soon = to_utc(now) >= window.earliest - timedelta(days=soon_days)  # type: ignore[operator]
            progress = RenewalProgress.SOON if soon else RenewalProgress.NOT_DUE
        elif status is RenewalStatus.IN_WINDOW:
            progress = RenewalProgress.IN_WINDOW
        elif status is RenewalStatus.ABOUT_TO_EXPIRE:
            progress = RenewalProgress.OVERDUE
        else:
            progress = RenewalProgress.EXPIRED
    return CertificateRenewal(expires, window, progress, to_utc(renewed_at) if renewed_at else None)
