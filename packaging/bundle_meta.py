"""Names, version and per-OS metadata of the DI Desk bundles.

Shared by ``packaging/di_desk.spec`` (PyInstaller) and ``packaging/build.py``.
The version is read from ``di_desk/__init__.py`` without importing the
package, so the spec never runs app code. Keep this free of PyInstaller
imports: it is plain data plus two small writers.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "DI Desk"
#: reverse-DNS id of the macOS bundle (and the Inno Setup AppId seed)
BUNDLE_ID = "io.didesk.DIDesk"
COMPANY = "DI Desk"
DESCRIPTION = "DI Desk: partner desk for Webex Calling Dedicated Instance"
COPYRIGHT = "© DI Desk"
#: the COLLECT folder under dist/ (onedir bundle)
BUNDLE_DIR = "di-desk"
#: the GUI executable (windowed on Windows and macOS)
EXE_NAME = "di-desk"
#: Windows only: a console twin of the GUI executable, for the CLI and --self-test
CLI_EXE_NAME = "di-desk-cli"
MACOS_APP = f"{APP_NAME}.app"
MACOS_MIN_VERSION = "11.0"
LANGUAGES = ("en", "nl")


def read_version(init_file: Path = ROOT / "di_desk" / "__init__.py") -> str:
    """``__version__`` of ``di_desk/__init__.py`` (the one version source)."""
    tree = ast.parse(init_file.read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise ValueError(f"no __version__ in {init_file}")


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"1.2.3rc1"`` → ``(1, 2, 3, 0)``: the numeric form Windows and macOS want."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:3]]
    if not numbers:
        raise ValueError(f"not a version: {version!r}")
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def windows_version_text(version: str) -> str:
    """A PyInstaller version file (``VSVersionInfo`` source) for ``version``."""
    numbers = version_tuple(version)
    fields = {
        "CompanyName": COMPANY,
        "FileDescription": APP_NAME,
        "FileVersion": version,
        "InternalName": EXE_NAME,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{EXE_NAME}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": version,
        "Comments": DESCRIPTION,
    }
    strings = ",\n".join(
        f"            StringStruct({key!r}, {value!r})" for key, value in fields.items()
    )
    return f"""# UTF-8
# Generated from di_desk.__version__ by packaging/bundle_meta.py; do not edit.
VSVersionInfo(
    ffi=FixedFileInfo(
        filevers={numbers!r},
        prodvers={numbers!r},
        mask=0x3F,
        flags=0x0,
        OS=0x40004,
        fileType=0x1,
        subtype=0x0,
        date=(0, 0),
    ),
    kids=[
        StringFileInfo([
            StringTable("040904B0", [
{strings},
            ]),
        ]),
        VarFileInfo([VarStruct("Translation", [0x0409, 1200])]),
    ],
)
"""


def write_windows_version_file(target: Path, version: str | None = None) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(windows_version_text(version or read_version()), encoding="utf-8")
    return target


def info_plist(version: str | None = None) -> dict[str, object]:
    """The Info.plist keys of the macOS ``.app`` (PyInstaller adds the rest)."""
    version = version or read_version()
    short = ".".join(str(n) for n in version_tuple(version)[:3])
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": short,
        "CFBundleVersion": short,
        "CFBundleDevelopmentRegion": "en",
        "CFBundleLocalizations": list(LANGUAGES),
        "CFBundleAllowMixedLocalizations": True,
        "LSApplicationCategoryType": "public.app-category.business",
        "LSMinimumSystemVersion": MACOS_MIN_VERSION,
        "NSHighResolutionCapable": True,
        "NSPrincipalClass": "NSApplication",
        "NSRequiresAquaSystemAppearance": False,
        "NSHumanReadableCopyright": COPYRIGHT,
    }


def bundle_executable(dist: Path, platform: str = sys.platform) -> Path:
    """The executable to run the self-test with, in a finished ``dist`` folder.

    Windows: the console twin (the GUI one has no stdout). macOS: the binary
    inside the ``.app``. Linux: the onedir bundle's executable.
    """
    if platform == "win32":
        return dist / BUNDLE_DIR / f"{CLI_EXE_NAME}.exe"
    if platform == "darwin":
        return dist / MACOS_APP / "Contents" / "MacOS" / EXE_NAME
    return dist / BUNDLE_DIR / EXE_NAME


def bundle_root(dist: Path, platform: str = sys.platform) -> Path:
    """What ships: the ``.app`` on macOS, the onedir folder elsewhere."""
    return dist / MACOS_APP if platform == "darwin" else dist / BUNDLE_DIR
