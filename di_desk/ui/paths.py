"""The GUI's own files, placed by :mod:`di_desk.paths`.

Settings live beside the default database in the data folder (so
``DI_DESK_HOME`` and portable mode move them too). The database, log and
backup folders are :mod:`di_desk.paths`'s, shared with the command line.
"""

from __future__ import annotations

from pathlib import Path

from di_desk import paths

SETTINGS_FILENAME = "settings.ini"


def settings_path() -> Path:
    """The INI file of the GUI settings."""
    return paths.data_dir() / SETTINGS_FILENAME
