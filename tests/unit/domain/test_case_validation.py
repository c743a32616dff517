"""Required data before opening a case, and the case brief (CASE-8)."""

from __future__ import annotations

import gettext
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.case_validation import (
    FIELD_LABELS,
    CaseNotReady,
    FieldError,
    case_brief,
    is_valid_contract,
    is_valid_email,
    is_valid_phone,
    phone_regions_for,
    validate_case,
    validate_case_for_opening,
)
from di_desk.domain.cases import Case
from di_desk.domain.enums import CaseCategory, Impact, Severity, Urgency
from di_desk.domain.reference import DEFAULT_REFERENCE

REF = DEFAULT_REFERENCE
GOOD = {
    "partner": "Example Partner B.V.",
    "customer": "Acme",
    "contract": "91234567",
    "rep_name": "Support team",
    "rep_phone": "+31 20 123 4567",
    "rep_email": "support@partner.example.nl",
    "problem": "Calls to the PSTN drop after 30 seconds.",
}


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_translations", _Pseudo())


def good_case(**changes) -> Case:
    case = Case(
        customer=GOOD["customer"],
        opened_at=datetime(2026, 3, 10, 13, tzinfo=UTC),
        impact=Impact.LARGE,
        urgency=Urgency.HIGH,
        severity=Severity.S2,
        category=CaseCategory.SERVICE_OUTAGE,
        partner=GOOD["partner"],
        contract=GOOD["contract"],
        rep_name=GOOD["rep_name"],
        rep_phone=GOOD["rep_phone"],
        rep_email=GOOD["rep_email"],
        problem=GOOD["problem"],
    )
    return replace(case, **changes)


def test_case8_complete_data_passes() -> None:
    """CASE-8: nothing to report when every field is present and valid."""
    assert validate_case_for_opening(**GOOD) == []
    assert validate_case(good_case(), REF) == []


@pytest.mark.parametrize("field", list(FIELD_LABELS))
@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_case8_each_missing_field_is_named(field: str, blank: str) -> None:
    """CASE-8: a missing (or blank) field is reported by name."""
    errors = validate_case_for_opening(**{**GOOD, field: blank})
    assert errors == [FieldError(field, f"{FIELD_LABELS[field]} is missing.")]


def test_case8_all_missing_in_display_order() -> None:
    """CASE-8: every missing field, in the order of the form."""
    errors = validate_case_for_opening(**dict.fromkeys(GOOD, ""))
    assert [e.field for e in errors] == [
        "partner",
        "customer",
        "contract",
        "rep_name",
        "rep_phone",
        "rep_email",
        "problem",
    ]


def test_case8_messages_are_translated(pseudo: None) -> None:
    """CASE-8: messages and field names go through the catalog."""
    errors = validate_case_for_opening(**{**GOOD, "partner": "", "rep_email": "x"})
    assert errors[0].message == "⟦{field} is missing.⟧".replace("{field}", "⟦Partner⟧")
    assert errors[1].message.startswith("⟦{field}".replace("{field}", "⟦Partner representative"))


@pytest.mark.parametrize(
    "phone",
    [
        "+31 20 123 4567",
        "+31201234567",
        "020 123 4567",  # national NL
        "06 12345678",  # NL mobile
        "+31 (0)20 123 4567",
        "1-800-553-2447",  # the TAC-style US number
        "+1 800 553 2447",
        "(212) 555-0123",  # national US
        "+44 20 7946 0958",
        "+61 2 6123 4567",
        "  +31 20 123 4567  ",
    ],
)
def test_case8_valid_phones(phone: str) -> None:
    """CASE-8: international and national (NL, US) numbers are accepted."""
    assert is_valid_phone(phone)
    assert validate_case_for_opening(**{**GOOD, "rep_phone": phone}) == []


@pytest.mark.parametrize(
    "phone",
    ["12", "+31 6 1234", "abc", "+999 123 456", "phone me", "+", "0000000000"],
)
def test_case8_invalid_phones(phone: str) -> None:
    """CASE-8: numbers that `phonenumbers` finds invalid are refused, naming the field."""
    assert not is_valid_phone(phone)
    (error,) = validate_case_for_opening(**{**GOOD, "rep_phone": phone})
    assert error.field == "rep_phone"
    assert error.message.startswith("Partner representative's phone:")
    assert phone.strip() in error.message


def test_case8_phone_regions() -> None:
    """CASE-8: national numbers are read in the partner's country first."""
    assert phone_regions_for(REF) == ("NL", "US")
    assert phone_regions_for(replace(REF, partner_calendar="AU-ACT")) == ("AU", "US")
    assert phone_regions_for(replace(REF, partner_calendar="US-NY")) == ("US",)
    assert is_valid_phone("(03) 9123 4567", ("AU",))
    assert not is_valid_phone("(03) 9123 4567", ("NL", "US"))
    assert not is_valid_phone("")


@pytest.mark.parametrize(
    "email",
    [
        "a@b.nl",
        "jan.jansen@partner.example.com",
        "first+tag@sub.domain.co.uk",
        "support-team@x-y.nl",
        "o'brien@example.ie",
        "jörg@bücher.de",
        "a@xn--p1ai.xn--p1ai",
        " support@partner.nl ",
    ],
)
def test_case8_valid_emails(email: str) -> None:
    """CASE-8: syntactically valid addresses are accepted."""
    assert is_valid_email(email)


@pytest.mark.parametrize(
    "email",
    [
        "plain",
        "a@b",
        "a@b.",
        "a@.nl",
        "@b.nl",
        "a@",
        "a@@b.nl",
        "a@b@c.nl",
        "a b@c.nl",
        "a@b c.nl",
        ".a@b.nl",
        "a.@b.nl",
        "a..b@c.nl",
        "a@b..nl",
        "a@-b.nl",
        "a@b-.nl",
        "a@b_c.nl",
        "Jan <jan@x.nl>",
        "a@b.n",
        "a@b.123",
        "a,b@c.nl",
        "a@b.nl;c@d.nl",
    ],
)
def test_case8_invalid_emails(email: str) -> None:
    """CASE-8: malformed addresses are refused, naming the field."""
    assert not is_valid_email(email)
    (error,) = validate_case_for_opening(**{**GOOD, "rep_email": email})
    assert error.field == "rep_email"
    assert error.message.startswith("Partner representative's e-mail:")


@given(st.text(max_size=300))
def test_case8_email_check_never_crashes(text: str) -> None:
    """CASE-8 property: any text gets an answer (no exception)."""
    assert is_valid_email(text) in (True, False)


def test_case8_email_check_is_fast_on_hostile_input() -> None:
    """CASE-8: no catastrophic backtracking on long near-miss input."""
    hostile = ["a@" + "a-" * 5000 + "!", "a@" + "a." * 5000 + "1", "a" * 10000 + "@"]
    started = time.perf_counter()
    for text in hostile:
        assert not is_valid_email(text)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("contract", "valid"),
    [
        ("91234567", True),
        ("Sub123456", True),
        ("SUB-123-456", True),
        ("CON 1234", True),
        ("1234", True),
        ("123", False),  # too short
        ("ABCDEFGH", False),  # no digit
        ("12-", False),
        ("12--34", False),
        ("12 34 !", False),
        ("1" * 41, False),
        ("n/a", False),
    ],
)
def test_case8_contract_number(contract: str, valid: bool) -> None:
    """CASE-8 Reading: 4–40 letters/digits with single separators, at least one digit."""
    assert is_valid_contract(contract) is valid
    errors = validate_case_for_opening(**{**GOOD, "contract": contract})
    assert (errors == []) is valid
    if not valid:
        assert errors[0].field == "contract"
        assert "subscription or service-contract number" in errors[0].message


def test_case8_team_contact_is_enough() -> None:
    """CASE-8: the representative may be a team (name, shared phone and mailbox)."""
    errors = validate_case_for_opening(
        **{**GOOD, "rep_name": "NOC", "rep_email": "noc@partner.nl", "rep_phone": "020 700 0000"}
    )
    assert errors == []


def test_case8_not_ready_error_lists_fields() -> None:
    """CASE-8: the exception for opening names every problem."""
    errors = validate_case(good_case(contract="", rep_email="nope"), REF)
    error = CaseNotReady(errors)
    assert isinstance(error, ValueError)
    assert error.errors == tuple(errors)
    text = str(error)
    assert "Subscription or service-contract number is missing." in text
    assert "Partner representative's e-mail" in text


def test_case8_brief_contains_the_facts() -> None:
    """CASE-8: the case brief for the call or web form."""
    brief = case_brief(good_case(), REF)
    assert brief.splitlines() == [
        "Partner: Example Partner B.V.",
        "Customer: Acme",
        "Subscription or service-contract number: 91234567",
        "Partner representative: Support team, +31 20 123 4567, support@partner.example.nl",
        "Severity: S2 (High) (impact: Large; urgency: High)",
        "Category: Service outage or availability",
        "Channel: Call the TAC at 1-800-553-2447.",
        "Problem description:",
        "Calls to the PSTN drop after 30 seconds.",
    ]


def test_case8_brief_web_channel_and_multiline_problem() -> None:
    """CASE-8 + CASE-7: an S4 brief points to Support Case Manager; problems keep lines."""
    case = good_case(severity=Severity.S4, urgency=Urgency.LOW, problem="Line 1\nLine 2\n")
    lines = case_brief(case, REF).splitlines()
    assert "Channel: Open the case in Support Case Manager." in lines
    assert lines[-2:] == ["Line 1", "Line 2"]


def test_case8_brief_is_in_the_provider_language() -> None:
    """CASE-8: the brief goes to the provider's TAC: its language is reference data
    (English by default), whatever the UI language."""
    i18n.install("nl")
    brief = case_brief(good_case(), REF)
    assert "Severity: S2 (High)" in brief
    dutch = case_brief(good_case(), replace(REF, provider_language="nl"))
    assert "Ernstniveau: S2 (Hoog)" in dutch
    assert i18n.current_language() == "nl"
