"""Certificate renewals (MAINT-10).

The provider renews UC application certificates only 3–7 days before they
expire: for expiry E the expected renewal window is [E − 7 days, E − 3 days]
in calendar days of 24 h (TIME-5). Customers with SSO on UC applications get
follow-up actions after each renewal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from di_desk.domain.enums import LabelledEnum
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc, zone
from di_desk.i18n import N_, _


@dataclass(frozen=True)
class RenewalWindow:
    """MAINT-10: ``[earliest, latest]``, both ends included.

    Dates when the expiry is a date, aware UTC instants when it is an instant.
    """

    earliest: date | datetime
    latest: date | datetime

    @property
    def by_date(self) -> bool:
        return not isinstance(self.earliest, datetime)

    def contains(self, when: date | datetime, zone_key: str | None = None) -> bool:
        """True when ``when`` lies in the window.

        An instant checked against a window of dates is taken as its local
        date in ``zone_key`` (the region's zone).
        """
        value = _comparable(when, by_date=self.by_date, zone_key=zone_key)
        return self.earliest <= value <= self.latest  # type: ignore[operator]


def _comparable(when: date | datetime, *, by_date: bool, zone_key: str | None) -> date | datetime:
    if isinstance(when, datetime):
        if not by_date:
            return to_utc(when)
        if zone_key is None:
            raise ValueError(_("A zone is needed to compare a time with a certificate's dates."))
        return to_utc(when).astimezone(zone(zone_key)).date()
    if not by_date:
        raise ValueError(_("A date cannot be compared with a certificate's expiry time."))
    return when


def renewal_window(expires: date | datetime, reference: ReferenceData) -> RenewalWindow:
    """MAINT-10: [expires − 7 days, expires − 3 days] (reference ``cert_renewal_*``)."""
    base: date | datetime = to_utc(expires) if isinstance(expires, datetime) else expires
    return RenewalWindow(
        earliest=base - timedelta(days=reference.cert_renewal_earliest_days),
        latest=base - timedelta(days=reference.cert_renewal_latest_days),
    )


class RenewalStatus(LabelledEnum):
    """Where a certificate stands relative to its renewal window at a moment."""

    UPCOMING = "upcoming", N_("Renewal not yet due")
    IN_WINDOW = "in_window", N_("In the renewal window")
    ABOUT_TO_EXPIRE = "about_to_expire", N_("About to expire")
    EXPIRED = "expired", N_("Expired")


def renewal_status(
    expires: date | datetime,
    now: datetime,
    reference: ReferenceData,
    zone_key: str | None = None,
) -> RenewalStatus:
    """MAINT-10 status at ``now``: before, inside or after the renewal window.

    After the window and before expiry the certificate is about to expire (an
    urgent change, MAINT-7). With a date expiry, ``now`` is taken as its local
    date in ``zone_key``; the certificate counts as expired from that date.
    """
    window = renewal_window(expires, reference)
    value = _comparable(now, by_date=window.by_date, zone_key=zone_key)
    limit = expires if window.by_date else to_utc(expires)  # type: ignore[arg-type]
    if value >= limit:  # type: ignore[operator]
        return RenewalStatus.EXPIRED
    if value < window.earliest:  # type: ignore[operator]
        return RenewalStatus.UPCOMING
    if value <= window.latest:  # type: ignore[operator]
        return RenewalStatus.IN_WINDOW
    return RenewalStatus.ABOUT_TO_EXPIRE


@dataclass(frozen=True)
class FollowUpAction:
    """One follow-up step after a renewal, in order (1 = first)."""

    order: int
    title: str  # translated
    done: bool = False


def sso_follow_ups(sso_enabled: bool, reference: ReferenceData) -> tuple[FollowUpAction, ...]:
    """MAINT-10: the follow-up actions a renewal creates for a customer with SSO.

    Disable SSO, re-import the IdP metadata file, re-enable SSO, validate SSO
    (reference ``sso_follow_ups``); none without SSO.
    """
    if not sso_enabled:
        return ()
    return tuple(
        FollowUpAction(order, _(title))
        for order, title in enumerate(reference.sso_follow_ups, start=1)
    )
