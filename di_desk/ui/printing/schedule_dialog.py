"""Print schedule… / Export PDF…: pick a customer and a period, then print or write a PDF.

The period's days are taken in the customer's zone (the zone the printed
times are in). The schedule is gathered off the GUI thread
(:func:`~di_desk.services.schedule_report.schedule_report`) and painted on
the GUI thread (:mod:`di_desk.ui.printing.schedule_pdf`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from di_desk.domain.reference import ReferenceData
from di_desk.i18n import N_, _, ngettext
from di_desk.services.schedule_report import ScheduleReport
from di_desk.ui.dialogs.export_dialog import warn
from di_desk.ui.qt import (
    QComboBox,
    QDate,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QtPrintSupport,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.settings import Settings
from di_desk.ui.widgets.zoned_datetime import date_edit
from di_desk.ui.workers import TaskContext, close_thread_connection, run_with_progress

PDF_FILTER = N_("PDF files (*.pdf)")
DIR_KEY = "files/export_dir"


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def gather(
    reference: ReferenceData, customer_id: int, first: date, last: date, now: datetime
) -> ScheduleReport:
    """The report for the days ``first``..``last`` (inclusive) in the customer's zone."""
    from di_desk.domain.windows import wall_clock_to_utc
    from di_desk.services import reports
    from di_desk.services.schedule_report import schedule_report

    zone = reports.customers(reference)[customer_id].zone
    start = wall_clock_to_utc(first, time(0), zone)
    end = wall_clock_to_utc(last + timedelta(days=1), time(0), zone)
    return schedule_report(reference, customer_id, start, end, now)


class ScheduleDialog(QDialog):
    """Customer and period; Print… (QPrintDialog) or Export PDF… (QPdfWriter)."""

    def __init__(
        self,
        db: Any,
        *,
        reference: Callable[[], ReferenceData],
        customers: Sequence[tuple[int, str]],
        customer_id: int | None = None,
        settings: Settings | None = None,
        now: Callable[[], datetime] = _utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_dialog")
        self.db = db
        self._reference = reference
        self.settings = settings
        self._now = now
        self.report: ScheduleReport | None = None
        self.written: Path | None = None
        self.pages = 0
        self.printer: Any = None
        self.print_dialog: Any = None
        self._busy = False

        self.customer_combo = QComboBox(self)
        self.customer_combo.setObjectName("schedule_customer")
        for cid, name in customers:
            self.customer_combo.addItem(name, cid)
        if customer_id is not None:
            self.customer_combo.setCurrentIndex(max(self.customer_combo.findData(customer_id), 0))
        today = QDate.currentDate()
        start = QDate(today.year(), today.month(), 1)
        self.from_edit = date_edit(self, "schedule_from", start)
        self.to_edit = date_edit(self, "schedule_to", start.addMonths(2).addDays(-1))
        self.to_label = QLabel(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("schedule_status")
        self.status.setWordWrap(True)
        self.customer_label = QLabel(self)
        self.customer_label.setBuddy(self.customer_combo)
        self.period_label = QLabel(self)
        self.period_label.setBuddy(self.from_edit)

        period = QHBoxLayout()
        period.addWidget(self.from_edit)
        period.addWidget(self.to_label)
        period.addWidget(self.to_edit)
        period.addStretch(1)
        form = QFormLayout()
        form.addRow(self.customer_label, self.customer_combo)
        form.addRow(self.period_label, period)

        self.buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("schedule_print")
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("schedule_pdf")
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        self.print_button.clicked.connect(self.print_schedule)
        self.pdf_button.clicked.connect(lambda: self.export_pdf())

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()
        self._update_enabled()

    # -- public

    def customer_id(self) -> int | None:
        data = self.customer_combo.currentData()
        return int(data) if data is not None else None

    def set_period(self, first: date, last: date) -> None:
        self.from_edit.setDate(QDate(first.year, first.month, first.day))
        self.to_edit.setDate(QDate(last.year, last.month, last.day))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Print schedule"))
        self.customer_label.setText(_("&Customer:"))
        self.period_label.setText(_("&Period:"))
        self.to_label.setText(_("to"))
        self.note.setText(
            _(
                "The schedule lists the customer's maintenance events with their windows, "
                "notice and reply dates and open rule violations. Times are in the "
                "customer's time zone."
            )
        )
        self.print_button.setText(_("&Print…"))
        self.pdf_button.setText(_("Export P&DF…"))
        self.close_button.setText(_("Close"))

    def export_pdf(self, path: Path | None = None) -> None:
        """Ask for a file (unless given), gather the schedule, write the PDF."""
        if path is None:
            suggestion = self._suggested_name()
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Export PDF"), suggestion, _(PDF_FILTER)
            )
            if not chosen:
                return
            path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
        target = path
        if self.settings is not None:
            self.settings.set_value(DIR_KEY, str(target.parent))
        self._gather(lambda report: self._write_pdf(report, target))

    def print_schedule(self) -> None:
        """QPrintDialog (window-modal); on OK gather and print."""
        from di_desk.ui.printing.schedule_pdf import setup_page

        printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
        setup_page(printer)
        dialog = QtPrintSupport.QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print schedule"))
        self.printer, self.print_dialog = printer, dialog
        dialog.accepted.connect(lambda: self._gather(self._print))
        dialog.open()

    # -- internals

    def _gather(self, then: Callable[[ScheduleReport], None]) -> None:
        customer = self.customer_id()
        if customer is None or self._busy:
            return
        first = self.from_edit.date().toPython()
        last = self.to_edit.date().toPython()
        if last < first:
            self.status.setText(_("The period ends before it starts."))
            return
        db, reference, now = self.db, self._reference, self._now()

        def work(_ctx: TaskContext) -> ScheduleReport:
            try:
                return gather(reference(), customer, first, last, now)
            finally:
                close_thread_connection(db)

        self._busy = True
        self._update_enabled()
        self._then = then
        run_with_progress(
            self,
            work,
            label=_("Preparing the schedule…"),
            on_success=self._gathered,
            on_failure=self._failed,
        )

    def _gathered(self, report: ScheduleReport) -> None:
        self._busy = False
        self._update_enabled()
        self.report = report
        self._then(report)

    def _write_pdf(self, report: ScheduleReport, path: Path) -> None:
        from di_desk.ui.printing.schedule_pdf import export_pdf

        try:
            self.pages = export_pdf(path, report)
        except OSError as exc:
            self._failed(exc)
            return
        self.written = path
        self.status.setText(
            ngettext(
                "Wrote {file} ({pages} page).", "Wrote {file} ({pages} pages).", self.pages
            ).format(file=path.name, pages=self.pages)
        )

    def _print(self, report: ScheduleReport) -> None:
        from di_desk.ui.printing.schedule_pdf import print_report

        try:
            self.pages = print_report(self.printer, report)
        except OSError as exc:
            self._failed(exc)
            return
        self.status.setText(
            ngettext(
                "Sent {pages} page to the printer.",
                "Sent {pages} pages to the printer.",
                self.pages,
            ).format(pages=self.pages)
        )

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update_enabled()
        warn(
            self,
            _("Print schedule"),
            _("The schedule could not be made:\n{error}").format(error=exc),
        )

    def _update_enabled(self) -> None:
        on = not self._busy and self.customer_combo.count() > 0
        self.print_button.setEnabled(on)
        self.pdf_button.setEnabled(on)

    def _suggested_name(self) -> str:
        start = str(self.settings.value(DIR_KEY, "") or "") if self.settings is not None else ""
        name = self.customer_combo.currentText() or "schedule"
        safe = "".join(c if c.isalnum() or c in " -_." else "_" for c in name).strip()
        first = self.from_edit.date().toString("yyyy-MM-dd")
        return str(Path(start) / f"{safe} {first}.pdf")
