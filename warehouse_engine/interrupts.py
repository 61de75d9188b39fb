"""Stopping DuckDB work: on Ctrl-C (or SIGTERM) and when a time limit runs out.

While DuckDB runs a query, Python cannot run a signal handler, so Ctrl-C would wait for the query
to end (forever, for a recursive CTE that never ends). Here the C-level signal handler wakes a
watcher thread through a pipe (signal.set_wakeup_fd), and the watcher interrupts the connection
until the work gives up; the same watcher interrupts it when the time limit runs out.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
import time
from typing import Iterator, Optional

import duckdb

from .errors import Problem, WarehouseError


class Stopped(WarehouseError):
    """The work was stopped by Ctrl-C, SIGTERM or its time limit: nothing was published."""


@contextlib.contextmanager
def interruptible(con: duckdb.DuckDBPyConnection, timeout: Optional[float] = None, what: str = "the build") -> Iterator[None]:
    """Run the block so that Ctrl-C, SIGTERM or `timeout` seconds stop DuckDB within a fraction of a
    second; then raise Stopped. Inside the block Ctrl-C raises nothing by itself: it only interrupts."""
    reader, writer = os.pipe()
    os.set_blocking(writer, False)
    in_main_thread = threading.current_thread() is threading.main_thread()  # only it receives signals
    if in_main_thread:
        previous_fd = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
        previous_handlers = {number: signal.signal(number, ignore) for number in (signal.SIGINT, signal.SIGTERM)}
    done = threading.Event()
    reason: list[str] = []
    watcher = threading.Thread(target=watch, args=(con, reader, done, timeout, reason), daemon=True)
    watcher.start()
    try:
        yield
    except (duckdb.InterruptException, RuntimeError):
        if not reason:
            raise
    finally:
        done.set()
        wake(writer)  # so the watcher sees `done` now, not at its next poll
        watcher.join()
        if in_main_thread:
            signal.set_wakeup_fd(previous_fd)
            for number, handler in previous_handlers.items():
                signal.signal(number, handler)
        os.close(reader)
        os.close(writer)
    if reason:  # interrupted, or the limit ran out (perhaps between two queries, after the last one)
        raise Stopped(Problem(what, None, None, stopped_message(reason, timeout)))


def wake(writer: int) -> None:
    with contextlib.suppress(BlockingIOError):  # a full pipe wakes the watcher as well
        os.write(writer, b"\0")


def ignore(_signum, _frame) -> None:
    """The signal already woke the watcher through the wakeup pipe; nothing more to do here."""


def watch(con: duckdb.DuckDBPyConnection, reader: int, done: threading.Event, timeout: Optional[float], reason: list[str]) -> None:
    deadline = None if timeout is None else time.monotonic() + timeout
    while not done.is_set():
        ready, _, _ = select.select([reader], [], [], 0.1)
        if done.is_set():
            break
        if ready:
            os.read(reader, 64)
            reason.append("interrupted")
        elif deadline is not None and time.monotonic() > deadline and not reason:
            reason.append("timeout")
        if reason:
            con.interrupt()  # again and again: an interrupt between two queries would be lost


def stopped_message(reason: list[str], timeout: Optional[float]) -> str:
    if reason[0] == "timeout":
        return f"stopped after the time limit of {timeout:g} seconds (--timeout); nothing was published, the warehouse is as it was"
    return "interrupted; nothing was published, the warehouse is as it was"
