"""Build the DI Desk bundle for this OS and smoke-test it.

    python packaging/build.py              # catalogs, PyInstaller, self-test
    python packaging/build.py --no-test    # skip the self-test

Steps (any failure stops the build with a non-zero exit):

1. compile the gettext catalogs (``tools/catalogs.py compile``);
2. run PyInstaller with ``packaging/di_desk.spec`` (work files in ``build/``,
   the bundle in ``dist/``);
3. run the bundle's ``--self-test`` from a temporary folder outside the
   repository, with ``HOME`` and ``DI_DESK_HOME`` in that folder, so the
   frozen app can only use what it carries.

Prints the bundle's size and the time each step took. Packaging into an
installer is a separate, OS-specific step: ``packaging/windows/di-desk.iss``
(Inno Setup) and ``packaging/macos/make_dmg.sh`` (hdiutil).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_meta

ROOT = bundle_meta.ROOT
SPEC = ROOT / "packaging" / "di_desk.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
SELF_TEST_TIMEOUT = 600


class BuildError(Exception):
    """A step failed; the message says which and why."""


def run(cmd: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    print("$", " ".join(str(part) for part in cmd), flush=True)
    result = subprocess.run(cmd, cwd=cwd, env=env, check=False)
    if result.returncode != 0:
        raise BuildError(f"{cmd[0]} exited with {result.returncode}")


@contextmanager
def step(name: str, timings: list[tuple[str, float]]) -> Iterator[None]:
    print(f"\n== {name}", flush=True)
    start = time.monotonic()
    try:
        yield
    finally:
        timings.append((name, time.monotonic() - start))


def compile_catalogs() -> None:
    run([sys.executable, str(ROOT / "tools" / "catalogs.py"), "compile"])
    for lang in bundle_meta.LANGUAGES:
        mo = ROOT / "di_desk" / "locale" / lang / "LC_MESSAGES" / "di_desk.mo"
        if not mo.is_file():
            raise BuildError(f"catalog compilation did not produce {mo}")


def pyinstaller(clean: bool) -> None:
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        os.environ.get("DI_DESK_PYINSTALLER_LOG", "WARN"),
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    if clean:
        cmd.insert(3, "--clean")
    run(cmd)
    executable = bundle_meta.bundle_executable(DIST)
    if not executable.is_file():
        raise BuildError(f"PyInstaller did not produce {executable}")


def self_test_env(home: Path) -> dict[str, str]:
    """The environment of the frozen self-test: nothing from the repo or the venv."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "DI_DESK_"))
    }
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home / "AppData" / "Roaming"),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        DI_DESK_HOME=str(home / "di-desk-home"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONNOUSERSITE="1",
    )
    return env


def self_test() -> None:
    executable = bundle_meta.bundle_executable(DIST)
    with tempfile.TemporaryDirectory(prefix="di-desk-selftest-") as tmp:
        home = Path(tmp).resolve()
        if home.is_relative_to(ROOT):
            raise BuildError(f"the temporary folder {home} is inside the repository")
        (home / "di-desk-home").mkdir()
        print(f"(in {home})")
        try:
            result = subprocess.run(
                [str(executable), "--self-test"],
                cwd=home,
                env=self_test_env(home),
                timeout=SELF_TEST_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise BuildError(f"the self-test did not finish in {SELF_TEST_TIMEOUT} s") from exc
        if result.returncode != 0:
            raise BuildError(f"the bundle's self-test exited with {result.returncode}")


def tree_size(path: Path) -> tuple[int, int]:
    """Bytes and file count of ``path`` (symlinks counted once, not followed)."""
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
            files += 1
    return total, files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-test", action="store_true", help="skip the bundle's self-test")
    parser.add_argument(
        "--clean", action="store_true", help="empty PyInstaller's cache and build/ first"
    )
    args = parser.parse_args(argv)

    version = bundle_meta.read_version()
    python = sys.version.split()[0]
    print(f"DI Desk {version}: building the {sys.platform} bundle with Python {python}")
    timings: list[tuple[str, float]] = []
    steps: list[tuple[str, Callable[[], None]]] = [
        ("compile catalogs", compile_catalogs),
        ("PyInstaller", lambda: pyinstaller(args.clean)),
    ]
    if not args.no_test:
        steps.append(("self-test of the bundle, outside the repository", self_test))
    start = time.monotonic()
    try:
        for name, action in steps:
            with step(name, timings):
                action()
    except BuildError as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        return 1
    total = time.monotonic() - start

    root = bundle_meta.bundle_root(DIST)
    size, files = tree_size(root)
    print("\n== summary")
    for name, seconds in timings:
        print(f"  {name:<50} {seconds:7.1f} s")
    print(f"  {'total':<50} {total:7.1f} s")
    print(f"bundle: {root.relative_to(ROOT)}  {size / 1e6:.1f} MB in {files} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
