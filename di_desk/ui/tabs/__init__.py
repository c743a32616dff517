"""The main window's tabs.

Each tab module provides a factory ``(TabContext) -> QWidget`` and registers
it in :func:`register_builtin_tabs`; until then the window shows a
placeholder page for that tab (see :mod:`di_desk.ui.tabs.base`).
"""

from __future__ import annotations

from di_desk.ui.tabs.base import TABS, TabRegistry


def register_builtin_tabs(registry: TabRegistry = TABS) -> TabRegistry:
    """Register the real tab widgets that exist so far; returns ``registry``.

    Add one line per tab as it is written, e.g.::

        from di_desk.ui.tabs import cases
        registry.register("cases", cases.make_tab)
    """
    from di_desk.ui.tabs import cases

    registry.register("cases", cases.make_tab)
    from di_desk.ui.tabs import customers, overview

    registry.register("overview", overview.make_tab)
    registry.register("customers", customers.make_tab)
    from di_desk.ui.tabs import releases

    registry.register("releases", releases.make_tab)
    from di_desk.ui.tabs import backups

    registry.register("backups", backups.make_tab)
    from di_desk.ui.tabs import maintenance

    registry.register("maintenance", maintenance.make_tab)
    return registry
