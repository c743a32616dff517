"""The desktop user interface (PySide6). Qt names come from :mod:`di_desk.ui.qt`."""
