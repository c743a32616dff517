"""Use cases of the Backups tab (BAK-1..3, FILE-4): summary, retention per row, timeline, import.

Nothing here loads every backup. The summary per customer+application
(:func:`summarize`) uses one aggregate over the covering index, one small
query per group for its newest good backups (BAK-2) and the backups of the
last 90 nights (BAK-3); the list computes retention per visible row with
:class:`RetentionIndex` (the group's newest good backups, fetched once per
group) and filters retained/expired in SQL (:meth:`RetentionIndex.filter`).
The rules themselves are the domain's (:mod:`di_desk.domain.backups`).

Readings of this module:

* Nights are named and counted in the customer's zone (its own, else its
  region's), as the attention list does.
* Nights before a group's first backup ever are not gaps: the application
  was not there yet (a new customer shows no 90 gaps).
* Gap counts end with the last complete night (its closing noon has
  passed), so tonight's backup is not reported missing before it is due;
  the timeline shows tonight too once it has a backup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from di_desk.domain.backups import (
    NOON,
    Backup,
    NightState,
    RetentionState,
    backup_retention,
    last_complete_night,
    night_of,
    night_states,
    recovery_points,
    retention_cutoff,
)
from di_desk.domain.enums import Application, BackupResult
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import localize, to_utc
from di_desk.io.errors import RowError
from di_desk.io.fields import ZoneHint
from di_desk.services.listing import ListQuery, WithValues
from di_desk.services.reports import customers as customer_facts
from di_desk.storage.backup_queries import (
    RetentionFilter,
    backup_groups,
    backups_between,
    group_counts,
    newest_good,
)

GroupKey = tuple[int, Application]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], None]

SUMMARY_NIGHTS = 90
SHORT_NIGHTS = 30
TIMELINE_NIGHTS = 60
RETAINED, EXPIRED = "retained", "expired"


def _noop(*_args: Any) -> None:
    return None


# -- summary (BAK-2, BAK-3) -------------------------------------------------------------


@dataclass(frozen=True)
class GroupSummary:
    """One customer+application: recovery point, retained backups, gaps."""

    customer_id: int
    customer: str
    application: Application
    zone: str
    newest_good: datetime | None
    age: timedelta | None
    limit: timedelta
    warning: bool  # BAK-3: no good backup, or older than 24 h + grace
    total: int
    retained: int
    gaps_short: int  # gap nights among the last 30
    gaps_long: int  # gap nights among the last 90
    gap_nights: tuple[tuple[date, NightState], ...]  # of the last 90, newest first
    kept: tuple[tuple[int, datetime], ...]  # BAK-2: the newest good (id, taken_at)

    @property
    def key(self) -> GroupKey:
        return (self.customer_id, self.application)


@dataclass(frozen=True)
class BackupSummary:
    at: datetime
    cutoff: datetime
    groups: tuple[GroupSummary, ...] = ()

    def group(self, customer_id: int, application: Application) -> GroupSummary | None:
        for g in self.groups:
            if g.customer_id == customer_id and g.application == application:
                return g
        return None

    def tops(self) -> dict[GroupKey, list[tuple[int, datetime]]]:
        return {g.key: list(g.kept) for g in self.groups}


def summarize(
    reference: ReferenceData,
    at: datetime,
    *,
    progress: Progress = _noop,
    check_cancelled: Cancelled = _noop,
) -> BackupSummary:
    """BAK-2/BAK-3 per customer+application at ``at``, sorted by customer and application."""
    at = to_utc(at)
    cutoff = retention_cutoff(at, reference)
    facts = customer_facts(reference)
    counts = group_counts(cutoff)
    keep = reference.retention_keep_good
    tops: dict[GroupKey, list[tuple[int, datetime]]] = {}
    for done, g in enumerate(counts):
        if done % 50 == 0:
            check_cancelled()
            progress(done, len(counts) + 1)
        tops[(g.customer_id, g.application)] = newest_good(g.customer_id, g.application, at, keep)
    since = at - timedelta(days=SUMMARY_NIGHTS + 2)
    recent: dict[GroupKey, list[Backup]] = {}
    for _id, cid, app, taken, result in backups_between(since, at):
        recent.setdefault((cid, app), []).append(Backup(facts[cid].name, app, taken, result))
    check_cancelled()
    names = {(facts[g.customer_id].name, g.application): g for g in counts}
    newest = [
        Backup(name, app, tops[(g.customer_id, app)][0][1], BackupResult.GOOD)
        for (name, app), g in names.items()
        if tops[(g.customer_id, app)]
    ]
    points = {(p.customer, p.application): p for p in recovery_points(newest, at, reference, names)}
    groups = []
    for (name, app), g in names.items():
        key = (g.customer_id, app)
        zone = facts[g.customer_id].zone
        last = last_complete_night(at, zone)
        first = max(last - timedelta(days=SUMMARY_NIGHTS - 1), night_of(g.first_taken, zone))
        states = night_states(recent.get(key, ()), first, last, zone)
        gaps = [(n, s) for n, s in states if s is not NightState.GOOD]
        short_from = last - timedelta(days=SHORT_NIGHTS - 1)
        old_kept = sum(1 for _i, taken in tops[key] if taken < cutoff)
        point = points[(name, app)]
        groups.append(
            GroupSummary(
                customer_id=g.customer_id,
                customer=name,
                application=app,
                zone=zone,
                newest_good=point.newest_good,
                age=point.age,
                limit=point.limit,
                warning=point.warning,
                total=g.total,
                retained=g.young + old_kept,
                gaps_short=sum(1 for n, _s in gaps if n >= short_from),
                gaps_long=len(gaps),
                gap_nights=tuple(reversed(gaps)),
                kept=tuple(tops[key]),
            )
        )
    groups.sort(key=lambda s: (s.customer.casefold(), str(s.application.value)))
    progress(len(counts) + 1, len(counts) + 1)
    return BackupSummary(at, cutoff, tuple(groups))


def summary_rows(summary: BackupSummary) -> list[dict[str, Any]]:
    """The summary as list rows (``id`` = position) for a :class:`MemorySource`."""
    return [
        {
            "id": i,
            "customer_id": g.customer_id,
            "customer": g.customer,
            "application": g.application,
            "newest_good": g.newest_good,
            "age": g.age,
            "warning": g.warning,
            "limit": g.limit,
            "total": g.total,
            "retained": g.retained,
            "gaps_short": g.gaps_short,
            "gaps_long": g.gaps_long,
            "group": g,
        }
        for i, g in enumerate(summary.groups)
    ]


def gap_rows(groups: Iterable[GroupSummary]) -> list[dict[str, Any]]:
    """BAK-3: one row per gap night (newest first per group) for a :class:`MemorySource`."""
    rows: list[dict[str, Any]] = []
    for g in groups:
        for night, state in g.gap_nights:
            rows.append(
                {
                    "id": len(rows) + 1,
                    "customer_id": g.customer_id,
                    "customer": g.customer,
                    "application": g.application,
                    "night": night,
                    "night_at": night_start(night, g.zone),
                    "state": state,
                    "zone": g.zone,
                }
            )
    return rows


def night_start(night: date, zone_key: str) -> datetime:
    """When night ``night`` begins (noon local, BAK-3 reading), as UTC."""
    return to_utc(localize(datetime.combine(night, NOON), zone_key))


# -- retention per visible row (BAK-2) ----------------------------------------------------


class RetentionIndex:
    """BAK-2 for rows of the list: each group's newest good backups, fetched once per group.

    ``reset(at)`` (on refresh) forgets them; ``prime`` takes them from a summary.
    """

    def __init__(self, reference: ReferenceData, at: datetime) -> None:
        self.reference = reference
        self._tops: dict[GroupKey, list[tuple[int, datetime]]] = {}
        self._complete = False
        self.at = to_utc(at)
        self.cutoff = retention_cutoff(self.at, reference)

    def reset(self, at: datetime, reference: ReferenceData | None = None) -> None:
        self.reference = reference or self.reference
        self.at = to_utc(at)
        self.cutoff = retention_cutoff(self.at, self.reference)
        self._tops.clear()
        self._complete = False

    def prime(self, summary: BackupSummary) -> None:
        """Use the newest good backups a summary found (when it was made at the same instant)."""
        if summary.at == self.at:
            self._tops.update(summary.tops())
            self._complete = True

    def newest(self, customer_id: int, application: Application) -> list[tuple[int, datetime]]:
        key = (customer_id, application)
        top = self._tops.get(key)
        if top is None:
            keep = self.reference.retention_keep_good
            top = newest_good(customer_id, application, self.at, keep)
            self._tops[key] = top
        return top

    def state(
        self, backup_id: int, customer_id: int, application: Application, taken_at: datetime
    ) -> RetentionState:
        ids = [i for i, _t in self.newest(customer_id, application)]
        return backup_retention(backup_id, taken_at, ids, self.at, self.reference)

    def kept_by_count_only(self) -> frozenset[int]:
        """Ids kept only by count (older than the cut-off), over every group."""
        if not self._complete:
            for cid, app in backup_groups():
                self.newest(cid, app)
            self._complete = True
        return frozenset(
            i for top in self._tops.values() for i, taken in top if taken < self.cutoff
        )

    def filter(self, token: str | None) -> RetentionFilter | None:
        """The SQL filter for ``"retained"`` / ``"expired"`` (None: both)."""
        if token not in (RETAINED, EXPIRED):
            return None
        return RetentionFilter(token == RETAINED, self.cutoff, self.kept_by_count_only())

    def list_query(self, query: ListQuery) -> ListQuery:
        """``query`` with its ``retention`` token turned into a :class:`RetentionFilter`."""
        if "retention" not in query.filters:
            return query
        filters = dict(query.filters)
        filters["retention"] = self.filter(filters["retention"])
        if filters["retention"] is None:
            del filters["retention"]
        return replace(query, filters=filters)


class RetentionRows:
    """A row source whose rows also carry ``"retention"`` (:class:`RetentionState`)."""

    def __init__(self, source: Any, index: RetentionIndex) -> None:
        self.source = source
        self.index = index
        self.sortable: frozenset[str] = source.sortable

    def count(self, query: ListQuery) -> int:
        return int(self.source.count(query))

    def ids(self, query: ListQuery, offset: int, limit: int) -> Sequence[int]:
        return self.source.ids(query, offset, limit)

    def rows(self, ids: Sequence[int]) -> dict[int, Mapping[str, Any]]:
        out: dict[int, Mapping[str, Any]] = {}
        state = self.index.state
        for i, row in self.source.rows(ids).items():
            retention = state(i, row["customer_id"], row["application"], row["taken_at"])
            out[i] = WithValues(row, {"retention": retention})
        return out

    def invalidate(self) -> None:
        invalidate = getattr(self.source, "invalidate", None)
        if callable(invalidate):
            invalidate()


# -- timeline of one group ----------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """The last nights of one customer+application, for the retention chart."""

    customer: str
    application: Application
    zone: str
    #: (night, state, holds one of the newest good backups kept by count)
    nights: tuple[tuple[date, NightState, bool], ...] = ()
    #: where the retention cut-off falls, in nights from the first one (None: off the chart)
    horizon: float | None = None
    kept: tuple[datetime, ...] = ()  # taken_at of the backups kept by count
    kept_before: tuple[datetime, ...] = field(default=())  # kept ones older than the chart


def group_timeline(
    reference: ReferenceData,
    at: datetime,
    group: GroupSummary,
    nights: int = TIMELINE_NIGHTS,
) -> Timeline:
    """BAK-2/BAK-3 for one group: good/failed/missing per night, the horizon, the kept ones."""
    at = to_utc(at)
    zone = group.zone
    last = night_of(at, zone)  # tonight: shown once it has a backup (else it is not due yet)
    first = last - timedelta(days=nights)
    rows = backups_between(
        night_start(first, zone) - timedelta(hours=1),
        at,
        customer_id=group.customer_id,
        application=group.application,
    )
    backups = [Backup(group.customer, app, t, r) for _i, _c, app, t, r in rows]
    kept_nights = {night_of(t, zone) for _i, t in group.kept}
    states = night_states(backups, first, last, zone)
    states = states[:-1] if states[-1][1] is NightState.MISSING else states[1:]
    first = states[0][0]
    cutoff = retention_cutoff(at, reference)
    night = night_of(cutoff, zone)
    horizon: float | None = None
    if first <= night <= last:
        start = night_start(night, zone)
        length = night_start(night + timedelta(days=1), zone) - start
        horizon = (night - first).days + (cutoff - start) / length
    kept = tuple(t for _i, t in group.kept)
    return Timeline(
        customer=group.customer,
        application=group.application,
        zone=zone,
        nights=tuple((n, s, n in kept_nights) for n, s in states),
        horizon=horizon,
        kept=kept,
        kept_before=tuple(t for t in kept if night_of(t, zone) < first),
    )


# -- import (FILE-4) ----------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: rows added, or the row errors (then nothing was added)."""

    file: str
    added: int = 0
    errors: tuple[RowError, ...] = ()
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


PARSE_CHUNK = 5_000


def import_backups(
    db: Any,
    path: Path,
    *,
    zone: str | None = None,
    zone_hint: ZoneHint = ZoneHint.NONE,
    who: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    check_cancelled: Cancelled = _noop,
) -> ImportOutcome:
    """FILE-4: read, check and insert every row of ``path`` in one transaction, or none.

    The same steps as ``di-desk import backups FILE``
    (:mod:`di_desk.services.imports`). Raises
    :class:`~di_desk.io.errors.FileReadError` for a file that cannot be read.
    """
    from di_desk.i18n import _
    from di_desk.io.rows import KINDS, ParseContext, parse_rows
    from di_desk.io.tables import RawTable, read_table
    from di_desk.services.imports import check_rows, known_customers, write_rows
    from di_desk.storage.reference_repo import load_reference

    report = progress or _noop
    path = Path(path)
    report(0, 0, _("Reading {file}…").format(file=path.name))
    table = read_table(path)
    table.require(KINDS["backups"].required)
    reference = load_reference(db)
    customers = known_customers(reference)
    ctx = ParseContext(zone=zone, reference=reference, customers=customers, zone_hint=zone_hint)
    models: list[Any] = []
    errors: list[RowError] = []
    total = len(table.rows)
    for start in range(0, total, PARSE_CHUNK):
        check_cancelled()
        rows = table.rows[start : start + PARSE_CHUNK]
        part = RawTable(table.path, table.columns, rows, table.labels)
        got, bad = parse_rows("backups", part, ctx)
        models += got
        errors += bad
        report(min(start + PARSE_CHUNK, total), total, _("Checking rows…"))
    errors += check_rows("backups", models, customers)
    if errors:
        errors.sort(key=lambda e: e.row)
        return ImportOutcome(path.name, 0, tuple(errors), total)
    check_cancelled()
    report(total, total, _("Saving {count} backups…").format(count=len(models)))
    result = write_rows(db, "backups", models, customers, reference, source=path.name, who=who)
    return ImportOutcome(path.name, result.added, (), total)
