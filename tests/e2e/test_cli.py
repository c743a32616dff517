"""The command line end to end: imports, ``check maintenance`` and reports (FILE-1..6).

Most tests run the CLI in-process (``di_desk.cli.main``); two start it as a
real process (``python -m di_desk``).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from di_desk.cli import main
from di_desk.io.rows import KINDS as IMPORTABLE

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
KINDS = ("customers", "applications", "cases", "maintenance", "backups", "certificates")
COUNTS = {"customers": 3, "applications": 6, "cases": 3, "maintenance": 4, "backups": 5,
          "certificates": 3}  # fmt: skip


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def count(db: Path, table: str) -> int:
    from di_desk.storage import tables as t
    from di_desk.storage.db import open_database

    model = {
        "customers": t.Customer, "applications": t.Application, "cases": t.SupportCase,
        "maintenance": t.MaintenanceEvent, "backups": t.Backup, "certificates": t.Certificate,
    }[table]  # fmt: skip
    handle = open_database(db)
    try:
        return model.select().count()
    finally:
        handle.close()


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def csv_to_xlsx(source: Path, target: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    with source.open(encoding="utf-8", newline="") as handle:
        for record in csv.reader(handle):
            sheet.append([int(v) if v.isdigit() and len(v) > 6 else v for v in record])
    workbook.save(target)
    return target


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "desk.sqlite"


@pytest.fixture
def example_db(db, capsys) -> Path:
    for kind in KINDS:
        code, _out, err = cli(capsys, "--db", db, "import", kind, EXAMPLES / f"{kind}.csv")
        assert code == 0, err
    return db


# -- import ----------------------------------------------------------------------------


def test_examples_import_cleanly(db, capsys):
    """docs/examples: every kind imports, with a one-line summary (FILE-1, 3..6)."""
    for kind in KINDS:
        code, out, err = cli(capsys, "--db", db, "import", kind, EXAMPLES / f"{kind}.csv")
        assert (code, err) == (0, "")
        label = IMPORTABLE[kind].title
        assert out == f"{label}: {COUNTS[kind]} rows imported from {kind}.csv.\n"
        assert count(db, kind) == COUNTS[kind]


def test_every_importer_reads_xlsx(db, tmp_path, capsys):
    for kind in KINDS:
        book = csv_to_xlsx(EXAMPLES / f"{kind}.csv", tmp_path / f"{kind}.xlsx")
        code, _out, err = cli(capsys, "--db", db, "import", kind, book)
        assert code == 0, err
        assert count(db, kind) == COUNTS[kind]


def test_customers_reimport_updates(example_db, tmp_path, capsys):
    """FILE-5: a customer that exists is updated, not duplicated."""
    path = write_csv(tmp_path / "c.csv", "name,region\nACME LOGISTICS,UK\nNew One,APJC\n")
    code, out, _err = cli(capsys, "--db", example_db, "import", "customers", path)
    assert code == 0
    assert out == "Customers: 1 new row imported from c.csv. 1 existing row updated.\n"
    assert count(example_db, "customers") == 4


BAD_ROWS = {
    "customers": ("name,region\nOk,EU\nBad,Mars\n", "Row 2, column region: unknown value 'Mars'"),
    "applications": (
        "customer,cluster,application,version\nAcme Logistics,c9,CUCM,15.0 SU2\n"
        "Acme Logistics,c9,PBX,15.0 SU2\n",
        "Row 2, column application: unknown value 'PBX'",
    ),
    "cases": (
        "customer,opened,impact,urgency,contract,rep_name,rep_phone,rep_email,problem\n"
        "Acme Logistics,2026-03-10T14:00:00Z,large,high,91234567,Jan,+31 20 123 4567,"
        "jan@partner.example,Down\n"
        "Acme Logistics,2026-03-10T14:00:00Z,large,high,91234567,,+31 20 123 4567,"
        "jan@partner.example,Down\n",
        "Row 2, column rep_name: a value is required.",
    ),
    "maintenance": (
        "customer,cluster,region,type,start,end\n"
        "Acme Logistics,c1,EU,routine,2026-03-30T21:00:00+02:00,2026-03-30T23:00:00+02:00\n"
        "Acme Logistics,c1,EU,routine,2026-03-30T21:00:00+02:00,2026-03-30T20:00:00+02:00\n",
        "Row 2, column end: the end is not after the start.",
    ),
    "backups": (
        "customer,application,taken_at,result\nAcme Logistics,CUCM,2026-03-01T00:00:00Z,good\n"
        "Nobody,CUCM,2026-03-01T00:00:00Z,good\n",
        "Row 2, column customer: unknown customer 'Nobody'; import the customers first.",
    ),
    "certificates": (
        "customer,name,expires_at,cluster\nAcme Logistics,tomcat,2026-05-01T00:00:00Z,AMS-1\n"
        "Acme Logistics,tomcat,2026-05-01T00:00:00Z,NOPE\n",
        "Row 2, column cluster: unknown cluster 'NOPE'; import the applications first.",
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_row_imports_nothing(example_db, tmp_path, capsys, kind):
    """Any bad row: every problem printed (row, column, reason), nothing imported, exit 1."""
    text, message = BAD_ROWS[kind]
    before = count(example_db, kind)
    code, out, err = cli(
        capsys, "--db", example_db, "import", kind, write_csv(tmp_path / "b.csv", text)
    )
    assert code == 1
    assert out == ""
    assert message in err
    assert err.rstrip().endswith("Nothing was imported: 1 row has errors.")
    assert count(example_db, kind) == before


def test_naive_time_refused_without_zone(example_db, tmp_path, capsys):
    """SPEC 7: a time without offset is an error unless --zone is given; DST gaps refused."""
    path = write_csv(
        tmp_path / "b.csv",
        "customer,application,taken_at,result\nAcme Logistics,CUCM,2026-03-28T01:30,good\n",
    )
    code, _out, err = cli(capsys, "--db", example_db, "import", "backups", path)
    assert code == 1
    assert "Row 1, column taken_at: '2026-03-28T01:30' has no time zone offset" in err
    code, _out, err = cli(capsys, "--db", example_db, "--zone", "Europe/Amsterdam", "import",
                          "backups", path)  # fmt: skip
    assert (code, err) == (0, "")
    code, out, _err = cli(
        capsys, "--db", example_db, "report", "retention", "--format", "json",
        "--customer", "acme logistics", "--at", "2026-04-01T00:00:00Z",
    )  # fmt: skip
    assert "2026-03-28T00:30:00Z" in [r["taken_at"] for r in json.loads(out)]
    gap = write_csv(
        tmp_path / "g.csv",
        "customer,application,taken_at,result\nAcme Logistics,CUCM,2026-03-29T02:30,good\n",
    )
    code, _out, err = cli(capsys, "--db", example_db, "import", "backups", gap,
                          "--zone", "Europe/Amsterdam")  # fmt: skip
    assert code == 1
    assert "the first valid time after it is 2026-03-29 03:00" in err


def test_missing_column_is_a_file_error(db, tmp_path, capsys):
    code, _out, err = cli(capsys, "--db", db, "import", "customers",
                          write_csv(tmp_path / "c.csv", "name\nAcme\n"))  # fmt: skip
    assert code == 2
    assert err == "Error: c.csv: missing required column(s): region.\n"


# -- check maintenance (FILE-1, FILE-2) ---------------------------------------------------

SCHEDULE = (
    "customer,cluster,region,type,start,end,notice_sent\n"
    # 1: fine, inside the Monday window
    "Acme Logistics,AMS-1,EU,routine,2026-03-30T21:00:00+02:00,2026-03-30T23:00:00+02:00,\n"
    # 2: MAINT-3, outside every window (Tuesday afternoon)
    "Acme Logistics,AMS-1,EU,disruptive,2026-03-31T14:00:00+02:00,2026-03-31T15:00:00+02:00,\n"
    # 3: MAINT-3, an upgrade in the Saturday window (the DST night)
    "Acme Logistics,AMS-1,EU,upgrade,2026-03-28T22:00:00+01:00,2026-03-29T04:00:00+02:00,\n"
    # 4: the same for provider infrastructure: fine
    "Acme Logistics,AMS-1,EU,infrastructure,2026-03-28T22:00:00+01:00,"
    "2026-03-29T04:00:00+02:00,\n"
    # 5: MAINT-5, notice sent after 2026-03-16 (SPEC example)
    "Acme Logistics,AMS-1,EU,upgrade,2026-03-30T21:00:00+02:00,2026-03-31T01:00:00+02:00,"
    "2026-03-20\n"
    # 6: FILE-1, a naive start without --zone
    "Acme Logistics,AMS-1,EU,routine,2026-03-30T21:00,2026-03-30T23:00:00+02:00,\n"
    # 7: MAINT-11, inside the customer's blackout; region from the database
    "Acme Logistics,AMS-1,,routine,2026-04-06T21:00:00+02:00,2026-04-06T23:00:00+02:00,\n"
)


def _expected_file2() -> list[dict]:
    def row(n, violations, ws=None, we=None, notice=None, reply=None, last=None):
        return {
            "row": n, "violations": violations, "window_start": ws, "window_end": we,
            "notice_due": notice, "reply_by": reply, "reply_last_day": last,
        }  # fmt: skip

    monday = ("2026-03-30T19:00:00Z", "2026-03-31T04:00:00Z")
    saturday = ("2026-03-28T20:00:00Z", "2026-03-29T04:00:00Z")  # 8 hours: DST night
    return [
        row(1, [], *monday),
        row(2, ["MAINT-3"], notice="2026-03-17"),
        row(3, ["MAINT-3"], *saturday, notice="2026-03-16"),
        row(4, [], *saturday),
        row(5, ["MAINT-5"], *monday, notice="2026-03-16", reply="2026-03-24", last="2026-03-25"),
        row(6, ["FILE-1"]),
        row(7, ["MAINT-11"], "2026-04-06T19:00:00Z", "2026-04-07T04:00:00Z"),
    ]


@pytest.fixture
def blackout_db(example_db) -> Path:
    from di_desk.storage import tables as t
    from di_desk.storage.db import open_database

    handle = open_database(example_db)
    acme = t.Customer.get(t.Customer.name == "Acme Logistics")
    t.Blackout.insert(
        customer=acme.id, first_day=date(2026, 4, 6), last_day=date(2026, 4, 7), note="Go-live"
    ).execute()
    handle.close()
    return example_db


def test_check_maintenance_json_file2(blackout_db, tmp_path, capsys):
    """FILE-2: one object per data row, rule ids, UTC windows, ISO dates; exit 1."""
    schedule = write_csv(tmp_path / "schedule.csv", SCHEDULE)
    before = blackout_db.read_bytes()
    code, out, err = cli(capsys, "--db", blackout_db, "check", "maintenance", schedule,
                         "--format", "json")  # fmt: skip
    assert (code, err) == (1, "")
    assert out.endswith("\n")
    results = json.loads(out)
    keys = ("row", "violations", "window_start", "window_end", "notice_due", "reply_by",
            "reply_last_day")  # fmt: skip
    assert [{k: r[k] for k in keys} for r in results] == _expected_file2()
    assert [list(r)[:8] for r in results] == [
        ["row", "violations", "messages", "window_start", "window_end", "notice_due", "reply_by",
         "reply_last_day"]
    ] * 7  # fmt: skip
    for r in results:
        assert len(r["messages"]) == len(r["violations"])
    assert "outside the maintenance windows" in results[1]["messages"][0]
    assert "weekend window" in results[2]["messages"][0]
    assert results[4]["messages"][0].startswith("Late notice")
    assert results[5]["messages"] == [
        "Column start: '2026-03-30T21:00' has no time zone offset; add one (e.g. +01:00 or Z) "
        "or pass --zone."
    ]
    assert "blackout" in results[6]["messages"][0]
    assert out == json.dumps(results, ensure_ascii=False, indent=2) + "\n"
    assert blackout_db.read_bytes() == before  # check never writes


def test_check_exit_codes(tmp_path, capsys):
    """FILE-2: 0 when no row has a violation, 1 when some do, 2 when unreadable."""
    nodb = tmp_path / "none.sqlite"
    good = write_csv(
        tmp_path / "good.csv",
        "customer,cluster,region,type,start,end\n"
        "X,c,AMER,routine,2026-04-01T22:00:00-04:00,2026-04-02T02:00:00-04:00\n",
    )
    code, out, _err = cli(capsys, "--db", nodb, "check", "maintenance", good, "--format", "json")
    assert code == 0 and json.loads(out)[0]["violations"] == []
    bad = write_csv(tmp_path / "bad.csv", SCHEDULE.replace(",,routine", ",EU,routine"))
    assert cli(capsys, "--db", nodb, "check", "maintenance", bad)[0] == 1
    code, out, err = cli(capsys, "--db", nodb, "check", "maintenance", tmp_path / "missing.csv")
    assert (code, out) == (2, "")
    assert err.startswith("Error: File not found:")
    header = write_csv(tmp_path / "h.csv", "customer,cluster,type,start\nX,c,routine,x\n")
    code, _out, err = cli(capsys, "--db", nodb, "check", "maintenance", header)
    assert code == 2 and "missing required column(s): end" in err
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\x00\x01\x02\xff" * 10)
    assert cli(capsys, "--db", nodb, "check", "maintenance", binary)[0] == 2
    assert not nodb.exists()  # check never creates a database


def test_check_with_zone_and_table_format(tmp_path, capsys):
    """Naive times are read in --zone; the table shows region time and the user's zone."""
    path = write_csv(
        tmp_path / "m.csv",
        "customer,cluster,region,type,start,end\nX,c,EU,routine,2026-03-30T21:00,2026-03-30T23:00\n",
    )
    code, out, _err = cli(capsys, "--db", tmp_path / "n.sqlite", "--zone", "America/New_York",
                          "check", "maintenance", path)  # fmt: skip
    assert code == 0  # 21:00–23:00 New York is 03:00–05:00 in Amsterdam: inside the window
    assert "Event (America/New_York)" in out
    assert "2026-03-31 03:00–05:00 CEST" in out
    assert "2026-03-30 21:00–23:00 EDT" in out
    code, out, _err = cli(capsys, "--db", tmp_path / "n.sqlite", "--zone", "Europe/Amsterdam",
                          "check", "maintenance", path, "--format", "csv")  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].startswith(
        "row,violations,messages,window_start,window_end,notice_due,reply_by,reply_last_day"
    )


def test_check_ics_schedule(tmp_path, capsys):
    path = tmp_path / "m.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTART:20260330T190000Z\r\nDTEND:20260330T210000Z\r\nX-DI-CUSTOMER:X\r\n"
        "X-DI-CLUSTER:c\r\nX-DI-REGION:EU\r\nX-DI-TYPE:routine\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    code, out, _err = cli(capsys, "--db", tmp_path / "n.sqlite", "check", "maintenance", path,
                          "--format", "json")  # fmt: skip
    assert code == 0
    assert json.loads(out)[0]["window_start"] == "2026-03-30T19:00:00Z"


# -- reports (FILE-3, FILE-4, FILE-6) -------------------------------------------------------

CASES = (
    "customer,opened,impact,affected,total,urgency,contract,rep_name,rep_phone,rep_email,"
    "problem,acknowledged\n"
    + "\n".join(
        f"Acme Logistics,{opened},{impact},{affected},{total},{urgency},91234567,Jan,"
        f"+31 20 123 4567,jan@partner.example,Problem {n},{ack}"
        for n, (opened, impact, affected, total, urgency, ack) in enumerate(
            [
                ("2026-03-10T14:00:00+01:00", "localized", "", "", "medium",
                 "2026-03-11T10:00:00+01:00"),
                ("2026-03-13T16:00:00+01:00", "individualized", "", "", "low", ""),
                ("2026-03-19T23:55:00Z", "", "900", "1000", "critical", ""),
                ("2026-03-02T08:00:00Z", "large", "", "", "high", "2026-03-02T08:45:00Z"),
                ("2026-03-14T10:00:00+01:00", "individualized", "", "", "medium", ""),
            ],
            start=1,
        )
    )
    + "\n"
)  # fmt: skip


@pytest.fixture
def cases_db(db, tmp_path, capsys) -> Path:
    assert cli(capsys, "--db", db, "import", "customers", EXAMPLES / "customers.csv")[0] == 0
    assert cli(capsys, "--db", db, "import", "cases", write_csv(tmp_path / "c.csv", CASES))[0] == 0
    return db


def test_report_cases_file3(cases_db, capsys):
    """FILE-3 / CASE-3, CASE-5, CASE-6: severity, response_due (UTC), acknowledged, met."""
    code, out, _err = cli(capsys, "--db", cases_db, "report", "cases", "--format", "json",
                          "--customer", "Acme Logistics", "--now", "2026-03-20T00:00:00Z",
                          "--from", "2026-03-02T00:00:00Z")  # fmt: skip
    assert code == 0
    got = {
        r["problem"]: (r["severity"], r["response_due"], r["acknowledged"], r["met"])
        for r in json.loads(out)
    }
    assert got == {
        "Problem 1": ("S3", "2026-03-11T13:00:00Z", "2026-03-11T09:00:00Z", True),
        "Problem 2": ("S4", "2026-03-18T15:00:00Z", None, False),  # Fri 16:00 + 3 business days
        "Problem 3": ("S1", "2026-03-20T00:10:00Z", None, None),  # not yet due
        "Problem 4": ("S2", "2026-03-02T08:30:00Z", "2026-03-02T08:45:00Z", False),
        "Problem 5": ("S3", "2026-03-16T16:00:00Z", None, False),  # Sat → Mon 17:00 (TIME-4)
    }
    row = json.loads(out)[0]
    for key in ("customer", "opened", "impact", "urgency", "contract", "rep_name", "rep_phone",
                "rep_email", "problem", "acknowledged", "calendar"):  # fmt: skip
        assert key in row
    assert row["opened"] == "2026-03-02T08:00:00Z" and row["impact"] == "large"


def test_report_sla_case6(cases_db, capsys):
    """CASE-6: per severity met / missed; pending (not yet due) excluded; S3/S4 below 95%."""
    code, out, _err = cli(
        capsys, "--db", cases_db, "report", "sla", "--format", "json",
        "--from", "2026-03-01T00:00:00Z", "--to", "2026-04-01T00:00:00Z",
        "--now", "2026-03-20T00:00:00Z",
    )  # fmt: skip
    assert code == 0
    got = {r["severity"]: (r["met"], r["missed"], r["pending"], r["below_target"])
           for r in json.loads(out)}  # fmt: skip
    assert got == {
        "S1": (0, 0, 1, False),
        "S2": (0, 1, 0, False),
        "S3": (1, 1, 0, True),
        "S4": (0, 1, 0, True),
    }


def test_report_retention_file4(db, tmp_path, capsys):
    """FILE-4 / BAK-2: retained, reasons and expires_at at an instant."""
    cli(capsys, "--db", db, "import", "customers", EXAMPLES / "customers.csv")
    stamps = [("01", "good"), ("02", "failed"), ("03", "good"), ("05", "good"), ("09", "good"),
              ("10", "failed")]  # fmt: skip
    text = "customer,application,taken_at,result\n" + "".join(
        f"Acme Logistics,CUCM,2026-03-{d}T01:00:00Z,{r}\n" for d, r in stamps
    )
    assert cli(capsys, "--db", db, "import", "backups", write_csv(tmp_path / "b.csv", text))[0] == 0
    code, out, _err = cli(capsys, "--db", db, "report", "retention", "--at",
                          "2026-04-10T00:00:00Z", "--format", "json")  # fmt: skip
    assert code == 0
    got = [
        {k: r[k] for k in ("customer", "application", "taken_at", "retained", "reasons",
                           "expires_at")}
        for r in json.loads(out)
    ]  # fmt: skip

    def row(day, retained, reasons, expires):
        return {"customer": "Acme Logistics", "application": "CUCM",
                "taken_at": f"2026-03-{day}T01:00:00Z", "retained": retained,
                "reasons": reasons, "expires_at": expires}  # fmt: skip

    assert got == [
        row("01", False, [], "2026-04-03T01:00:00Z"),
        row("02", False, [], "2026-04-04T01:00:00Z"),
        row("03", True, ["last-3-good"], None),
        row("05", True, ["last-3-good"], None),
        row("09", True, ["last-3-good", "within-33-days"], None),
        row("10", True, ["within-33-days"], "2026-04-12T01:00:00Z"),
    ]


def test_report_releases_file6(example_db, capsys):
    """FILE-6 / REL-6: position, status and target per application."""
    code, out, _err = cli(capsys, "--db", example_db, "report", "releases", "--format", "json")
    assert code == 0
    got = [
        (r["customer"], r["cluster"], r["application"], r["version"], r["position"], r["status"],
         r["target"])
        for r in json.loads(out)
    ]  # fmt: skip
    assert got == [
        ("Acme Logistics", "AMS-1", "CUCM", "15.0 SU2", "n", "supported", "15.0 SU2"),
        ("Acme Logistics", "AMS-1", "IM & Presence", "15.0 SU1", "n", "upgrade_advised",
         "15.0 SU2"),
        ("Acme Logistics", "AMS-1", "Unity Connection", "14.0 SU3", "n-1", "must_upgrade",
         "15.0 SU2"),
        ("Globex Corp", "NYC-1", "CUCM", "12.5 SU7a", "n-2", "must_upgrade", "15.0 SU2"),
        ("Globex Corp", "SME-1", "SME", "15.0 SU2", "n", "supported", "15.0 SU2"),
        ("Kangaroo Freight", "SYD-1", "CUCM", "15.0 SU2", "n", "supported", "15.0 SU2"),
    ]  # fmt: skip


def test_exports_neutralize_formulas(db, tmp_path, capsys):
    """A text cell starting with = + - @ gets a leading apostrophe in CSV and XLSX."""
    cli(capsys, "--db", db, "import", "customers",
        write_csv(tmp_path / "c.csv", 'name,region\n"=HYPERLINK(""http://x"")",EU\n'))  # fmt: skip
    cli(capsys, "--db", db, "import", "backups",
        write_csv(tmp_path / "b.csv", "customer,application,taken_at,result,size_bytes\n"
                  '"=HYPERLINK(""http://x"")",CUCM,2026-03-01T01:00:00Z,good,1200\n'))  # fmt: skip
    code, out, _err = cli(capsys, "--db", db, "export", "retention", "--at", "2026-03-02T00:00:00Z")
    assert code == 0
    assert out.splitlines()[1].startswith('"\'=HYPERLINK(""http://x"")",CUCM,')
    target = tmp_path / "r.xlsx"
    code, _out, err = cli(capsys, "--db", db, "report", "retention", "--format", "xlsx",
                          "--output", target, "--at", "2026-03-02T00:00:00Z")  # fmt: skip
    assert code == 0 and err == f"Wrote {target}.\n"
    sheet = openpyxl.load_workbook(target).active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["customer"] == '\'=HYPERLINK("http://x")'
    assert values["size_bytes"] == 1200


def test_report_maintenance_ics_and_attention(example_db, capsys):
    code, out, _err = cli(capsys, "--db", example_db, "report", "maintenance", "--format", "ics")
    assert code == 0
    assert out.count("BEGIN:VEVENT") == 4
    assert "DTSTART:20260330T190000Z" in out
    code, out, _err = cli(capsys, "--db", example_db, "report", "attention", "--format", "json",
                          "--now", "2026-03-27T00:00:00Z", "--days", "7")  # fmt: skip
    assert code == 0
    kinds = {item["kind"] for item in json.loads(out)}
    assert {"case_past_due", "maintenance", "must_upgrade", "backup_stale"} <= kinds


def test_errors_are_messages_not_tracebacks(tmp_path, capsys):
    code, out, err = cli(capsys, "--db", tmp_path / "none.sqlite", "report", "cases")
    assert (code, out) == (2, "")
    assert err.startswith("Error: No database at")
    code, _out, err = cli(capsys, "--zone", "Mars/Olympus", "check", "maintenance", "x.csv")
    assert code == 2 and err == "Error: --zone: Unknown time zone: 'Mars/Olympus'\n"
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _out, err = cli(capsys, "--db", folder, "report", "cases")
    assert code == 2 and "Traceback" not in err and err.startswith("Error:")
    assert cli(capsys, "import", "nonsense", "x.csv")[0] == 2


def test_cli_as_a_process(tmp_path):
    """``python -m di_desk check maintenance`` prints FILE-2 JSON and exits 1 on violations."""
    schedule = write_csv(tmp_path / "s.csv", SCHEDULE.replace(",,routine", ",EU,routine"))
    env = {**os.environ, "DI_DESK_LANG": "en", "DI_DESK_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "di_desk", "check", "maintenance", str(schedule), "--format",
         "json"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert [r["violations"] for r in json.loads(done.stdout)] == [
        [], ["MAINT-3"], ["MAINT-3"], [], ["MAINT-5"], ["FILE-1"], [],
    ]  # fmt: skip


def test_cli_process_imports_and_refuses_bad_file(tmp_path):
    env = {**os.environ, "DI_DESK_LANG": "en", "DI_DESK_HOME": str(tmp_path)}
    db_path = tmp_path / "p.sqlite"
    ok = subprocess.run(
        [sys.executable, "-m", "di_desk", "--db", str(db_path), "import", "customers",
         str(EXAMPLES / "customers.csv")],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert ok.returncode == 0 and ok.stdout.startswith("Customers: 3 rows imported")
    bad = subprocess.run(
        [sys.executable, "-m", "di_desk", "--db", str(db_path), "import", "backups",
         str(tmp_path / "missing.csv")],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_demo_subcommand_fills_the_database(db, capsys):
    """``di-desk demo`` hands its options to the demo-data generator."""
    code, _out, err = cli(capsys, "--db", db, "demo", "--customers", "2", "--years", "0.05",
                          "--quiet")  # fmt: skip
    assert code == 0, err
    assert count(db, "customers") == 2
    code, out, _err = cli(capsys, "--db", db, "report", "releases", "--format", "json")
    assert code == 0 and json.loads(out)
