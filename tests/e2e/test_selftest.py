"""``di-desk --self-test`` end to end, as a real process without a display.

The same self-test runs in the frozen bundle (``packaging/build.py``); here it
runs from the checkout, which catches a broken check before a release build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", DI_DESK_HOME=str(home), DI_DESK_LANG="en")
    return env


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=tmp_path,
        env=_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _assert_passed(result: subprocess.CompletedProcess[str]) -> None:
    lines = result.stdout.splitlines()
    failures = [line for line in lines if line.startswith("FAIL")]
    assert failures == [], result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(line.startswith("OK") and "tab" in line for line in lines), result.stdout
    assert "Traceback" not in result.stderr


def test_self_test_module_passes(tmp_path: Path) -> None:
    """``python -m di_desk.selftest``: every check OK, exit 0."""
    _assert_passed(_run(tmp_path, "-m", "di_desk.selftest"))


def test_di_desk_self_test_option_passes(tmp_path: Path) -> None:
    """``python -m di_desk --self-test``: what the bundles run before a release."""
    _assert_passed(_run(tmp_path, "-m", "di_desk", "--self-test"))


def test_a_failing_check_fails_the_self_test(tmp_path: Path) -> None:
    """One failed check: a FAIL line with the reason, no traceback, exit 1."""
    code = (
        "import sys\n"
        "from di_desk import selftest\n"
        "def broken():\n"
        "    raise LookupError('no holidays today')\n"
        "selftest.check_holidays = broken\n"
        "sys.exit(selftest.run_self_test())\n"
    )
    result = _run(tmp_path, "-c", code)
    assert result.returncode == 1, result.stdout + result.stderr
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failures) == 1, result.stdout
    assert "LookupError: no holidays today" in failures[0]
    assert "Traceback" not in result.stdout + result.stderr
