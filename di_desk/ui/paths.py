"""The GUI's files, placed by :mod:`di_desk.paths` (Qt-free; the CLI may import it).

Settings live beside the default database in the data folder (so
``DI_DESK_HOME`` and portable mode move them too); logs in the log folder.
"""

from __future__ import annotations

from pathlib import Path

from di_desk import paths

SETTINGS_FILENAME = "settings.ini"


def data_dir() -> Path:
    return paths.data_dir()


def log_dir() -> Path:
    return paths.log_dir()


def settings_path() -> Path:
    """The INI file of the GUI settings."""
    return paths.data_dir() / SETTINGS_FILENAME


def default_database_path() -> Path:
    """The database the app opens without ``--db`` (same as the command line's)."""
    return paths.database_path()
