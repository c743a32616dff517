"""Texts of the Overview's attention list: headings per kind and details per item.

Presentation only: the rules ran in :mod:`di_desk.services.attention`; here
their facts are worded in the active language, with instants in the display
zone (and maintenance also in the region's zone, TIME-1).
"""

from __future__ import annotations

from datetime import date, datetime

from di_desk.i18n import N_, _, ngettext
from di_desk.services.attention_item import AttentionItem

HEADINGS: dict[str, str] = {
    "case_past_due": N_("Cases past their response objective"),
    "case_at_risk": N_("Cases at risk of missing their response objective"),
    "reply_by": N_("Notices with a reply-by date near"),
    "certificate": N_("Certificate renewals expected"),
    "sso_follow_up": N_("SSO follow-ups after certificate renewals"),
    "backup_stale": N_("Stale recovery points"),
    "backup_gap": N_("Backup gaps"),
    "must_upgrade": N_("Customers that must upgrade"),
    "capacity": N_("Customers over contracted capacity"),
}

TOOLTIPS: dict[str, str] = {
    "case_past_due": N_(
        "Cases not acknowledged while their response objective has passed (CASE-5, CASE-6)."
    ),
    "case_at_risk": N_(
        "Cases not acknowledged yet whose response objective falls in the coming days (CASE-5)."
    ),
    "maintenance": N_(
        "Planned changes in the coming days, with their time in the region's zone and in "
        "yours, and any rule they break (MAINT-3, MAINT-5, MAINT-11)."
    ),
    "reply_by": N_(
        "Maintenance notices the partner may still answer if the date conflicts with "
        "business priorities (MAINT-6)."
    ),
    "certificate": N_(
        "Certificates the provider renews 3 to 7 days before they expire (MAINT-10)."
    ),
    "sso_follow_up": N_(
        "Customers with SSO need these actions after each certificate renewal (MAINT-10)."
    ),
    "backup_stale": N_(
        "Applications whose newest good backup is older than 24 hours plus the grace "
        "period, or that have none (BAK-3)."
    ),
    "backup_gap": N_("Nights without a good backup (BAK-3)."),
    "must_upgrade": N_(
        "Applications on a release the customer may not stay on, or on no release of "
        "the train (REL-2, REL-6)."
    ),
    "capacity": N_(
        "Planned Knowledge Workers or Workspace devices beyond the contracted capacity: "
        "a TAC case with an expansion plan is needed first (CAP-1)."
    ),
}


def heading(kind: str, days: int, maintenance_days: int) -> str:
    """The heading of a kind in the active language."""
    if kind == "maintenance":
        n = min(days, maintenance_days)
        return ngettext(
            "Maintenance in the next {days} day", "Maintenance in the next {days} days", n
        ).format(days=n)
    return _(HEADINGS.get(kind, kind))


def heading_tooltip(kind: str) -> str:
    return _(TOOLTIPS[kind]) if kind in TOOLTIPS else ""


def format_due(due: datetime | date | None, zone_key: str) -> str:
    """A due instant in the display zone, a date as a date, nothing when open-ended."""
    from di_desk.i18n.formatting import format_date, format_datetime  # Babel, on first use

    if isinstance(due, datetime):
        return format_datetime(due, zone_key)
    if isinstance(due, date):
        return format_date(due)
    return ""


def _span(start: datetime, end: datetime, zone_key: str) -> str:
    """``27 Mar 2026 21:00 – 06:00 CET`` (the end's date only when it differs)."""
    from di_desk.i18n.formatting import format_date, format_datetime, format_time

    same_day = format_date(start, tz=zone_key) == format_date(end, tz=zone_key)
    shown_end = (
        format_time(end, zone_key, show_zone=True)
        if same_day or (end - start).total_seconds() < 86400
        else format_datetime(end, zone_key, show_zone=True)
    )
    return _("{start} – {end}").format(start=format_datetime(start, zone_key), end=shown_end)


def maintenance_times(item: AttentionItem, display_zone: str) -> list[str]:
    """The event's time in the region's zone and, when it differs, in the display zone."""
    facts = item.facts
    region_zone = facts["zone"]
    parts = [
        _("{region} ({zone}): {span}").format(
            region=facts["region"].label,
            zone=region_zone,
            span=_span(facts["start"], facts["end"], region_zone),
        )
    ]
    if display_zone != region_zone:
        parts.append(
            _("Your time ({zone}): {span}").format(
                zone=display_zone, span=_span(facts["start"], facts["end"], display_zone)
            )
        )
    return parts


def describe_parts(item: AttentionItem, zone_key: str) -> list[str]:
    """The detail of one item, as parts (joined by " · " in the list, lines in tooltips)."""
    from di_desk.i18n.formatting import format_date, format_number

    facts = item.facts
    kind = item.kind
    if kind == "maintenance":
        parts = maintenance_times(item, zone_key)
        violations = facts.get("violations", ())
        if violations:
            parts.extend(
                f"{rule}: {message}"
                for rule, message in zip(violations, facts["messages"], strict=True)
            )
        else:
            parts.append(_("No rule broken."))
        return parts
    if kind == "reply_by":
        return [
            _("Reply by {reply_by} (last day {last}) if the date conflicts.").format(
                reply_by=format_date(facts["reply_by"]), last=format_date(facts["reply_last_day"])
            ),
            *maintenance_times(item, zone_key),
        ]
    if kind == "certificate":
        return [
            facts["status"].label,
            _("Renewal expected {earliest} – {latest}").format(
                earliest=format_due(facts["renewal_earliest"], zone_key),
                latest=format_due(facts["renewal_latest"], zone_key),
            ),
            _("Customer uses SSO: follow-ups after the renewal") if facts.get("sso") else "",
        ]
    if kind == "sso_follow_up":
        return [
            _("Renewal expected by {latest}").format(
                latest=format_due(facts["renewal_latest"], zone_key)
            ),
            item.detail,
        ]
    if kind == "backup_gap":
        nights = facts["nights"]
        return [
            ngettext(
                "{count} night without a good backup: {nights}.",
                "{count} nights without a good backup: {nights}.",
                len(nights),
            ).format(count=len(nights), nights=", ".join(format_date(n) for n in nights))
        ]
    if kind == "must_upgrade":
        from di_desk.domain.releases import ReleaseStatus

        status = ReleaseStatus(facts["status"]).label
        position = facts.get("position")
        return [
            status,
            _("Train position {position}").format(position=position)
            if position
            else _("Not in the release train"),
            _("Upgrade to {target}.").format(target=facts["target"]),
        ]
    if kind == "capacity":
        capacity = facts["capacity"]
        parts = [
            _("{kind}: contracted {contracted}, planned {planned}").format(
                kind=over.label,
                contracted=format_number(capacity.contracted(over)),
                planned=format_number(capacity.planned(over)),
            )
            for over in facts["over"]
        ]
        return [*parts, _("Open a TAC case with an expansion plan.")]
    return [item.detail]


def describe(item: AttentionItem, zone_key: str) -> str:
    return " · ".join(part for part in describe_parts(item, zone_key) if part)
