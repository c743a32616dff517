"""Screenshots of the maintenance event editor and reschedule draft, en and nl.

    python tools/screenshots_maintenance.py            # both languages
    python tools/screenshots_maintenance.py --lang nl

Uses the demo database and fixed "now" of ``tools/screenshots.py``, opens the
real main window offscreen, selects an upcoming planned-disruptive event that
breaks a rule, and saves ``docs/screenshots/event-editor-<lang>.png`` and
``docs/screenshots/reschedule-<lang>.png``. The tab itself is captured by
``tools/screenshots.py maintenance``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.screenshots import (  # noqa: E402
    DEMO_NOW,
    LANGUAGES,
    OUT_DIR,
    demo_window,
    settle,
)


def pick_event(tab) -> int:
    """An upcoming event that shows the checks well: a blackout clash, else a late
    notice, else any broken rule, else the first upcoming event."""
    from di_desk.domain.enums import MaintenanceType
    from di_desk.services.listing import ListQuery

    service = tab.service
    ids = service.source.ids(ListQuery(date_from=DEMO_NOW, sort_key="start"), 0, 1000)
    rows = service.source.rows(ids)
    checks = {i: service.check_row(rows[i]).rule_ids for i in ids}
    for wanted in ("MAINT-11", "MAINT-5", "MAINT-3"):
        for event_id in ids:
            if wanted in checks[event_id] and rows[event_id]["type"] is not (
                MaintenanceType.EMERGENCY
            ):
                return event_id
    return ids[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    qapp, window, db = demo_window("di-desk-screenshots-maintenance")
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang or list(LANGUAGES):
        window.switch_language(lang)
        window.set_current_tab("maintenance")
        tab = window.tab_page("maintenance")
        event_id = pick_event(tab)
        window.navigate("maintenance", event_id)
        settle(qapp, 5)
        editor = tab.edit_selected()
        settle(qapp, 2, quiet_ms=100)
        target = args.out / f"event-editor-{lang}.png"
        editor.grab().save(str(target))
        print(f"saved {target}")
        dialog = editor.open_reschedule()
        if dialog is not None:
            dialog.reason.setPlainText(
                "Tijdens de maandafsluiting kan de klant geen storing hebben."
                if lang == "nl"
                else "The customer's month-end closing cannot take a disruption."
            )
            settle(qapp, 1, quiet_ms=100)
            target = args.out / f"reschedule-{lang}.png"
            dialog.grab().save(str(target))
            print(f"saved {target}")
            dialog.reject()
        editor.reject()
        settle(qapp, 1, quiet_ms=100)
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
