"""The geometry of the maintenance week view, in hours (no Qt, testable alone).

A week is seven day columns (Monday first) in the user's display zone. A
vertical position is the *real* time elapsed since local midnight of that day
(UTC arithmetic, TIME-2), so a window on a DST night is 8 or 10 hours tall
and a day with a clock change is 23 or 25 hours long. Each day column is split
into lanes, one per group of regions that share a zone and window times
(EU, EMEA and UK share Europe/Amsterdam); the windows are those of
:func:`di_desk.domain.windows.windows_overlapping`, computed in UTC and only
then mapped to the display zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from di_desk.domain.enums import Region
from di_desk.domain.reference import RegionRef
from di_desk.domain.timeutil import to_utc, zone
from di_desk.domain.windows import Window, wall_clock_to_utc, windows_overlapping

DAYS = 7
_HOUR = 3600.0


class Band(NamedTuple):
    """One allowed window of one region: ``(region, start_utc, end_utc, weekend)``."""

    region: Region
    start_utc: datetime
    end_utc: datetime
    weekend: bool

    @property
    def hours(self) -> float:
        return (self.end_utc - self.start_utc).total_seconds() / _HOUR


@dataclass(frozen=True)
class Segment:
    """The part of a span inside one day column: hours since that day's midnight."""

    day: int
    top: float
    bottom: float

    @property
    def hours(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Lane:
    """Regions drawn in one lane of every day column (same zone and window times)."""

    regions: tuple[Region, ...]
    ref: RegionRef

    @property
    def label(self) -> str:
        return "/".join(r.label for r in self.regions)

    @property
    def short_label(self) -> str:
        """Two letters for a narrow lane header (``AM``, ``AP``, ``AU``, ``EU``)."""
        return self.regions[0].label[:2]


@dataclass(frozen=True)
class LaneBand:
    lane: int
    band: Band
    window: Window
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class WeekEvent:
    """What the view needs of one maintenance event."""

    id: int
    region: Region
    start_utc: datetime
    end_utc: datetime
    title: str = ""
    tooltip: str = ""
    rules: tuple[str, ...] = ()

    @property
    def violating(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True)
class WeekBlackout:
    """A customer's blackout period (MAINT-11) as UTC instants."""

    customer: str
    start_utc: datetime
    end_utc: datetime
    tooltip: str = ""


@dataclass(frozen=True)
class Block:
    """An event placed in a lane; ``slot``/``slots`` share the lane when events overlap."""

    event: WeekEvent
    lane: int
    slot: int
    slots: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Shade:
    blackout: WeekBlackout
    segments: tuple[Segment, ...]


@dataclass
class WeekData:
    events: list[WeekEvent] = field(default_factory=list)
    blackouts: list[WeekBlackout] = field(default_factory=list)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def lanes_for(refs: Iterable[RegionRef]) -> list[Lane]:
    """Group regions whose windows are identical (zone, opening, closing) into lanes."""
    groups: dict[tuple[str, time, time], list[RegionRef]] = {}
    for ref in refs:
        groups.setdefault((ref.zone, ref.window_opens, ref.window_closes), []).append(ref)
    return [Lane(tuple(r.region for r in members), members[0]) for members in groups.values()]


class WeekLayout:
    """Day columns, lanes, window bands, event blocks and blackout shades of one week."""

    def __init__(self, first_day: date, zone_key: str, lanes: Sequence[Lane]) -> None:
        self.first_day = monday_of(first_day)
        self.zone_key = zone_key
        self.lanes = list(lanes)
        self.day_starts = [
            wall_clock_to_utc(self.first_day + timedelta(days=d), time(0), zone_key)
            for d in range(DAYS + 1)
        ]
        self.start_utc = self.day_starts[0]
        self.end_utc = self.day_starts[DAYS]
        self._lane_of = {region: i for i, lane in enumerate(self.lanes) for region in lane.regions}
        self.bands: list[LaneBand] = self._bands()
        self.blocks: list[Block] = []
        self.shades: list[Shade] = []

    # ------------------------------------------------------------ days

    def day(self, index: int) -> date:
        return self.first_day + timedelta(days=index)

    def day_hours(self, index: int) -> float:
        """23, 24 or 25: the real length of the day in the display zone."""
        return (self.day_starts[index + 1] - self.day_starts[index]).total_seconds() / _HOUR

    def rows(self) -> float:
        """Hours the columns must show (25 in a week where the clocks go back)."""
        return max(24.0, *(self.day_hours(d) for d in range(DAYS)))

    def transitions(self) -> list[tuple[int, float, float]]:
        """DST changes of the display zone: ``(day, hours after midnight, shift in hours)``."""
        found = []
        for d in range(DAYS):
            shift = self.day_hours(d) - 24.0
            if not shift:
                continue
            lo, hi = self.day_starts[d], self.day_starts[d + 1]
            tz = zone(self.zone_key)
            offset = lo.astimezone(tz).utcoffset()
            while hi - lo > timedelta(seconds=1):  # find the change by halving
                mid = lo + (hi - lo) / 2
                if mid.astimezone(tz).utcoffset() == offset:
                    lo = mid
                else:
                    hi = mid
            at = (hi - self.day_starts[d]).total_seconds() / _HOUR
            found.append((d, round(at * 60) / 60, shift))
        return found

    def segments(self, start: datetime, end: datetime) -> tuple[Segment, ...]:
        """``[start, end)`` cut at the day columns' midnights (parts outside the week dropped)."""
        lo, hi = to_utc(start), to_utc(end)
        out = []
        for d in range(DAYS):
            a, b = max(lo, self.day_starts[d]), min(hi, self.day_starts[d + 1])
            if a < b:
                base = self.day_starts[d]
                out.append(
                    Segment(
                        d,
                        (a - base).total_seconds() / _HOUR,
                        (b - base).total_seconds() / _HOUR,
                    )
                )
        return tuple(out)

    # ------------------------------------------------------------ contents

    def lane_of(self, region: Region) -> int | None:
        return self._lane_of.get(region)

    def _bands(self) -> list[LaneBand]:
        found = []
        for index, lane in enumerate(self.lanes):
            for window in windows_overlapping(lane.ref, self.start_utc, self.end_utc):
                segments = self.segments(window.start_utc, window.end_utc)
                for region in lane.regions:
                    band = Band(region, window.start_utc, window.end_utc, window.weekend)
                    found.append(LaneBand(index, band, window, segments))
        return found

    def place(self, data: WeekData) -> None:
        """Lay out the events (in their region's lane) and the blackout shades."""
        by_lane: dict[int, list[WeekEvent]] = {}
        for event in data.events:
            lane = self.lane_of(event.region)
            if lane is not None and self.segments(event.start_utc, event.end_utc):
                by_lane.setdefault(lane, []).append(event)
        self.blocks = []
        for lane, events in by_lane.items():
            self.blocks.extend(self._stack(lane, events))
        self.shades = [
            Shade(b, self.segments(b.start_utc, b.end_utc))
            for b in data.blackouts
            if self.segments(b.start_utc, b.end_utc)
        ]

    def _stack(self, lane: int, events: list[WeekEvent]) -> list[Block]:
        """Side by side where events of one lane overlap (greedy slots per overlap group)."""
        events = sorted(events, key=lambda e: (e.start_utc, e.end_utc, e.id))
        placed: list[Block] = []
        group: list[tuple[WeekEvent, int]] = []
        group_end: datetime | None = None
        slot_ends: list[datetime] = []

        def flush() -> None:
            slots = max((s for _e, s in group), default=0) + 1
            for event, slot in group:
                segments = self.segments(event.start_utc, event.end_utc)
                placed.append(Block(event, lane, slot, slots, segments))

        for event in events:
            if group_end is not None and event.start_utc >= group_end:
                flush()
                group, slot_ends, group_end = [], [], None
            slot = next((i for i, end in enumerate(slot_ends) if end <= event.start_utc), None)
            if slot is None:
                slot = len(slot_ends)
                slot_ends.append(event.end_utc)
            else:
                slot_ends[slot] = event.end_utc
            group.append((event, slot))
            group_end = event.end_utc if group_end is None else max(group_end, event.end_utc)
        if group:
            flush()
        return placed

    def block(self, event_id: int) -> Block | None:
        return next((b for b in self.blocks if b.event.id == event_id), None)
