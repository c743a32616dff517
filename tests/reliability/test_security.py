"""Security: private files, no network at all, hostile workbooks, inert cell values.

- The database (and its -wal/-shm), its backups, the copy before a
  migration or a restore, and the error log are 0600 in folders created
  0700 (POSIX), whatever the umask.
- A full workflow (demo database, every tab, language switch, import,
  export, reports; then the command line) runs with every socket call
  refused and an audit hook watching: not one network attempt.
- XLSX: an XML bomb (billion laughs) in sharedStrings or a sheet, an
  external entity, a zip bomb and a zip whose sizes lie are refused with a
  clear message and nothing is imported.
- Cell values are data: formulas are not evaluated (cached values only),
  a value that looks like a path or a command is stored as text and never
  opened, run or written to.
"""

from __future__ import annotations

import io
import os
import socket
import sqlite3
import stat
import sys
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from di_desk import cli
from di_desk.storage.db import backup_to, open_database, restore_from
from di_desk.storage.tables import Customer

from .conftest import count

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual umask (022) would leave new files world-readable: prove it does not."""
    old = os.umask(0o022)
    yield
    os.umask(old)


# -- private files ----------------------------------------------------------------------


@posix_only
def test_database_backups_and_copies_are_private(tmp_path, loose_umask):
    """Database, -wal/-shm, backups, restore copies: 0600; new folders: 0700."""
    folder = tmp_path / "new" / "data"
    db = open_database(folder / "di-desk.sqlite")
    Customer.create(name="Acme", region="EU")
    assert _mode(tmp_path / "new") == 0o700 and _mode(folder) == 0o700
    files = sorted(folder.iterdir())
    assert {p.name for p in files} >= {"di-desk.sqlite", "di-desk.sqlite-wal"}
    for path in files:
        assert _mode(path) == 0o600, path
        count("security: private files checked", "database files")
    backup = backup_to(db, tmp_path / "backups" / "monday" / "copy.sqlite")
    assert _mode(backup) == 0o600
    assert _mode(tmp_path / "backups") == 0o700 and _mode(backup.parent) == 0o700
    db.close()
    aside = restore_from(folder / "di-desk.sqlite", backup)
    assert aside is not None and _mode(aside) == 0o600
    count("security: private files checked", "backups and copies", 2)


@posix_only
def test_copy_before_migration_is_private(tmp_path, loose_umask):
    from .test_crash import _make_v1

    path = tmp_path / "old.sqlite"
    _make_v1(path, 10)
    db = open_database(path)
    assert db.copy_aside is not None and _mode(db.copy_aside) == 0o600
    db.close()
    count("security: private files checked", "backups and copies")


@posix_only
def test_error_log_is_private(qapp, tmp_path, loose_umask):
    from di_desk.ui.errors import ErrorHandler

    handler = ErrorHandler(tmp_path / "state" / "logs", show_dialog=False)
    try:
        raise RuntimeError("customer Acme, contract 12345678")
    except RuntimeError as exc:
        path = handler.write_log(str(exc))
    assert path is not None and _mode(path) == 0o600
    assert _mode(path.parent) == 0o700 and _mode(path.parent.parent) == 0o700
    count("security: private files checked", "log files")


# -- no network -------------------------------------------------------------------------


class NetworkWatch:
    """Refuses every socket call and records it; an audit hook sees the rest."""

    active = False
    attempts: list[str] = []  # noqa: RUF012 - one list shared with the audit hook

    EVENTS = frozenset(
        {
            "socket.connect",
            "socket.getaddrinfo",
            "socket.gethostbyname",
            "socket.gethostbyaddr",
            "socket.sendto",
            "urllib.Request",
            "http.client.connect",
            "ftplib.connect",
            "smtplib.connect",
        }
    )

    @classmethod
    def audit(cls, event: str, args: tuple) -> None:
        if not cls.active:
            return
        if event == "socket.__new__" and args[1] in (socket.AF_INET, socket.AF_INET6):
            cls.attempts.append(f"{event} {args[1:]}")
        elif event in cls.EVENTS:
            cls.attempts.append(f"{event} {args[1:]!r}"[:200])


sys.addaudithook(NetworkWatch.audit)  # hooks cannot be removed; it only records while active


@pytest.fixture
def no_network(monkeypatch) -> Iterator[list[str]]:
    def refuse(*args, **kwargs):
        NetworkWatch.attempts.append(f"refused call {args[:2]!r}"[:200])
        raise OSError("network access is switched off in this test")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse)
    NetworkWatch.attempts.clear()
    NetworkWatch.active = True
    yield NetworkWatch.attempts
    NetworkWatch.active = False


def test_gui_workflow_makes_no_network_connection(qtbot, settings, tmp_path, no_network):
    """Demo database, every tab, both languages, import, export: no socket is touched."""
    from di_desk import app, i18n
    from di_desk.storage import demo, load_reference
    from di_desk.ui.dialogs.export_dialog import ExportDialog
    from di_desk.ui.dialogs.import_dialog import ImportDialog
    from di_desk.ui.qt import QApplication, Qt

    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    demo.generate_demo(db, customers=3, years=0.2, now=datetime(2026, 3, 2, tzinfo=UTC))
    db.close()
    window = app.build_window(path, settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.db is not None
    for lang in ("nl", "en"):
        window.switch_language(lang)
        for key in window.tab_keys():
            window.set_current_tab(key)
            QApplication.processEvents()
            window.refresh()
            QApplication.processEvents()
            count("security: no-network workflow steps", "tabs shown")
    window.show_about().close()
    window.show_responsibilities().close()
    window.notifier.detach()
    i18n.install("en")

    source = tmp_path / "customers.csv"
    source.write_text("name,region\nNetless BV,EU\n", encoding="utf-8")
    dialog = ImportDialog(
        window.db,
        reference=lambda: load_reference(window.db),
        settings=settings,
        kind="customers",
        path=source,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy, timeout=10_000)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_text is not None, timeout=10_000)
    count("security: no-network workflow steps", "imports")
    for kind, fmt in (("maintenance", "ics"), ("cases", "xlsx"), ("backups", "csv")):
        export = ExportDialog(
            window.db,
            reference=lambda: load_reference(window.db),
            settings=settings,
            display_zone="Europe/Amsterdam",
            customers=[],
            kind=kind,
            now=lambda: datetime(2026, 3, 2, tzinfo=UTC),
        )
        qtbot.addWidget(export)
        export.set_format(fmt)
        export.file_edit.setText(str(tmp_path / f"out-{kind}.{fmt}"))
        qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda export=export: export.written is not None, timeout=10_000)
        count("security: no-network workflow steps", "exports")
    window.db.close()
    assert "PySide6.QtNetwork" not in sys.modules
    assert no_network == []


def test_cli_workflow_makes_no_network_connection(tmp_path, no_network):
    """import, check, report, export, db check, db backup: no socket is touched."""
    db = tmp_path / "cli.sqlite"
    files = {
        "customers": "name,region\nAcme,EU\n",
        "applications": "customer,cluster,application,version\nAcme,cl1,CUCM,15.0\n",
        "backups": "customer,application,taken_at,result\nAcme,CUCM,2026-03-01T01:00:00Z,good\n",
        "maintenance": "customer,cluster,type,start,end\n"
        "Acme,cl1,routine,2026-03-10T22:00:00+01:00,2026-03-11T01:00:00+01:00\n",
    }
    commands = []
    for kind, text in files.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        commands.append(["import", kind, str(path)])
    commands += [
        ["check", "maintenance", str(tmp_path / "maintenance.csv"), "--format", "json"],
        ["report", "retention", "--at", "2026-03-02T00:00:00Z", "--format", "json"],
        ["report", "releases", "--format", "csv"],
        ["export", "maintenance", "--format", "ics", "--output", str(tmp_path / "m.ics")],
        ["db", "check"],
        ["db", "backup", str(tmp_path / "copy.sqlite")],
    ]
    for command in commands:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["--db", str(db), *command], stdout=out, stderr=err)
        assert code in (0, 1), (command, err.getvalue())
        count("security: no-network workflow steps", "CLI commands")
    assert no_network == []


# -- hostile workbooks --------------------------------------------------------------------


def _xlsx_parts(shared: str | None, sheet: str | None) -> dict[str, str]:
    """A minimal workbook; ``shared``/``sheet`` replace sharedStrings.xml / sheet1.xml."""
    default_sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
        "</sheetData></worksheet>"
    )
    default_shared = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4">'
        "<si><t>name</t></si><si><t>region</t></si><si><t>Acme</t></si><si><t>EU</t></si></sst>"
    )
    ns = "http://schemas.openxmlformats.org"
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet or default_sheet,
        "xl/sharedStrings.xml": shared or default_shared,
    }


def _write_zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
BILLION_LAUGHS_SHARED = (
    LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<si><t>name</t></si><si><t>region</t></si><si><t>&lol9;</t></si><si><t>EU</t></si></sst>"
)
BILLION_LAUGHS_SHEET = (
    LAUGHS + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>region</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>EU</t></is></c></row></sheetData></worksheet>'
)
EXTERNAL_ENTITY_SHARED = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<si><t>name</t></si><si><t>region</t></si><si><t>&xxe;</t></si><si><t>EU</t></si></sst>"
)


def _import_refused(db: Path, path: Path) -> str:
    before = sqlite3.connect(db).execute("SELECT count(*) FROM customer").fetchone()[0]
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--db", str(db), "import", "customers", str(path)], stdout=out, stderr=err)
    after = sqlite3.connect(db).execute("SELECT count(*) FROM customer").fetchone()[0]
    message = err.getvalue()
    assert code == 2, (code, out.getvalue(), message)
    assert message.startswith("Error: ") and "unexpected" not in message, message
    assert after == before
    count("security: hostile workbooks refused", path.stem)
    return message


@pytest.fixture
def store(tmp_path) -> Path:
    db = tmp_path / "x.sqlite"
    open_database(db).close()
    return db


def test_plain_workbook_imports(store, tmp_path):
    """The hand-made workbook the bombs below are built from is a good one."""
    path = _write_zip(tmp_path / "plain.xlsx", _xlsx_parts(None, None))
    assert cli.main(["--db", str(store), "import", "customers", str(path)]) == 0
    assert sqlite3.connect(store).execute("SELECT name FROM customer").fetchall() == [("Acme",)]


@pytest.mark.parametrize(
    ("name", "shared", "sheet"),
    [
        ("laughs-in-shared-strings", BILLION_LAUGHS_SHARED, None),
        ("laughs-in-sheet", None, BILLION_LAUGHS_SHEET),
        ("external-entity", EXTERNAL_ENTITY_SHARED, None),
    ],
)
def test_xml_bombs_are_refused(store, tmp_path, name, shared, sheet):
    """Billion laughs / external entities (defusedxml): refused, nothing imported."""
    path = _write_zip(tmp_path / f"{name}.xlsx", _xlsx_parts(shared, sheet))
    message = _import_refused(store, path)
    assert "root:" not in message  # /etc/passwd was not read into the message


def test_zip_bomb_is_refused(store, tmp_path):
    """A part that expands 1,000× (zip bomb): refused before openpyxl opens it."""
    parts = _xlsx_parts(None, None)
    parts["xl/media/filler.xml"] = "0" * (8 * 1024 * 1024)
    message = _import_refused(store, _write_zip(tmp_path / "zip-bomb.xlsx", parts))
    assert "zip bomb" in message


def test_zip_with_lying_sizes_is_refused(store, tmp_path):
    """Central directory says a part is tiny, the stream is not: a clear refusal."""
    path = _write_zip(tmp_path / "lying-sizes.xlsx", _xlsx_parts(None, None))
    data = bytearray(path.read_bytes())
    # shrink the declared uncompressed size of sharedStrings.xml in both headers
    name = b"xl/sharedStrings.xml"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            header_name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[header_name_at : header_name_at + len(name)] == name:
                data[at + offset : at + offset + 4] = (10).to_bytes(4, "little")
            start = at + 4
    path.write_bytes(bytes(data))
    _import_refused(store, path)


def test_formulas_and_path_like_values_stay_inert_text(store, tmp_path, monkeypatch):
    """Formulas are never evaluated; values that look like paths or commands are only text."""
    import subprocess as sp

    import openpyxl

    ran: list[object] = []
    monkeypatch.setattr(sp, "Popen", lambda *a, **k: ran.append(a))
    monkeypatch.setattr(os, "system", lambda *a, **k: ran.append(a))
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "region", "zone"])
    names = [
        str(victim),
        "../../../../etc/passwd",
        "=cmd|' /C calc'!A0",
        "$(touch /tmp/di-desk-pwned)",
        "file:///etc/passwd",
    ]
    for text in names:
        sheet.append([text, "EU", None])
        sheet.cell(sheet.max_row, 1).data_type = "s"  # text that looks like a formula stays text
    sheet.append(["Formula Co", "EU", '=HYPERLINK("http://example.invalid")'])  # a formula
    sheet.append(["=1+1", "EU", None])  # a formula without a cached value reads as empty
    path = tmp_path / "inert.xlsx"
    book.save(path)

    def listing_now() -> list[str]:
        return sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("x.sqlite"))

    listing = listing_now()
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--db", str(store), "import", "customers", str(path)], stdout=out, stderr=err)
    assert code == 1, err.getvalue()
    assert err.getvalue().splitlines()[0] == "Row 7, column name: a value is required."
    sheet.delete_rows(8)
    book.save(path)
    code = cli.main(["--db", str(store), "import", "customers", str(path)], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    rows = sqlite3.connect(store).execute("SELECT name, zone FROM customer ORDER BY id").fetchall()
    stored = [name for name, _zone in rows]
    assert rows[-1] == ("Formula Co", "Europe/Amsterdam")  # the formula zone was not evaluated
    stored = stored[:-1]
    assert stored == names  # byte for byte, as text
    assert victim.read_text(encoding="utf-8") == "untouched"
    assert listing_now() == listing  # no file appeared
    assert not Path("/tmp/di-desk-pwned").exists()
    assert ran == []
