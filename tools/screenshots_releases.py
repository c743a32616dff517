"""Screenshots of the upgrade plans list and its dialogs, en and nl.

    python tools/screenshots_releases.py            # both languages
    python tools/screenshots_releases.py --lang nl

Uses the demo database and fixed "now" of ``tools/screenshots.py``, opens the
real main window offscreen on the Releases tab's "Upgrade plans" page and saves
``docs/screenshots/upgrade-plans-<lang>.png`` (the list with its Violations
badges), ``upgrade-plan-new-<lang>.png`` (a new plan on a Saturday night: the
live window check shows MAINT-3) and ``upgrade-reschedule-<lang>.png`` (the
next weekday windows proposed). The tab itself is captured by
``tools/screenshots.py releases``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.screenshots import (  # noqa: E402
    DEMO_NOW,
    DISPLAY_ZONE,
    LANGUAGES,
    OUT_DIR,
    demo_window,
    settle,
)


def reschedulable_plan(tab) -> int | None:
    """An open plan that may still be rescheduled, with a broken rule when there is one."""
    from di_desk.services.upgrades import reschedule_precheck

    model = tab.plans.model
    candidates = []
    for row in range(model.rowCount()):
        data = model.row_data(row)
        if data is None or data.get("completed_at") is not None:
            continue
        refused = reschedule_precheck(tab.db, data["id"], DEMO_NOW, tab.reference, DISPLAY_ZONE)
        if refused is None:
            check = tab.plans.check(data)
            candidates.append((check is None or check.ok, data["id"]))
    return min(candidates)[1] if candidates else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    from di_desk.domain.timeutil import zone
    from di_desk.ui.qt import QDate, QtCore
    from di_desk.ui.tabs.releases import PLANS_PAGE

    qapp, window, db = demo_window("di-desk-screenshots-releases")
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang or list(LANGUAGES):
        window.switch_language(lang)
        window.set_current_tab("releases")
        tab = window.tab_page("releases")
        tab.pages.setCurrentIndex(PLANS_PAGE)
        settle(qapp, 5)
        plan_id = reschedulable_plan(tab)
        if plan_id is not None:
            tab.plans.view.select_id(plan_id)
        settle(qapp, 2, quiet_ms=100)
        target = args.out / f"upgrade-plans-{lang}.png"
        window.grab().save(str(target))
        print(f"saved {target}")

        dialog = tab.new_plan(None)
        settle(qapp, 1, quiet_ms=100)
        saturday = dialog.start.naive().date()
        saturday += timedelta(days=(5 - saturday.weekday()) % 7)
        dialog.start.date_edit.setDate(QDate(saturday.year, saturday.month, saturday.day))
        dialog.start.time_edit.setTime(QtCore.QTime(22, 0))
        dialog.trigger.setCurrentIndex(0)
        settle(qapp, 1, quiet_ms=100)
        target = args.out / f"upgrade-plan-new-{lang}.png"
        dialog.grab().save(str(target))
        print(f"saved {target}")
        dialog.reject()

        if plan_id is not None:
            dialog = tab.reschedule(plan_id)
            if dialog is not None:
                dialog.reason.setPlainText(
                    "De klant opent die week een nieuwe vestiging."
                    if lang == "nl"
                    else "The customer opens a new site that week."
                )
                start = dialog.start.instant()
                if start is not None:  # a later end than the window allows: MAINT-3
                    local = (start + timedelta(hours=9, minutes=30)).astimezone(
                        zone(dialog.start.zone_key)
                    )
                    dialog.end.time_edit.setTime(QtCore.QTime(local.hour, local.minute))
                settle(qapp, 1, quiet_ms=100)
                target = args.out / f"upgrade-reschedule-{lang}.png"
                dialog.grab().save(str(target))
                print(f"saved {target}")
                dialog.reject()
        settle(qapp, 1, quiet_ms=100)
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
