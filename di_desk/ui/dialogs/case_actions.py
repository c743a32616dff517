"""The case editor's actions: the life cycle (CASE-10), severity changes
(CASE-9), action plans and provider notices (CASE-10/11) and the case brief
(CASE-8). A mixin of :class:`~di_desk.ui.dialogs.case_editor.CaseEditor`:
each action asks what it needs in a small dialog and writes through the
services; the editor reloads and reports stale edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from di_desk.domain.case_validation import case_brief
from di_desk.domain.cases import ActionPlan, Case, CaseError
from di_desk.domain.enums import CaseStatus, Party, Severity
from di_desk.i18n import N_, _
from di_desk.services import case_life
from di_desk.services import cases as case_service
from di_desk.storage.errors import StaleEdit, StorageError
from di_desk.ui.dialogs.case_entries import ActionPlanDialog, NoticeDialog
from di_desk.ui.dialogs.case_widgets import DateDialog, InstantDialog
from di_desk.ui.dialogs.severity_change import SeverityChangeDialog
from di_desk.ui.qt import QGuiApplication

if TYPE_CHECKING:
    from di_desk.ui.dialogs.case_editor import CaseEditor

    _Base = CaseEditor
else:
    _Base = object


class CaseActions(_Base):
    """Life-cycle buttons, severity changes, entries and the brief."""

    def move_to(self, target: CaseStatus) -> None:
        """CASE-10: the button for ``target`` was clicked."""
        if target is CaseStatus.OPENED:
            self._open_case()
            return
        if self.record is None or not self._saved_first():
            return
        record = self.record
        assert record is not None
        now = self.env.now()
        if target is CaseStatus.ACTION_PLAN:
            today = now.astimezone(record.calendar.tz).date()
            self._open_dialog(ActionPlanDialog(today, self._submit_plan, self))
        elif target is CaseStatus.MONITORING:
            dialog = DateDialog(
                N_("Start monitoring"),
                N_("Keep the resolved case open while its stability is assessed, until:"),
                now.astimezone(record.calendar.tz).date(),
                self,
            )
            dialog.accepted.connect(lambda: self._move(target, until=dialog.value()))
            self._open_dialog(dialog)
        elif target is CaseStatus.ACKNOWLEDGED and record.status in (
            CaseStatus.RESOLVED,
            CaseStatus.MONITORING,
        ):
            self._move(target)
        else:
            prompts = {
                CaseStatus.ACKNOWLEDGED: (
                    N_("Acknowledge"),
                    N_("When did the provider acknowledge the case?"),
                ),
                CaseStatus.RESOLVED: (N_("Resolve"), N_("When was the problem resolved?")),
                CaseStatus.CLOSED: (N_("Close case"), N_("When was the case closed?")),
            }
            title, prompt = prompts[target]
            dialog = InstantDialog(title, prompt, self.env.zone, now, self)
            dialog.accepted.connect(lambda: self._move(target, at=dialog.value()))
            self._open_dialog(dialog)

    def _move(self, target: CaseStatus, **kwargs: Any) -> None:
        env, record = self.env, self.record
        if record is None:
            return
        self._write(
            lambda: case_life.move_case(
                env.db,
                record.id,
                record.row_version,
                target,
                env.who,
                reference=env.reference,
                **kwargs,
            )
        )

    def _open_case(self) -> None:
        env, draft = self.env, self.draft()
        customer = self.form.selected_customer()
        errors = case_service.check_draft(
            draft, env.reference, opening=True, customer=customer.name if customer else ""
        )
        if errors:
            self._field_errors(errors)
            return
        dialog = InstantDialog(
            N_("Open case"),
            N_(
                "When was the case opened with the provider? "
                "The response objective counts from then."
            ),
            env.zone,
            env.now(),
            self,
        )

        def opened() -> None:
            at = dialog.value()
            self._write(
                lambda: case_service.save_case(
                    env.db, self.draft(), env.who, open_it=True, at=at, reference=env.reference
                )
            )

        dialog.accepted.connect(opened)
        self._open_dialog(dialog)

    def change_severity(self) -> SeverityChangeDialog | None:
        """CASE-9: raise (partner) or lower (provider) the severity."""
        if self.record is None or self.record.case is None or not self._saved_first():
            return None
        dialog = SeverityChangeDialog(
            self.record,
            self.env.reference,
            self.env.zone,
            self.env.now(),
            self._submit_severity,
            self,
        )
        self._open_dialog(dialog)
        return dialog

    def _submit_severity(self, severity: Severity, by: Party, at: datetime, reason: str) -> str:
        env, record = self.env, self.record
        assert record is not None
        return self._submit(
            lambda: case_life.change_case_severity(
                env.db,
                record.id,
                record.row_version,
                severity,
                by,
                reason,
                env.who,
                at=at,
                reference=env.reference,
            )
        )

    def _submit_plan(self, plan: object) -> str:
        env, record = self.env, self.record
        assert record is not None and isinstance(plan, ActionPlan)
        return self._submit(
            lambda: case_life.add_case_action_plan(
                env.db, record.id, record.row_version, plan, env.who, reference=env.reference
            )
        )

    def log_notice(self) -> None:
        """CASE-11: log a provider notice against this case."""
        if self.record is None:
            return
        self._open_dialog(NoticeDialog(self.env.zone, self.env.now(), self._submit_notice, self))

    def _submit_notice(self, value: object) -> str:
        env, record = self.env, self.record
        assert record is not None and isinstance(value, tuple)
        received, subject, text = value
        if received is None:
            return _("Choose a time that exists in {zone}.").format(zone=env.zone)

        def write() -> dict[str, Any]:
            case_life.add_case_notice(
                env.db, record.id, received, subject, text, env.who, reference=env.reference
            )
            return {"id": record.id}

        return self._submit(write)

    def _submit(self, action: Callable[[], Any]) -> str:
        """A write from a sub-dialog: "" when done (or stale: handled here), else the message."""
        try:
            action()
        except StaleEdit as exc:
            self._stale(exc)
            return ""
        except (CaseError, StorageError, ValueError) as exc:
            return str(exc)
        assert self.record is not None
        self.load(self.record.id)
        self.changed.emit(self.record.id)
        return ""

    # ------------------------------------------------------------------ brief

    def brief_case(self) -> Case | None:
        """The case as the editor shows it now (typed text, stored classification)."""
        draft = self.draft()
        record = self.record
        if record is not None and record.case is not None and record.status is not CaseStatus.DRAFT:
            return replace(
                record.case,
                partner=draft.partner,
                contract=draft.contract,
                rep_name=draft.rep_name,
                rep_phone=draft.rep_phone,
                rep_email=draft.rep_email,
                problem=draft.problem,
                category=draft.category or record.case.category,
            )
        name = self.form.customer.currentText().strip()
        return case_service.draft_case(draft, name, self.env.reference, opened_at=self.env.now())

    def copy_brief(self) -> str:
        """CASE-8: the case brief on the clipboard; returns the text ("" when impossible)."""
        case = self.brief_case()
        if case is None:
            self.message.show_message(
                _("Choose the impact and the urgency first: the brief names the severity.")
            )
            return ""
        text = case_brief(case, self.env.reference)
        QGuiApplication.clipboard().setText(text)
        self.message.clear_message()
        self.info.setText(_("The case brief is on the clipboard."))
        return text
