"""The reschedule request e-mail (MAINT-6, MAINT-7).

A partner whose business priorities clash with a proposed schedule asks the
provider's change-management address (reference data) to reschedule, with a
detailed reason. The new date is the provider's choice among its available
dates, so alternatives are only proposals. Emergency and urgent changes
cannot be rescheduled (MAINT-7).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from urllib.parse import quote

from di_desk.domain.maintenance import (
    Blackout,
    MaintenanceEvent,
    reschedule_refusal,
)
from di_desk.domain.reference import ReferenceData, RegionRef
from di_desk.domain.timeutil import to_utc
from di_desk.domain.windows import Window, format_day, format_local, windows_from
from di_desk.i18n import _, messages_in


class RescheduleNotAllowed(ValueError):
    """MAINT-7: the event is an emergency or urgent change."""


@dataclass(frozen=True)
class RescheduleDraft:
    """MAINT-6: a drafted e-mail: copyable text plus a ``mailto:`` link."""

    to: str
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        """RFC 6068 link: address, subject and body percent-encoded, CRLF line breaks."""
        body = self.body.replace("\r\n", "\n").replace("\n", "\r\n")
        return (
            f"mailto:{quote(self.to, safe='@')}"
            f"?subject={quote(self.subject, safe='')}&body={quote(body, safe='')}"
        )

    @property
    def text(self) -> str:
        """The whole e-mail as text to copy."""
        return _("To: {to}\nSubject: {subject}\n\n{body}").format(
            to=self.to, subject=self.subject, body=self.body
        )


#: How many windows :func:`suggest_alternatives` looks at before giving up.
SEARCH_DAYS = 400

Alternative = Window | tuple[datetime, datetime]


def _span(start: datetime, end: datetime, zone_key: str) -> str:
    return _("{start} – {end}").format(
        start=format_local(start, zone_key), end=format_local(end, zone_key)
    )


def reschedule_request(
    event: MaintenanceEvent,
    region_ref: RegionRef,
    reference: ReferenceData,
    reason: str,
    alternatives: Sequence[Alternative] = (),
    *,
    sender: str = "",
) -> RescheduleDraft:
    """MAINT-6: draft the reschedule request for ``event``.

    The body names the customer, cluster, event type, the scheduled times in
    the region's zone (and UTC), the notice date, the proposed alternatives
    and the user's detailed reason.

    Raises:
        RescheduleNotAllowed: for emergency and urgent changes (MAINT-7).
        ValueError: when ``reason`` is empty.
    """
    refusal = reschedule_refusal(event, reference)
    if refusal is not None:
        raise RescheduleNotAllowed(refusal)
    if not reason.strip():
        raise ValueError(_("A reschedule request needs a detailed reason."))
    with messages_in(reference.provider_language):
        return _compose(event, region_ref, reference, reason, alternatives, sender)


def _compose(
    event: MaintenanceEvent,
    region_ref: RegionRef,
    reference: ReferenceData,
    reason: str,
    alternatives: Sequence[Alternative],
    sender: str,
) -> RescheduleDraft:
    """The e-mail of :func:`reschedule_request`, in the active catalog's language."""
    key = region_ref.zone
    start, end = to_utc(event.start), to_utc(event.end)
    subject = _("Reschedule request: {type} for {customer}, cluster {cluster}, {start}").format(
        type=event.type.label,
        customer=event.customer,
        cluster=event.cluster,
        start=format_local(start, key),
    )
    lines = [
        _("Hello,"),
        "",
        _(
            "The scheduled maintenance below conflicts with the business priorities of "
            "our customer. We ask you to reschedule it."
        ),
        "",
        _("Customer: {value}").format(value=event.customer),
        _("Cluster: {value}").format(value=event.cluster),
        _("Region: {value}").format(value=region_ref.region.label),
        _("Type: {value}").format(value=event.type.label),
        _("Scheduled: {span} ({zone})").format(span=_span(start, end, key), zone=key),
        _("Scheduled (UTC): {span}").format(span=_span(start, end, "UTC")),
    ]
    if event.notice_sent is not None:
        sent = event.notice_sent
        shown = format_local(sent, key) if isinstance(sent, datetime) else format_day(sent)
        lines.append(_("Notice received: {value}").format(value=shown))
    lines.append("")
    if alternatives:
        lines.append(_("Proposed alternatives ({zone}):").format(zone=key))
        for alt in alternatives:
            a_start, a_end = (alt.start_utc, alt.end_utc) if isinstance(alt, Window) else alt
            lines.append(f"- {_span(to_utc(a_start), to_utc(a_end), key)}")
    else:
        lines.append(_("Proposed alternatives: none; please propose your available dates."))
    lines += [
        "",
        _("Reason for the request:"),
        reason.strip(),
        "",
        _("We understand that the new date is your choice among your available dates."),
        "",
        _("Kind regards,"),
    ]
    if sender.strip():
        lines.append(sender.strip())
    return RescheduleDraft(reference.change_management_email, subject, "\n".join(lines))


def suggest_alternatives(
    event: MaintenanceEvent,
    region_ref: RegionRef,
    reference: ReferenceData,
    after: datetime,
    count: int = 3,
    blackouts: Iterable[Blackout] = (),
) -> list[Window]:
    """Windows opening at or after ``after`` that could take the event instead.

    Weekend windows only for the weekend types (MAINT-3); windows shorter than
    the event and windows overlapping one of the customer's blackout periods
    (MAINT-11) are skipped; the search stops after :data:`SEARCH_DAYS` windows,
    so fewer than ``count`` may come back. The provider still chooses the date (MAINT-6).
    """
    weekend_ok = event.type in reference.weekend_types
    periods = [b for b in blackouts if b.applies_to(event.customer)]
    duration = event.duration

    def fits(window: Window) -> bool:
        return window.duration >= duration and not any(
            b.overlaps(window.start_utc, window.start_utc + duration, region_ref.zone)
            for b in periods
        )

    searched = islice(windows_from(region_ref, after, include_weekend=weekend_ok), SEARCH_DAYS)
    return list(islice((w for w in searched if fits(w)), max(count, 0)))
