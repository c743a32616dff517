"""Releases use cases: the train as reference data, announcing, status, upgrade plans.

No Qt here; the Releases tab and the command line call these. The rules stay
in :mod:`di_desk.domain.releases` (REL-2, REL-3, REL-6),
:mod:`di_desk.domain.upgrades` (REL-4, REL-5) and
:mod:`di_desk.domain.maintenance` (MAINT-5 notice); this module reads and
writes the store around them, with audit rows for every change.

The release train is the reference data field ``train``: every edit goes
through :func:`~di_desk.storage.reference_repo.update_reference` (audited). An
edit carries the train the user saw; when the stored train differs, the edit
is refused with :class:`TrainChanged` (the reference data has no row version).

Status filter (REL-6): the status of an installed application derives from
its version and the train, so it is not a column. The list filters SQL-side
by translating the wanted statuses into the stored version texts that have
them (:func:`versions_with_status`): the distinct versions of the
``application`` table are few, each is assessed once, and the list then asks
for ``version IN (…)``. Unreadable or empty versions are on no train row and
count as unsupported, so this stays exact without a ``NOT IN``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from di_desk.domain.enums import Application as AppKind
from di_desk.domain.reference import ReleaseTrain, TrainRow
from di_desk.domain.releases import (
    Announcement,
    Installed,
    ReleaseStatus,
    StatusChange,
    Version,
    announce_release,
    assess,
    policy_view,
    row_versions,
    status_changes,
    train_depth,
    train_target,
)
from di_desk.i18n import _
from di_desk.storage.reference_repo import load_reference, update_reference

TRAIN_KEY = "train"
#: the editable fields of a train row, in table order
TRAIN_FIELDS = (
    "position",
    "release",
    "versions",
    "new_deployments",
    "upgrades_supported",
    "may_stay",
)


class TrainChanged(ValueError):
    """The stored release train is not the one the user edited (someone saved first)."""

    def __init__(self) -> None:
        super().__init__(
            _("The release train was changed elsewhere in the meantime; it has been reloaded.")
        )


# --------------------------------------------------------------------------
# REL-6: status of an installed version (shared with the FILE-6 report)


@dataclass(frozen=True)
class InstalledStatus:
    """REL-6 / FILE-6: train position (None: on no row), status and target of a stored version."""

    position: str | None
    status: ReleaseStatus
    target: str


@lru_cache(maxsize=4096)
def installed_status(version: str | None, train: ReleaseTrain) -> InstalledStatus:
    """REL-6 for a version as stored: an unreadable or empty one is on no row (unsupported)."""
    try:
        a = assess(version or "", train)
    except ValueError:
        return InstalledStatus(None, ReleaseStatus.UNSUPPORTED, str(train_target(train)))
    return InstalledStatus(a.position, a.status, str(a.target))


def customer_of_application(db: Any, application_id: int) -> int | None:
    """The customer id of installed application ``application_id`` (None: no such row)."""
    from di_desk.storage.tables import Application, Cluster

    query = Application.select(Cluster.customer).join(Cluster)
    return query.where(Application.id == application_id).scalar()


def versions_with_status(
    db: Any, train: ReleaseTrain, statuses: Collection[ReleaseStatus | str]
) -> list[str]:
    """The stored version texts whose REL-6 status is one of ``statuses`` (for ``version IN``)."""
    from di_desk.storage.tables import Application

    wanted = {s if isinstance(s, ReleaseStatus) else ReleaseStatus(s) for s in statuses}
    stored = Application.select(Application.version).distinct().tuples()
    return sorted(v for (v,) in stored if installed_status(v, train).status in wanted)


def status_counts(db: Any, train: ReleaseTrain) -> dict[ReleaseStatus, int]:
    """Installed applications per REL-6 status (one ``GROUP BY version``)."""
    from peewee import fn

    from di_desk.storage.tables import Application

    counts: Counter[ReleaseStatus] = Counter({s: 0 for s in ReleaseStatus})
    query = Application.select(Application.version, fn.COUNT(Application.id)).group_by(
        Application.version
    )
    for version, count in query.tuples():
        counts[installed_status(version, train).status] += count
    return dict(counts)


# --------------------------------------------------------------------------
# REL-2: the train as editable reference data


def current_train(db: Any) -> ReleaseTrain:
    return load_reference(db).train


_SU_ONLY = re.compile(r"^su\s*\d+\s*[a-z]?$", re.IGNORECASE)


def parse_versions(text: str | Iterable[str]) -> tuple[str, ...]:
    """Versions typed as ``15.0 SU1, 15.0 SU2`` (or ``15.0 SU1 / SU2``), normalised and sorted.

    A bare ``SU2`` takes the major.minor of the version before it.

    Raises:
        ValueError: a translated message naming the unreadable part, or no version.
    """
    parts = re.split(r"[,;/\n]+", text) if isinstance(text, str) else list(text)
    versions: list[Version] = []
    for raw in parts:
        part = str(raw).strip()
        if not part:
            continue
        if versions and _SU_ONLY.match(part):
            part = f"{versions[-1].major}.{versions[-1].minor} {part}"
        versions.append(Version.parse(part))
    if not versions:
        raise ValueError(_("Enter at least one version, like 15.0 SU2."))
    return tuple(str(v) for v in sorted(set(versions)))


def check_train(train: ReleaseTrain) -> None:
    """Refuse a train the rules cannot read (translated ValueError).

    Positions are n, n-1, n-2… once each; a version is on one row only; the
    upgrade target is one of the n row's versions (REL-6: "a version on the
    n row that is the upgrade target").
    """
    depths = [train_depth(row.position) for row in train.rows]
    if len(set(depths)) != len(depths):
        raise ValueError(_("Each train position may appear only once."))
    seen: dict[Version, str] = {}
    for row in train.rows:
        if not row.release.strip():
            raise ValueError(
                _("The release name of row {position} is empty.").format(position=row.position)
            )
        for v in row_versions(row):
            if v in seen:
                raise ValueError(
                    _(
                        "{version} is on rows {first} and {second}; a version belongs to one row."
                    ).format(version=v, first=seen[v], second=row.position)
                )
            seen[v] = row.position
    target = train_target(train)
    if seen.get(target) != "n":
        raise ValueError(
            _("The upgrade target {target} must be one of the versions of the n row.").format(
                target=target
            )
        )


def _save_train(db: Any, expected: ReleaseTrain, new: ReleaseTrain, who: str) -> ReleaseTrain:
    with db.atomic():
        if current_train(db) != expected:
            raise TrainChanged()
        check_train(new)
        update_reference(db, TRAIN_KEY, new, who)
    return new


def edit_train_row(
    db: Any, expected: ReleaseTrain, row: int, field: str, value: Any, who: str
) -> ReleaseTrain:
    """REL-2: change one cell of the train (audited). Returns the stored train.

    ``field`` is one of :data:`TRAIN_FIELDS` but ``position``; ``versions``
    takes text (:func:`parse_versions`), the yes/no columns take booleans.

    Raises:
        TrainChanged: the stored train is not ``expected``.
        ValueError: a translated message (unreadable version, empty name…).
    """
    if not 0 <= row < len(expected.rows) or field not in TRAIN_FIELDS[1:]:
        raise ValueError(f"no editable train cell {row}/{field!r}")
    old: TrainRow = expected.rows[row]
    if field == "release":
        new_value: Any = str(value).strip()
        if not new_value:
            raise ValueError(_("Enter the release name, like 15.0 SU1 / SU2."))
    elif field == "versions":
        new_value = parse_versions(value)
    else:
        new_value = bool(value)
    if getattr(old, field) == new_value:
        return expected
    rows = list(expected.rows)
    rows[row] = replace(old, **{field: new_value})
    return _save_train(db, expected, replace(expected, rows=tuple(rows)), who)


def set_upgrade_target(db: Any, expected: ReleaseTrain, text: str, who: str) -> ReleaseTrain:
    """REL-2/REL-6: change the train's upgrade target (audited)."""
    target = str(Version.parse(text))
    if target == expected.upgrade_target:
        return expected
    return _save_train(db, expected, replace(expected, upgrade_target=target), who)


@dataclass(frozen=True)
class PolicyLine:
    """REL-2: for some versions of one row, the table's status beside the policy text."""

    position: str
    versions: tuple[str, ...]
    status: ReleaseStatus
    table_text: str
    differs: bool


def policy_lines(train: ReleaseTrain) -> list[PolicyLine]:
    """REL-2: one line per (row, status) of the train, newest row first (domain
    policy_view), then one for the versions on no row (``position`` and ``versions`` empty)."""
    lines: list[PolicyLine] = []
    for row in sorted(train.rows, key=lambda r: train_depth(r.position)):
        groups: dict[tuple[ReleaseStatus, str, bool], list[str]] = {}
        for v in sorted(row_versions(row), reverse=True):
            view = policy_view(v, train)
            groups.setdefault((view.status, view.table_text, view.differs), []).append(str(v))
        for (status, text, differs), versions in groups.items():
            lines.append(PolicyLine(row.position, tuple(versions), status, text, differs))
    # every other version is on no row (REL-6); the domain's wording for it
    lines.append(
        PolicyLine("", (), ReleaseStatus.UNSUPPORTED, _("Not in the release train"), False)
    )
    return lines


# --------------------------------------------------------------------------
# REL-3: announce a release


def installed_base(db: Any) -> list[Installed]:
    """Every installed application with a readable version (others stay unsupported)."""
    from di_desk.storage.tables import Application, Cluster, Customer

    query = (
        Application.select(Customer.name, Cluster.name, Application.kind, Application.version)
        .join(Cluster, on=(Application.cluster == Cluster.id))
        .join(Customer, on=(Cluster.customer == Customer.id))
        .tuples()
    )
    parsed: dict[str, Version | None] = {}  # a few distinct versions, many rows
    out = []
    for customer, cluster, kind, text in query:
        if text not in parsed:
            try:
                parsed[text] = Version.parse(text or "")
            except ValueError:
                parsed[text] = None
        version = parsed[text]
        if version is not None and isinstance(kind, AppKind):
            out.append(Installed(customer, cluster, kind, version))
    return out


def preview_announcement(
    db: Any,
    train: ReleaseTrain,
    name: str,
    versions: str,
    target: str,
    installed: Sequence[Installed] | None = None,
) -> Announcement:
    """REL-3: the shifted train and what changes for whom, without saving.

    ``installed`` is the installed base (default: read it now); a dialog that
    previews again and again reads it once. The status of an application
    depends on its version only, so the domain's
    :func:`~di_desk.domain.releases.status_changes` runs once per distinct
    version and its verdict is given to every application running it.

    Raises:
        ValueError: a translated message (unreadable version, target not among
            the versions, versions not newer than the train's newest).
    """
    parsed = parse_versions(versions)
    goal = Version.parse(target)
    shifted = announce_release(train, name, parsed, goal)
    check_train(shifted.train)
    by_version: dict[Version, list[Installed]] = {}
    for item in installed_base(db) if installed is None else installed:
        by_version.setdefault(item.version, []).append(item)
    firsts = [items[0] for items in by_version.values()]
    changes = [
        StatusChange(item, change.old, change.new)
        for change in status_changes(train, shifted.train, firsts)
        for item in by_version[change.installed.version]
    ]
    return replace(shifted, changes=tuple(changes))


def apply_announcement(
    db: Any, expected: ReleaseTrain, announcement: Announcement, who: str
) -> ReleaseTrain:
    """REL-3: store the shifted train (audited); every status follows from it."""
    return _save_train(db, expected, announcement.train, who)


@dataclass(frozen=True)
class VersionChange:
    """REL-3 preview: how one installed version moves, and how many run it."""

    version: str
    old_position: str | None
    old_status: ReleaseStatus
    new_position: str | None
    new_status: ReleaseStatus
    applications: int
    customers: int


def changes_by_version(announcement: Announcement) -> list[VersionChange]:
    """The announcement's changes grouped per version, newest version first."""
    groups: dict[Version, list[Any]] = {}
    for change in announcement.changes:
        groups.setdefault(change.installed.version, []).append(change)
    out = []
    for version in sorted(groups, reverse=True):
        items = groups[version]
        first = items[0]
        out.append(
            VersionChange(
                str(version),
                first.old.position,
                first.old.status,
                first.new.position,
                first.new.status,
                len(items),
                len({c.installed.customer for c in items}),
            )
        )
    return out
