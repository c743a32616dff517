"""``di-desk report upgrades`` / ``export upgrades``: upgrade plans (REL-4, REL-5, MAINT-5).

A small database made by hand: the example customers, applications and
maintenance events (docs/examples) and four upgrade plans whose expected
values are worked out below, not taken from the code.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from di_desk.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _application(customer: str, cluster: str, kind: str) -> int:
    from di_desk.storage import tables as t

    A, K, C = t.Application, t.Cluster, t.Customer
    return (
        A.select(A.id)
        .join(K, on=(A.cluster == K.id))
        .join(C, on=(K.customer == C.id))
        .where(C.name == customer, K.name == cluster, A.kind == kind)
        .scalar()
    )


def _plan(db, customer, cluster, kind, trigger, start, *, tac_case="", end=None,
          **changes) -> int:  # fmt: skip
    """A plan made as the Releases tab makes it; ``changes`` written over it."""
    from di_desk.services.upgrades import create_plan
    from di_desk.storage import tables as t

    app = _application(customer, cluster, kind)
    if start is None:  # a plan whose start is not set (older data)
        changes["scheduled_start"] = None
        start = "2030-01-01T00:00:00Z"
    plan_id = create_plan(db, app, "15.0 SU2", trigger, utc(start), "test", tac_case=tac_case,
                          end=None if end is None else utc(end))["id"]  # fmt: skip
    if changes:
        t.UpgradePlan.update(**changes).where(t.UpgradePlan.id == plan_id).execute()
    return plan_id


@pytest.fixture
def plans_db(tmp_path, capsys) -> Path:
    from di_desk.storage.db import open_database

    db = tmp_path / "desk.sqlite"
    for kind in ("customers", "applications", "maintenance"):
        code, _out, err = cli(capsys, "--db", db, "import", kind, EXAMPLES / f"{kind}.csv")
        assert code == 0, err
    handle = open_database(db)
    try:
        # EU, Mon 30 Mar 2026 21:00 CEST, no end of its own; rescheduled once
        _plan(handle, "Acme Logistics", "AMS-1", "Unity Connection", "lifecycle",
              "2026-03-30T19:00:00Z", reschedule_count=1)  # fmt: skip
        # AMER, Tue 14 Apr 2026 22:00 EDT, no end of its own
        _plan(handle, "Globex Corp", "NYC-1", "CUCM", "security", "2026-04-15T02:00:00Z")
        # AUS, Mon 20 Apr 2026 21:30 AEST until Tue 02:00 AEST
        _plan(handle, "Kangaroo Freight", "SYD-1", "CUCM", "feature_request",
              "2026-04-20T11:30:00Z", tac_case="TAC-700123", end="2026-04-20T16:00:00Z",
              completed_at=utc("2026-04-20T15:00:00Z"))  # fmt: skip
        # no start at all
        _plan(handle, "Acme Logistics", "AMS-1", "IM & Presence", "lifecycle", None)
    finally:
        handle.close()
    return db


#: worked out by hand (SPEC MAINT-1, MAINT-5, REL-4, TIME-2/4)
EXPECTED = [
    {
        "customer": "Acme Logistics", "cluster": "AMS-1", "application": "Unity Connection",
        "version": "14.0 SU3", "target": "15.0 SU2",
        "scheduled_start": "2026-03-30T19:00:00Z",
        "scheduled_end": "2026-03-30T23:00:00Z",  # no end of its own: + 4 h (reference)
        "region": "EU", "zone": "Europe/Amsterdam", "trigger": "lifecycle",
        # SPEC MAINT-5 example: Mon 30 Mar → 10 business days (NL) → Mon 16 Mar
        "notice_due": "2026-03-16",
        "notice_sent": None, "reschedule_count": 1, "completed_at": None,
    },
    {
        "customer": "Globex Corp", "cluster": "NYC-1", "application": "CUCM",
        "version": "12.5 SU7a", "target": "15.0 SU2",
        "scheduled_start": "2026-04-15T02:00:00Z",
        "scheduled_end": "2026-04-15T06:00:00Z",  # + 4 h
        "region": "AMER", "zone": "America/New_York", "trigger": "security",
        # Tue 14 Apr (local date) → 13, 10, 9, 8, 7, 6, 3, 2, 1 Apr, 31 Mar (US-NY: no holiday)
        "notice_due": "2026-03-31",
        "notice_sent": None, "reschedule_count": 0, "completed_at": None,
    },
    {
        "customer": "Kangaroo Freight", "cluster": "SYD-1", "application": "CUCM",
        "version": "15.0 SU2", "target": "15.0 SU2",
        "scheduled_start": "2026-04-20T11:30:00Z",
        "scheduled_end": "2026-04-20T16:00:00Z",  # its own end
        "region": "AUS", "zone": "Australia/Sydney", "trigger": "feature_request",
        # Mon 20 Apr → 17, 16, 15, 14, 13, 10, 9, 8, 7 Apr, (6 Easter Monday, 3 Good
        # Friday closed in AU-ACT) 2 Apr
        "notice_due": "2026-04-02",
        "notice_sent": None, "reschedule_count": 0, "completed_at": "2026-04-20T15:00:00Z",
    },
    {
        "customer": "Acme Logistics", "cluster": "AMS-1", "application": "IM & Presence",
        "version": "15.0 SU1", "target": "15.0 SU2",
        "scheduled_start": None, "scheduled_end": None,
        "region": "EU", "zone": "Europe/Amsterdam", "trigger": "lifecycle",
        "notice_due": None,
        "notice_sent": None, "reschedule_count": 0, "completed_at": None,
    },
]  # fmt: skip

COLUMNS = [
    "id", "customer", "cluster", "application", "version", "target", "scheduled_start",
    "scheduled_end", "region", "zone", "trigger", "notice_due", "notice_sent", "reschedule_count",
    "completed_at",
]  # fmt: skip


def test_report_upgrades_json_fields(plans_db, capsys):
    """REL-4/5, MAINT-5: one object per plan by scheduled start (no start last),
    UTC instants with Z, the region and its zone, notice_due as an ISO date."""
    code, out, err = cli(capsys, "--db", plans_db, "report", "upgrades", "--format", "json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [list(r) for r in rows] == [COLUMNS] * 4
    assert [{k: v for k, v in r.items() if k != "id"} for r in rows] == EXPECTED
    assert len({r["id"] for r in rows}) == 4
    assert out == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def test_customer_and_period_filters(plans_db, capsys):
    """--customer (any case) and --from/--to on the scheduled start ([from, to))."""
    code, out, _err = cli(capsys, "--db", plans_db, "report", "upgrades", "--format", "json",
                          "--customer", "acme LOGISTICS")  # fmt: skip
    assert code == 0
    assert [(r["customer"], r["application"]) for r in json.loads(out)] == [
        ("Acme Logistics", "Unity Connection"),
        ("Acme Logistics", "IM & Presence"),
    ]
    code, out, _err = cli(capsys, "--db", plans_db, "report", "upgrades", "--format", "json",
                          "--from", "2026-04-01T00:00:00Z",
                          "--to", "2026-04-20T11:30:00Z")  # fmt: skip
    assert code == 0
    assert [r["customer"] for r in json.loads(out)] == ["Globex Corp"]  # the end is exclusive
    code, out, _err = cli(capsys, "--db", plans_db, "report", "upgrades", "--customer", "Nobody")
    assert (code, out) == (0, "Nothing to report.\n")
    code, out, _err = cli(capsys, "--db", plans_db, "export", "upgrades", "--customer", "Nobody")
    assert (code, out.splitlines()) == (0, [",".join(COLUMNS)])


def test_table_shows_the_start_in_both_zones(plans_db, capsys):
    """TIME-1: the start in the user's zone (--zone) and in the region's zone."""
    code, out, _err = cli(capsys, "--db", plans_db, "--zone", "Asia/Tokyo", "report", "upgrades",
                          "--customer", "Globex Corp")  # fmt: skip
    assert code == 0
    header, _rule, line = out.splitlines()
    assert re.split(r"\s{2,}", header) == [
        "Customer", "Cluster", "Application", "Target", "Start (Asia/Tokyo)", "Region",
        "Start (region time)", "Trigger", "Notice due", "Reschedules", "Completed",
    ]  # fmt: skip
    assert "2026-04-15 11:00 JST" in line  # 02:00 UTC in Tokyo
    assert "2026-04-14 22:00 EDT" in line  # in the region's zone
    assert "security" in line and "2026-03-31" in line
    code, out, _err = cli(capsys, "--db", plans_db, "--lang", "nl", "--zone", "UTC", "report",
                          "upgrades", "--customer", "Globex Corp")  # fmt: skip
    assert code == 0
    assert "Customer" not in out.splitlines()[0]  # the headers are translated


def test_csv_neutralizes_formulas(plans_db, tmp_path, capsys):
    """Text cells starting with = + - @ get a leading apostrophe; numbers stay numbers."""
    from di_desk.storage import tables as t
    from di_desk.storage.db import open_database

    handle = open_database(plans_db)
    try:
        t.Customer.update(name='=HYPERLINK("http://x")').where(
            t.Customer.name == "Globex Corp"
        ).execute()
        t.Cluster.update(name="+NYC-1").where(t.Cluster.name == "NYC-1").execute()
    finally:
        handle.close()
    code, out, _err = cli(capsys, "--db", plans_db, "export", "upgrades")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    globex = rows[1]
    assert globex["customer"] == '\'=HYPERLINK("http://x")'
    assert globex["cluster"] == "'+NYC-1"
    assert (globex["scheduled_start"], globex["notice_due"]) == ("2026-04-15T02:00:00Z",
                                                                 "2026-03-31")  # fmt: skip
    assert rows[0]["reschedule_count"] == "1"
    target = tmp_path / "u.xlsx"
    code, _out, err = cli(capsys, "--db", plans_db, "report", "upgrades", "--format", "xlsx",
                          "--output", target)  # fmt: skip
    assert (code, err) == (0, f"Wrote {target}.\n")
    sheet = openpyxl.load_workbook(target).active
    header = [c.value for c in sheet[1]]
    assert header == COLUMNS
    values = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert values["customer"] == '\'=HYPERLINK("http://x")'
    assert values["cluster"] == "'+NYC-1"
    assert values["reschedule_count"] == 0


def test_ics_parses_and_round_trips(plans_db, tmp_path, capsys):
    """One VEVENT per plan with a start: UTC DTSTART/DTEND equal to the JSON's,
    SUMMARY, DESCRIPTION (region zone and local time, notice due, trigger), stable UID."""
    from icalendar import Calendar

    code, out, _err = cli(capsys, "--db", plans_db, "report", "upgrades", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out) if r["scheduled_start"]}
    target = tmp_path / "upgrades.ics"
    code, _out, err = cli(capsys, "--db", plans_db, "report", "upgrades", "--format", "ics",
                          "--output", target)  # fmt: skip
    assert (code, err) == (0, f"Wrote {target}.\n")
    data = target.read_bytes()
    assert b"DTSTART:20260330T190000Z" in data and b"DTEND:20260330T230000Z" in data
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 3  # the plan without a start has no event
    by_uid = {str(e["UID"]): e for e in events}
    assert sorted(by_uid) == sorted(f"upgrade-{i}@di-desk" for i in rows)
    for plan_id, row in rows.items():
        event = by_uid[f"upgrade-{plan_id}@di-desk"]
        assert event.decoded("DTSTART") == utc(row["scheduled_start"])
        assert event.decoded("DTEND") == utc(row["scheduled_end"])
        assert event.decoded("DTSTART").utcoffset().total_seconds() == 0
        assert str(event["X-DI-TRIGGER"]) == row["trigger"]
    acme = next(e for e in events if str(e["X-DI-CUSTOMER"]) == "Acme Logistics")
    assert str(acme["SUMMARY"]) == "Upgrade to 15.0 SU2: Acme Logistics AMS-1"
    text = str(acme["DESCRIPTION"])
    assert "Region EU (Europe/Amsterdam)" in text
    assert "30 Mar 2026 21:00 CEST" in text and "31 Mar 2026 01:00 CEST" in text
    assert "Notice due (MAINT-5): 2026-03-16" in text
    assert "Trigger (REL-4): Version lower than n-1 or near end of life" in text
    assert "Rescheduled 1 time." in text
    kangaroo = next(e for e in events if str(e["X-DI-CUSTOMER"]) == "Kangaroo Freight")
    assert "20 Apr 2026 21:30 AEST" in str(kangaroo["DESCRIPTION"])
    assert "21 Apr 2026 02:00 AEST" in str(kangaroo["DESCRIPTION"])
    assert "Completed:" in str(kangaroo["DESCRIPTION"])
    # a second export keeps the UIDs (calendar programs update instead of duplicating)
    code, out, _err = cli(capsys, "--db", plans_db, "report", "upgrades", "--format", "ics")
    assert code == 0
    assert {str(e["UID"]) for e in Calendar.from_ical(out).walk("VEVENT")} == set(by_uid)


def test_exit_codes(plans_db, tmp_path, capsys):
    """0 fine (also when empty); 2 when the command cannot run, with one clear line."""
    assert cli(capsys, "--db", plans_db, "report", "upgrades")[0] == 0
    code, out, err = cli(capsys, "--db", tmp_path / "none.sqlite", "report", "upgrades")
    assert (code, out) == (2, "") and err.startswith("Error: No database at")
    code, _out, err = cli(capsys, "--db", plans_db, "report", "cases", "--format", "ics")
    assert code == 2
    assert err == "Error: The ics format is only available for maintenance and upgrades.\n"
    code, _out, err = cli(capsys, "--db", plans_db, "report", "upgrades", "--format", "xlsx")
    assert (code, err) == (2, "Error: The xlsx format needs --output FILE.\n")
    code, _out, err = cli(capsys, "--db", plans_db, "report", "upgrades", "--from", "soon")
    assert code == 2 and err.startswith("Error: --from:")
    code, _out, err = cli(capsys, "--db", plans_db, "report", "upgrades",
                          "--from", "2026-04-02", "--to", "2026-04-01")  # fmt: skip
    assert (code, err) == (2, "Error: --to must be after --from.\n")
    code, _out, err = cli(capsys, "--db", plans_db, "report", "upgrades", "--format", "pdf")
    assert code == 2 and "invalid choice" in err
