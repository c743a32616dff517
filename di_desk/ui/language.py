"""Live language switching on the Qt side.

:func:`di_desk.i18n.install` switches our gettext catalog and calls its
listeners. :class:`LanguageNotifier` is such a listener: it swaps Qt's own
``qtbase_<lang>`` translator (so standard dialogs and buttons follow) and
emits :attr:`LanguageNotifier.language_changed`, to which windows connect
their ``retranslate()``.
"""

from __future__ import annotations

import weakref

from di_desk import i18n
from di_desk.ui.qt import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
    Signal,
    is_valid_qobject,
)


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


class LanguageNotifier(QObject):
    """Emits :attr:`language_changed` after every :func:`di_desk.i18n.install`."""

    language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qt_translator: QTranslator | None = None
        ref = weakref.ref(self)

        def listener(lang: str) -> None:
            notifier = ref()
            if notifier is None or not is_valid_qobject(notifier):
                i18n.remove_listener(listener)
                return
            notifier._on_language(lang)

        self._listener = listener
        i18n.add_listener(listener)
        self.destroyed.connect(lambda *_: i18n.remove_listener(listener))

    @property
    def language(self) -> str:
        return i18n.current_language()

    def switch(self, language: str | None) -> str:
        """Activate ``language`` everywhere (None: the OS language); returns the code."""
        return i18n.install(language)

    def detach(self) -> None:
        """Stop following :func:`i18n.install` and remove Qt's translator."""
        i18n.remove_listener(self._listener)
        self._set_qt_translator(i18n.DEFAULT_LANGUAGE)

    @property
    def qt_translator(self) -> QTranslator | None:
        """Qt's own translator while a non-English language is active."""
        return self._qt_translator

    def _on_language(self, lang: str) -> None:
        self._set_qt_translator(lang)
        QLocale.setDefault(QLocale(i18n.babel_locale()))
        self.language_changed.emit(lang)

    def _set_qt_translator(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if self._qt_translator is not None:
            if app is not None:
                app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        if lang == i18n.DEFAULT_LANGUAGE or app is None:
            return
        translator = QTranslator(self)
        if translator.load(f"qtbase_{lang}", qt_translations_dir()):
            app.installTranslator(translator)
            self._qt_translator = translator
