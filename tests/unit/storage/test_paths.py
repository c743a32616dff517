"""Where the data lives: argument, DI_DESK_HOME, portable mode, platform folders."""

from __future__ import annotations

import sys

import pytest

from di_desk import paths


def test_explicit_home_wins(tmp_path):
    p = paths.resolve(home=tmp_path / "h", environ={"DI_DESK_HOME": "/elsewhere"})
    assert p.source == "argument"
    assert p.data_dir == tmp_path / "h"
    assert p.db_path == tmp_path / "h" / paths.DB_FILENAME
    assert p.log_dir == tmp_path / "h" / "logs"
    assert p.backup_dir == tmp_path / "h" / "backups"


def test_environment_variable(tmp_path):
    p = paths.resolve(environ={"DI_DESK_HOME": str(tmp_path)}, base=tmp_path)
    assert (p.source, p.data_dir) == ("environment", tmp_path)


def test_db_option_overrides_only_the_file(tmp_path):
    p = paths.resolve(db=tmp_path / "other.sqlite", environ={"DI_DESK_HOME": str(tmp_path / "h")})
    assert p.db_path == tmp_path / "other.sqlite"
    assert p.data_dir == tmp_path / "h"


def test_portable_mode(tmp_path):
    (tmp_path / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    p = paths.resolve(environ={}, base=tmp_path)
    assert p.portable
    assert p.data_dir == tmp_path / "data"
    assert p.log_dir == tmp_path / "data" / "logs"


def test_platform_folder(tmp_path):
    p = paths.resolve(environ={}, base=tmp_path)  # no marker in base
    assert p.source == "platform"
    assert "DI Desk" in str(p.data_dir)
    assert "DI Desk" in str(p.log_dir)


def test_install_dir_holds_the_package():
    assert (paths.install_dir() / "di_desk" / "paths.py").is_file()


def test_default_helpers_follow_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DI_DESK_HOME", str(tmp_path))
    assert paths.data_dir() == tmp_path
    assert paths.database_path() == tmp_path / paths.DB_FILENAME
    assert paths.log_dir() == tmp_path / "logs"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_ensure_dir_is_private(tmp_path):
    made = paths.ensure_dir(tmp_path / "a" / "b")
    assert made.is_dir()
    assert made.stat().st_mode & 0o777 == 0o700
