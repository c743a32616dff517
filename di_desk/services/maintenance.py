"""Use cases of the Maintenance tab: events, their checks, saving, reschedule requests.

No Qt here. The tab lists events through
:class:`~di_desk.storage.sources.MaintenanceSource`; this module turns a
stored row into a domain :class:`~di_desk.domain.maintenance.MaintenanceEvent`,
checks it with :func:`~di_desk.domain.maintenance.check_event` (cached by
``(id, row_version)``, so a list computes checks only for the rows it paints),
resolves a cluster's region (MAINT-2), saves and deletes events with row
versions (a stale edit raises :class:`~di_desk.storage.errors.StaleEdit`),
drafts and records reschedule requests (MAINT-6, MAINT-7) and reads the
events and blackout periods of one calendar week.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from peewee import Database

from di_desk.domain.calendar import BusinessCalendar, calendar_for
from di_desk.domain.change_requests import ChangeRequestState
from di_desk.domain.enums import Application, MaintenanceType, Region
from di_desk.domain.maintenance import (
    Blackout,
    EventCheck,
    MaintenanceEvent,
    check_event,
    parse_emergency_reason,
)
from di_desk.domain.reference import ReferenceData, RegionRef
from di_desk.domain.reschedule import (
    RescheduleDraft,
    reschedule_request,
    suggest_alternatives,
)
from di_desk.domain.timeutil import to_utc
from di_desk.domain.windows import Window, effective_region
from di_desk.i18n import current_language
from di_desk.services.listing import IdSet, ListQuery
from di_desk.services.user import current_user
from di_desk.storage import tables as t
from di_desk.storage.reference_repo import load_reference
from di_desk.storage.repositories import Repository
from di_desk.storage.sources import MaintenanceSource

Row = Mapping[str, Any]
Clock = Callable[[], datetime]

#: checks kept in memory (a list paints a few dozen rows at a time)
CHECK_CACHE = 4000
#: events read and checked per page by :meth:`MaintenanceService.violating_ids`
CHECK_PAGE = 1000
#: events read for one week at most (a week of a large database has far fewer)
WEEK_LIMIT = 2000
#: how far before a week an event may start and still reach into it
WEEK_LOOKBACK = timedelta(days=2)


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    name: str
    region: Region | None
    calendar: str | None
    zone: str | None


@dataclass(frozen=True)
class ClusterInfo:
    """A cluster and the region whose windows apply to it (MAINT-2)."""

    id: int
    customer_id: int
    name: str
    own_region: Region | None  # None: the customer's
    is_sme: bool
    publisher_region: Region | None
    region: Region | None  # effective (MAINT-2)


def parse_enum(kind: type, value: Any) -> Any:
    """An enum member from a stored value; None when empty or unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, kind):
        return value
    try:
        return kind.parse(str(value))
    except ValueError:
        return None


class MaintenanceService:
    """Maintenance events of one open database, with the rules applied.

    Args:
        db: the open database (tables bound to it).
        reference: reference data; None reads it from the database.
        clock: "now" (aware UTC); tests pass a fixed one.
        who: the name written to the audit log.
    """

    def __init__(
        self,
        db: Database,
        reference: ReferenceData | None = None,
        *,
        clock: Clock | None = None,
        who: str | None = None,
    ) -> None:
        self.db = db
        self._fixed_reference = reference
        self.reference = reference or load_reference(db)
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.who = who or current_user()
        self.source = MaintenanceSource(db)
        self.events = Repository(db, t.MaintenanceEvent, "maintenance event")
        self._checks: OrderedDict[tuple[int, int, str], EventCheck] = OrderedDict()
        self._blackouts: dict[int, tuple[Blackout, ...]] = {}
        self._customers: dict[int, CustomerInfo] | None = None
        self._calendars: dict[tuple[str, str], BusinessCalendar] = {}

    # ------------------------------------------------------------------ reading

    def now(self) -> datetime:
        return to_utc(self.clock())

    def reload(self) -> None:
        """Forget cached checks, customers and blackouts (after an edit elsewhere)."""
        if self._fixed_reference is None:
            self.reference = load_reference(self.db)
        self._checks.clear()
        self._blackouts.clear()
        self._customers = None

    def customers(self) -> dict[int, CustomerInfo]:
        """Every customer by id, in name order."""
        if self._customers is None:
            c = t.Customer
            query = c.select(c.id, c.name, c.region, c.calendar, c.zone).order_by(c.name)
            self._customers = {
                cid: CustomerInfo(
                    cid, name, parse_enum(Region, region), calendar or None, zone or None
                )
                for cid, name, region, calendar, zone in query.tuples()
            }
        return self._customers

    def customer(self, customer_id: int | None) -> CustomerInfo | None:
        return self.customers().get(customer_id) if customer_id is not None else None

    def clusters(self, customer_id: int) -> list[ClusterInfo]:
        """The customer's clusters by name, each with its region after MAINT-2."""
        k, a = t.Cluster, t.Application
        customer = self.customer(customer_id)
        sme_clusters = {
            cid
            for (cid,) in a.select(a.cluster)
            .join(k, on=(a.cluster == k.id))
            .where(k.customer == customer_id, a.kind == Application.SME)
            .tuples()
        }
        query = (
            k.select(k.id, k.name, k.region, k.is_sme, k.publisher_region)
            .where(k.customer == customer_id)
            .order_by(k.name)
        )
        result = []
        for cid, name, region, is_sme, publisher in query.tuples():
            own = parse_enum(Region, region)
            sme = bool(is_sme) or cid in sme_clusters
            publisher_region = parse_enum(Region, publisher)
            base = own or (customer.region if customer else None)
            try:
                effective = effective_region(base, None, publisher_region, is_sme=sme)
            except ValueError:
                effective = None
            result.append(
                ClusterInfo(cid, customer_id, name, own, sme, publisher_region, effective)
            )
        return result

    def region_ref(self, region: Region) -> RegionRef:
        return self.reference.region(region)

    def region_for(self, customer_id: int | None, cluster_id: int | None) -> Region | None:
        """MAINT-2: the cluster's effective region, else the customer's region."""
        if customer_id is None:
            return None
        if cluster_id is not None:
            for cluster in self.clusters(customer_id):
                if cluster.id == cluster_id and cluster.region is not None:
                    return cluster.region
        customer = self.customer(customer_id)
        return customer.region if customer else None

    def blackouts(self, customer_id: int) -> tuple[Blackout, ...]:
        """MAINT-11: the customer's blackout periods (dates in the customer's zone)."""
        cached = self._blackouts.get(customer_id)
        if cached is not None:
            return cached
        customer = self.customer(customer_id)
        if customer is None:
            return ()
        zone = customer.zone or (
            self.reference.region(customer.region).zone if customer.region else None
        )
        b = t.Blackout
        query = (
            b.select(b.first_day, b.last_day, b.note)
            .where(b.customer == customer_id)
            .order_by(b.first_day)
        )
        periods = tuple(
            Blackout(first, last, customer.name, note or "", zone)
            for first, last, note in query.tuples()
            if last >= first
        )
        self._blackouts[customer_id] = periods
        return periods

    def calendar(self, event: MaintenanceEvent, region_ref: RegionRef) -> BusinessCalendar:
        """FILE-1: the event's calendar code, else the region's, in the region's zone."""
        code = event.calendar or region_ref.calendar
        key = (code, region_ref.zone)
        calendar = self._calendars.get(key)
        if calendar is None:
            ref = self.reference
            calendar = calendar_for(
                code,
                region_ref.zone,
                workdays=ref.workdays,
                opens=ref.business_opens,
                closes=ref.business_closes,
            )
            self._calendars[key] = calendar
        return calendar

    def get(self, event_id: int) -> dict[str, Any] | None:
        """The stored event with its customer and cluster names (as the list has it)."""
        rows = self.source.rows([event_id])
        return dict(rows[event_id]) if event_id in rows else None

    # ------------------------------------------------------------------ the rules

    def event_from_row(self, row: Row) -> MaintenanceEvent:
        """A stored row (from the source or :meth:`get`) as a domain event."""
        region = parse_enum(Region, row.get("region"))
        if region is None:
            customer = self.customer(row.get("customer_id"))
            region = customer.region if customer and customer.region else Region.EU
        emergency = str(row.get("emergency_reason") or "")
        return MaintenanceEvent(
            customer=str(row.get("customer") or ""),
            cluster=str(row.get("cluster") or ""),
            region=region,
            type=parse_enum(MaintenanceType, row.get("type")) or MaintenanceType.ROUTINE,
            start=row["start"],
            end=row["end"],
            notice_sent=row.get("notice_sent"),
            calendar=row.get("calendar") or None,
            reason=str(row.get("reason") or ""),
            urgent=bool(row.get("urgent")),
            emergency_reason=parse_emergency_reason(emergency or row.get("reason") or ""),
            review_state=parse_enum(ChangeRequestState, row.get("review_state")),
        )

    def check(self, event: MaintenanceEvent, customer_id: int | None) -> EventCheck:
        """Every maintenance rule for ``event`` with the customer's blackouts."""
        region_ref = self.reference.region(event.region)
        blackouts = self.blackouts(customer_id) if customer_id is not None else ()
        return check_event(
            event, region_ref, self.calendar(event, region_ref), self.reference, blackouts
        )

    def check_row(self, row: Row) -> EventCheck:
        """The check of a stored row, cached by ``(id, row_version)`` and language
        (its messages are written in the language active when it ran)."""
        key = (int(row["id"]), int(row.get("row_version") or 0), current_language())
        cached = self._checks.get(key)
        if cached is not None:
            self._checks.move_to_end(key)
            return cached
        result = self.check(self.event_from_row(row), row.get("customer_id"))
        self._checks[key] = result
        while len(self._checks) > CHECK_CACHE:
            self._checks.popitem(last=False)
        return result

    def violating_ids(
        self, query: ListQuery, *, on_page: Callable[[int, int], None] | None = None
    ) -> IdSet:
        """The events matching ``query`` that break a rule (MAINT-3..11): "violations only".

        Every matching event is checked as the list's badge checks it; SQL
        cannot, since the rules use each region's wall-clock windows, business
        calendars and the editable reference data. Pages of :data:`CHECK_PAGE`
        events are read in the query's order (keyset); ``on_page(done, total)``
        follows each (a worker reports progress there, and may raise to stop).
        Checks already cached are used; new ones are not cached, so a worker
        never evicts what the list is painting.
        """
        base = replace(query, filters={k: v for k, v in query.filters.items() if k != "id"})
        total = self.source.count(base)
        language = current_language()
        found: list[int] = []
        done = 0
        last: int | None = None
        while True:
            ids = self.source.ids_after(base, last, CHECK_PAGE)
            if not ids:
                break
            rows = self.source.rows(ids)
            for event_id in ids:
                row = rows.get(event_id)
                if row is None:
                    continue
                key = (event_id, int(row.get("row_version") or 0), language)
                result = self._checks.get(key)
                if result is None:
                    result = self.check(self.event_from_row(row), row.get("customer_id"))
                if result.violations:
                    found.append(event_id)
            done += len(ids)
            last = ids[-1]
            if on_page is not None:
                on_page(min(done, total), total)
        return IdSet(found)

    def cached_check_count(self) -> int:
        """How many checks are cached (tests: checks are computed lazily)."""
        return len(self._checks)

    # ------------------------------------------------------------------ a week

    def events_between(
        self, start: datetime, end: datetime, query: ListQuery | None = None
    ) -> list[dict[str, Any]]:
        """Events overlapping ``[start, end)`` that match ``query``'s text and filters.

        The query's own date range is replaced by the week's.
        """
        lo, hi = to_utc(start), to_utc(end)
        base = query or ListQuery()
        week = replace(
            base, date_from=lo - WEEK_LOOKBACK, date_to=hi, sort_key="start", descending=False
        )
        ids = self.source.ids(week, 0, WEEK_LIMIT)
        rows = self.source.rows(ids)
        return [dict(rows[i]) for i in ids if i in rows and rows[i]["end"] > lo]

    def blackouts_between(
        self, customer_ids: Iterable[int], start: datetime, end: datetime
    ) -> list[tuple[CustomerInfo, Blackout]]:
        """MAINT-11: the blackout periods of ``customer_ids`` that overlap ``[start, end)``."""
        found = []
        for cid in sorted(set(customer_ids)):
            customer = self.customer(cid)
            if customer is None:
                continue
            default_zone = customer.zone or "UTC"
            for period in self.blackouts(cid):
                if period.overlaps(start, end, default_zone):
                    found.append((customer, period))
        return found

    # ------------------------------------------------------------------ writing

    def save(
        self,
        values: Mapping[str, Any],
        event_id: int | None = None,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Create (``event_id`` None) or update an event; returns the stored row.

        ``values`` uses the table's keys (``customer``, ``cluster``, ``region``,
        ``type``, ``start``, ``end``, ``notice_sent``, ``reason``,
        ``emergency_reason``, ``urgent``, ``review_state``, ``calendar``).
        Raises :class:`~di_desk.storage.errors.StaleEdit` when the row changed
        since ``expected_version``.
        """
        clean = {k: v for k, v in values.items() if k not in ("id", "row_version")}
        for key in ("start", "end"):
            if key in clean:
                clean[key] = to_utc(clean[key])
        if event_id is None:
            saved = self.events.create(self.who, **clean)
        else:
            saved = self.events.update(event_id, expected_version, self.who, **clean)
        return saved

    def delete(self, event_id: int, expected_version: int | None) -> None:
        self.events.delete(event_id, expected_version, self.who)

    # ------------------------------------------------------------------ MAINT-6/7

    def alternatives(
        self, event: MaintenanceEvent, customer_id: int | None, count: int = 3
    ) -> list[Window]:
        """Windows after the event (and after now) that could take it (MAINT-6)."""
        after = max(self.now(), to_utc(event.end))
        blackouts = self.blackouts(customer_id) if customer_id is not None else ()
        return suggest_alternatives(
            event, self.reference.region(event.region), self.reference, after, count, blackouts
        )

    def draft_reschedule(
        self,
        event: MaintenanceEvent,
        reason: str,
        alternatives: Sequence[Window] = (),
        sender: str = "",
    ) -> RescheduleDraft:
        """The e-mail to the change-management address (MAINT-6); refuses MAINT-7 cases."""
        return reschedule_request(
            event,
            self.reference.region(event.region),
            self.reference,
            reason,
            alternatives,
            sender=sender,
        )

    def record_reschedule(
        self, event_id: int, reason: str, request_id: int | None = None
    ) -> dict[str, Any]:
        """Store (or update) the request in the Reschedule table; returns the row."""
        repo = Repository(self.db, t.Reschedule, "reschedule request")
        if request_id is not None:
            return repo.update(request_id, None, self.who, reason=reason.strip())
        return repo.create(
            self.who,
            event=event_id,
            requested_at=self.now(),
            reason=reason.strip(),
            new_start=None,
            by=self.who,
        )

    def reschedules(self, event_id: int) -> list[dict[str, Any]]:
        """The requests recorded for an event, oldest first."""
        repo = Repository(self.db, t.Reschedule, "reschedule request")
        return repo.find(event=event_id, order_by=("requested_at", "id"))
