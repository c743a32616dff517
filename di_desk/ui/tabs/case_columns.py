"""Columns of the Cases tab's list (CASE-*).

``case_columns(view)`` takes an object with ``zone`` (the display zone),
``reference`` and ``now()``, read at paint time: a zone change, a reference
edit or the passing of time needs only a repaint, never a new query. The
"due" column says how the response due time stands (CASE-5/6) through
:func:`di_desk.services.cases.due_state`: time left, overdue (red) or almost
due (amber: less than a quarter of the objective's span left).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from di_desk.domain.cases import channel_for
from di_desk.domain.enums import Severity
from di_desk.i18n import N_, _
from di_desk.i18n.formatting import format_datetime
from di_desk.services.case_due import DueState, due_state
from di_desk.ui.dialogs.case_outcome import relative_due_text
from di_desk.ui.dialogs.case_widgets import (
    OVERDUE_COLOURS,
    SOON_COLOURS,
    severity_background,
    severity_foreground,
)
from di_desk.ui.models.lazy_table import CENTER, Column
from di_desk.ui.qt import QColor
from di_desk.ui.tabs.column_view import MUTED_FG, ViewState

Row = Mapping[str, Any]
#: below this share of the objective's span left, a pending due time is amber
SOON_SHARE = 0.25


class CaseViewState(ViewState, Protocol):
    """What the case formatters read when they paint: also "now" (the due column)."""

    def now(self) -> datetime: ...


def when(value: datetime | None, zone: str) -> str:
    return format_datetime(value, zone) if value is not None else ""


def due_colours(state: DueState) -> tuple[str, str] | None:
    """(background, text) of the due cell, or None for the default look."""
    if state.kind in ("overdue", "missed"):
        return OVERDUE_COLOURS
    if state.kind == "pending" and state.share_left < SOON_SHARE:
        return SOON_COLOURS
    return None


def due_text(state: DueState, zone: str, now: datetime) -> str:
    if state.due is None:
        return ""
    shown = format_datetime(state.due, zone)
    if state.kind in ("pending", "overdue"):
        # One unit in the list ("3 days overdue"), so the cell stays readable;
        # the editor says it to the minute.
        return _("{when} ({relative})").format(
            when=shown, relative=relative_due_text(state.due, now, largest=1)
        )
    if state.kind == "missed":
        return _("{when} (late)").format(when=shown)
    return shown


def case_columns(view: CaseViewState) -> tuple[Column, ...]:
    # The due cell asks for its text and both colours in a row: work it out once.
    last: list[Any] = [None, None, None]  # row, now, state

    def state(row: Row) -> DueState:
        now = view.now()
        if last[0] is not row or last[1] != now:
            last[:] = [row, now, due_state(row, now)]
        return last[2]

    def due_display(_v: Any, row: Row) -> str:
        return due_text(state(row), view.zone, view.now())

    def due_background(_v: Any, row: Row) -> QColor | None:
        colours = due_colours(state(row))
        return QColor(colours[0]) if colours else None

    def due_foreground(_v: Any, row: Row) -> QColor | None:
        colours = due_colours(state(row))
        return QColor(colours[1]) if colours else None

    def due_tip(_v: Any, row: Row) -> str | None:
        current = state(row)
        if current.due is None:
            return _("Drafts have no response due time yet.")
        shown = format_datetime(current.due, view.zone, show_zone=True)
        tips = {
            "pending": _("Due {when}; not acknowledged yet."),
            "overdue": _("Due {when}; not acknowledged: the objective is missed."),
            "met": _("Due {when}; acknowledged in time."),
            "missed": _("Due {when}; acknowledged late."),
        }
        return tips[current.kind].format(when=shown)

    def channel_text(_v: Any, row: Row) -> str:
        severity = row.get("severity")
        if not isinstance(severity, Severity):
            return ""
        return channel_for(severity, view.reference).label

    def channel_tip(_v: Any, row: Row) -> str | None:
        severity = row.get("severity")
        if not isinstance(severity, Severity):
            return None
        return channel_for(severity, view.reference).instruction

    def first_line(value: Any, _row: Row) -> str:
        text = str(value or "").strip()
        return text.splitlines()[0] if text else ""

    def muted_draft(_v: Any, row: Row) -> QColor | None:
        return MUTED_FG if row.get("opened_at") is None else None

    return (
        Column(
            "severity",
            N_("Severity"),
            alignment=CENTER,
            background=lambda v, _row: severity_background(v),
            foreground=lambda v, _row: severity_foreground(v),
            width=118,
        ),
        Column("customer", N_("Customer"), width=170),
        Column("status", N_("Status"), width=115, foreground=muted_draft),
        Column("category", N_("Category"), width=165),
        Column(
            "opened_at",
            N_("Opened"),
            formatter=lambda v, _row: when(v, view.zone),
            width=130,
        ),
        Column(
            "response_due",
            N_("Response due"),
            formatter=due_display,
            background=due_background,
            foreground=due_foreground,
            cell_tooltip=due_tip,
            tooltip=N_("Red: overdue; amber: less than a quarter of the time left"),
            width=242,
        ),
        Column(
            "acknowledged_at",
            N_("Acknowledged"),
            formatter=lambda v, _row: when(v, view.zone),
            width=130,
        ),
        Column(
            "channel",
            N_("Channel"),
            formatter=channel_text,
            cell_tooltip=channel_tip,
            sortable=False,
            width=150,
        ),
        Column(
            "problem",
            N_("Problem"),
            formatter=first_line,
            cell_tooltip=lambda v, _row: str(v or "") or None,
            sortable=False,
        ),
    )
