"""Fuzzing every importer through the real CLI path (``di-desk import KIND FILE``).

For customers, applications, cases, maintenance, backups and certificates,
hypothesis writes CSV files (random headers and column order, wrong
encodings, BOMs, mixed line endings, huge fields, formula-looking cells,
impossible dates, DST-gap local times with ``--zone``, unknown zones and
calendars), XLSX workbooks (random cell types, formulas) and plain random
bytes; maintenance also gets ICS calendars. For every input:

- the command never crashes: exit 0, 1 (bad rows) or 2 (file unreadable),
  no traceback, never the "unexpected problem" fallback;
- nothing is half imported: on any error every table keeps its row count;
  on success the table grows by exactly the number reported;
- every row error names its row (and its column when it is about one cell).

How many inputs each importer got is printed at the end of the run.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from di_desk import cli
from di_desk.domain.enums import (
    Application,
    BackupResult,
    CaseCategory,
    Impact,
    MaintenanceType,
    Region,
    Urgency,
)
from di_desk.io.rows import KINDS

from .conftest import count

#: DI_DESK_FUZZ_SCALE=10 runs ten times as many inputs (a deeper run before a release)
SCALE = max(1, int(os.environ.get("DI_DESK_FUZZ_SCALE", "1")))
FUZZ = settings(
    max_examples=60 * SCALE,
    deadline=None,
    # no shrinking: a failure is reported as found (huge cells shrink slowly)
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_files = itertools.count()

ROW_ERROR = re.compile(r"^Row \d+(, column [^:]+)?: .+")
TABLE_FOR = {
    "customers": "customer",
    "applications": "application",
    "cases": "support_case",
    "maintenance": "maintenance_event",
    "backups": "backup",
    "certificates": "certificate",
}

# -- cell values ----------------------------------------------------------------------

FORMULAS = (
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1)",
    '=HYPERLINK("http://example.invalid","x")',
    "\t=1",
)
INSTANTS = (
    "2026-03-10T22:00:00Z",
    "2026-03-10T23:00:00+01:00",
    "2026-03-10 09:00",
    "2026-03-10",
    "2026-02-30T10:00:00Z",  # impossible date
    "2026-13-01T00:00:00Z",
    "2026-03-29T02:30:00",  # DST gap in Europe/Amsterdam
    "2026-03-08T02:30:00",  # DST gap in America/New_York
    "2026-10-04T02:30:00",  # DST gap in Australia/Sydney
    "2026-10-25T02:30:00",  # ambiguous in Europe
    "24:00",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31",
    "1970-01-01T00:00:00Z",
    "2026-03-10T25:61:00Z",
    "yesterday",
)
ZONES = ("Europe/Amsterdam", "UTC", "America/New_York", "Mars/Olympus", "../../etc/passwd", "")
CALENDARS = ("NL", "nl", "US-NY", "AU-ACT", "GB", "XX", "ZZ-99", "US-XX", "1", "")
NUMBERS = ("0", "1", "-1", "1.5", "1e3", "99999999999999999999999", "9" * 30, "", "abc")

VALID: dict[str, tuple[str, ...]] = {
    "customer": ("Acme", "acme", "Globex", "Unknown Co"),
    "name": ("Acme", "Initech", "Globex", "Hooli", "cert-cucm"),
    "region": (*(r.value for r in Region), "eu", "Mars"),
    "calendar": CALENDARS,
    "zone": ZONES,
    "sso": ("true", "false", "ja", "nee", "maybe"),
    "cluster": ("cl1", "CL1", "cl2"),
    "application": (*(a.value for a in Application), "cucm", "Lync"),
    "publisher_region": ("EU", "UK", "??"),
    "version": ("15.0", "14.0 SU3", "15 su2", "12.5.1", "abc", "15.0 SU"),
    "opened": INSTANTS,
    "acknowledged": INSTANTS,
    "start": INSTANTS,
    "end": INSTANTS,
    "notice_sent": INSTANTS,
    "taken_at": INSTANTS,
    "expires_at": INSTANTS,
    "impact": tuple(i.value for i in Impact),
    "urgency": tuple(u.value for u in Urgency),
    "category": tuple(c.value for c in CaseCategory),
    "affected": NUMBERS,
    "total": NUMBERS,
    "contract": ("12345678", "SUB123456", "x"),
    "rep_name": ("Jan Jansen",),
    "rep_phone": ("+31 20 123 4567", "020-1234567", "12"),
    "rep_email": ("jan@example.com", "jan@", "a@b"),
    "problem": ("Phones do not register",),
    "provider_ref": ("SR 123",),
    "type": tuple(t.value for t in MaintenanceType),
    "reason": ("security fix", "emergency: outage"),
    "result": (*(r.value for r in BackupResult), "GOOD", "ok"),
    "size_bytes": NUMBERS,
}

plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=24
)
junk = st.one_of(
    plain_text,
    st.sampled_from(FORMULAS),
    st.sampled_from(INSTANTS),
    st.sampled_from(ZONES + CALENDARS + NUMBERS),
    st.integers(min_value=5_000, max_value=120_000).map(lambda n: "x" * n),  # a huge field
)


def cell(column: str) -> st.SearchStrategy[str]:
    valid = VALID.get(column)
    if valid is None:
        return junk
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), junk)


@st.composite
def header(draw: st.DrawFn, kind: str) -> list[str]:
    spec = KINDS[kind]
    columns = list(spec.required)
    if draw(st.integers(0, 9)) == 0:  # sometimes a required column is missing
        columns.remove(draw(st.sampled_from(columns)))
    columns += draw(st.lists(st.sampled_from(spec.optional), unique=True)) if spec.optional else []
    if draw(st.booleans()):
        columns.append(draw(st.sampled_from(["notes", "Extra column", "=1+1", ""])))
    columns = draw(st.permutations(columns))
    spelled = []
    for name in columns:
        style = draw(st.integers(0, 3))
        spelled.append(
            name.upper()
            if style == 1
            else name.replace("_", " ").title()
            if style == 2
            else f" {name} "
            if style == 3
            else name
        )
    return spelled


def _key(label: str) -> str:
    return "_".join(label.strip().lower().replace("-", " ").split())


@st.composite
def table(draw: st.DrawFn, kind: str) -> tuple[list[str], list[list[str]]]:
    head = draw(header(kind))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(cell(_key(label))) for label in head]
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]  # a short record
        rows.append(row)
    return head, rows


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252")
ENDINGS = ("\n", "\r\n", "\r")


@st.composite
def csv_bytes(draw: st.DrawFn, kind: str) -> bytes:
    head, rows = draw(table(kind))
    out = io.StringIO()
    for record in [head, *rows]:
        writer = csv.writer(out, lineterminator=draw(st.sampled_from(ENDINGS)))
        writer.writerow(record)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = out.getvalue().encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # damage: cut it, or insert a NUL
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.sampled_from([b"", b"\x00", b'"', b"\xff\xfe"]))
    return data


XLSX_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20
)  # openpyxl refuses control characters


def xlsx_cell(column: str) -> st.SearchStrategy[object]:
    return st.one_of(
        cell(column).filter(lambda s: not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", s)),
        XLSX_TEXT,
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
        st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
        st.dates(min_value=date(1900, 3, 1)),
        st.times(),
        st.sampled_from(["=1/0", "=A1", "=NOW()", '=HYPERLINK("http://example.invalid")']),
    )


def _xlsx(head: list[object], rows: list[list[object]], path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


@st.composite
def xlsx_table(draw: st.DrawFn, kind: str) -> tuple[list[object], list[list[object]]]:
    head: list[object] = list(draw(header(kind)))
    if draw(st.integers(0, 9)) == 0:
        head.append(draw(st.sampled_from([1, 2.5, True, None])))  # a header cell that is no text
    rows = [
        [draw(xlsx_cell(_key(str(label)))) for label in head]
        for _ in range(draw(st.integers(0, 5)))
    ]
    return head, rows


# -- ICS ------------------------------------------------------------------------------

ICS_PROPS = (
    "DTSTART:20260310T220000Z",
    "DTSTART:20260310T220000",
    "DTSTART;TZID=Europe/Amsterdam:20260329T023000",
    "DTSTART;TZID=Mars/Olympus:20260101T000000",
    "DTSTART;VALUE=DATE:20260230",
    "DTSTART;VALUE=DATE:20260310",
    "DTSTART:garbage",
    "DTSTART:99991231T235959Z",
    "DTEND:20260311T020000Z",
    "DTEND:20260310T210000Z",
    "DTEND;TZID=America/New_York:20260308T023000",
    "DTEND:not-a-time",
    "DURATION:PT2H",
    "DURATION:-PT1H",
    "DURATION:P1D",
    "DURATION:garbage",
    "X-DI-CUSTOMER:Acme",
    "X-DI-CUSTOMER:Nobody",
    "X-DI-CLUSTER:cl1",
    "X-DI-REGION:EU",
    "X-DI-REGION:Moon",
    "X-DI-TYPE:routine",
    "X-DI-TYPE:emergency",
    "X-DI-TYPE:party",
    "X-DI-NOTICE-SENT:2026-02-30",
    "X-DI-NOTICE-SENT:2026-02-01",
    "X-DI-CALENDAR:XX",
    "X-DI-CALENDAR:NL",
    "SUMMARY:=cmd|' /C calc'!A0",
    "DESCRIPTION:customer: Acme\\ncluster: cl1\\ntype: routine\\nregion: EU",
    "DESCRIPTION:start: 2026-03-10T22:00:00Z",
    "RRULE:FREQ=DAILY;COUNT=3",
    "ATTACH:file:///etc/passwd",
    "X-DI-CUSTOMER;VALUE=DATE:20260101",
)


@st.composite
def ics_bytes(draw: st.DrawFn) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN"]
    for _ in range(draw(st.integers(0, 4))):
        lines.append("BEGIN:VEVENT")
        lines += draw(st.lists(st.sampled_from(ICS_PROPS), max_size=10))
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(plain_text))
        if draw(st.integers(0, 9)):
            lines.append("END:VEVENT")
    if draw(st.integers(0, 9)):
        lines.append("END:VCALENDAR")
    ending = draw(st.sampled_from(("\r\n", "\n")))
    return ending.join(lines).encode("utf-8", errors="replace")


# -- running the import ---------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[Path]:
    """A database with two customers, one cluster with CUCM, and the files' folder."""
    # In memory when the OS has a RAM disk: the fuzz checks logic, not the disk's fsync.
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="di-desk-fuzz-", dir=shm))
    else:
        folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "fuzz.sqlite"
    customers = folder / "customers.csv"
    customers.write_text(
        "name,region,zone,calendar\nAcme,EU,,\nGlobex,AMER,America/New_York,US-NY\n",
        encoding="utf-8",
    )
    apps = folder / "apps.csv"
    apps.write_text("customer,cluster,application,version\nAcme,cl1,CUCM,15.0\n", encoding="utf-8")
    for kind, path in (("customers", customers), ("applications", apps)):
        assert cli.main(["--db", str(db), "import", kind, str(path)]) == 0
    yield db
    shutil.rmtree(folder, ignore_errors=True)


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


ZONE_OPTIONS = (None, None, "Europe/Amsterdam", "America/New_York", "Australia/Sydney")


def run_import(db: Path, kind: str, data: bytes, suffix: str, zone: str | None) -> None:
    """Import ``data`` and check the invariants of the module docstring."""
    path = db.parent / f"input-{next(_files)}{suffix}"
    path.write_bytes(data)
    before = _counts(db)
    out, err = io.StringIO(), io.StringIO()
    argv = ["--db", str(db)] + (["--zone", zone] if zone else []) + ["import", kind, str(path)]
    code = cli.main(argv, stdout=out, stderr=err)
    after = _counts(db)
    path.unlink()
    errors = err.getvalue()
    shown = errors if len(errors) < 2000 else errors[:1000] + " … " + errors[-1000:]
    assert "Traceback" not in errors, shown
    assert "unexpected problem" not in errors, shown
    assert code in (0, 1, 2), (code, shown)
    count("fuzz: outcomes", {0: "imported", 1: "row errors", 2: "file refused"}[code])
    if code != 0:
        assert after == before, shown  # never a partial import
    if code == 1:
        lines = errors.strip().splitlines()
        assert lines[-1].startswith("Nothing was imported"), shown
        bad = [line[:300] for line in lines[:-1] if not ROW_ERROR.match(line)]
        assert not bad, shown  # every problem names its row (and column)
        assert max(len(line) for line in lines) < 1000, shown  # long cells are cut
    if code == 2:
        assert errors.startswith("Error: ") and errors.count("\n") == 1, shown
    if code == 0:
        match = re.search(r"(\d+) (?:new )?rows?", out.getvalue())  # "…: 12 rows imported …"
        assert match, out.getvalue()
        table = TABLE_FOR[kind]
        grown = after[table] - before[table]
        if kind in ("customers", "applications"):
            assert grown <= int(match.group(1))  # also updates rows that exist
        else:
            assert grown == int(match.group(1))
        assert after["audit_log"] == before["audit_log"] + 1


KIND_NAMES = tuple(TABLE_FOR)


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_fuzz_csv(store, kind):
    """FILE-1/3/4/5/6, certificates: random CSV files never crash or half-import."""

    @FUZZ
    @given(data=csv_bytes(kind), zone=st.sampled_from(ZONE_OPTIONS))
    def check(data: bytes, zone: str | None) -> None:
        count("fuzz: inputs per importer", f"{kind}/csv")
        run_import(store, kind, data, ".csv", zone)

    check()


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_fuzz_xlsx(store, kind):
    """XLSX with random cell types and formulas (read as cached values, never evaluated)."""

    @settings(FUZZ, max_examples=20 * SCALE)
    @given(book=xlsx_table(kind), zone=st.sampled_from(ZONE_OPTIONS))
    def check(book: tuple[list[object], list[list[object]]], zone: str | None) -> None:
        count("fuzz: inputs per importer", f"{kind}/xlsx")
        buffer = store.parent / f"book-{next(_files)}.xlsx"
        _xlsx(*book, buffer)
        data = buffer.read_bytes()
        buffer.unlink()
        run_import(store, kind, data, ".xlsx", zone)

    check()


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_fuzz_random_bytes(store, kind):
    """Random bytes under any name: a clear file error, nothing written."""

    @settings(FUZZ, max_examples=15 * SCALE)
    @given(
        data=st.one_of(
            st.binary(max_size=600),
            st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
            st.binary(max_size=200).map(lambda b: b"customer,name\n" + b),
        ),
        suffix=st.sampled_from([".csv", ".xlsx", ".txt", ".dat", ".ics"]),
    )
    def check(data: bytes, suffix: str) -> None:
        count("fuzz: inputs per importer", f"{kind}/bytes")
        run_import(store, kind, data, suffix, None)

    check()


def test_fuzz_ics_maintenance(store):
    """ICS for maintenance: random events, zones, durations and damaged calendars."""

    @settings(FUZZ, max_examples=60 * SCALE)
    @given(data=ics_bytes(), zone=st.sampled_from(ZONE_OPTIONS))
    def check(data: bytes, zone: str | None) -> None:
        count("fuzz: inputs per importer", "maintenance/ics")
        run_import(store, "maintenance", data, ".ics", zone)

    check()
