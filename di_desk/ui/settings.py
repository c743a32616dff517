"""Typed GUI settings, declared once with their defaults (Picard's ``options.py``).

Values live in a ``QSettings`` INI file (:func:`di_desk.ui.paths.settings_path`;
tests pass a temporary path). Each :class:`Option` is a typed attribute of
:class:`Settings`::

    settings = Settings(path)
    settings.language = "nl"
    zone = settings.display_zone          # default: the OS zone

Per-table and per-view states are keyed methods: ``header_state("cases")``,
``splitter_state("cases.detail")``, ``last_filters("cases")``.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar, cast, overload
from zoneinfo import ZoneInfo

from di_desk.ui.qt import QByteArray, QSettings, QTimeZone

T = TypeVar("T")


def is_valid_zone(key: str) -> bool:
    """True for an IANA key that ``zoneinfo`` can load."""
    if not key or key.startswith(("/", ".")) or ".." in key:
        return False
    try:
        ZoneInfo(key)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _zone_from_localtime(path: Path = Path("/etc/localtime")) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        return ""
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else ""


def system_zone() -> str:
    """The OS local zone as an IANA key (TIME-1 default), else ``"UTC"``."""
    candidates = [
        os.environ.get("TZ", "").lstrip(":"),
        bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "ignore"),
        _zone_from_localtime(),
    ]
    for key in candidates:
        if is_valid_zone(key):
            return key
    return "UTC"


class Option(Generic[T]):
    """One typed setting: its INI key, type and default (a value or a factory)."""

    def __init__(self, key: str, kind: type[T], default: T | Callable[[], T]) -> None:
        self.key = key
        self.kind = kind
        self._default = default
        self.name = key

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def default(self) -> T:
        return cast(T, self._default() if callable(self._default) else self._default)

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> Option[T]: ...

    @overload
    def __get__(self, obj: Settings, objtype: type | None = None) -> T: ...

    def __get__(self, obj: Settings | None, objtype: type | None = None) -> T | Option[T]:
        if obj is None:
            return self
        return obj.read(self)

    def __set__(self, obj: Settings, value: T) -> None:
        obj.write(self, value)


def _convert(kind: type, raw: Any) -> Any:
    """Turn what QSettings returns (often text from the INI file) into ``kind``."""
    if kind is bytes:
        if isinstance(raw, QByteArray):
            return bytes(raw.data())
        if isinstance(raw, bytes | bytearray):
            return bytes(raw)
        raise TypeError(raw)
    if kind is bool:
        if isinstance(raw, str):
            if raw.lower() in ("true", "1", "yes"):
                return True
            if raw.lower() in ("false", "0", "no"):
                return False
            raise ValueError(raw)
        return bool(raw)
    if kind is int:
        return int(raw)
    if kind is str:
        return str(raw)
    if kind is list:
        value = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(value, list):
            raise TypeError(raw)
        return value
    raise TypeError(f"unsupported setting type {kind!r}")


class Settings:
    """The GUI's settings. Unknown or damaged values read as their default."""

    # Window
    window_geometry = Option("window/geometry", bytes, b"")
    window_state = Option("window/state", bytes, b"")
    last_tab = Option("window/last_tab", str, "overview")
    # General
    language = Option("general/language", str, "")  # "" follows the OS language
    display_zone = Option("general/display_zone", str, system_zone)
    last_database = Option("general/last_database", str, "")
    recent_databases: Option[list[str]] = Option("general/recent_databases", list, list)

    def __init__(self, path: Path | str | None = None) -> None:
        if path is None:
            from di_desk.ui.paths import settings_path

            path = settings_path()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    @classmethod
    def options(cls) -> dict[str, Option[Any]]:
        """Every declared option by attribute name."""
        return {name: value for name, value in vars(cls).items() if isinstance(value, Option)}

    # ---------------------------------------------------------------- typed I/O

    def read(self, option: Option[T]) -> T:
        raw = self._qs.value(option.key)
        if raw is None:
            return option.default()
        try:
            return cast(T, _convert(option.kind, raw))
        except (TypeError, ValueError):
            return option.default()

    def write(self, option: Option[T], value: T) -> None:
        if option.kind is bytes:
            self._qs.setValue(option.key, QByteArray(bytes(cast(bytes, value))))
        elif option.kind is list:
            self._qs.setValue(option.key, json.dumps(value))
        elif option.kind is bool:
            self._qs.setValue(option.key, "true" if value else "false")
        else:
            self._qs.setValue(option.key, value)

    def reset(self, option: Option[Any]) -> None:
        self._qs.remove(option.key)

    def sync(self) -> None:
        """Write pending changes to the INI file."""
        self._qs.sync()

    # ---------------------------------------------------------- keyed states

    def _bytes(self, key: str) -> bytes:
        raw = self._qs.value(key)
        if raw is None:
            return b""
        try:
            return cast(bytes, _convert(bytes, raw))
        except TypeError:
            return b""

    def header_state(self, table: str) -> bytes:
        """A table header's ``saveState()`` (column widths, order, sort); ``b""`` if none."""
        return self._bytes(f"tables/{table}.header")

    def set_header_state(self, table: str, state: bytes | QByteArray) -> None:
        self._qs.setValue(f"tables/{table}.header", QByteArray(state))

    def splitter_state(self, key: str) -> bytes:
        return self._bytes(f"splitters/{key}")

    def set_splitter_state(self, key: str, state: bytes | QByteArray) -> None:
        self._qs.setValue(f"splitters/{key}", QByteArray(state))

    def last_filters(self, key: str) -> dict[str, Any]:
        """The filter bar state a view saved (see ``FilterBar.state()``); ``{}`` if none."""
        raw = self._qs.value(f"filters/{key}")
        if not isinstance(raw, str):
            return {}
        with contextlib.suppress(ValueError):
            value = json.loads(raw)
            if isinstance(value, dict):
                return value
        return {}

    def set_last_filters(self, key: str, state: dict[str, Any]) -> None:
        self._qs.setValue(f"filters/{key}", json.dumps(state, sort_keys=True, default=str))

    def value(self, key: str, default: Any = None) -> Any:
        """Escape hatch for a tab's own keys (prefix them with the tab's key)."""
        return self._qs.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self._qs.setValue(key, value)
