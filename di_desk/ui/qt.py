"""The one place that imports PySide6 for the app (qutebrowser's ``qutebrowser/qt``).

Every other module under ``di_desk/ui`` imports Qt names from here, so this
file lists everything the app uses of Qt, and a binding change or a
version-specific workaround happens in one place. Rarely used names are
reachable through the module objects ``QtCore``, ``QtGui`` and ``QtWidgets``.
Names resolve on first use (PEP 562, see :func:`__getattr__`): the imports
under ``TYPE_CHECKING`` say where each comes from; ``QtCharts`` and
``QtPrintSupport`` (large, only charts and printing need them) are imported
on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets
from shiboken6 import isValid as is_valid_qobject

if TYPE_CHECKING:
    from PySide6.QtCore import (
        QAbstractItemModel,
        QAbstractTableModel,
        QByteArray,
        QCoreApplication,
        QDate,
        QEvent,
        QItemSelection,
        QItemSelectionModel,
        QLibraryInfo,
        QLocale,
        QMarginsF,
        QModelIndex,
        QObject,
        QPersistentModelIndex,
        QPoint,
        QRect,
        QRectF,
        QRunnable,
        QSettings,
        QSize,
        QSizeF,
        QSortFilterProxyModel,
        QStandardPaths,
        Qt,
        QThread,
        QThreadPool,
        QTimer,
        QTimeZone,
        QTranslator,
        QUrl,
        Signal,
        Slot,
    )
    from PySide6.QtGui import (
        QAction,
        QActionGroup,
        QBrush,
        QClipboard,
        QCloseEvent,
        QColor,
        QDesktopServices,
        QFont,
        QGuiApplication,
        QIcon,
        QKeySequence,
        QPageLayout,
        QPageSize,
        QPainter,
        QPaintEvent,
        QPalette,
        QPdfWriter,
        QPixmap,
        QShortcut,
        QStandardItem,
        QStandardItemModel,
        QTextDocument,
    )
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QApplication,
        QCheckBox,
        QComboBox,
        QCompleter,
        QDateEdit,
        QDialog,
        QDialogButtonBox,
        QFileDialog,
        QFormLayout,
        QFrame,
        QGridLayout,
        QGroupBox,
        QHBoxLayout,
        QHeaderView,
        QLabel,
        QLineEdit,
        QMainWindow,
        QMenu,
        QMenuBar,
        QMessageBox,
        QPlainTextEdit,
        QProgressDialog,
        QPushButton,
        QSizePolicy,
        QSplitter,
        QStatusBar,
        QStyle,
        QTableView,
        QTableWidget,
        QTableWidgetItem,
        QTabWidget,
        QToolButton,
        QVBoxLayout,
        QWidget,
    )

__all__ = [
    "QAbstractItemModel",
    "QAbstractItemView",
    "QAbstractTableModel",
    "QAction",
    "QActionGroup",
    "QApplication",
    "QBrush",
    "QByteArray",
    "QCheckBox",
    "QClipboard",
    "QCloseEvent",
    "QColor",
    "QComboBox",
    "QCompleter",
    "QCoreApplication",
    "QDate",
    "QDateEdit",
    "QDesktopServices",
    "QDialog",
    "QDialogButtonBox",
    "QEvent",
    "QFileDialog",
    "QFont",
    "QFormLayout",
    "QFrame",
    "QGridLayout",
    "QGroupBox",
    "QGuiApplication",
    "QHBoxLayout",
    "QHeaderView",
    "QIcon",
    "QItemSelection",
    "QItemSelectionModel",
    "QKeySequence",
    "QLabel",
    "QLibraryInfo",
    "QLineEdit",
    "QLocale",
    "QMainWindow",
    "QMarginsF",
    "QMenu",
    "QMenuBar",
    "QMessageBox",
    "QModelIndex",
    "QObject",
    "QPageLayout",
    "QPageSize",
    "QPaintEvent",
    "QPainter",
    "QPalette",
    "QPdfWriter",
    "QPersistentModelIndex",
    "QPixmap",
    "QPlainTextEdit",
    "QPoint",
    "QProgressDialog",
    "QPushButton",
    "QRect",
    "QRectF",
    "QRunnable",
    "QSettings",
    "QShortcut",
    "QSize",
    "QSizeF",
    "QSizePolicy",
    "QSortFilterProxyModel",
    "QSplitter",
    "QStandardItem",
    "QStandardItemModel",
    "QStandardPaths",
    "QStatusBar",
    "QStyle",
    "QTabWidget",
    "QTableView",
    "QTableWidget",
    "QTableWidgetItem",
    "QTextDocument",
    "QThread",
    "QThreadPool",
    "QTimeZone",
    "QTimer",
    "QToolButton",
    "QTranslator",
    "QUrl",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "QtCore",
    "QtGui",
    "QtWidgets",
    "Signal",
    "Slot",
    "is_valid_qobject",
]


#: the modules that hold the names of ``__all__``, searched in this order
_HOLDERS = (QtCore, QtGui, QtWidgets)
_PUBLIC = frozenset(__all__)


def __getattr__(name: str) -> Any:
    """A Qt name on first use (``from di_desk.ui.qt import QLabel``).

    PySide6 creates a class's Python type on first access, which costs; so
    the names are looked up when a module asks for them, and start-up pays
    only for what the first window uses. ``QtCharts`` and ``QtPrintSupport``
    are imported on first use.
    """
    if name in ("QtCharts", "QtPrintSupport"):
        value: Any = importlib.import_module(f"PySide6.{name}")
    elif name in _PUBLIC:
        value = next(getattr(m, name) for m in _HOLDERS if hasattr(m, name))
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | _PUBLIC)
