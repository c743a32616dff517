"""Open the file dialogs (import, export, print schedule) and the certificate list.

Shared by the main window's File menu (wired in :mod:`di_desk.app`) and by
tabs (e.g. the Maintenance tab's toolbar), so every caller opens them the
same way: window-modal, deleted when closed, retranslated on a language
switch when the main window opened them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from di_desk.domain.reference import ReferenceData
from di_desk.ui.qt import QDialog, Qt, QWidget
from di_desk.ui.settings import Settings


def reference_of(db: Any) -> Callable[[], ReferenceData]:
    """Reference data of ``db``, read when called (in the calling thread)."""

    def load() -> ReferenceData:
        from di_desk.storage import load_reference

        return load_reference(db)

    return load


def _show(parent: QWidget | None, dialog: QDialog) -> None:
    """Through the main window when there is one (it retranslates open dialogs)."""
    window = parent.window() if parent is not None else None
    opener = getattr(window, "open_dialog", None)
    if callable(opener):
        opener(dialog)
        return
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def customer_choices(db: Any) -> list[tuple[int, str]]:
    """``(id, name)`` of every customer, by name."""
    from di_desk.services import reports

    facts = reports.customers(reference_of(db)())
    return sorted(((c.id, c.name) for c in facts.values()), key=lambda p: p[1].casefold())


def open_import(
    parent: QWidget | None,
    db: Any,
    *,
    settings: Settings | None = None,
    events: Any = None,
    kind: str | None = None,
) -> QDialog:
    """File → Import… (or a tab's import button with ``kind`` preselected)."""
    from di_desk.ui.dialogs.import_dialog import ImportDialog

    dialog = ImportDialog(
        db, reference=reference_of(db), settings=settings, events=events, kind=kind, parent=parent
    )
    _show(parent, dialog)
    return dialog


def open_export(
    parent: QWidget | None,
    db: Any,
    *,
    settings: Settings | None = None,
    kind: str | None = None,
) -> QDialog:
    """File → Export…."""
    from di_desk.ui.dialogs.export_dialog import ExportDialog

    dialog = ExportDialog(
        db,
        reference=reference_of(db),
        settings=settings,
        display_zone=settings.display_zone if settings is not None else "UTC",
        customers=[name for _id, name in customer_choices(db)],
        kind=kind,
        parent=parent,
    )
    _show(parent, dialog)
    return dialog


def open_schedule(
    parent: QWidget | None,
    db: Any,
    *,
    settings: Settings | None = None,
    customer_id: int | None = None,
    now: Callable[[], datetime] | None = None,
) -> QDialog:
    """Print schedule… / Export PDF… for one customer and a period."""
    from di_desk.ui.printing.schedule_dialog import ScheduleDialog

    extra: dict[str, Any] = {"now": now} if now is not None else {}
    dialog = ScheduleDialog(
        db,
        reference=reference_of(db),
        customers=customer_choices(db),
        customer_id=customer_id,
        settings=settings,
        parent=parent,
        **extra,
    )
    _show(parent, dialog)
    return dialog


def open_certificates(
    parent: QWidget | None,
    db: Any,
    *,
    display_zone: str,
    customer_id: int | None = None,
    now: Callable[[], datetime] | None = None,
    on_changed: Callable[[], None] | None = None,
) -> QDialog:
    """The certificate list (MAINT-10) as a window."""
    from di_desk.ui.widgets.certificates import CertificatesDialog, CertificatesWidget

    extra: dict[str, Any] = {"now": now} if now is not None else {}
    widget = CertificatesWidget(db, reference=reference_of(db), display_zone=display_zone, **extra)
    if customer_id is not None:
        widget.set_customer(customer_id)
    if on_changed is not None:
        widget.changed.connect(on_changed)
    dialog = CertificatesDialog(widget, parent)
    _show(parent, dialog)
    return dialog
