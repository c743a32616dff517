"""Columns of the Backups tab's tables: summary, backup list, gap nights, DR events.

Each ``*_columns(view)`` takes an object with ``zone`` (the display zone, an
IANA key read at paint time) and ``reference`` (the reference data), so a
zone change or an edit of the reference numbers needs only a repaint.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from di_desk.domain.backups import NightState, RetentionState, reason_label
from di_desk.domain.disaster_recovery import DrState, DrStatus
from di_desk.domain.enums import BackupResult
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import N_, _, ngettext
from di_desk.i18n.formatting import (
    format_date,
    format_datetime,
    format_duration,
    format_number,
    format_size,
)
from di_desk.ui.models.lazy_table import CENTER, RIGHT, Column
from di_desk.ui.qt import QColor, Qt, QtWidgets
from di_desk.ui.tabs.column_view import MUTED_FG, ViewState

Row = Mapping[str, Any]

WARNING_BG = QColor("#ffe0b2")  # orange 100
BAD_FG = QColor("#c62828")  # red 800
GOOD_FG = QColor("#2e7d32")


def when(value: datetime | None, zone: str) -> str:
    return format_datetime(value, zone) if value is not None else ""


def hours_text(span: timedelta) -> str:
    """A recovery-point age or limit: whole hours up to three days, then days."""
    hours = int(span.total_seconds() // 3600)
    if hours < 72:
        return ngettext("{count} hour", "{count} hours", hours).format(count=hours)
    return format_duration(span, granularity="day")


def age_text(age: timedelta | None) -> str:
    if age is None:
        return _("no good backup")
    return hours_text(age)


# -- summary -----------------------------------------------------------------------------


def summary_columns(view: ViewState) -> tuple[Column, ...]:
    def warn_bg(_v: Any, row: Row) -> QColor | None:
        return WARNING_BG if row["warning"] else None

    def age_tip(_v: Any, row: Row) -> str:
        limit = hours_text(row["limit"])
        if row["age"] is None:
            return _("BAK-3: no good backup at all.")
        if row["warning"]:
            return _("BAK-3: the newest good backup is older than {limit}.").format(limit=limit)
        return _("Within {limit}.").format(limit=limit)

    def gaps_fg(value: Any, _row: Row) -> QColor | None:
        return BAD_FG if value else None

    return (
        Column("customer", N_("Customer"), width=165),
        Column("application", N_("Application"), width=110),
        Column(
            "newest_good",
            N_("Newest good"),
            formatter=lambda v, row: when(v, view.zone),
            tooltip=N_("The newest good backup"),
            width=135,
        ),
        Column(
            "age",
            N_("Recovery point"),
            formatter=lambda v, row: age_text(v),
            tooltip=N_("Age of the newest good backup; warns above 24 hours plus the grace"),
            cell_tooltip=age_tip,
            background=warn_bg,
            alignment=RIGHT,
            width=105,
        ),
        Column(
            "retained",
            N_("Retained"),
            formatter=lambda v, row: format_number(v),
            tooltip=N_("Backups kept now (BAK-2)"),
            alignment=RIGHT,
            width=65,
        ),
        Column(
            "gaps_short",
            N_("Gaps 30"),
            formatter=lambda v, row: format_number(v),
            tooltip=N_("Nights without a good backup among the last 30 (BAK-3)"),
            foreground=gaps_fg,
            alignment=RIGHT,
            width=65,
        ),
        Column(
            "gaps_long",
            N_("Gaps 90"),
            formatter=lambda v, row: format_number(v),
            tooltip=N_("Nights without a good backup among the last 90 (BAK-3)"),
            foreground=gaps_fg,
            alignment=RIGHT,
            width=65,
        ),
    )


# -- backup list -----------------------------------------------------------------------


def retention_text(state: RetentionState | None) -> str:
    if state is None:
        return ""
    return _("Retained") if state.retained else _("Expired")


def reasons_text(state: RetentionState | None, reference: ReferenceData) -> str:
    if state is None:
        return ""
    return ", ".join(reason_label(r, reference) for r in state.reasons)


def expires_text(state: RetentionState | None, zone: str, reference: ReferenceData) -> str:
    if state is None:
        return ""
    if state.expires_at is None:
        return _("not while among the last {count} good").format(
            count=reference.retention_keep_good
        )
    return format_date(state.expires_at, tz=zone)


def backup_columns(view: ViewState) -> tuple[Column, ...]:
    def result_fg(value: Any, _row: Row) -> QColor | None:
        return BAD_FG if value is BackupResult.FAILED else None

    def retention_fg(_v: Any, row: Row) -> QColor | None:
        state = row.get("retention")
        return MUTED_FG if state is not None and not state.retained else None

    def expires_tip(_v: Any, row: Row) -> str:
        state = row.get("retention")
        if state is None:
            return ""
        if state.expires_at is None:
            keep = view.reference.retention_keep_good
            return ngettext(
                "Kept as the last good backup: it expires only when a newer good backup arrives.",
                "Kept as one of the last {count} good backups: it expires only when "
                "newer good backups arrive.",
                keep,
            ).format(count=keep)
        days = view.reference.retention_days
        return ngettext(
            "The date this backup expires when nothing newer arrives: it is kept for "
            "{days} day after it was taken, and longer while it is one of the last "
            "good backups (BAK-2).",
            "The date this backup expires when nothing newer arrives: it is kept for "
            "{days} days after it was taken, and longer while it is one of the last "
            "good backups (BAK-2).",
            days,
        ).format(days=days)

    return (
        Column("taken_at", N_("Taken at"), formatter=lambda v, row: when(v, view.zone), width=140),
        Column("customer", N_("Customer"), width=200),
        Column("application", N_("Application"), width=120),
        Column("result", N_("Result"), foreground=result_fg, width=70),
        Column(
            "size_bytes",
            N_("Size"),
            formatter=lambda v, row: format_size(v),
            alignment=RIGHT,
            width=80,
        ),
        Column(
            "retention",
            N_("Retention"),
            formatter=lambda v, row: retention_text(v),
            foreground=retention_fg,
            sortable=False,
            width=80,
        ),
        Column(
            "reasons",
            N_("Kept by"),
            formatter=lambda v, row: reasons_text(row.get("retention"), view.reference),
            tooltip=N_("The rule that keeps the backup (BAK-2)"),
            sortable=False,
            width=250,
        ),
        Column(
            "expires",
            N_("Expires"),
            formatter=lambda v, row: expires_text(row.get("retention"), view.zone, view.reference),
            tooltip=N_("When it expires if nothing newer arrives"),
            cell_tooltip=expires_tip,
            sortable=False,
            width=200,
        ),
    )


# -- gap nights --------------------------------------------------------------------------


def gap_columns(view: ViewState) -> tuple[Column, ...]:
    def state_fg(value: Any, _row: Row) -> QColor | None:
        return BAD_FG if value is NightState.FAILED else MUTED_FG

    return (
        Column(
            "night",
            N_("Night of"),
            formatter=lambda v, row: format_date(v, "full") if v else "",
            tooltip=N_("A night runs from noon to noon in the customer's time zone"),
            width=220,
        ),
        Column("customer", N_("Customer"), width=200),
        Column("application", N_("Application"), width=120),
        Column("state", N_("What happened"), foreground=state_fg, width=180),
        Column("zone", N_("Time zone"), sortable=False),
    )


# -- disaster recovery -------------------------------------------------------------------


def dr_state_text(status: DrStatus) -> str:
    if status.state is DrState.RUNNING and status.time_left is not None:
        return _("Running: {left} left").format(
            left=format_duration(status.time_left, granularity="minute")
        )
    if status.state is DrState.MISSED and status.late_by is not None:
        return _("Objective missed by {late}").format(
            late=format_duration(status.late_by, granularity="minute")
        )
    return status.state.label


def dr_columns(view: ViewState) -> tuple[Column, ...]:
    def state_fg(value: Any, _row: Row) -> QColor | None:
        return {DrState.MISSED: BAD_FG, DrState.MET: GOOD_FG}.get(value)

    def objective_text(value: Any, row: Row) -> str:
        return when(value, view.zone) if value is not None else _("none (case by case)")

    def state_tip(_v: Any, row: Row) -> str:
        status = row["event"].status
        lines = [dr_state_text(status)]
        if status.business_time_left is not None:
            lines.append(
                _("{left} of business time left in the provider's calendar").format(
                    left=format_duration(status.business_time_left)
                )
            )
        return "\n".join(lines)

    return (
        Column("customer", N_("Customer"), width=170),
        Column("started_at", N_("Started"), formatter=lambda v, r: when(v, view.zone), width=125),
        Column("kind", N_("Kind"), width=185),
        Column(
            "rebuilt_at",
            N_("Publisher rebuilt"),
            formatter=lambda v, r: when(v, view.zone),
            width=125,
        ),
        Column(
            "objective",
            N_("Objective"),
            formatter=objective_text,
            tooltip=N_("When a new Publisher is due (BAK-5, in the provider's calendar)"),
            width=125,
        ),
        Column(
            "state",
            N_("State"),
            formatter=lambda v, row: dr_state_text(row["event"].status),
            foreground=state_fg,
            cell_tooltip=state_tip,
            width=175,
        ),
        Column(
            "follow_ups",
            N_("Follow-ups"),
            formatter=lambda v, row: _("{open} of {total} open").format(open=v[0], total=v[1]),
            tooltip=N_("The partner's follow-up actions not done yet"),
            sortable=False,
            alignment=CENTER,
            width=95,
        ),
    )


def fit_headers(view: Any) -> None:
    """Widen columns whose (translated) header text does not fit; never narrows one."""
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    model = view.model()
    for section in range(model.columnCount()):
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        wanted = metrics.horizontalAdvance(text) + 28  # room for the sort arrow
        if header.sectionSize(section) < wanted and section < model.columnCount() - 1:
            header.resizeSection(section, wanted)


def stretch_first(view: Any) -> None:
    """The first column (the customer) takes the room left, so every number stays in view."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
