"""The main window's tabs.

Each tab module provides a factory ``(TabContext) -> QWidget`` and registers
it in :func:`register_builtin_tabs`; until then the window shows a
placeholder page for that tab (see :mod:`di_desk.ui.tabs.base`).
"""

from __future__ import annotations

from importlib import import_module

from di_desk.ui.qt import QWidget
from di_desk.ui.tabs.base import TABS, TabContext, TabFactory, TabRegistry

#: tab key → module providing ``make_tab``; imported when the tab is first shown
BUILTIN_TABS = {
    "overview": "di_desk.ui.tabs.overview",
    "cases": "di_desk.ui.tabs.cases",
    "maintenance": "di_desk.ui.tabs.maintenance",
    "releases": "di_desk.ui.tabs.releases",
    "backups": "di_desk.ui.tabs.backups",
    "customers": "di_desk.ui.tabs.customers",
}


def lazy_factory(module: str) -> TabFactory:
    """A factory that imports ``module`` on its first call and uses its ``make_tab``."""

    def factory(context: TabContext) -> QWidget:
        return import_module(module).make_tab(context)

    factory.__qualname__ = f"lazy_factory({module})"
    return factory


#: tab key → modules imported before the tab is first built; they add their
#: actions through the tab's own hook (e.g. ``maintenance.register_tool_action``)
TAB_EXTRAS = {"maintenance": ("di_desk.ui.maintenance_extras",)}


def with_extras(factory: TabFactory, modules: tuple[str, ...]) -> TabFactory:
    """``factory``, after importing ``modules`` (which register their additions)."""

    def make(context: TabContext) -> QWidget:
        for module in modules:
            import_module(module)
        return factory(context)

    make.__qualname__ = f"with_extras({', '.join(modules)})"
    return make


def register_builtin_tabs(registry: TabRegistry = TABS) -> TabRegistry:
    """Register the real tab widgets; returns ``registry``.

    A tab's module is imported only when the tab is first built, so start-up
    loads just the code of the tab the user sees.
    """
    for key, module in BUILTIN_TABS.items():
        factory = lazy_factory(module)
        if key in TAB_EXTRAS:
            factory = with_extras(factory, TAB_EXTRAS[key])
        registry.register(key, factory)
    return registry
