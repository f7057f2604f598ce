"""Set-ups shared by the workers of one test run: ``make test`` runs pytest on both cores (pytest-xdist).

* :func:`locked` holds a file lock while a block runs, so two workers never build the same folder
  at once (the wheel folder of the install tests in ``build/``); on a system without ``fcntl``
  (Windows, where the suite runs in one process) it locks nothing.
* :func:`alone` runs a set-up while no other test of the run runs (tests/conftest.py wraps every
  test in :func:`sharing_the_machine`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no workers to keep apart
    fcntl = None


@contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """Run the block while holding an exclusive lock on ``lock_file`` (created if needed)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- alone on the machine
# A few set-ups look at the whole machine (the grader's sandbox test compares the processes and the
# course folder before and after grading): while one runs, no other test of this run may. Every test
# holds a shared lock while it runs (tests/conftest.py); such a set-up waits for the other workers'
# current tests, runs alone, then lets them go on. The turnstile stops a stream of short tests from
# taking the shared lock again and again while the set-up waits.

_held: dict[str, object] = {}


_folder: dict[str, Path] = {}


def use_lock_folder(folder: Path) -> None:
    """Keep this run's locks in ``folder`` (tests/conftest.py gives the run's own temporary folder,
    which pytest removes with the run's other files a few runs later)."""
    folder.mkdir(parents=True, exist_ok=True)
    _folder["locks"] = folder


def _lock_folder() -> Path | None:
    if fcntl is None or not os.environ.get("PYTEST_XDIST_WORKER"):
        return None     # one process: nothing runs beside it
    return _folder.get("locks")


def _take(folder: Path, mode: int):
    turnstile = open(folder / "turnstile.lock", "a")
    fcntl.flock(turnstile, fcntl.LOCK_EX)
    try:
        handle = open(folder / "machine.lock", "a")
        fcntl.flock(handle, mode)
    finally:
        fcntl.flock(turnstile, fcntl.LOCK_UN)
        turnstile.close()
    return handle


def _release(handle) -> None:
    fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()


@contextmanager
def sharing_the_machine() -> Iterator[None]:
    """Around each test: runs beside the other workers' tests, but never beside :func:`alone`."""
    folder = _lock_folder()
    if folder is None:
        yield
        return
    _held["shared"] = _take(folder, fcntl.LOCK_SH)
    try:
        yield
    finally:
        _release(_held.pop("shared"))


@contextmanager
def alone() -> Iterator[None]:
    """Run the block while no other test of this run runs (each worker finishes its current test first)."""
    folder = _lock_folder()
    if folder is None:
        yield
        return
    mine = _held.pop("shared", None)
    if mine is not None:
        _release(mine)        # this worker's own test's hold, or the lock would wait for itself
    handle = _take(folder, fcntl.LOCK_EX)
    try:
        yield
    finally:
        _release(handle)
        if mine is not None:
            _held["shared"] = _take(folder, fcntl.LOCK_SH)
