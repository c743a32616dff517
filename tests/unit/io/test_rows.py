"""Row models: typed values and one RowError per bad cell (FILE-1, 3, 4, 5, 6)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from di_desk.domain.enums import Application, BackupResult, Impact, MaintenanceType, Region
from di_desk.io.fields import ZoneHint
from di_desk.io.rows import KnownCustomer, ParseContext, parse_rows
from di_desk.io.tables import read_csv_text

ACME = KnownCustomer("Acme", Region.EU, "NL", "Europe/Amsterdam", True, 1)
KNOWN = {"acme": ACME}


def rows(kind: str, text: str, **ctx):
    ctx.setdefault("customers", KNOWN)
    return parse_rows(kind, read_csv_text(text, Path(f"{kind}.csv")), ParseContext(**ctx))


def messages(errors) -> list[str]:
    return [str(e) for e in errors]


def test_file5_customers_defaults_from_region():
    models, errors = rows(
        "customers",
        "name,region,sso,calendar,zone\nAcme,eu,yes,,\nGlobex,AMER,false,US-NY,America/Chicago\n",
        customers=None,
    )
    assert errors == []
    assert (models[0].region, models[0].calendar, models[0].zone, models[0].sso) == (
        Region.EU, "NL", "Europe/Amsterdam", True,
    )  # fmt: skip
    assert (models[1].calendar, models[1].zone) == ("US-NY", "America/Chicago")


def test_file5_bad_cells_name_row_column_and_reason():
    _models, errors = rows(
        "customers",
        "name,region,calendar,zone,sso\n,Mars,XX,Europe/Atlantis,maybe\n",
        customers=None,
    )
    assert messages(errors) == [
        "Row 1, column name: a value is required.",
        "Row 1, column region: unknown value 'Mars'; allowed: AMER, APJC, AUS, EU, EMEA, UK.",
        "Row 1, column calendar: Unknown holiday calendar 'XX': no country 'XX'.",
        "Row 1, column zone: Unknown time zone: 'Europe/Atlantis'",
        "Row 1, column sso: 'maybe' is not true or false.",
    ]


def test_file4_backups_instants_in_utc_and_enums_case_insensitive():
    models, errors = rows(
        "backups",
        "taken_at,customer,result,application,size_bytes\n"
        "2026-03-01T01:30:00+01:00,ACME,Good,cucm,100\n"
        "2026-03-02T00:30:00Z,acme,FAILED,unity connection,\n",
    )
    assert errors == []
    assert models[0].taken_at == datetime(2026, 3, 1, 0, 30, tzinfo=UTC)
    assert models[0].customer == "Acme"
    assert (models[0].result, models[1].result) == (BackupResult.GOOD, BackupResult.FAILED)
    assert models[1].application is Application.UNITY_CONNECTION
    assert models[1].size_bytes is None


def test_file4_every_kind_of_bad_cell():
    _models, errors = rows(
        "backups",
        "customer,application,taken_at,result,size_bytes\n"
        "Nobody,PBX,2026-13-01T00:00Z,ok,-1\n"
        "Acme,CUCM,2026-03-01 01:30,good,1.5\n",
    )
    assert messages(errors) == [
        "Row 1, column customer: unknown customer 'Nobody'; import the customers first.",
        "Row 1, column application: unknown value 'PBX'; allowed: CUCM, Unity Connection, "
        "IM & Presence, CER, Expressway, SME.",
        "Row 1, column taken_at: '2026-13-01T00:00Z' is not a date and time in ISO 8601 form "
        "(e.g. 2026-03-30T21:00:00+02:00).",
        "Row 1, column result: unknown value 'ok'; allowed: good, failed.",
        "Row 1, column size_bytes: -1 is too small; the least allowed is 0.",
        "Row 2, column taken_at: '2026-03-01 01:30' has no time zone offset; add one "
        "(e.g. +01:00 or Z).",
        "Row 2, column size_bytes: '1.5' is not a whole number.",
    ]


@pytest.mark.parametrize(
    ("hint", "advice"),
    [
        (ZoneHint.NONE, "add one (e.g. +01:00 or Z)."),
        (ZoneHint.CLI, "add one (e.g. +01:00 or Z) or pass --zone."),
        (ZoneHint.DIALOG, "or tick “Read times without a zone offset in:” and choose the zone."),
        (ZoneHint.MENU, "or import the file with File → Import…, where you can choose the zone"),
    ],
)
def test_naive_time_without_zone_advises_what_the_caller_offers(hint, advice):
    """SPEC 7 / TIME-2: the CLI names --zone, the import dialog its zone choice."""
    _models, errors = rows(
        "maintenance",
        "customer,cluster,type,start,end\nAcme,c1,routine,2026-03-30 21:00,2026-03-30T22:00Z\n",
        zone_hint=hint,
    )
    assert len(errors) == 1
    assert "'2026-03-30 21:00' has no time zone offset" in str(errors[0])
    assert advice in str(errors[0])
    assert ("--zone" in str(errors[0])) is (hint is ZoneHint.CLI)


def test_naive_time_with_zone_and_dst_gap():
    """SPEC 7 / TIME-2: a naive time is read in --zone; a time in the gap is refused."""
    models, errors = rows(
        "backups",
        "customer,application,taken_at,result\n"
        "Acme,CUCM,2026-03-29T01:30,good\n"
        "Acme,CUCM,2026-03-29T02:30,good\n",
        zone="Europe/Amsterdam",
    )
    assert models[0].taken_at == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert messages(errors) == [
        "Row 2, column taken_at: 2026-03-29 02:30 does not exist in Europe/Amsterdam (the clocks "
        "move forward); the first valid time after it is 2026-03-29 03:00."
    ]


def test_file1_maintenance_region_from_customer_and_order():
    text = (
        "customer,cluster,region,type,start,end,notice_sent\n"
        "Acme,c1,,Upgrade,2026-03-30T21:00:00+02:00,2026-03-31T01:00:00+02:00,2026-03-13\n"
        "Acme,c1,EU,routine,2026-03-30T21:00:00+02:00,2026-03-30T20:00:00+02:00,\n"
        "Other,c1,,routine,2026-03-30T21:00:00+02:00,2026-03-30T22:00:00+02:00,13-03-2026\n"
    )
    models, errors = rows("maintenance", text, customers={**KNOWN}, require_known=False)
    assert models[0].region is Region.EU and models[0].calendar == "NL"
    assert models[0].type is MaintenanceType.UPGRADE
    assert models[0].notice_sent == date(2026, 3, 13)
    assert messages(errors) == [
        "Row 2, column end: the end is not after the start.",
        "Row 3, column region: a region is required when the customer is not in the database; "
        "allowed: AMER, APJC, AUS, EU, EMEA, UK.",
        "Row 3, column notice_sent: '13-03-2026' is not a date (YYYY-MM-DD) or a date and time.",
    ]


def test_file3_cases_impact_from_counts_and_validation():
    header = (
        "customer,opened,impact,affected,total,urgency,contract,rep_name,rep_phone,rep_email,"
        "problem,acknowledged\n"
    )
    models, errors = rows(
        "cases",
        header + "Acme,2026-03-10T14:00:00+01:00,,900,1000,critical,91234567,Jan,+31 20 123 4567,"
        "jan@partner.example,Down,\n"
        + "Acme,2026-03-10T14:00:00+01:00,,,,urgent,12,Jan,12,jan@,Down,"
        "2026-03-09T14:00:00+01:00\n",
    )
    assert models[0].impact is Impact.WIDESPREAD
    assert messages(errors) == [
        "Row 2, column urgency: unknown value 'urgent'; allowed: critical, high, medium, low.",
        "Row 2, column impact: a value is required (or give the affected and total counts); "
        "allowed: widespread, large, localized, individualized.",
        "Row 2, column contract: '12' is not a subscription or contract number.",
        "Row 2, column rep_phone: '12' is not a valid phone number.",
        "Row 2, column rep_email: 'jan@' is not a valid e-mail address.",
        "Row 2, column acknowledged: the acknowledgement is before the case was opened.",
    ]


def test_file6_applications_version_notation():
    models, errors = rows(
        "applications",
        "customer,cluster,application,version,publisher_region\n"
        "Acme,c1,IM&P,15.0 su2,\n"
        "Acme,s1,sme,14.0 SU3,apjc\n"
        "Acme,c1,CUCM,fifteen,\n",
    )
    assert models[0].application is Application.IM_PRESENCE
    assert models[0].version == "15.0 SU2"
    assert models[1].publisher_region is Region.APJC
    assert [(e.row, e.column) for e in errors] == [(3, "version")]


def test_certificates_date_is_midnight_in_customer_zone():
    models, errors = rows(
        "certificates",
        "customer,name,expires_at,cluster,application\nAcme,tomcat,2026-05-02,c1,CUCM\n",
    )
    assert errors == []
    assert models[0].expires_at == datetime(2026, 5, 1, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize("kind", ["customers", "backups", "maintenance"])
def test_missing_required_header_is_a_file_error(kind):
    from di_desk.io.errors import FileReadError

    with pytest.raises(FileReadError, match="missing required column"):
        rows(kind, "something\nx\n")
