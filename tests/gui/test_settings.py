"""Typed settings in an INI file."""

from __future__ import annotations

from di_desk.ui.settings import Option, Settings, is_valid_zone, system_zone


def test_defaults_are_declared_once(settings):
    options = Settings.options()
    assert {"window_geometry", "last_tab", "language", "display_zone"} <= set(options)
    assert settings.last_tab == "overview"
    assert settings.language == ""
    assert settings.window_geometry == b""
    assert settings.recent_databases == []
    assert settings.display_zone == system_zone()


def test_values_survive_a_new_settings_object(tmp_path):
    path = tmp_path / "s.ini"
    first = Settings(path)
    first.language = "nl"
    first.last_tab = "backups"
    first.display_zone = "Asia/Tokyo"
    first.window_geometry = b"\x01\x02\x00\xff"
    first.recent_databases = ["/a.sqlite", "/b.sqlite"]
    first.set_header_state("cases", b"\x00header")
    first.set_splitter_state("cases.detail", b"\x00split")
    first.set_last_filters("cases", {"text": "phones", "combos": {"status": "opened"}})
    first.sync()
    assert path.read_text(encoding="utf-8").startswith("[")

    again = Settings(path)
    assert again.language == "nl"
    assert again.last_tab == "backups"
    assert again.display_zone == "Asia/Tokyo"
    assert again.window_geometry == b"\x01\x02\x00\xff"
    assert again.recent_databases == ["/a.sqlite", "/b.sqlite"]
    assert again.header_state("cases") == b"\x00header"
    assert again.header_state("backups") == b""
    assert again.splitter_state("cases.detail") == b"\x00split"
    assert again.last_filters("cases") == {"text": "phones", "combos": {"status": "opened"}}
    assert again.last_filters("other") == {}


def test_damaged_values_read_as_defaults(tmp_path):
    path = tmp_path / "s.ini"
    path.write_text(
        "[general]\nrecent_databases=not json\n[filters]\ncases={broken\n", encoding="utf-8"
    )
    settings = Settings(path)
    assert settings.recent_databases == []
    assert settings.last_filters("cases") == {}


def test_bool_and_int_options_convert_from_ini_text(tmp_path):
    class Extra(Settings):
        flag = Option("x/flag", bool, False)
        count = Option("x/count", int, 3)

    path = tmp_path / "s.ini"
    first = Extra(path)
    assert first.flag is False and first.count == 3
    first.flag = True
    first.count = 42
    first.sync()
    again = Extra(path)
    assert again.flag is True and again.count == 42
    again.reset(Extra.count)
    assert again.count == 3


def test_system_zone_is_a_valid_iana_key(monkeypatch):
    assert is_valid_zone(system_zone())
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    assert system_zone() == "Europe/Amsterdam"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert is_valid_zone(system_zone())
    assert not is_valid_zone("../etc/passwd")
    assert not is_valid_zone("")
