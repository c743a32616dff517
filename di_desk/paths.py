"""Where DI Desk keeps its files (no Qt).

The data folder is, in order of precedence:

1. an explicit folder (``home=``; ``--db PATH`` names the database file itself),
2. the ``DI_DESK_HOME`` environment variable,
3. portable mode: a file ``portable.txt`` beside the executable (frozen build)
   or beside the ``di_desk`` package (source checkout) puts the data in a
   ``data`` folder next to it, so the app runs from a USB stick,
4. the platform's user data folder ("DI Desk", from ``platformdirs``):
   ``%LOCALAPPDATA%\\DI Desk`` on Windows, ``~/Library/Application Support/DI Desk``
   on macOS, ``~/.local/share/DI Desk`` on Linux.

Logs go to ``logs`` inside the data folder for 1–3, else to the platform's
user log folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "DI Desk"
HOME_ENV = "DI_DESK_HOME"
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "data"
DB_FILENAME = "di-desk.sqlite"
LOG_DIRNAME = "logs"
BACKUP_DIRNAME = "backups"


@dataclass(frozen=True)
class AppPaths:
    """The resolved locations, and why (``source``)."""

    data_dir: Path
    db_path: Path
    log_dir: Path
    backup_dir: Path
    #: "argument", "environment", "portable" or "platform"
    source: str

    @property
    def portable(self) -> bool:
        return self.source == "portable"


def install_dir() -> Path:
    """The folder of the executable (frozen build) or the one holding the package."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_dir(base: Path | None = None) -> Path | None:
    """The portable data folder when ``portable.txt`` lies in ``base``, else None."""
    base = install_dir() if base is None else base
    if (base / PORTABLE_MARKER).is_file():
        return base / PORTABLE_DATA
    return None


def _data_dir(
    home: str | os.PathLike[str] | None,
    environ: Mapping[str, str],
    base: Path | None,
) -> tuple[Path, str]:
    if home is not None:
        return Path(home).expanduser(), "argument"
    env = environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser(), "environment"
    portable = portable_dir(base)
    if portable is not None:
        return portable, "portable"
    import platformdirs  # only when no folder is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)), "platform"


def resolve(
    db: str | os.PathLike[str] | None = None,
    home: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    base: Path | None = None,
) -> AppPaths:
    """All locations. ``db`` (``--db PATH``) overrides only the database file.

    Nothing is created; call :func:`ensure_dir` before writing.
    """
    data, source = _data_dir(home, os.environ if environ is None else environ, base)
    if source == "platform":
        import platformdirs

        logs = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    else:
        logs = data / LOG_DIRNAME
    db_path = Path(db).expanduser() if db is not None else data / DB_FILENAME
    return AppPaths(data, db_path, logs, data / BACKUP_DIRNAME, source)


def data_dir(home: str | os.PathLike[str] | None = None) -> Path:
    return resolve(home=home).data_dir


def database_path(
    db: str | os.PathLike[str] | None = None, home: str | os.PathLike[str] | None = None
) -> Path:
    return resolve(db, home).db_path


def log_dir(home: str | os.PathLike[str] | None = None) -> Path:
    return resolve(home=home).log_dir


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) private to the user (0700 on POSIX).

    Folders that exist already keep their mode; every folder created here is
    0700, whatever the umask.
    """
    path = Path(path)
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, 0o700)
    return path


def resource_dir() -> Path:
    """``resources/`` (icons) of the bundle (PyInstaller's ``_MEIPASS``) or of the checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
