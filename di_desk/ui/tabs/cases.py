"""The Cases tab: the list of support cases (SQL-side filter and sort), a
live "response due" column, and the case editor (CASE-1..12).

The list is a :class:`LazyTableModel` over :class:`~di_desk.storage.CaseSource`;
the due column is repainted every 30 seconds without a new query. Double-click
or Enter opens a case, Ctrl+N starts a new one, Delete deletes drafts.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from di_desk.domain.enums import CaseStatus, Severity
from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.i18n import _, ngettext
from di_desk.services.case_records import reference_for
from di_desk.services.listing import ListQuery
from di_desk.services.user import current_user
from di_desk.storage.errors import StorageError
from di_desk.storage.repositories import customer_names
from di_desk.storage.sources import CaseSource
from di_desk.ui.filter_bar import CUSTOMER, SEVERITY, STATUS, FilterBar
from di_desk.ui.models.lazy_table import LazyTableModel
from di_desk.ui.qt import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.settings import Settings
from di_desk.ui.table_view import LazyTableView
from di_desk.ui.tabs.base import TabContext
from di_desk.ui.tabs.case_columns import case_columns

if TYPE_CHECKING:  # the editor (and the rules it runs) load when it is first opened
    from di_desk.ui.dialogs.case_editor import CaseEditor, CaseEnv

STATE_KEY = "cases"
#: how often the "response due" column is repainted (ms)
DUE_REFRESH_MS = 30_000
#: pages loaded at most when looking for a record to show
FIND_PAGES = 50


def make_tab(context: TabContext) -> QWidget:
    source = CaseSource(context.db) if context.db is not None else None
    return CasesTab(source, context)


class CasesTab(QWidget):
    """Case list with filters; opens :class:`CaseEditor`."""

    def __init__(self, source: CaseSource | None, context: TabContext) -> None:
        super().__init__()
        self.setObjectName("tab_cases")
        self.context = context
        self.source = source
        self.db = context.db
        self.zone = context.display_zone
        self.reference: ReferenceData = (
            reference_for(self.db) if self.db is not None else DEFAULT_REFERENCE
        )
        self.who = current_user()
        self.editor: CaseEditor | None = None
        self.message_box: QMessageBox | None = None

        self.new_button = QPushButton(self)
        self.new_button.setObjectName("new_case")
        self.new_button.clicked.connect(self.new_record)
        self.new_button.setEnabled(self.db is not None)
        self.filter_bar = FilterBar(
            combos=(CUSTOMER, STATUS, SEVERITY), display_zone=self.zone, parent=self
        )
        self.filter_bar.set_choices(
            STATUS.key, [(s.value, lambda s=s: s.label) for s in CaseStatus]
        )
        self.filter_bar.set_choices(
            SEVERITY.key, [(s.value, lambda s=s: s.label) for s in Severity]
        )
        self.model = LazyTableModel(
            source,
            case_columns(self),
            query=ListQuery(sort_key="opened_at", descending=True),
            parent=self,
        )
        self.view = LazyTableView(self.model, state_key=STATE_KEY, parent=self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("cases_count")
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(self.db is None)

        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.filter_bar, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self.filter_bar.query_changed.connect(self.model.set_query)
        self.model.total_changed.connect(lambda _n: self._update_count())
        self.view.id_activated.connect(self.open_editor)
        context.events.data_changed.connect(self._data_changed)
        self.due_timer = QTimer(self)
        self.due_timer.setInterval(DUE_REFRESH_MS)
        self.due_timer.timeout.connect(self.update_due_cells)
        self.due_timer.start()
        self._load_customers()
        self._set_texts()  # the filter bar and the model are in the language already
        self._update_count()

    # ------------------------------------------------------------------ view state

    def _set_texts(self) -> None:
        self.new_button.setText(_("New case"))
        self.new_button.setToolTip(_("Start a new case (Ctrl+N)"))
        self.empty_label.setText(
            _("No database is open. Open or create one in the File menu to record cases.")
        )

    def now(self) -> datetime:
        return self.context.now()

    def _load_customers(self) -> None:
        if self.db is None:
            return
        self.filter_bar.set_customers(customer_names(self.db))

    def _update_count(self) -> None:
        total = self.model.total_count()
        self.count_label.setText(
            ngettext("{count} case", "{count} cases", total).format(count=total)
        )

    def update_due_cells(self) -> None:
        """Repaint the "response due" column only (time passes; no query)."""
        column = self.model.column_index("response_due")
        rows = self.model.rowCount()
        if column < 0 or rows == 0:
            return
        roles = [
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ]
        self.model.dataChanged.emit(
            self.model.index(0, column), self.model.index(rows - 1, column), roles
        )

    # ------------------------------------------------------------------ editor

    def _env(self) -> CaseEnv:
        from di_desk.ui.dialogs.case_editor import CaseEnv

        return CaseEnv(self.db, self.reference, self.zone, self.now, self.who)

    def open_editor(self, case_id: int | None = None) -> CaseEditor | None:
        """Open the editor on ``case_id`` (None: a new case); window-modal."""
        if self.db is None:
            return None
        from di_desk.ui.dialogs.case_editor import CaseEditor

        editor = CaseEditor(self._env(), case_id, self)
        editor.changed.connect(self._case_changed)
        editor.finished.connect(lambda _r: self._editor_closed(editor))
        self.editor = editor
        editor.open()
        return editor

    def _editor_closed(self, editor: CaseEditor) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()

    def _data_changed(self, kind: str) -> None:
        """Another tab changed data: customers (names, calendars) or everything."""
        if kind in ("", "customers") and self.db is not None:
            self.refresh()

    def _case_changed(self, case_id: int) -> None:
        self.model.refresh()
        self.view.select_id(case_id)
        self.context.events.data_changed.emit("cases")

    # ------------------------------------------------------------------ window hooks

    def new_record(self) -> CaseEditor | None:
        return self.open_editor(None)

    def delete_selected(self) -> QMessageBox | None:
        """Delete the selected drafts after a confirmation; opened cases stay."""
        ids = self.view.selected_ids()
        if self.db is None or self.source is None or not ids:
            return None
        rows = self.source.rows(ids)
        drafts = [i for i in ids if i in rows and rows[i]["status"] is CaseStatus.DRAFT]
        others = len(ids) - len(drafts)
        if not drafts:
            return self._box(
                QMessageBox.Icon.Information,
                _("Delete cases"),
                _("Only drafts can be deleted. Close an opened case instead."),
            )
        text = ngettext(
            "Delete {count} draft case?", "Delete {count} draft cases?", len(drafts)
        ).format(count=len(drafts))
        if others:
            text += "\n" + ngettext(
                "{count} selected case is not a draft and stays.",
                "{count} selected cases are not drafts and stay.",
                others,
            ).format(count=others)
        box = self._box(
            QMessageBox.Icon.Question,
            _("Delete cases"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            opened=False,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        versions = {i: rows[i]["row_version"] for i in drafts}
        box.buttonClicked.connect(
            lambda button: (
                self._delete(versions)
                if box.standardButton(button) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        box.open()
        return box

    def _delete(self, versions: dict[int, int]) -> None:
        from di_desk.services.cases import delete_case

        problems = []
        for case_id, version in versions.items():
            try:
                delete_case(self.db, case_id, version, self.who)
            except (StorageError, ValueError) as exc:
                problems.append(str(exc))
        self.model.refresh()
        self.context.events.data_changed.emit("cases")
        if problems:
            self._box(QMessageBox.Icon.Warning, _("Delete cases"), "\n".join(problems))

    def _box(
        self,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
        *,
        opened: bool = True,
    ) -> QMessageBox:
        box = QMessageBox(icon, title, text, buttons, self)
        box.finished.connect(box.deleteLater)
        self.message_box = box
        if opened:
            box.open()
        return box

    def focus_filter(self) -> None:
        self.filter_bar.focus_search()

    def select_record(self, record_id: int) -> bool:
        """Show case ``record_id``: find and select its row (clearing filters
        that hide it) and open it in the editor. False when it does not exist."""
        if self.db is None or self.source is None or not self.source.rows([record_id]):
            return False
        if not self._find(record_id):
            self.filter_bar.clear()
            self._find(record_id)
        self.open_editor(record_id)
        return True

    def _find(self, record_id: int) -> bool:
        pages = 0
        while self.model.row_of_id(record_id) is None and self.model.canFetchMore():
            if pages >= FIND_PAGES:
                return False
            self.model.fetchMore()
            pages += 1
        return self.view.select_id(record_id)

    def refresh(self) -> None:
        if self.db is not None:
            self.reference = reference_for(self.db)
            self._load_customers()
        self.model.refresh()
        self._update_count()

    def set_display_zone(self, zone: str) -> None:
        self.zone = zone
        self.filter_bar.set_display_zone(zone)
        self.model.retranslate()
        if self.editor is not None:
            self.editor.set_display_zone(zone)

    def save_state(self, settings: Settings) -> None:
        self.view.save_state(settings)
        settings.set_last_filters(STATE_KEY, self.filter_bar.state())

    def restore_state(self, settings: Settings) -> None:
        self.view.restore_state(settings)
        self.filter_bar.restore_state(settings.last_filters(STATE_KEY))

    def retranslate(self) -> None:
        self._set_texts()
        self.filter_bar.retranslate()
        self.model.retranslate()
        self._update_count()
        if self.editor is not None:
            self.editor.retranslate()
