"""Backups: records, retention, gaps and recovery point (BAK-1..4, BAK-6).

Retention (BAK-2) is computed in bulk on parallel columns: of datetimes
(:func:`retention_table`), or of the ISO texts a file holds
(:func:`retention_table_from_iso`, which reads them as an array, so a million
imported backups are classified in about twice the time a loop takes just to
parse their timestamps); :func:`retention_states` is the convenience form for
:class:`Backup` objects. Disaster recovery (BAK-5) is in
:mod:`di_desk.domain.disaster_recovery`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import compress
from operator import and_
from typing import TYPE_CHECKING

from di_desk.domain.enums import Application, BackupResult, LabelledEnum
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc, zone
from di_desk.i18n import N_, _, ngettext

if TYPE_CHECKING:
    import numpy as np

# --------------------------------------------------------------------------
# BAK-1: backup records


@dataclass(frozen=True)
class Backup:
    """BAK-1: one nightly backup of one customer's application."""

    customer: str
    application: Application
    taken_at: datetime  # aware; normalised to UTC
    result: BackupResult
    size_bytes: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "application", Application.coerce(self.application))
        set_(self, "taken_at", to_utc(self.taken_at))
        set_(self, "result", BackupResult.coerce(self.result))
        if self.size_bytes is not None and self.size_bytes < 0:
            raise ValueError(_("A backup size cannot be negative."))

    @property
    def key(self) -> tuple[str, Application]:
        """The customer+application the backup belongs to (BAK-2, BAK-3)."""
        return (self.customer, self.application)

    @property
    def good(self) -> bool:
        return self.result is BackupResult.GOOD


# --------------------------------------------------------------------------
# BAK-2: retention

WITHIN_DAYS = 1  # flag bit: age <= reference.retention_days
LAST_GOOD = 2  # flag bit: one of the reference.retention_keep_good newest good backups


class RetentionReason(LabelledEnum):
    """BAK-2: the rule that keeps a backup (tokens of FILE-4 ``reasons``)."""

    LAST_GOOD = "last-3-good", N_("last 3 good")
    WITHIN_DAYS = "within-33-days", N_("within 33 days")


def reason_label(reason: RetentionReason, reference: ReferenceData) -> str:
    """The reason's label with the reference's numbers ("last 3 good", "within 33 days")."""
    if reason is RetentionReason.LAST_GOOD:
        return _("last {count} good").format(count=reference.retention_keep_good)
    days = reference.retention_days
    return ngettext("within {days} day", "within {days} days", days).format(days=days)


_REASONS: tuple[tuple[RetentionReason, ...], ...] = (
    (),
    (RetentionReason.WITHIN_DAYS,),
    (RetentionReason.LAST_GOOD,),
    (RetentionReason.LAST_GOOD, RetentionReason.WITHIN_DAYS),
)


@dataclass(frozen=True)
class RetentionState:
    """BAK-2 / FILE-4: retained or expired, why, and when it expires if nothing newer arrives."""

    retained: bool
    reasons: tuple[RetentionReason, ...]
    expires_at: datetime | None  # None while kept by count (it stays if nothing newer arrives)

    @property
    def reason_tokens(self) -> list[str]:
        return [r.value for r in self.reasons]


@dataclass(frozen=True, eq=False)
class RetentionTable:
    """BAK-2 results for parallel columns, kept compact: one flag byte per backup.

    ``flags[i]`` has bit :data:`WITHIN_DAYS` and/or :data:`LAST_GOOD`; zero
    means expired. Expiry instants are computed on access.
    """

    taken_at: Sequence[datetime]
    flags: bytes
    days: timedelta

    def __len__(self) -> int:
        return len(self.flags)

    def retained(self, i: int) -> bool:
        return self.flags[i] != 0

    def reasons(self, i: int) -> tuple[RetentionReason, ...]:
        return _REASONS[self.flags[i]]

    def expires_at(self, i: int) -> datetime | None:
        """UTC instant backup ``i`` expires if nothing newer arrives (None: kept by count)."""
        return _expiry(self.flags[i], self.taken_at[i], self.days)

    def state(self, i: int) -> RetentionState:
        return _state(self.flags[i], self.taken_at[i], self.days)

    def __iter__(self) -> Iterator[RetentionState]:
        return map(self.state, range(len(self.flags)))

    @property
    def retained_count(self) -> int:
        return len(self.flags) - self.flags.count(0)

    @property
    def expired_count(self) -> int:
        return self.flags.count(0)


def _expiry(flags: int, taken_at: datetime, days: timedelta) -> datetime | None:
    if flags & LAST_GOOD:
        return None
    try:
        return taken_at.astimezone(UTC) + days
    except OverflowError:  # taken in the calendar's last days: expires at its end
        return datetime.max.replace(tzinfo=UTC)


def _state(flags: int, taken_at: datetime, days: timedelta) -> RetentionState:
    return RetentionState(flags != 0, _REASONS[flags], _expiry(flags, taken_at, days))


def retention_cutoff(at: datetime, reference: ReferenceData) -> datetime:
    """BAK-2: the oldest ``taken_at`` still kept by age at ``at`` (UTC; inclusive).

    A backup taken at or after the cut-off is "within 33 days"; the list
    views filter retained/expired in SQL with it.
    """
    try:
        return to_utc(at) - timedelta(days=reference.retention_days)
    except OverflowError:  # ``at`` in the calendar's first days: nothing is older
        return datetime.min.replace(tzinfo=UTC)


def backup_retention(
    backup: Hashable,
    taken_at: datetime,
    newest_good: Sequence[Hashable],
    at: datetime,
    reference: ReferenceData,
) -> RetentionState:
    """BAK-2 for one backup, without the rest of its group.

    ``newest_good`` identifies (e.g. by id) the most recent good backups of
    the backup's customer+application taken at or before ``at``, newest
    first, as :func:`retention_table` picks them (ties: the later one); only
    the first ``reference.retention_keep_good`` count. ``backup`` is the
    backup's identifier in the same terms. Same reading and result as
    :func:`retention_table`, for one row of a long list.
    """
    flags = WITHIN_DAYS if retention_cutoff(at, reference) <= taken_at else 0
    keep = reference.retention_keep_good
    if keep > 0 and backup in newest_good[:keep]:
        flags |= LAST_GOOD
    return _state(flags, taken_at, timedelta(days=reference.retention_days))


def _mark_newest(
    indices: list[int],
    customers: Sequence[Hashable],
    applications: Sequence[Hashable],
    taken_at: Sequence[datetime],
    at: datetime,
    keep: int,
    flags: bytearray,
    wanted: int,
) -> dict[tuple[Hashable, Hashable], int]:
    """Flag the ``keep`` newest of ``indices`` (good backups) per group taken at or before ``at``.

    Stops once ``wanted`` groups are full; returns the count flagged per group.
    Ties on ``taken_at`` go to the backup later in the input (stable sort).
    """
    indices.sort(key=taken_at.__getitem__)
    counts: dict[tuple[Hashable, Hashable], int] = {}
    full = 0
    for i in reversed(indices):
        if taken_at[i] > at:
            continue
        k = (customers[i], applications[i])
        c = counts.get(k, 0)
        if c < keep:
            flags[i] |= LAST_GOOD
            counts[k] = c + 1
            if c + 1 == keep:
                full += 1
                if full >= wanted:
                    break
    return counts


def _utc_column(taken_at: Sequence[datetime]) -> Sequence[datetime]:
    """``taken_at`` itself when a sample is all UTC, else a copy converted to UTC.

    Only speed depends on this: instants with different offsets compare
    correctly, but slowly; UTC ones share one tzinfo and compare fast.
    """
    step = max(1, len(taken_at) // 512)
    if all(taken_at[i].tzinfo is UTC for i in range(0, len(taken_at), step)):
        return taken_at
    return [t if t.tzinfo is UTC else t.astimezone(UTC) for t in taken_at]


def retention_table(
    customers: Sequence[Hashable],
    applications: Sequence[Hashable],
    taken_at: Sequence[datetime],
    good: Sequence[bool],
    at: datetime,
    reference: ReferenceData,
) -> RetentionTable:
    """BAK-2 for parallel columns (as a FILE-4 import reads them).

    ``taken_at`` holds aware instants: UTC (TIME-1) or fixed offsets, as
    ``datetime.fromisoformat`` gives them (a column with other offsets is
    converted to UTC first, which costs time); ``good`` says whether each
    backup is good.

    Reading: a backup is retained while its age at ``at`` is at most
    ``reference.retention_days`` days, or while it is one of the
    ``reference.retention_keep_good`` most recent good backups of its
    customer+application. Only backups taken at or before ``at`` compete for
    "most recent" (a report at a past instant shows that day's state); among
    equal instants the one later in the input counts as more recent.

    Speed: each pass over all rows runs at C speed (``map``/``compress``).
    The newest good backups of an active group are within the retention
    days, so only that slice is sorted and walked (newest first, stopping
    when every group is full); groups it does not fill get one narrower pass.
    """
    n = len(taken_at)
    if not len(customers) == len(applications) == len(good) == n:
        raise ValueError("customers, applications, taken_at and good must have the same length")
    taken_at = _utc_column(taken_at)
    at = to_utc(at)
    days = timedelta(days=reference.retention_days)
    flags = bytearray(map(retention_cutoff(at, reference).__le__, taken_at))
    keep = reference.retention_keep_good
    if keep <= 0 or n == 0:
        return RetentionTable(taken_at, bytes(flags), days)
    groups = set(zip(customers, applications, strict=True))
    recent = list(compress(range(n), map(and_, good, flags)))
    counts = _mark_newest(recent, customers, applications, taken_at, at, keep, flags, len(groups))
    open_groups = groups.difference(k for k, c in counts.items() if c >= keep)
    if open_groups:
        # Groups without enough recent good backups: redo them over all their backups.
        in_open = map(open_groups.__contains__, zip(customers, applications, strict=True))
        rest = list(compress(range(n), in_open))
        for i in rest:
            flags[i] &= ~LAST_GOOD
        rest = list(compress(rest, map(good.__getitem__, rest)))
        wanted = len({(customers[i], applications[i]) for i in rest})
        _mark_newest(rest, customers, applications, taken_at, at, keep, flags, wanted)
    return RetentionTable(taken_at, bytes(flags), days)


def retention_table_from_iso(
    customers: Sequence[Hashable],
    applications: Sequence[Hashable],
    taken_at: Sequence[str],
    good: Sequence[bool],
    at: datetime,
    reference: ReferenceData,
) -> RetentionTable:
    """BAK-2 for parallel columns with ``taken_at`` as ISO 8601 texts, as a file holds them.

    The same table as :func:`retention_table` on
    ``[datetime.fromisoformat(t) for t in taken_at]``, without making a
    datetime per backup: the instants are read into an array of microseconds
    (:mod:`di_desk.domain.iso_columns`; a text without an offset raises
    ValueError) and the age test, the slices and their order are array
    operations. The table's ``taken_at`` gives each instant as an aware UTC
    datetime when asked.

    Speed: as :func:`retention_table`, each group's newest good backups are
    looked for among the good ones within the retention days, newest first,
    stopping when every group has its count; groups that did not get it are
    redone over all their backups.
    """
    import numpy as np

    from di_desk.domain.iso_columns import UtcColumn, micros, utc_micros

    n = len(taken_at)
    if not len(customers) == len(applications) == len(good) == n:
        raise ValueError("customers, applications, taken_at and good must have the same length")
    us = utc_micros(taken_at)
    at = to_utc(at)
    at_us = micros(at)
    within = us >= micros(retention_cutoff(at, reference))
    flags = within.astype(np.uint8)  # WITHIN_DAYS
    column = UtcColumn(us)
    days = timedelta(days=reference.retention_days)
    keep = reference.retention_keep_good
    if keep <= 0 or n == 0:
        return RetentionTable(column, flags.tobytes(), days)
    competing = np.fromiter(good, dtype=bool, count=n)
    competing &= us <= at_us
    groups = set(zip(customers, applications, strict=True))
    recent = np.flatnonzero(competing & within)
    marked, counts = _newest(recent, us, customers, applications, keep, len(groups))
    open_groups = groups.difference(k for k, c in counts.items() if c >= keep)
    if open_groups:
        # Groups without enough recent good backups: redo them over all their backups.
        open_rows = _rows_of(open_groups, customers, applications)
        marked = marked[~open_rows[marked]]
        rows = np.flatnonzero(open_rows & competing)
        rest, _counts = _newest(rows, us, customers, applications, keep, len(open_groups))
        marked = np.concatenate([marked, rest])
    flags[marked] |= LAST_GOOD
    return RetentionTable(column, flags.tobytes(), days)


def _rows_of(
    groups: set[tuple[Hashable, Hashable]],
    customers: Sequence[Hashable],
    applications: Sequence[Hashable],
) -> np.ndarray:
    """A mask of the rows whose customer+application is in ``groups``.

    The customer column is tested first (no pair per row), the pair only on
    the rows of those customers.
    """
    import numpy as np

    n = len(customers)
    wanted = {customer for customer, _application in groups}
    maybe = np.flatnonzero(np.fromiter(map(wanted.__contains__, customers), dtype=bool, count=n))
    index = maybe.tolist()
    pairs = zip(
        map(customers.__getitem__, index), map(applications.__getitem__, index), strict=True
    )
    mask = np.zeros(n, dtype=bool)
    mask[maybe] = np.fromiter(map(groups.__contains__, pairs), dtype=bool, count=len(index))
    return mask


def _newest(
    rows: np.ndarray,
    us: np.ndarray,
    customers: Sequence[Hashable],
    applications: Sequence[Hashable],
    keep: int,
    wanted: int,
) -> tuple[np.ndarray, dict[tuple[Hashable, Hashable], int]]:
    """The ``keep`` newest of ``rows`` per customer+application, and the count found per group.

    Stops once ``wanted`` groups are full. Ties on the instant go to the row
    later in the input (a stable sort, walked backwards).
    """
    import numpy as np

    order = rows[np.argsort(us[rows], kind="stable")].tolist()
    counts: dict[tuple[Hashable, Hashable], int] = {}
    marked = []
    full = 0
    for i in reversed(order):
        k = (customers[i], applications[i])
        c = counts.get(k, 0)
        if c < keep:
            marked.append(i)
            counts[k] = c + 1
            if c + 1 == keep:
                full += 1
                if full >= wanted:
                    break
    return np.array(marked, dtype=np.intp), counts


def retention_states(
    backups: Sequence[Backup], at: datetime, reference: ReferenceData
) -> list[RetentionState]:
    """BAK-2 for :class:`Backup` objects: one :class:`RetentionState` per backup, in order."""
    table = retention_table(
        [b.customer for b in backups],
        [b.application for b in backups],
        [b.taken_at for b in backups],
        [b.result is BackupResult.GOOD for b in backups],
        at,
        reference,
    )
    return list(table)


# --------------------------------------------------------------------------
# BAK-3: gaps and recovery point

NOON = time(12, 0)


def night_of(instant: datetime, zone_key: str = "UTC", night_starts: time = NOON) -> date:
    """BAK-3: the night a backup belongs to, named by the date of its evening.

    Reading: night ``D`` runs from ``night_starts`` (noon) on ``D`` to noon on
    ``D + 1``, in ``zone_key``'s local time; so backups at 23:30 and at 01:00
    the next morning fall in the same night, whatever side of midnight a
    schedule drifts to (or a DST change moves it to).
    """
    local = to_utc(instant).astimezone(zone(zone_key))
    day = local.date()
    return day if local.time() >= night_starts else day - timedelta(days=1)


def last_complete_night(now: datetime, zone_key: str = "UTC", night_starts: time = NOON) -> date:
    """BAK-3: the newest night that has ended at ``now`` (its closing noon has passed)."""
    return night_of(now, zone_key, night_starts) - timedelta(days=1)


@dataclass(frozen=True)
class Gap:
    """BAK-3: a night without a good backup for one customer+application."""

    customer: str
    application: Application
    night: date  # the evening's date (see night_of)


def backup_gaps(
    backups: Iterable[Backup],
    first_night: date,
    last_night: date,
    zone_key: str = "UTC",
    groups: Iterable[tuple[str, Application]] | None = None,
    night_starts: time = NOON,
) -> list[Gap]:
    """BAK-3: the nights from ``first_night`` to ``last_night`` (inclusive) with no good backup.

    ``groups`` lists the customer+applications to check (an application with
    no backup at all is a gap every night); by default, those in ``backups``.
    Sorted by customer, application, night.
    """
    nights: dict[tuple[str, Application], set[date]] = {}
    for b in backups:
        entry = nights.setdefault(b.key, set())
        if b.result is BackupResult.GOOD:
            entry.add(night_of(b.taken_at, zone_key, night_starts))
    keys = set(nights) if groups is None else set(groups)
    span = [first_night + timedelta(days=d) for d in range((last_night - first_night).days + 1)]
    gaps = [
        Gap(customer, application, night)
        for customer, application in keys
        for night in span
        if night not in nights.get((customer, application), ())
    ]
    gaps.sort(key=lambda g: (g.customer, str(g.application), g.night))
    return gaps


class NightState(LabelledEnum):
    """BAK-3: what one night of one customer+application holds (anything but good is a gap)."""

    GOOD = "good", N_("Good backup")
    FAILED = "failed", N_("Failed backup only")
    MISSING = "missing", N_("No backup")


def night_states(
    backups: Iterable[Backup],
    first_night: date,
    last_night: date,
    zone_key: str = "UTC",
    night_starts: time = NOON,
) -> list[tuple[date, NightState]]:
    """BAK-3: each night from ``first_night`` to ``last_night`` of ONE customer+application.

    Good when the night has a good backup, failed when it has only failed
    ones, missing when it has none; nights as :func:`night_of` names them.
    The nights that are not good are that group's :func:`backup_gaps`.
    """
    good: set[date] = set()
    seen: set[date] = set()
    for b in backups:
        night = night_of(b.taken_at, zone_key, night_starts)
        seen.add(night)
        if b.result is BackupResult.GOOD:
            good.add(night)
    out = []
    for d in range((last_night - first_night).days + 1):
        night = first_night + timedelta(days=d)
        if night in good:
            out.append((night, NightState.GOOD))
        else:
            out.append((night, NightState.FAILED if night in seen else NightState.MISSING))
    return out


def recovery_point_limit(reference: ReferenceData) -> timedelta:
    """BAK-3: the age above which the recovery point warns (24 h + grace, 30 h by default)."""
    return timedelta(hours=24) + reference.recovery_point_grace


@dataclass(frozen=True)
class RecoveryPoint:
    """BAK-3: the newest good backup of one customer+application and its age."""

    customer: str
    application: Application
    newest_good: datetime | None
    age: timedelta | None  # None without any good backup
    limit: timedelta

    @property
    def warning(self) -> bool:
        """True when there is no good backup or the newest is older than the limit."""
        return self.age is None or self.age > self.limit


def recovery_points(
    backups: Iterable[Backup],
    now: datetime,
    reference: ReferenceData,
    groups: Iterable[tuple[str, Application]] | None = None,
) -> list[RecoveryPoint]:
    """BAK-3: recovery point per customer+application at ``now`` (backups after it ignored)."""
    now = to_utc(now)
    newest: dict[tuple[str, Application], datetime | None] = {}
    for b in backups:
        current = newest.setdefault(b.key, None)
        if b.good and b.taken_at <= now and (current is None or b.taken_at > current):
            newest[b.key] = b.taken_at
    if groups is not None:
        newest = {k: newest.get(k) for k in groups}
    limit = recovery_point_limit(reference)
    points = [
        RecoveryPoint(c, a, t, None if t is None else now - t, limit)
        for (c, a), t in newest.items()
    ]
    points.sort(key=lambda p: (p.customer, str(p.application)))
    return points


# --------------------------------------------------------------------------
# BAK-4: no restore for partners

RESTORE_STATEMENTS: tuple[str, ...] = (
    N_("Backups are password-protected and kept separately for each customer."),
    N_("Only the provider restores from them, and only as part of disaster recovery."),
    N_(
        "There is no on-demand restore: the provider's backups are not a backup "
        "strategy for changes."
    ),
    N_("Partners have no access to these backups or to the Disaster Recovery System."),
)


def restore_statement() -> str:
    """BAK-4: what to show where a user might look for "restore" (translated, one per line)."""
    return "\n".join(_(text) for text in RESTORE_STATEMENTS)


# --------------------------------------------------------------------------
# BAK-6: the partner's backup checklist


@dataclass(frozen=True)
class ChecklistItem:
    """BAK-6: one item of a customer's checklist."""

    key: str  # the reference text (stable, untranslated)
    label: str  # translated
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


def backup_checklist(
    reference: ReferenceData, done: Mapping[str, datetime] | None = None
) -> list[ChecklistItem]:
    """BAK-6: the reference checklist with one customer's ticks (item key → when ticked).

    Ticks for items no longer in the reference are dropped.
    """
    done = done or {}
    return [ChecklistItem(key, _(key), done.get(key)) for key in reference.backup_checklist]


def tick_checklist(
    done: Mapping[str, datetime],
    key: str,
    at: datetime | None,
    reference: ReferenceData,
) -> dict[str, datetime]:
    """BAK-6: a customer's ticks with ``key`` ticked at ``at`` (or unticked for None)."""
    if key not in reference.backup_checklist:
        raise ValueError(_("{item!r} is not on the backup checklist.").format(item=key))
    ticks = dict(done)
    if at is None:
        ticks.pop(key, None)
    else:
        ticks[key] = to_utc(at)
    return ticks


def checklist_progress(items: Sequence[ChecklistItem]) -> tuple[int, int]:
    """BAK-6: (items done, items in total)."""
    return sum(1 for item in items if item.done), len(items)
