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


def about_box(
    db_path: Path | None, schema_version: int | None, parent: QWidget | None = None
) -> QMessageBox:
    """A non-blocking About box (call ``open()`` on it)."""
    box = QMessageBox(parent)
    box.setObjectName("about_box")
    box.setWindowTitle(_("About DI Desk"))
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(about_text(db_path, schema_version))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box
