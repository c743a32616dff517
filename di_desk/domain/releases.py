"""Releases: versions, the release train, status and upgrades (REL-1..6).

Versions are written in REL-6 notation (``12.5 SU7a``, ``14.0 SU3``,
``15.0``). :func:`assess` places an installed version on the train and gives
its status and target; :func:`announce_release` shifts the train when a new
release is announced (REL-3) and reports what changes for whom;
upgrade plans (REL-4, REL-5) are in :mod:`di_desk.domain.upgrades`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, total_ordering

from di_desk.domain.enums import Application, LabelledEnum
from di_desk.domain.reference import ReleaseTrain, TrainRow
from di_desk.i18n import N_, _

# --------------------------------------------------------------------------
# REL-1: the applications of a Dedicated Instance

#: REL-1: every application a Dedicated Instance may run, in the guide's order.
APPLICATIONS: tuple[Application, ...] = tuple(Application)
#: REL-1: the applications a Dedicated Instance need not have.
OPTIONAL_APPLICATIONS: frozenset[Application] = frozenset({Application.SME})


def standard_applications() -> tuple[Application, ...]:
    """REL-1: the applications every Dedicated Instance runs (all but the optional SME)."""
    return tuple(a for a in APPLICATIONS if a not in OPTIONAL_APPLICATIONS)


# --------------------------------------------------------------------------
# REL-6: versions

_VERSION_RE = re.compile(
    r"""
    ^v?\s*
    (?P<major>\d{1,3})
    (?:\s*\.\s*(?P<minor>\d{1,3}))?
    (?:\s*\(\s*\d{1,3}\s*\))?            # Cisco maintenance release "12.5(1)", ignored
    (?:
        [\s\-_]*\(?\s*
        su\s*[\-_]?\s*(?P<su>\d{1,3})\s*(?P<letter>[a-z])?
        \s*\)?
    )?
    $
    """,
    re.IGNORECASE | re.VERBOSE,
)


@total_ordering
@dataclass(frozen=True, eq=True)
class Version:
    """A release version: ``major.minor``, an optional SU level with an optional letter.

    Ordered as releases are: ``15.0`` < ``15.0 SU1`` < ``15.0 SU1a`` < ``15.0 SU2``.
    """

    major: int
    minor: int = 0
    su: int | None = None
    letter: str = ""

    def __post_init__(self) -> None:
        if self.su is None and self.letter:
            raise ValueError(_("A version letter needs an SU level."))
        if self.letter and not (len(self.letter) == 1 and self.letter.isalpha()):
            raise ValueError(_("A version letter is a single letter."))
        object.__setattr__(self, "letter", self.letter.lower())

    @classmethod
    def parse(cls, text: str) -> Version:
        """Read REL-6 notation, tolerating case, spacing and ``v15.0-SU2`` / ``15.0(SU2)``.

        Raises:
            ValueError: with a translated message naming the text.
        """
        if not isinstance(text, str):
            raise ValueError(_("{text!r} is not a version.").format(text=text))
        return _parse(text.strip())

    @property
    def _key(self) -> tuple[int, int, int, str]:
        return (self.major, self.minor, -1 if self.su is None else self.su, self.letter)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key < other._key

    def __str__(self) -> str:
        base = f"{self.major}.{self.minor}"
        return base if self.su is None else f"{base} SU{self.su}{self.letter}"


@lru_cache(maxsize=4096)
def _parse(text: str) -> Version:
    match = _VERSION_RE.match(text)
    if match is None:
        raise ValueError(
            _("{text!r} is not a version; write it like 15.0 SU2, 14.0 SU3 or 12.5 SU7a.").format(
                text=text
            )
        )
    su = match["su"]
    return Version(
        int(match["major"]),
        int(match["minor"] or 0),
        None if su is None else int(su),
        (match["letter"] or "").lower(),
    )


def as_version(value: Version | str) -> Version:
    """``value`` as a :class:`Version` (parsing text, ValueError when unreadable)."""
    return value if isinstance(value, Version) else Version.parse(value)


# --------------------------------------------------------------------------
# REL-2 / REL-6: position, status, target


class ReleaseStatus(LabelledEnum):
    """REL-6 (tokens of FILE-6 ``status``)."""

    SUPPORTED = "supported", N_("Supported")
    UPGRADE_ADVISED = "upgrade_advised", N_("Upgrade advised")
    MUST_UPGRADE = "must_upgrade", N_("Must upgrade")
    UNSUPPORTED = "unsupported", N_("Unsupported")


def row_versions(row: TrainRow) -> frozenset[Version]:
    """The parsed versions of a train row (ValueError for an unreadable one)."""
    return frozenset(Version.parse(v) for v in row.versions)


def train_row(version: Version | str, train: ReleaseTrain) -> TrainRow | None:
    """REL-6: the row that lists ``version``, or None when it is on no row."""
    v = as_version(version)
    for row in train.rows:
        if v in row_versions(row):
            return row
    return None


def train_target(train: ReleaseTrain) -> Version:
    """The train's upgrade target as a :class:`Version`."""
    return Version.parse(train.upgrade_target)


def release_status(version: Version | str, train: ReleaseTrain) -> ReleaseStatus:
    """REL-6 status of an installed version.

    On the ``n`` row and equal to the upgrade target: supported; on a row whose
    "customers may stay" says "must upgrade": must upgrade; on another row the
    customer may stay on (the rest of ``n``, or a row an administrator opened
    up): upgrade advised; on no row: unsupported.
    """
    v = as_version(version)
    row = train_row(v, train)
    if row is None:
        return ReleaseStatus.UNSUPPORTED
    if row.position == "n" and v == train_target(train):
        return ReleaseStatus.SUPPORTED
    if not row.may_stay:
        return ReleaseStatus.MUST_UPGRADE
    return ReleaseStatus.UPGRADE_ADVISED


@dataclass(frozen=True)
class Assessment:
    """REL-6: what the app shows for one installed version (FILE-6 report fields)."""

    version: Version
    position: str | None  # "n", "n-1", "n-2" or None
    status: ReleaseStatus
    target: Version


def assess(version: Version | str, train: ReleaseTrain) -> Assessment:
    """REL-6: position, status and target of an installed version."""
    v = as_version(version)
    row = train_row(v, train)
    return Assessment(
        version=v,
        position=None if row is None else row.position,
        status=release_status(v, train),
        target=train_target(train),
    )


@dataclass(frozen=True)
class PolicyView:
    """REL-2: the table's status beside the guide's policy text."""

    status: ReleaseStatus
    table_text: str  # what the table's "customers may stay" cell says
    policy_note: str  # the guide's text (translated)
    differs: bool  # True where the text is milder than the table (n-1 today)


def policy_view(version: Version | str, train: ReleaseTrain) -> PolicyView:
    """REL-2: status from the table and the policy note, side by side.

    The table says n-1 "must upgrade"; the guide's text says customers may run
    n or n-1 and that n-1 is advised to upgrade. Both are shown; ``differs``
    marks the rows where they disagree.
    """
    a = assess(version, train)
    row = train_row(a.version, train)
    if row is None:
        table_text = _("Not in the release train")
    elif row.may_stay:
        table_text = _("Yes")
    else:
        table_text = _("Must upgrade to {target}").format(target=a.target)
    differs = a.position == "n-1" and a.status is ReleaseStatus.MUST_UPGRADE
    return PolicyView(a.status, table_text, _(train.policy_note), differs)


@dataclass(frozen=True)
class TrainTableRow:
    """REL-2: one row of the train as translated table cells."""

    position: str
    release: str
    new_deployments: str
    upgrades: str
    may_stay: str


def train_table(train: ReleaseTrain) -> list[TrainTableRow]:
    """REL-2: the release train as the guide's table, in train order."""
    target = train_target(train)
    must = _("Must upgrade to {target}").format(target=target)
    return [
        TrainTableRow(
            position=row.position,
            release=row.release,
            new_deployments=_("Supported") if row.new_deployments else _("Not supported"),
            upgrades=_("Supported") if row.upgrades_supported else must,
            may_stay=_("Yes") if row.may_stay else must,
        )
        for row in train.rows
    ]


# --------------------------------------------------------------------------
# REL-3: announce a release


@dataclass(frozen=True)
class Installed:
    """One installed application (FILE-6 row): who runs which version."""

    customer: str
    cluster: str
    application: Application
    version: Version

    def __post_init__(self) -> None:
        object.__setattr__(self, "application", Application.coerce(self.application))
        object.__setattr__(self, "version", as_version(self.version))


@dataclass(frozen=True)
class StatusChange:
    """REL-3: how one installed application's position or status changes."""

    installed: Installed
    old: Assessment
    new: Assessment

    @property
    def status_changed(self) -> bool:
        return self.old.status is not self.new.status


@dataclass(frozen=True)
class Announcement:
    """REL-3: the shifted train, the release entering End-of-Sale, and the changes."""

    train: ReleaseTrain
    end_of_sale: TrainRow | None
    changes: tuple[StatusChange, ...] = ()


def train_depth(position: str) -> int:
    """``"n"`` → 0, ``"n-2"`` → 2 (ValueError for anything else)."""
    text = position.strip().lower().replace(" ", "")
    if text == "n":
        return 0
    if text.startswith("n-") and text[2:].isdigit():
        return int(text[2:])
    raise ValueError(
        _("{position!r} is not a train position (n, n-1, n-2).").format(position=position)
    )


def _position(depth: int) -> str:
    return "n" if depth == 0 else f"n-{depth}"


def announce_release(
    train: ReleaseTrain,
    new_release_name: str,
    new_versions: Sequence[Version | str],
    new_target: Version | str,
    installed: Iterable[Installed] = (),
) -> Announcement:
    """REL-3: shift the train for a newly announced release.

    n becomes n-1 and n-1 becomes n-2; the old n-2 leaves the train and enters
    End-of-Sale. Each position keeps its current columns (the new n row gets
    the old n row's, and so on), so today's table is mirrored: n supported,
    n-1 and n-2 must upgrade to the new target. ``changes`` lists every
    installed application whose position or status changes.

    Raises:
        ValueError: no versions, an unreadable version, a target that is not
            one of the new versions, or a version not newer than the current n.
    """
    versions = [as_version(v) for v in new_versions]
    if not versions:
        raise ValueError(_("A new release needs at least one version."))
    target = as_version(new_target)
    if target not in versions:
        raise ValueError(
            _("The upgrade target {target} is not one of the new release's versions.").format(
                target=target
            )
        )
    known = [v for row in train.rows for v in row_versions(row)]
    if known and min(versions) <= max(known):
        raise ValueError(
            _("A new release must be newer than {newest}, the newest version on the train.").format(
                newest=max(known)
            )
        )
    by_depth = {train_depth(row.position): row for row in train.rows}
    if 0 not in by_depth:
        raise ValueError(_("The release train has no n row."))
    max_depth = max(by_depth)
    rows: list[TrainRow] = []
    end_of_sale = None
    for depth in sorted(by_depth, reverse=True):
        row = by_depth[depth]
        if depth + 1 > max_depth:
            end_of_sale = row
            continue
        flags = by_depth.get(depth + 1, row)
        rows.append(
            replace(
                row,
                position=_position(depth + 1),
                new_deployments=flags.new_deployments,
                upgrades_supported=flags.upgrades_supported,
                may_stay=flags.may_stay,
            )
        )
    old_n = by_depth[0]
    name = new_release_name.strip() or " / ".join(str(v) for v in versions)
    rows.append(
        TrainRow(
            "n",
            name,
            tuple(str(v) for v in sorted(set(versions))),
            old_n.new_deployments,
            old_n.upgrades_supported,
            old_n.may_stay,
        )
    )
    new_train = replace(train, rows=tuple(rows), upgrade_target=str(target))
    return Announcement(new_train, end_of_sale, tuple(status_changes(train, new_train, installed)))


def status_changes(
    old_train: ReleaseTrain, new_train: ReleaseTrain, installed: Iterable[Installed]
) -> list[StatusChange]:
    """REL-3: the installed applications whose position or status differs between trains."""
    changes = []
    for item in installed:
        old, new = assess(item.version, old_train), assess(item.version, new_train)
        if (old.position, old.status) != (new.position, new.status):
            changes.append(StatusChange(item, old, new))
    return changes
