"""GUI file work: import preview and commit, the preview table, exports, the schedule PDF.

Times, on files written here:

- the import preview (read, parse and check every row, off the GUI thread in
  the app) and the commit of 100,000 backup rows (FILE-4) and of 5,000
  maintenance rows (FILE-1 with the FILE-2 check of every row);
- filling the preview table (model reset + first paint) with those rows;
- the maintenance export as XLSX and ICS, and a year's schedule PDF of the
  customer with the most events.

    .venv/bin/python benchmarks/bench_file_dialogs.py [--backups N] [--events N]
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

APPS = ("CUCM", "Unity Connection", "IM & Presence", "CER", "Expressway")
CUSTOMERS = 40


def _write(folder: Path, backups: int, events: int) -> tuple[Path, Path, Path]:
    customers = folder / "customers.csv"
    with customers.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "region"])
        for n in range(CUSTOMERS):
            out.writerow([f"Customer {n:03d}", "EU"])
    start = datetime(2024, 1, 1, 1, tzinfo=UTC)
    backup_file = folder / "backups.csv"
    with backup_file.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["customer", "application", "taken_at", "result", "size_bytes"])
        for n in range(backups):
            taken = start + timedelta(hours=n // 10)
            out.writerow(
                [
                    f"Customer {n % CUSTOMERS:03d}",
                    APPS[n % len(APPS)],
                    taken.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "failed" if n % 17 == 0 else "good",
                    1_000_000 + n,
                ]
            )
    event_file = folder / "maintenance.csv"
    with event_file.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["customer", "cluster", "type", "start", "end"])
        first = datetime(2026, 1, 5, 20, tzinfo=UTC)  # Monday 21:00 CET
        for n in range(events):
            day = first + timedelta(days=n // CUSTOMERS)
            out.writerow(
                [
                    f"Customer {n % CUSTOMERS:03d}",
                    f"C{n % 3}",
                    "routine" if n % 5 else "disruptive",
                    day.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    (day + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                ]
            )
    return customers, backup_file, event_file


def _timed(label: str, fn, *args, **kwargs):
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:<52} {time.perf_counter() - began:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backups", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5_000)
    args = parser.parse_args()

    from di_desk.ui.qt import QApplication

    app = QApplication.instance() or QApplication([])
    from di_desk.services.exports import export_rows, write_export
    from di_desk.services.import_preview import commit_import, preview_import
    from di_desk.storage import load_reference, open_database
    from di_desk.ui.dialogs.import_dialog import PreviewModel
    from di_desk.ui.printing.schedule_dialog import gather
    from di_desk.ui.printing.schedule_pdf import export_pdf
    from di_desk.ui.qt import QTableView

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        customers, backups, events = _write(folder, args.backups, args.events)
        db = open_database(folder / "bench.sqlite")
        reference = load_reference(db)
        commit_import(db, preview_import("customers", customers, reference), reference)

        for kind, path, count in (
            ("backups", backups, args.backups),
            ("maintenance", events, args.events),
        ):
            preview = _timed(
                f"preview {count:,} {kind} rows", preview_import, kind, path, reference
            )
            assert preview.ok, preview.errors[:3]
            view = QTableView()
            model = PreviewModel()
            view.setModel(model)
            view.resize(1300, 600)
            view.show()

            def fill(model=model, view=view, preview=preview) -> None:
                model.set_preview(preview)
                view.resizeColumnsToContents()
                app.processEvents()

            _timed(f"  preview table: reset + first paint ({kind})", fill)
            result = _timed(
                f"  commit {count:,} {kind} rows", commit_import, db, preview, reference
            )
            assert result.added == count
            view.close()

        now = datetime(2026, 6, 1, tzinfo=UTC)
        rows, columns = _timed("maintenance report rows (export)", export_rows, "maintenance",
                               reference, now)  # fmt: skip
        _timed(f"  write {len(rows):,} rows as XLSX", write_export, folder / "m.xlsx", "xlsx",
               rows, columns, kind="maintenance")  # fmt: skip
        _timed(f"  write {len(rows):,} rows as ICS", write_export, folder / "m.ics", "ics",
               rows, columns, kind="maintenance")  # fmt: skip
        report = _timed(
            "schedule of one customer for a year (gather)",
            gather, reference, 1, datetime(2026, 1, 1).date(), datetime(2026, 12, 31).date(), now,
        )  # fmt: skip
        pages = _timed(
            f"  PDF of {len(report.events)} events", export_pdf, folder / "s.pdf", report
        )
        print(f"  {pages} pages")
        db.close()


if __name__ == "__main__":
    main()
