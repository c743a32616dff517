"""Start-up stays light: the first painted window loads only what it shows.

Run in a fresh interpreter, since this test process has imported everything.
The Overview's computation (the store's queries and the rules) starts after
the first paint, its chart (QtCharts) when the first result arrives, and
migrations, holidays, Babel and the other tabs when they are used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CHILD = r"""
import json, sys
from pathlib import Path
from di_desk.storage.db import open_database
open_database(Path(sys.argv[1])).close()
before = set(sys.modules)
from di_desk.app import build_window
from di_desk.ui.qt import QApplication
from di_desk.ui.settings import Settings
app = QApplication([])
settings = Settings(Path(sys.argv[2]))
if len(sys.argv) > 3:
    settings.last_tab = sys.argv[3]
window = build_window(Path(sys.argv[1]), settings)
window.show()
app.processEvents()
window.grab()
painted = sorted(set(sys.modules) - before)
page = window.current_page()
if window.current_tab_key() != "overview":
    print(json.dumps({"modules": painted, "tab": window.current_tab_key(),
                      "pages": sorted(window._pages)}))
    sys.exit()
busy = page.is_busy()
import time
deadline = time.monotonic() + 20
while page.is_busy() and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print(json.dumps({"modules": painted, "tab": window.current_tab_key(), "busy": busy,
                  "pages": sorted(window._pages), "done": not page.is_busy(),
                  "chart": page.chart is not None, "status": page.status.text()}))
"""

NOT_BEFORE_FIRST_PAINT = (
    "holidays",
    "babel.dates",
    "PySide6.QtCharts",
    "playhouse.migrate",
    "di_desk.services.attention",
    "di_desk.services.reports",
    "di_desk.domain.calendar",
    "di_desk.storage.bulk",
    "di_desk.ui.tabs.cases",
)


def _first_paint(tmp_path, *last_tab: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "a.sqlite"), str(tmp_path / "s.ini"),
         *last_tab],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_first_paint_loads_only_what_it_shows(tmp_path):
    result = _first_paint(tmp_path)
    assert result["tab"] == "overview" and result["pages"] == ["overview"]
    assert result["busy"]  # its computation waits for the first paint
    assert result["done"] and result["chart"], result["status"]  # then runs
    loaded = set(result["modules"])
    assert "di_desk.ui.tabs.overview" in loaded
    assert not loaded & set(NOT_BEFORE_FIRST_PAINT), sorted(loaded & set(NOT_BEFORE_FIRST_PAINT))


NOT_BEFORE_THE_CASE_LIST = (
    "holidays",
    "phonenumbers",
    "PySide6.QtCharts",
    "di_desk.services.cases",
    "di_desk.services.imports",
    "di_desk.ui.dialogs.case_editor",
    "di_desk.ui.tabs.overview",
)


def test_reopened_on_the_cases_tab_the_list_needs_no_editor(tmp_path):
    """The case list paints without the editor's rules (validation, phone numbers,
    holidays) or the other tabs."""
    result = _first_paint(tmp_path, "cases")
    assert result["tab"] == "cases" and result["pages"] == ["cases"]
    loaded = set(result["modules"])
    assert "di_desk.ui.tabs.cases" in loaded
    assert not loaded & set(NOT_BEFORE_THE_CASE_LIST), sorted(
        loaded & set(NOT_BEFORE_THE_CASE_LIST)
    )
