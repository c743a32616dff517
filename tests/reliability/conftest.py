"""Shared pieces of the reliability tests: counters printed at the end of the run.

The tests add what they tried (fuzz inputs per importer, kill points, files
probed) to :data:`COUNTS`; :func:`pytest_terminal_summary` prints the figures,
so even ``pytest -q`` shows how much was exercised.
"""

from __future__ import annotations

from collections import Counter

import pytest

#: "section: item" -> how many (fuzz inputs, kill points, …)
COUNTS: Counter[str] = Counter()


def count(section: str, item: str, n: int = 1) -> None:
    COUNTS[f"{section}\0{item}"] += n


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not COUNTS:
        return
    terminalreporter.write_sep("-", "reliability figures")
    sections: dict[str, list[tuple[str, int]]] = {}
    for key, n in sorted(COUNTS.items()):
        section, item = key.split("\0", 1)
        sections.setdefault(section, []).append((item, n))
    for section, items in sections.items():
        parts = ", ".join(f"{item}={n}" for item, n in items)
        terminalreporter.write_line(f"{section}: {parts}")
        if any("/" in item for item, _n in items):  # "customers/csv": also per importer
            totals: Counter[str] = Counter()
            for item, n in items:
                totals[item.split("/", 1)[0]] += n
            parts = ", ".join(f"{item}={n}" for item, n in sorted(totals.items()))
            terminalreporter.write_line(f"{section} (all formats): {parts}")


@pytest.fixture
def settings(tmp_path):
    """GUI settings in a temporary file (as in tests/gui)."""
    from di_desk.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")
