"""Reading CSV and XLSX files into raw tables (SPEC.md section 7)."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from di_desk.io import safety
from di_desk.io.errors import FileReadError
from di_desk.io.tables import read_csv, read_table, read_xlsx, sniff_format


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_csv_bom_mixed_line_endings_and_free_column_order(tmp_path):
    """SPEC 7: UTF-8 with BOM, any line endings, header names normalized."""
    path = write(
        tmp_path,
        "c.csv",
        b"\xef\xbb\xbfRegion, Name \r\nEU,Acme\nAMER,Globex\rUK,\xc3\x89clair\r\n",
    )
    table = read_csv(path)
    assert table.columns == ("region", "name")
    assert [cells for _n, cells in table.rows] == [
        {"region": "EU", "name": "Acme"},
        {"region": "AMER", "name": "Globex"},
        {"region": "UK", "name": "Éclair"},
    ]
    assert [n for n, _c in table.rows] == [1, 2, 3]


def test_csv_quoted_newline_and_blank_rows_keep_numbers(tmp_path):
    path = write(tmp_path, "c.csv", 'name,note\n"Acme","two\nlines"\n,\n\nGlobex,x\n')
    table = read_csv(path)
    assert table.rows == [
        (1, {"name": "Acme", "note": "two\nlines"}),
        (4, {"name": "Globex", "note": "x"}),
    ]


def test_csv_short_and_long_records(tmp_path):
    table = read_csv(write(tmp_path, "c.csv", "a,b,c\n1\n1,2,3,4\n"))
    assert table.rows == [
        (1, {"a": "1", "b": "", "c": ""}),
        (2, {"a": "1", "b": "2", "c": "3"}),
    ]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02garbage", "not a CSV"),
        (b"name\xff\xfe,region\n", "UTF-8"),
        ("name,Name\nA,B\n", "twice"),
        (",,\n1,2\n", "header row is empty"),
    ],
)
def test_unreadable_csv(tmp_path, data, fragment):
    with pytest.raises(FileReadError, match=fragment):
        read_csv(write(tmp_path, "bad.csv", data))


def test_missing_file_and_required_columns(tmp_path):
    with pytest.raises(FileReadError, match="not found"):
        read_table(tmp_path / "nope.csv")
    table = read_csv(write(tmp_path, "c.csv", "name\nA\n"))
    with pytest.raises(FileReadError, match=r"missing required column.*region"):
        table.require(["name", "region"])


def test_xlsx_values_are_cached_never_evaluated(tmp_path):
    path = tmp_path / "w.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Size", "When", "Formula"])
    ws.append(["Acme", 12, datetime(2026, 3, 1, 1, 30), "=1+1"])
    ws.append([None, None, None, None])
    ws.append(["  Globex ", 1.0, "2026-03-01T01:00:00Z", None])
    wb.save(path)
    table = read_xlsx(path)
    assert table.columns == ("name", "size", "when", "formula")
    assert table.rows[0] == (
        1,
        {"name": "Acme", "size": 12, "when": datetime(2026, 3, 1, 1, 30), "formula": None},
    )
    assert table.rows[1][0] == 3
    assert table.rows[1][1]["name"] == "Globex"
    assert sniff_format(path) == "xlsx"


def test_xlsx_zip_bomb_and_non_zip_refused(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(FileReadError, match="zip bomb"):
        read_xlsx(bomb)
    with pytest.raises(FileReadError, match="not an Excel workbook"):
        read_xlsx(write(tmp_path, "fake.xlsx", "name\nA\n"))


def test_too_large_file_refused(tmp_path, monkeypatch):
    path = write(tmp_path, "c.csv", "name,region\n" + "A,EU\n" * 100)
    with pytest.raises(FileReadError, match="too large"):
        safety.check_size(path, limit=100)


def test_defusedxml_is_used_by_openpyxl():
    """XML entity bombs are defused when openpyxl parses a workbook."""
    assert openpyxl.DEFUSEDXML is True
