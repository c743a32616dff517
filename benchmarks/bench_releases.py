"""Releases benchmark: the REL-6 list, its status filter and the REL-3 preview at scale.

Builds a database with ``--customers`` customers (default 5,000), two clusters
each and five applications per cluster (50,000 installed applications, versions
spread over the train), then times what the Releases tab does:

* ``status_counts`` (one ``GROUP BY version``) and ``versions_with_status`` (the
  status filter becomes ``version IN (…)``);
* the first page (200 ids) and the rows a view paints (64), unfiltered and
  filtered by status, through :class:`di_desk.storage.sources.ApplicationSource`;
* ``installed_status`` for every painted row (position, status, target);
* the announce preview (REL-3) over the whole installed base.

    .venv/bin/python benchmarks/bench_releases.py [--customers N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from di_desk.domain.enums import Application, Region
from di_desk.domain.releases import ReleaseStatus
from di_desk.services.listing import ListQuery
from di_desk.services.releases import (
    current_train,
    installed_base,
    installed_status,
    preview_announcement,
    status_counts,
    versions_with_status,
)
from di_desk.storage.bulk import bulk_insert
from di_desk.storage.db import open_database
from di_desk.storage.sources import ApplicationSource
from di_desk.storage.tables import Application as AppRow
from di_desk.storage.tables import Cluster, Customer

VERSIONS = ("15.0 SU2", "15.0 SU1", "14.0 SU3", "14.0 SU4", "12.5 SU7a", "11.5 SU9")
APPS = tuple(a for a in Application if a is not Application.SME)


def build(db: Any, customers: int) -> int:
    regions = list(Region)
    bulk_insert(
        db,
        Customer,
        ({"name": f"Customer {i:06d}", "region": regions[i % len(regions)]}
         for i in range(1, customers + 1)),
    )  # fmt: skip
    bulk_insert(
        db,
        Cluster,
        ({"customer": c, "name": f"C{c:06d}-CL{k}"} for c in range(1, customers + 1)
         for k in (1, 2)),
    )  # fmt: skip
    return bulk_insert(
        db,
        AppRow,
        (
            {"cluster": k, "kind": app, "version": VERSIONS[(k * 7 + i) % len(VERSIONS)]}
            for k in range(1, 2 * customers + 1)
            for i, app in enumerate(APPS)
        ),
    )


def best(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "releases.sqlite")
        started = time.perf_counter()
        apps = build(db, args.customers)
        print(f"built {apps:,} installed applications in {time.perf_counter() - started:.2f} s")
        train = current_train(db)
        source = ApplicationSource(db)

        t, counts = best(lambda: status_counts(db, train))
        print(f"status_counts (GROUP BY version): {t * 1000:.1f} ms  {dict(counts)}")
        t, must = best(lambda: versions_with_status(db, train, {ReleaseStatus.MUST_UPGRADE}))
        print(f"versions_with_status(must upgrade): {t * 1000:.1f} ms -> {must}")

        for label, query in (
            ("all, by customer", ListQuery(sort_key="customer")),
            (
                "must upgrade, by customer",
                ListQuery(filters={"version": must}, sort_key="customer"),
            ),
        ):
            t_count, total = best(lambda q=query: source.count(q))
            t_ids, ids = best(lambda q=query: source.ids(q, 0, 200))
            t_rows, rows = best(lambda i=ids: source.rows(i[:64]))
            t_status, _ = best(
                lambda r=rows: [installed_status(row["version"], train) for row in r.values()]
            )
            print(
                f"{label}: count {total:,} in {t_count * 1000:.1f} ms, first 200 ids "
                f"{t_ids * 1000:.1f} ms, 64 rows {t_rows * 1000:.1f} ms, "
                f"their status {t_status * 1000:.2f} ms"
            )

        t_base, base = best(lambda: installed_base(db), repeat=3)
        print(f"installed base read once per announce dialog: {t_base:.2f} s")
        t, preview = best(
            lambda: preview_announcement(db, train, "16.0", "16.0", "16.0", base), repeat=3
        )
        print(
            f"announce preview over {apps:,} applications (each keystroke): {t * 1000:.0f} ms, "
            f"{len(preview.changes):,} changes"
        )
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
