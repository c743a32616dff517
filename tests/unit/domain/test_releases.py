"""Releases: applications, versions, the train, status and announcements (REL-1..3, REL-6)."""

from __future__ import annotations

import gettext
from dataclasses import FrozenInstanceError, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.enums import Application
from di_desk.domain.reference import DEFAULT_REFERENCE, DEFAULT_TRAIN, ReleaseTrain, TrainRow
from di_desk.domain.releases import (
    APPLICATIONS,
    OPTIONAL_APPLICATIONS,
    Installed,
    ReleaseStatus,
    Version,
    announce_release,
    assess,
    policy_view,
    release_status,
    standard_applications,
    status_changes,
    train_depth,
    train_row,
    train_table,
)

TRAIN = DEFAULT_REFERENCE.train


class _Pseudo(gettext.NullTranslations):
    """A catalog that marks every translated string, to prove text goes through ``_``."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


@pytest.fixture
def pseudo(monkeypatch):
    monkeypatch.setattr(i18n, "_translations", _Pseudo())


# -- REL-1 -----------------------------------------------------------------


def test_rel1_applications_of_a_dedicated_instance():
    """REL-1: CUCM, Unity Connection, IM & Presence, CER, Expressway, optionally SME."""
    assert [a.value for a in APPLICATIONS] == [
        "CUCM",
        "Unity Connection",
        "IM & Presence",
        "CER",
        "Expressway",
        "SME",
    ]
    assert {Application.SME} == OPTIONAL_APPLICATIONS
    assert Application.SME not in standard_applications()
    assert len(standard_applications()) == 5


# -- REL-6: versions --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.5 SU7a", Version(12, 5, 7, "a")),
        ("14.0 SU3", Version(14, 0, 3)),
        ("15.0 SU2", Version(15, 0, 2)),
        ("15.0", Version(15, 0)),
        ("15.0 su2", Version(15, 0, 2)),
        ("  15.0   SU2  ", Version(15, 0, 2)),
        ("15.0SU2", Version(15, 0, 2)),
        ("15.0 SU 2", Version(15, 0, 2)),
        ("v15.0-SU2", Version(15, 0, 2)),
        ("V12.5-su7A", Version(12, 5, 7, "a")),
        ("15.0(SU2)", Version(15, 0, 2)),
        ("15.0 (SU2)", Version(15, 0, 2)),
        ("15.0_SU2", Version(15, 0, 2)),
        ("v15SU2", Version(15, 0, 2)),  # the guide's own "v15SU2"
        ("12.5(1)SU7a", Version(12, 5, 7, "a")),  # Cisco's maintenance-release form
        ("15", Version(15, 0)),
    ],
)
def test_rel6_parse_tolerates_notation_variants(text, expected):
    """REL-6: major.minor, optional SU level with an optional letter; case and spacing free."""
    assert Version.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "15.0 SU", "15.0 SU2ab", "15..0", "SU2", "15.0 SU2 SU3", "15.0.1"]
)
def test_rel6_unparseable_version_is_refused_with_message(text):
    """REL-6: an unreadable version raises ValueError naming it and showing the notation."""
    with pytest.raises(ValueError, match=r"15\.0 SU2") as info:
        Version.parse(text)
    assert repr(text.strip()) in str(info.value)


def test_rel6_parse_refuses_non_text():
    with pytest.raises(ValueError):
        Version.parse(None)  # type: ignore[arg-type]


def test_rel6_unparseable_message_is_translated(pseudo):
    with pytest.raises(ValueError, match=r"^«"):
        Version.parse("nonsense")


@pytest.mark.parametrize("text", ["12.5 SU7a", "14.0 SU3", "15.0 SU2", "15.0", "15.0 SU10b"])
def test_rel6_str_round_trips_canonical_notation(text):
    assert str(Version.parse(text)) == text


def test_rel6_versions_are_frozen_and_hashable():
    v = Version.parse("15.0 SU2")
    with pytest.raises(FrozenInstanceError):
        v.su = 3  # type: ignore[misc]
    assert {v, Version(15, 0, 2)} == {v}


def test_rel6_version_order():
    """REL-6: 15.0 < 15.0 SU1 < 15.0 SU1a < 15.0 SU2 < 15.0 SU10; majors and minors first."""
    ordered = ["12.5 SU7a", "14.0", "14.0 SU3", "14.0 SU4", "15.0", "15.0 SU1", "15.0 SU1a"]
    ordered += ["15.0 SU2", "15.0 SU10", "15.1", "16.0"]
    versions = [Version.parse(t) for t in ordered]
    assert sorted(reversed(versions)) == versions
    assert Version.parse("15.0 SU2") > Version.parse("15.0 SU1a")
    assert Version.parse("15.0 SU2") >= Version.parse("15.0 SU2")
    assert not Version.parse("15.0") < Version.parse("15.0")


def test_rel6_version_compares_only_with_versions():
    with pytest.raises(TypeError):
        _ = Version(15, 0) < "15.0"  # type: ignore[operator]


def test_rel6_version_letter_rules():
    with pytest.raises(ValueError):
        Version(15, 0, None, "a")
    with pytest.raises(ValueError):
        Version(15, 0, 2, "ab")
    assert Version(15, 0, 2, "A").letter == "a"


versions_st = st.builds(
    Version,
    st.integers(0, 99),
    st.integers(0, 99),
    st.one_of(st.none(), st.integers(0, 99)),
    st.just(""),
) | st.builds(
    Version,
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from("abcz"),
)


@given(versions_st)
def test_rel6_property_str_parse_round_trip(v):
    """REL-6: every version reads back from its own notation, also in the v…-SU form."""
    assert Version.parse(str(v)) == v
    assert Version.parse("v" + str(v).replace(" ", "-").upper()) == v


@given(versions_st, versions_st)
def test_rel6_property_order_is_total_and_consistent(a, b):
    assert (a < b) + (a == b) + (a > b) == 1
    assert (a == b) == (hash(a) == hash(b)) or a != b


# -- REL-6: position, status, target ----------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "status"),
    [
        ("15.0 SU2", "n", ReleaseStatus.SUPPORTED),
        ("15.0 SU1", "n", ReleaseStatus.UPGRADE_ADVISED),
        ("14.0 SU3", "n-1", ReleaseStatus.MUST_UPGRADE),
        ("14.0 SU4", "n-1", ReleaseStatus.MUST_UPGRADE),
        ("12.5 SU7a", "n-2", ReleaseStatus.MUST_UPGRADE),
        ("12.5 SU7", None, ReleaseStatus.UNSUPPORTED),  # older than n-2
        ("11.5 SU9", None, ReleaseStatus.UNSUPPORTED),
        ("14.0 SU2", None, ReleaseStatus.UNSUPPORTED),  # unknown
        ("15.0", None, ReleaseStatus.UNSUPPORTED),  # unknown base release
        ("15.0 SU3", None, ReleaseStatus.UNSUPPORTED),  # not (yet) on the train
    ],
)
def test_rel6_position_and_status_on_the_current_train(text, position, status):
    """REL-6: the spec's status rules on the REL-2 table (target 15.0 SU2)."""
    a = assess(text, TRAIN)
    assert (a.position, a.status) == (position, status)
    assert a.target == Version.parse("15.0 SU2")
    assert a.version == Version.parse(text)
    assert release_status(Version.parse(text), TRAIN) is status


def test_rel6_notation_variants_find_their_row():
    assert assess("v15.0-SU2", TRAIN).status is ReleaseStatus.SUPPORTED
    assert train_row("v12.5-su7A", TRAIN).position == "n-2"


def test_rel6_status_tokens_and_labels():
    """REL-6 / FILE-6: status tokens are exactly these; labels are translated."""
    assert [s.value for s in ReleaseStatus] == [
        "supported",
        "upgrade_advised",
        "must_upgrade",
        "unsupported",
    ]
    assert ReleaseStatus.UPGRADE_ADVISED.label == "Upgrade advised"
    assert ReleaseStatus.parse("Must upgrade") is ReleaseStatus.MUST_UPGRADE


def test_rel6_status_labels_translate(pseudo):
    assert ReleaseStatus.SUPPORTED.label == "«Supported»"


def test_rel6_target_follows_the_train():
    """REL-6: the target is the train's upgrade target, wherever it is set."""
    train = replace(TRAIN, upgrade_target="15.0 SU1")
    assert assess("15.0 SU1", train).status is ReleaseStatus.SUPPORTED
    assert assess("15.0 SU2", train).status is ReleaseStatus.UPGRADE_ADVISED
    assert assess("14.0 SU3", train).target == Version(15, 0, 1)


def test_rel6_row_customers_may_stay_on_is_upgrade_advised():
    """REL-6 reading: an n-1 row an administrator sets to "may stay" advises an upgrade."""
    rows = tuple(replace(r, may_stay=True) if r.position == "n-1" else r for r in TRAIN.rows)
    assert assess("14.0 SU3", replace(TRAIN, rows=rows)).status is ReleaseStatus.UPGRADE_ADVISED


def test_rel6_unreadable_row_version_in_reference_is_an_error():
    rows = (*TRAIN.rows[:2], replace(TRAIN.rows[2], versions=("15.0 SU1", "garbage")))
    with pytest.raises(ValueError, match="garbage"):
        assess("15.0 SU2", replace(TRAIN, rows=rows))


# -- REL-2 --------------------------------------------------------------------


def test_rel2_train_table_matches_the_guide():
    """REL-2: the table's cells, n-2 first."""
    rows = train_table(TRAIN)
    assert [(r.position, r.release) for r in rows] == [
        ("n-2", "12.5 SU7a"),
        ("n-1", "14.0 SU3 / SU4"),
        ("n", "15.0 SU1 / SU2"),
    ]
    must = "Must upgrade to 15.0 SU2"
    assert [(r.new_deployments, r.upgrades, r.may_stay) for r in rows] == [
        ("Not supported", must, must),
        ("Not supported", must, must),
        ("Supported", "Supported", "Yes"),
    ]


def test_rel2_table_cells_translate(pseudo):
    row = train_table(TRAIN)[0]
    assert row.new_deployments == "«Not supported»"
    assert row.may_stay == "«Must upgrade to {target}»".replace("{target}", "15.0 SU2")


def test_rel2_status_and_policy_note_side_by_side():
    """REL-2: n-1 shows "must upgrade" from the table beside the text's advice."""
    view = policy_view("14.0 SU3", TRAIN)
    assert view.status is ReleaseStatus.MUST_UPGRADE
    assert view.table_text == "Must upgrade to 15.0 SU2"
    assert "n-1" in view.policy_note and "advised" in view.policy_note
    assert view.differs is True


@pytest.mark.parametrize(
    ("text", "table_text", "differs"),
    [
        ("15.0 SU2", "Yes", False),
        ("15.0 SU1", "Yes", False),
        ("12.5 SU7a", "Must upgrade to 15.0 SU2", False),
        ("11.5", "Not in the release train", False),
    ],
)
def test_rel2_side_by_side_other_rows(text, table_text, differs):
    view = policy_view(text, TRAIN)
    assert (view.table_text, view.differs) == (table_text, differs)
    assert view.policy_note == TRAIN.policy_note


def test_rel2_policy_note_translates(pseudo):
    assert policy_view("14.0 SU3", TRAIN).policy_note.startswith("«Customers may run")


# -- REL-3 --------------------------------------------------------------------

INSTALLED = [
    Installed("Acme", "c1", Application.CUCM, Version.parse("15.0 SU2")),
    Installed("Acme", "c1", Application.UNITY_CONNECTION, Version.parse("15.0 SU1")),
    Installed("Bolt", "c2", Application.CUCM, Version.parse("14.0 SU4")),
    Installed("Cory", "c3", Application.CER, Version.parse("12.5 SU7a")),
    Installed("Dune", "c4", Application.EXPRESSWAY, Version.parse("11.5")),
]


def test_rel3_announce_shifts_the_train():
    """REL-3: n → n-1, n-1 → n-2, old n-2 leaves (End-of-Sale); the new n is supported."""
    result = announce_release(TRAIN, "16.0 SU1", ["16.0 SU1"], "16.0 SU1")
    rows = {r.position: r for r in result.train.rows}
    assert [r.position for r in result.train.rows] == ["n-2", "n-1", "n"]
    assert rows["n"].versions == ("16.0 SU1",)
    assert rows["n"].release == "16.0 SU1"
    assert rows["n-1"].versions == ("15.0 SU1", "15.0 SU2")
    assert rows["n-1"].release == "15.0 SU1 / SU2"
    assert rows["n-2"].versions == ("14.0 SU3", "14.0 SU4")
    assert result.end_of_sale == TRAIN.rows[0]
    assert result.end_of_sale.release == "12.5 SU7a"
    assert result.train.upgrade_target == "16.0 SU1"
    assert result.train.policy_note == TRAIN.policy_note


def test_rel3_shifted_rows_mirror_the_current_table():
    """REL-3: new n supported for new deployments; n-1 and n-2 must upgrade to the new target."""
    result = announce_release(TRAIN, "", ["16.0", "16.0 SU1"], "16.0 SU1")
    flags = [
        (r.position, r.new_deployments, r.upgrades_supported, r.may_stay) for r in result.train.rows
    ]
    assert flags == [
        ("n-2", False, False, False),
        ("n-1", False, False, False),
        ("n", True, True, True),
    ]
    assert result.train.rows[-1].release == "16.0 / 16.0 SU1"  # default display name
    cells = train_table(result.train)
    assert cells[1].may_stay == "Must upgrade to 16.0 SU1"


def test_rel3_status_changes_for_whom():
    """REL-3: one action recomputes every customer; the diff lists who changes and how."""
    result = announce_release(TRAIN, "16.0 SU1", ["16.0 SU1"], "16.0 SU1", INSTALLED)
    summary = [
        (
            c.installed.customer,
            c.old.position,
            c.old.status.value,
            c.new.position,
            c.new.status.value,
        )
        for c in result.changes
    ]
    assert summary == [
        ("Acme", "n", "supported", "n-1", "must_upgrade"),
        ("Acme", "n", "upgrade_advised", "n-1", "must_upgrade"),
        ("Bolt", "n-1", "must_upgrade", "n-2", "must_upgrade"),
        ("Cory", "n-2", "must_upgrade", None, "unsupported"),
    ]  # Dune (11.5) was and stays unsupported: not listed
    assert [c.status_changed for c in result.changes] == [True, True, False, True]
    assert all(c.new.target == Version(16, 0, 1) for c in result.changes)


def test_rel3_status_changes_between_any_two_trains():
    assert status_changes(TRAIN, TRAIN, INSTALLED) == []


def test_rel3_announce_twice_retires_two_releases():
    first = announce_release(TRAIN, "16.0", ["16.0 SU1"], "16.0 SU1")
    second = announce_release(first.train, "17.0", ["17.0 SU1"], "17.0 SU1", INSTALLED)
    assert second.end_of_sale.release == "14.0 SU3 / SU4"
    assert [r.release for r in second.train.rows] == ["15.0 SU1 / SU2", "16.0", "17.0"]
    assert assess("15.0 SU2", second.train).status is ReleaseStatus.MUST_UPGRADE
    assert assess("14.0 SU4", second.train).status is ReleaseStatus.UNSUPPORTED


@pytest.mark.parametrize(
    ("versions", "target", "match"),
    [
        ([], "16.0 SU1", "at least one version"),
        (["16.0 SU1"], "16.0 SU2", "not one of the new release"),
        (["15.0 SU2"], "15.0 SU2", "newer than 15.0 SU2"),
        (["15.0 SU3", "14.0 SU9"], "15.0 SU3", "newer than"),
        (["garbage"], "garbage", "not a version"),
    ],
)
def test_rel3_announce_refuses_bad_input(versions, target, match):
    with pytest.raises(ValueError, match=match):
        announce_release(TRAIN, "x", versions, target)


def test_rel3_announce_keeps_administrator_edits_per_position():
    """REL-3: each position keeps its columns (n-1 opened up stays opened up)."""
    rows = tuple(replace(r, may_stay=True) if r.position == "n-1" else r for r in TRAIN.rows)
    result = announce_release(replace(TRAIN, rows=rows), "16", ["16.0 SU1"], "16.0 SU1")
    by_pos = {r.position: r for r in result.train.rows}
    assert by_pos["n-1"].may_stay is True
    assert assess("15.0 SU2", result.train).status is ReleaseStatus.UPGRADE_ADVISED


def test_rel3_train_without_n_row_is_refused():
    train = ReleaseTrain(
        rows=(TrainRow("n-1", "x", ("1.0",), False, False, False),), upgrade_target="1.0"
    )
    with pytest.raises(ValueError, match="no n row"):
        announce_release(train, "2", ["2.0"], "2.0")


def test_rel3_two_row_train_shifts_to_two_rows():
    train = ReleaseTrain(
        rows=(
            TrainRow("n-1", "1.0", ("1.0",), False, False, False),
            TrainRow("n", "2.0", ("2.0",), True, True, True),
        ),
        upgrade_target="2.0",
    )
    result = announce_release(train, "3.0", ["3.0"], "3.0")
    assert [(r.position, r.release) for r in result.train.rows] == [("n-1", "2.0"), ("n", "3.0")]
    assert result.end_of_sale.release == "1.0"


@pytest.mark.parametrize(("text", "depth"), [("n", 0), ("n-1", 1), ("N - 2", 2)])
def test_train_depth(text, depth):
    assert train_depth(text) == depth


def test_train_depth_refuses_unknown_position():
    with pytest.raises(ValueError, match="position"):
        train_depth("latest")


def test_installed_normalizes_its_fields():
    item = Installed("Acme", "c1", "unity", "v15.0-SU2")  # type: ignore[arg-type]
    assert item.application is Application.UNITY_CONNECTION
    assert item.version == Version(15, 0, 2)


def test_default_train_is_the_reference_train():
    assert TRAIN is DEFAULT_TRAIN
