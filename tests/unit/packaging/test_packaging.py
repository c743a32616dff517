"""The packaging inputs: version metadata, icon files and the PyInstaller spec."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path
from types import ModuleType

import pytest

import di_desk

ROOT = Path(__file__).resolve().parents[3]
PACKAGING = ROOT / "packaging"
RESOURCES = ROOT / "resources"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def bundle_meta() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_meta", PACKAGING / "bundle_meta.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_version_comes_from_the_package(bundle_meta: ModuleType) -> None:
    assert bundle_meta.read_version() == di_desk.__version__


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.3.4rc1", (2, 3, 4, 0)),
     ("3.0.1+local.7", (3, 0, 1, 0))],
)  # fmt: skip
def test_version_tuple(bundle_meta: ModuleType, version: str, numbers: tuple[int, ...]) -> None:
    assert bundle_meta.version_tuple(version) == numbers


def test_windows_version_file_carries_the_version(bundle_meta: ModuleType) -> None:
    text = bundle_meta.windows_version_text("1.2.3")
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductVersion', '1.2.3')" in text
    compile(text, "version-info.txt", "eval")  # PyInstaller evaluates it


def test_info_plist(bundle_meta: ModuleType) -> None:
    plist = bundle_meta.info_plist("1.4.0rc2")
    assert plist["CFBundleShortVersionString"] == "1.4.0"
    assert plist["CFBundleIdentifier"] == bundle_meta.BUNDLE_ID
    assert plist["CFBundleLocalizations"] == ["en", "nl"]
    assert plist["NSHighResolutionCapable"] is True


def test_spec_is_python() -> None:
    compile((PACKAGING / "di_desk.spec").read_text(encoding="utf-8"), "di_desk.spec", "exec")


def test_source_icon_is_a_square_png() -> None:
    data = (RESOURCES / "di-desk.png").read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    assert width == height == 1024


def test_ico_holds_every_windows_size() -> None:
    data = (RESOURCES / "di-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, _h, _c, _r, _p, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        sizes.append(width or 256)
        assert bits == 32
        assert offset + length <= len(data)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_holds_the_retina_sizes() -> None:
    data = (RESOURCES / "di-desk.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    types = {}
    offset = 8
    while offset < len(data):
        code, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        payload = data[offset + 8 : offset + length]
        assert payload.startswith(PNG_SIGNATURE)
        types[code] = struct.unpack(">I", payload[16:20])[0]
        offset += length
    assert offset == len(data)
    assert {b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024}.items() <= types.items()
