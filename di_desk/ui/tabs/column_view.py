"""What the column formatters of the list tabs share: the state they read when
they paint, and the muted text colour.

A tab passes itself (or any object with these properties) to its column
factory; the formatters read it at paint time, so a zone change or a
reference edit needs only a repaint, never a new query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from di_desk.ui.qt import QColor

if TYPE_CHECKING:
    from di_desk.domain.reference import ReferenceData

#: text of what is there but not in force (drafts, expired rows)
MUTED_FG = QColor("#757575")


class ViewState(Protocol):
    """What the formatters read when they paint."""

    @property
    def zone(self) -> str: ...

    @property
    def reference(self) -> ReferenceData: ...
