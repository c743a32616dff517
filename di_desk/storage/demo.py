"""Demo data: fill a database with realistic, reproducible customers and history.

:func:`generate_demo` writes a :func:`~di_desk.storage.demo_data.build_plan`
into an open database in one transaction, with the store's bulk insert
(prepared statement, chunks). :func:`ensure_demo_database` is the GUI's
``--demo``: it fills an empty database with a modest default. :func:`main` is
``di-desk demo --customers N --years Y --seed S [--db PATH]``.

With 60 customers over 5 years that is about 700,000 backup rows; see
``benchmarks/bench_demo.py`` for the rows per second.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TextIO

from peewee import Database, Model, fn

from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.i18n import _, ngettext
from di_desk.i18n.formatting import format_number
from di_desk.storage import audit
from di_desk.storage import tables as t
from di_desk.storage.bulk import bulk_insert
from di_desk.storage.demo_data import (
    TABLE_ORDER,
    DemoCancelled,
    DemoPlan,
    backup_rows,
    build_plan,
)

__all__ = [
    "DEFAULT_CUSTOMERS",
    "DEFAULT_SEED",
    "DEFAULT_YEARS",
    "DemoCancelled",
    "DemoResult",
    "ensure_demo_database",
    "fill_if_empty",
    "generate_demo",
    "main",
]

DEFAULT_CUSTOMERS = 24
DEFAULT_YEARS = 2.0
DEFAULT_SEED = 2026
CHUNK_SIZE = 20_000
#: The ``source`` of every demo backup (schema v2), so demo rows can be told apart.
BACKUP_SOURCE = "demo"

MODELS: Mapping[str, type[Model]] = {
    "customer": t.Customer,
    "cluster": t.Cluster,
    "application": t.Application,
    "certificate": t.Certificate,
    "support_case": t.SupportCase,
    "severity_change": t.SeverityChange,
    "action_plan": t.ActionPlan,
    "provider_notice": t.ProviderNotice,
    "blackout": t.Blackout,
    "maintenance_event": t.MaintenanceEvent,
    "reschedule": t.Reschedule,
    "cop_request": t.CopRequest,
    "cop_step": t.CopStep,
    "upgrade_plan": t.UpgradePlan,
    "dr_event": t.DrEvent,
    "dr_follow_up": t.DrFollowUp,
    "checklist_item": t.ChecklistItem,
}
Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class DemoResult:
    """What :func:`generate_demo` wrote: rows per table and the time it took."""

    counts: Mapping[str, int]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float(self.rows)


def _max_id(model: type[Model]) -> int:
    return int(model.select(fn.MAX(model.id)).scalar() or 0)


def _shifted(
    key: str, rows: Sequence[dict[str, Any]], offsets: Mapping[str, int]
) -> Iterator[dict[str, Any]]:
    """The plan's rows with local ids moved past the ids already in the database.

    Foreign keys move with the table they point into (from the models' own
    ``ForeignKeyField`` declarations).
    """
    table_of = {model: name for name, model in MODELS.items()}
    own = offsets[key]
    links = [
        (field.name, offsets[table_of[field.rel_model]])
        for field in MODELS[key]._meta.refs
        if field.name in rows[0]
    ]
    for row in rows:
        shifted = dict(row)
        shifted["id"] = row["id"] + own
        for key, offset in links:
            if shifted[key] is not None:
                shifted[key] += offset
        yield shifted


def _unique_names(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Customer names are unique: a demo written into a database that has the
    same name already gets ``"Name (2)"``."""
    taken = {name for (name,) in t.Customer.select(t.Customer.name).tuples()}
    for row in rows:
        name, number = row["name"], 2
        while name in taken:
            name, number = f"{row['name']} ({number})", number + 1
        taken.add(name)
        yield {**row, "name": name}


class _Writer:
    """Writes a plan's tables, then its backups, reporting progress."""

    def __init__(
        self,
        db: Database,
        plan: DemoPlan,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.db = db
        self.plan = plan
        self.progress = progress
        self.cancelled = cancelled
        self.total = sum(plan.counts().values()) + plan.backup_estimate
        self.done = 0
        self.counts: dict[str, int] = {}

    def report(self, added: int) -> bool:
        """Count ``added`` rows and tell the caller; False when cancelled."""
        self.done += added
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)
        return not (self.cancelled is not None and self.cancelled())

    def tables(self) -> None:
        offsets = {key: _max_id(model) for key, model in MODELS.items()}
        for key in TABLE_ORDER:
            rows = self.plan.rows.get(key) or []
            if rows:
                shifted = _shifted(key, rows, offsets)
                if key == "customer":
                    shifted = _unique_names(shifted)
                written = bulk_insert(self.db, MODELS[key], shifted, chunk_size=CHUNK_SIZE)
            else:
                written = 0
            self.counts[key] = written
            if not self.report(written):
                raise DemoCancelled()

    def backups(self, customer_offset: int) -> None:
        """BAK-1 rows straight from the generator's tuples: the hot path.

        The statement comes from peewee's query builder; the values already
        are what the columns store (epoch seconds, tokens), so they go to
        ``executemany`` as they are. Into an empty backup table the indexes
        are built once at the end instead of row by row (same transaction).
        """
        model = t.Backup
        fields = [
            model.customer,
            model.application,
            model.taken_at,
            model.result,
            model.size_bytes,
            model.source,
        ]
        sql, params = model.insert_many([[None] * len(fields)], fields=fields).sql()
        if len(params) != len(fields):  # pragma: no cover - guards a peewee change
            raise RuntimeError("unexpected insert statement shape")
        rebuild = not model.select().exists()
        if rebuild:
            model._schema.drop_indexes(safe=True)
        cursor = self.db.cursor()
        source, rows = BACKUP_SOURCE, backup_rows(self.plan)
        written = 0
        while True:
            chunk = [
                (customer + customer_offset, app, taken, result, size, source)
                for customer, app, taken, result, size in islice(rows, CHUNK_SIZE)
            ]
            if not chunk:
                break
            cursor.executemany(sql, chunk)
            written += len(chunk)
            if not self.report(len(chunk)):
                raise DemoCancelled()
        if rebuild:
            model._schema.create_indexes(safe=True)
        self.counts["backup"] = written


def generate_demo(
    db: Database,
    customers: int = DEFAULT_CUSTOMERS,
    years: float = DEFAULT_YEARS,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    reference: ReferenceData = DEFAULT_REFERENCE,
    who: str = "demo",
) -> DemoResult:
    """Fill the open ``db`` with demo data; the same arguments give the same rows.

    Args:
        db: an open database (:func:`~di_desk.storage.db.open_database`); rows
            already in it stay, the demo's ids follow them.
        customers: number of customers (every region appears from 6 on).
        years: length of the history (backups, cases, maintenance) up to ``now``.
        seed: the random seed.
        now: "now" of the demo (aware); default the current hour, UTC.
        progress: called as ``progress(done, total)`` with row counts.
        cancelled: polled between chunks; when it returns True everything is
            rolled back and :class:`DemoCancelled` is raised.
        reference: the reference data the rules use (severity matrix, windows…).
        who: the name in the audit log's one row about the generation.

    Returns:
        The rows written per table and the seconds it took.
    """
    started = time.perf_counter()
    if now is None:
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    plan = build_plan(customers, years, seed, now, reference)
    writer = _Writer(db, plan, progress, cancelled)
    if not writer.report(0):
        raise DemoCancelled()
    with db.atomic():
        customer_offset = _max_id(t.Customer)
        writer.tables()
        writer.backups(customer_offset)
        settings = {"customers": customers, "years": years, "seed": seed, "now": now.isoformat()}
        audit.record(who, "demo", None, "generate", None, {**settings, "rows": writer.done})
    if progress is not None:
        progress(writer.done, writer.done)
    return DemoResult(writer.counts, time.perf_counter() - started)


def fill_if_empty(
    db: Database,
    *,
    customers: int = DEFAULT_CUSTOMERS,
    years: float = DEFAULT_YEARS,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoResult | None:
    """Generate demo data into ``db`` when it has no customers; None when it has some."""
    if t.Customer.select().exists():
        return None
    return generate_demo(
        db,
        customers=customers,
        years=years,
        seed=seed,
        progress=progress,
        cancelled=cancelled,
    )


def ensure_demo_database(
    path: str | os.PathLike[str],
    *,
    customers: int = DEFAULT_CUSTOMERS,
    years: float = DEFAULT_YEARS,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Database:
    """The GUI's ``--demo``: open (or create) ``path``; fill it if it has no customers.

    Returns the open database. The default (24 customers, 2 years) takes a
    second or two.
    """
    from di_desk.storage.db import open_database

    db = open_database(path)
    try:
        fill_if_empty(
            db,
            customers=customers,
            years=years,
            seed=seed,
            progress=progress,
            cancelled=cancelled,
        )
    except BaseException:
        db.close()
        raise
    return db


# -- command line ---------------------------------------------------------------------


class _Bar:
    """A text progress bar on a terminal stream (redrawn at most 20 times a second)."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        moment = time.perf_counter()
        if done < total and moment - self.last < 0.05:
            return
        self.last = moment
        share = done / total if total else 1.0
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {share:4.0%} {done:,}/{total:,}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="di-desk demo",
        description=_("Fill a database with realistic demo data."),
    )
    parser.add_argument(
        "--customers",
        type=int,
        default=DEFAULT_CUSTOMERS,
        help=_("number of customers (default: {n})").format(n=DEFAULT_CUSTOMERS),
    )
    parser.add_argument(
        "--years",
        type=float,
        default=DEFAULT_YEARS,
        help=_("years of history (default: {n})").format(n=DEFAULT_YEARS),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=_("random seed; the same seed gives the same data (default: {n})").format(
            n=DEFAULT_SEED
        ),
    )
    parser.add_argument(
        "--db", help=_("the database file (default: the one the app uses, DI_DESK_HOME)")
    )
    parser.add_argument("--quiet", action="store_true", help=_("no progress bar, only the summary"))
    return parser


def main(argv: Sequence[str] | None = None, *, stderr: TextIO | None = None) -> int:
    """``di-desk demo``: generate demo data; exit code 0, 2 for bad arguments."""
    from di_desk import paths
    from di_desk.storage.db import open_database
    from di_desk.storage.errors import StorageError

    err = stderr or sys.stderr
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.customers < 1 or args.years <= 0:
        err.write(_("--customers must be at least 1 and --years more than 0.") + "\n")
        return 2
    path = paths.database_path(args.db)
    paths.ensure_dir(path.parent)
    try:
        db = open_database(path)
    except StorageError as exc:
        err.write(f"{exc}\n")
        return 1
    try:
        result = generate_demo(
            db,
            customers=args.customers,
            years=args.years,
            seed=args.seed,
            progress=None if args.quiet else _Bar(err),
        )
    except KeyboardInterrupt:
        err.write("\n" + _("Cancelled; nothing was saved.") + "\n")
        return 130
    finally:
        db.close()
    err.write(
        ngettext(
            "{rows} row written to {path} in {seconds} s ({rate} rows/s).",
            "{rows} rows written to {path} in {seconds} s ({rate} rows/s).",
            result.rows,
        ).format(
            rows=format_number(result.rows),
            path=path,
            seconds=format_number(round(result.seconds, 1)),
            rate=format_number(round(result.rows_per_second)),
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
