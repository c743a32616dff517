"""The tables follow the window's database while a worker opens another one.

The main thread's binding is every thread's; a database opened on a worker
(a demo being made, a migration, a read-only check) is that worker's only,
and closing it there gives the worker the main thread's again.
"""

from __future__ import annotations

import threading

from di_desk.domain.enums import Region
from di_desk.storage.db import open_database
from di_desk.storage.repositories import customer_names
from di_desk.storage.tables import Customer


def _with_customer(path, name):
    db = open_database(path)
    Customer.create(name=name, region=Region.EU)
    return db


def test_a_worker_opening_another_database_leaves_the_main_thread_alone(tmp_path):
    window_db = _with_customer(tmp_path / "window.sqlite", "Alpha Zorg")
    opened = threading.Event()
    release = threading.Event()
    seen_by_worker: list[list[str]] = []

    def worker() -> None:
        other = _with_customer(tmp_path / "other.sqlite", "Beta Bouw")
        seen_by_worker.append([name for _id, name in customer_names(other)])
        opened.set()
        release.wait(10)
        other.close()
        # the same (pooled) thread later works for the window's database
        seen_by_worker.append([name for _id, name in customer_names(window_db)])
        window_db.close()  # this thread's connection only

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert opened.wait(10)
        assert [name for _id, name in customer_names(window_db)] == ["Alpha Zorg"]
        Customer.create(name="Gamma Groep", region=Region.EU)  # saved in the window's file
    finally:
        release.set()
        thread.join(10)
    assert seen_by_worker == [["Beta Bouw"], ["Alpha Zorg", "Gamma Groep"]]
    assert Customer._meta.database is window_db
    window_db.close()


def test_opening_on_the_main_thread_moves_every_thread(tmp_path):
    first = _with_customer(tmp_path / "first.sqlite", "Alpha Zorg")
    second = _with_customer(tmp_path / "second.sqlite", "Beta Bouw")
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(Customer._meta.database))
    thread.start()
    thread.join(10)
    assert seen == [second]
    first.close()
    second.close()
