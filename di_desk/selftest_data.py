"""The self-test's checks of the data the app carries, without Qt.

Our catalogs, time zones (the ``tzdata`` package: Windows has no system zone
database), public holidays, Babel's locale data and phone number metadata.
Each check returns a short detail for its ``OK`` line or raises
:class:`CheckFailed` (see :mod:`di_desk.selftest`).
"""

from __future__ import annotations

import gettext
from datetime import date

from di_desk import i18n
from di_desk.i18n import _


class CheckFailed(Exception):
    """A check did not hold; the message says what was found."""


def expect(condition: object, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def check_catalog() -> str:
    for lang in i18n.LANGUAGES:
        if lang == i18n.DEFAULT_LANGUAGE:
            continue
        mo = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
        expect(mo.is_file(), _("{path} is missing").format(path=mo))
    catalog = gettext.translation(i18n.DOMAIN, localedir=i18n.LOCALE_DIR, languages=["nl"])
    messages = len(getattr(catalog, "_catalog", {}))
    expect(messages > 1, _("the Dutch catalog is empty"))
    return i18n.ngettext("{count} message", "{count} messages", messages).format(count=messages)


def check_zones() -> str:
    from importlib import resources
    from zoneinfo import ZoneInfo

    keys = ("Europe/Amsterdam", "America/New_York", "Australia/Sydney", "Asia/Singapore")
    for key in keys:
        ZoneInfo(key)
        # The tzdata package itself: Windows has no system zone database.
        data = (resources.files("tzdata.zoneinfo") / key).read_bytes()
        expect(data.startswith(b"TZif"), _("{zone} is not zone data").format(zone=key))
    import tzdata

    return f"tzdata {getattr(tzdata, 'IANA_VERSION', '?')}"


def check_holidays() -> str:
    import holidays

    dutch = holidays.country_holidays("NL", years=2026, language="nl")
    expect(
        dutch.get(date(2026, 4, 27)) == "Koningsdag",
        _("27 April 2026 in NL: {name}").format(name=dutch.get(date(2026, 4, 27))),
    )
    for code in ("US", "AU", "GB", "SG"):
        expect(
            holidays.country_holidays(code, years=2026),
            _("no holidays for {code}").format(code=code),
        )
    return f"holidays {holidays.__version__}"


def check_babel() -> str:
    from babel.dates import format_date
    from babel.numbers import format_decimal

    day = date(2026, 4, 27)
    dutch = format_date(day, "full", locale="nl_NL")
    english = format_date(day, "full", locale="en_GB")
    expect(dutch == "maandag 27 april 2026", dutch)
    expect(english == "Monday, 27 April 2026", english)
    expect(format_decimal(1234.5, locale="nl_NL") == "1.234,5", _("Dutch number format"))
    return dutch


def check_phone_numbers() -> str:
    import phonenumbers

    samples = (("+31 20 123 4567", None), ("(212) 555-0100", "US"), ("+61 2 9374 4000", None))
    for text, region in samples:
        number = phonenumbers.parse(text, region)
        expect(phonenumbers.is_valid_number(number), _("{number} is not valid").format(number=text))
    return i18n.ngettext("{count} number", "{count} numbers", len(samples)).format(
        count=len(samples)
    )


def check_bulk_rules() -> str:
    """The array path of the rules (NumPy) gives the one-by-one results."""
    from di_desk.domain.calendar import calendar_for
    from di_desk.domain.cases import response_due, response_due_from_iso
    from di_desk.domain.enums import Severity
    from di_desk.domain.reference import DEFAULT_REFERENCE
    from di_desk.domain.timeutil import parse_instant

    calendar = calendar_for("NL", "Europe/Amsterdam")
    cases = (
        (Severity.S1, "2026-03-29T01:50:00Z"),
        (Severity.S3, "2026-04-24T15:00:00+02:00"),
        (Severity.S4, "2026-12-24T11:00:00Z"),
    )
    bulk = response_due_from_iso(
        [s for s, _t in cases], [t for _s, t in cases], calendar, DEFAULT_REFERENCE
    )
    single = [
        response_due(s, parse_instant(t), calendar, DEFAULT_REFERENCE).timestamp() for s, t in cases
    ]
    expect(bulk == single, _("the bulk path differs from the one-by-one path"))
    return i18n.ngettext("{count} case", "{count} cases", len(cases)).format(count=len(cases))
