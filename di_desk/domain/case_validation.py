"""CASE-8: the data a case needs before it is opened, and the case brief.

Phone numbers are checked with ``phonenumbers``; e-mail addresses
syntactically. Every message is translated and names its field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import phonenumbers

from di_desk.domain.cases import Case, CaseError, channel_for
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import N_, _, messages_in

#: Field keys in display order, with their translatable labels.
FIELD_LABELS: dict[str, str] = {
    "partner": N_("Partner"),
    "customer": N_("Customer"),
    "contract": N_("Subscription or service-contract number"),
    "rep_name": N_("Partner representative's name"),
    "rep_phone": N_("Partner representative's phone"),
    "rep_email": N_("Partner representative's e-mail"),
    "problem": N_("Problem description"),
}

#: Reading of "a valid subscription or service-contract number": 4 to 40
#: letters and digits, at least one digit, single separators (- / . or space)
#: allowed between them, e.g. ``91234567`` or ``Sub-123456``.
CONTRACT_PATTERN = re.compile(r"^(?=.*\d)(?=.{4,40}$)[A-Za-z0-9]+(?:[-/. ][A-Za-z0-9]+)*$")

#: Syntactic e-mail check: one @, no spaces or angle brackets, a local part
#: without leading, trailing or doubled dots, a domain of dot-separated labels
#: (letters, digits, hyphens, or any non-ASCII letters) ending in a 2+ letter TLD.
EMAIL_PATTERN = re.compile(
    r"^(?!\.)(?!.*\.\.)[^@\s<>()\[\],;:\"]+(?<!\.)"
    r"@(?:[^\W_](?:(?:[^\W_]|-)*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)$"
)

#: Regions tried for a number without ``+``: the partner's country, then the
#: US (the global TAC-style ``1-800-…`` numbers).
DEFAULT_PHONE_REGIONS: tuple[str, ...] = ("NL", "US")


class CaseNotReady(CaseError):
    """An "opened" case lacks required data (CASE-8); ``errors`` lists the fields."""

    def __init__(self, errors: Sequence[FieldError]):
        self.errors = tuple(errors)
        super().__init__(
            _("The case cannot be opened:")
            + "\n"
            + "\n".join(f"- {error.message}" for error in self.errors)
        )


@dataclass(frozen=True)
class FieldError:
    """One problem with one field; ``field`` is a key of :data:`FIELD_LABELS`."""

    field: str
    message: str  # translated, names the field


def field_label(field: str) -> str:
    """The translated label of a field key."""
    return _(FIELD_LABELS[field])


def is_valid_phone(text: str, regions: Sequence[str] = DEFAULT_PHONE_REGIONS) -> bool:
    """CASE-8: a valid phone number, international (``+31 20 …``) or national
    in one of ``regions`` (tried in order)."""
    text = text.strip()
    if not text:
        return False
    candidates = [None] if text.startswith("+") else list(regions)
    for region in candidates:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def is_valid_email(text: str) -> bool:
    """CASE-8: a syntactically valid e-mail address (see :data:`EMAIL_PATTERN`)."""
    return bool(EMAIL_PATTERN.fullmatch(text.strip()))


def is_valid_contract(text: str, pattern: re.Pattern[str] = CONTRACT_PATTERN) -> bool:
    """CASE-8: a plausible subscription or service-contract number."""
    return bool(pattern.fullmatch(text.strip()))


def validate_case_for_opening(
    *,
    partner: str,
    customer: str,
    contract: str,
    rep_name: str,
    rep_phone: str,
    rep_email: str,
    problem: str,
    phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS,
    contract_pattern: re.Pattern[str] = CONTRACT_PATTERN,
) -> list[FieldError]:
    """CASE-8: what stops a case from being opened; empty when it may be opened.

    The representative's name, phone and e-mail may be the team's. Errors come
    in the order of :data:`FIELD_LABELS`.
    """
    values = {
        "partner": partner,
        "customer": customer,
        "contract": contract,
        "rep_name": rep_name,
        "rep_phone": rep_phone,
        "rep_email": rep_email,
        "problem": problem,
    }
    checks: dict[str, tuple[Callable[[str], bool], str]] = {
        "contract": (
            partial(is_valid_contract, pattern=contract_pattern),
            N_('{field}: "{value}" is not a valid subscription or service-contract number.'),
        ),
        "rep_phone": (
            partial(is_valid_phone, regions=phone_regions),
            N_(
                '{field}: "{value}" is not a valid phone number; '
                "include the country code, e.g. +31 20 123 4567."
            ),
        ),
        "rep_email": (
            is_valid_email,
            N_('{field}: "{value}" is not a valid e-mail address.'),
        ),
    }
    errors: list[FieldError] = []
    for field, raw in values.items():
        value = (raw or "").strip()
        label = field_label(field)
        if not value:
            errors.append(FieldError(field, _("{field} is missing.").format(field=label)))
            continue
        if field in checks:
            is_valid, message = checks[field]
            if not is_valid(value):
                errors.append(FieldError(field, _(message).format(field=label, value=value)))
    return errors


def phone_regions_for(reference: ReferenceData) -> tuple[str, ...]:
    """Regions for national phone numbers: the partner's country, then the US."""
    country = reference.partner_calendar.split("-")[0].upper()
    return tuple(dict.fromkeys((country, "US")))


def validate_case(case: Case, reference: ReferenceData) -> list[FieldError]:
    """CASE-8 for a :class:`~di_desk.domain.cases.Case`."""
    return validate_case_for_opening(
        partner=case.partner,
        customer=case.customer,
        contract=case.contract,
        rep_name=case.rep_name,
        rep_phone=case.rep_phone,
        rep_email=case.rep_email,
        problem=case.problem,
        phone_regions=phone_regions_for(reference),
    )


def case_brief(case: Case, reference: ReferenceData) -> str:
    """CASE-8: the case's facts as plain text for the TAC call or the web form.

    Partner, customer, contract, representative, severity with impact and
    urgency, category, channel and problem. The brief goes to the provider, so
    its labels are in the provider's language (reference data), not the UI's.
    """
    with messages_in(reference.provider_language):
        return _brief(case, reference)


def _brief(case: Case, reference: ReferenceData) -> str:
    channel = channel_for(case.severity, reference)
    contact = ", ".join(v.strip() for v in (case.rep_name, case.rep_phone, case.rep_email) if v)
    lines = [
        _("{label}: {value}").format(label=field_label("partner"), value=case.partner.strip()),
        _("{label}: {value}").format(label=field_label("customer"), value=case.customer.strip()),
        _("{label}: {value}").format(label=field_label("contract"), value=case.contract.strip()),
        _("{label}: {value}").format(label=_("Partner representative"), value=contact),
        _("{label}: {value}").format(
            label=_("Severity"),
            value=_("{severity} (impact: {impact}; urgency: {urgency})").format(
                severity=case.severity.label,
                impact=case.impact.label,
                urgency=case.urgency.label,
            ),
        ),
        _("{label}: {value}").format(label=_("Category"), value=case.category.label),
        _("{label}: {value}").format(label=_("Channel"), value=channel.instruction),
        _("{label}:").format(label=field_label("problem")),
        case.problem.strip(),
    ]
    return "\n".join(lines)
