"""Writers: CSV, JSON, XLSX with formula-injection neutralization, and ICS."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from di_desk.domain.enums import MaintenanceType, Region
from di_desk.io import writers
from di_desk.io.ics import read_ics, to_ics
from di_desk.io.rows import ParseContext, parse_rows

ROWS = [
    {
        "customer": '=HYPERLINK("http://evil")',
        "note": "+1 call",
        "minus": "-2+3",
        "at": "@SUM(A1)",
        "tab": "\tx",
        "cr": "\rx",
        "size": 1200,
        "ratio": -0.5,
        "ok": True,
        "when": datetime(2026, 3, 30, 21, 0, tzinfo=UTC),
        "day": date(2026, 3, 16),
        "type": MaintenanceType.UPGRADE,
        "rules": ["MAINT-3", "MAINT-5"],
        "none": None,
    }
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 20", "'+31 20"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Acme", "Acme"),
        (5, 5),
        (-5.5, -5.5),
    ],
)
def test_neutralize_text_only(value, expected):
    assert writers.neutralize(value) == expected


def test_csv_neutralized_and_plain_values():
    text = writers.to_csv(ROWS)
    header, row = list(csv.reader(io.StringIO(text)))
    cell = dict(zip(header, row, strict=True))
    assert cell["customer"] == '\'=HYPERLINK("http://evil")'
    assert [cell[k] for k in ("note", "minus", "at", "tab", "cr")] == [
        "'+1 call", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx",
    ]  # fmt: skip
    assert cell["size"] == "1200" and cell["ratio"] == "-0.5" and cell["ok"] == "true"
    assert cell["when"] == "2026-03-30T21:00:00Z" and cell["day"] == "2026-03-16"
    assert cell["type"] == "upgrade" and cell["rules"] == "MAINT-3; MAINT-5"
    assert cell["none"] == ""


def test_json_form():
    data = json.loads(writers.to_json(ROWS))
    assert data[0]["when"] == "2026-03-30T21:00:00Z"
    assert data[0]["rules"] == ["MAINT-3", "MAINT-5"]
    assert data[0]["customer"].startswith("=")  # JSON is data, not a spreadsheet
    assert writers.to_json([{"name": "Één"}]) == '[\n  {\n    "name": "Één"\n  }\n]'


def test_xlsx_neutralized_numbers_stay_numbers(tmp_path: Path):
    path = tmp_path / "out.xlsx"
    writers.write_xlsx(path, ROWS, title="=evil")
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["customer"] == '\'=HYPERLINK("http://evil")'
    assert values["minus"] == "'-2+3"
    assert values["size"] == 1200 and isinstance(values["size"], int)
    assert values["ratio"] == -0.5
    assert values["ok"] is True
    assert sheet.title == "=evil"[:31]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_ics_round_trip_reads_back_as_file1(tmp_path: Path):
    start = datetime(2026, 3, 30, 19, 0, tzinfo=UTC)
    end = datetime(2026, 3, 30, 23, 0, tzinfo=UTC)
    data = to_ics(
        [
            {
                "uid": "m-1@test",
                "summary": "Upgrade",
                "start": start,
                "end": end,
                "description": "Window (Europe/Amsterdam): 21:00 – 06:00",
                "customer": "Acme",
                "cluster": "c1",
                "region": Region.EU,
                "type": MaintenanceType.UPGRADE,
                "notice_sent": date(2026, 3, 13),
            }
        ]
    )
    assert b"DTSTART:20260330T190000Z" in data
    path = tmp_path / "m.ics"
    path.write_bytes(data)
    models, errors = parse_rows("maintenance", read_ics(path), ParseContext())
    assert errors == []
    (model,) = models
    assert (model.customer, model.cluster, model.region, model.type) == (
        "Acme", "c1", Region.EU, MaintenanceType.UPGRADE,
    )  # fmt: skip
    assert (model.start, model.end, model.notice_sent) == (start, end, date(2026, 3, 13))


def test_ics_description_keys_and_floating_times(tmp_path: Path):
    """FILE-1 from ICS: DESCRIPTION ``key: value`` lines; floating times need --zone."""
    path = tmp_path / "m.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=Europe/Amsterdam:20260330T210000\r\n"
        "DURATION:PT2H\r\nSUMMARY:Patch\r\n"
        "DESCRIPTION:customer: Acme\\ncluster: c1\\nregion: EU\\ntype: routine\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2\r\nDTSTART:20260330T210000\r\nDTEND:20260330T220000\r\n"
        "X-DI-CUSTOMER:Acme\r\nX-DI-CLUSTER:c1\r\nX-DI-REGION:EU\r\nX-DI-TYPE:routine\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    table = read_ics(path)
    models, errors = parse_rows("maintenance", table, ParseContext())
    assert models[0].start == datetime(2026, 3, 30, 19, 0, tzinfo=UTC)
    assert models[0].end == datetime(2026, 3, 30, 21, 0, tzinfo=UTC)
    assert [(e.row, e.column) for e in errors] == [(2, "start"), (2, "end")]
    models, errors = parse_rows("maintenance", table, ParseContext(zone="Europe/Amsterdam"))
    assert errors == [] and models[1].start == datetime(2026, 3, 30, 19, 0, tzinfo=UTC)
