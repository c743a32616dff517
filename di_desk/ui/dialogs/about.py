"""Help → About DI Desk."""

from __future__ import annotations

import html
from pathlib import Path

from di_desk import __version__
from di_desk.i18n import _
from di_desk.ui.qt import QMessageBox, QWidget


def about_text(db_path: Path | None, schema_version: int | None) -> str:
    """The About box's rich text: version, database file and schema version."""
    lines = [
        f"<h3>DI Desk {html.escape(__version__)}</h3>",
        "<p>" + html.escape(_("The partner's desk for Webex Calling Dedicated Instance.")) + "</p>",
        "<p>"
        + html.escape(_("Version: {version}").format(version=__version__))
        + "<br>"
        + html.escape(
            _("Database: {path}").format(path=db_path)
            if db_path is not None
            else _("No database open")
        )
        + "<br>"
        + html.escape(
            _("Schema version: {version}").format(
                version=schema_version if schema_version is not None else _("unknown")
            )
        )
        + "</p>",
    ]
    return "".join(lines)


class AboutBox(QMessageBox):
    """The About box; :meth:`retranslate` re-sets its texts after a language switch."""

    def __init__(
        self, db_path: Path | None, schema_version: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("about_box")
        self._db_path = db_path
        self._schema_version = schema_version
        self.setIcon(QMessageBox.Icon.Information)
        self.setStandardButtons(QMessageBox.StandardButton.Close)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("About DI Desk"))
        self.setText(about_text(self._db_path, self._schema_version))


def about_box(
    db_path: Path | None, schema_version: int | None, parent: QWidget | None = None
) -> AboutBox:
    """A non-blocking About box (call ``open()`` on it)."""
    return AboutBox(db_path, schema_version, parent)
