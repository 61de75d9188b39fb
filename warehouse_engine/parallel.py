"""Pure-Python work (rendering pages) on a second core: half of it in a forked child process."""

from __future__ import annotations

import os
import signal
import sys
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
THREADS = "/proc/self/task"  # Linux: one entry per thread of this process


def run_on_two_cores(items: Sequence[Item], work: Callable[[Item], object], done: Callable[[Item], object]) -> None:
    """Run work(item) for every item: every other one in a forked child when forking is safe (Linux,
    and this process has one thread, so no lock can be left held in the child), else all here. The
    child's items are done again here if it fails, so that its error is raised like any other.
    done(item) runs here after each item (the child's when it has finished): the child prints nothing,
    since this process's output may not be where the child's would go (a test's captured output)."""
    if len(items) < 2 or not fork_is_safe():
        for item in items:
            work(item)
            done(item)
        return
    ours, theirs = items[0::2], items[1::2]  # alternate: neighbouring items (a year, its quarters) cost alike
    for stream in (sys.stdout, sys.stderr):  # else the child would print what is buffered here again
        stream.flush()
    child = os.fork()
    if child == 0:
        run_in_child(theirs, work)
    try:
        for item in ours:
            work(item)
            done(item)
    except BaseException:
        os.kill(child, signal.SIGTERM)
        os.waitpid(child, 0)
        raise
    failed = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) != 0
    for item in theirs:
        if failed:
            work(item)
        done(item)


def fork_is_safe() -> bool:
    return hasattr(os, "fork") and os.path.isdir(THREADS) and len(os.listdir(THREADS)) == 1


def run_in_child(items: Sequence[Item], work: Callable[[Item], object]) -> None:
    """Never returns: the child must not run the parent's code after the fork, nor its exit handlers."""
    status = 1
    try:
        for item in items:
            work(item)
        status = 0
    finally:  # an error is dropped here: the parent does these items again and raises it
        try:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
        finally:
            os._exit(status)
