"""How many threads read and compare photos in parallel (the lowest layer: imports nothing of the package)."""

from __future__ import annotations

import os

import numpy as np

__all__ = ["default_workers", "worker_count"]


def default_workers() -> int:
    """Number of CPU cores this process may use (at least 1).

    Returns
    -------
    int
        The cores the operating system lets this process run on (Linux), or
        all the machine's cores elsewhere.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(workers: int | None) -> int:
    """``workers``, or one per core when it is None.

    Parameters
    ----------
    workers : int or None
        Threads asked for, or None for :func:`default_workers`.

    Returns
    -------
    int
        The number of threads to use.

    Raises
    ------
    ValueError
        If ``workers`` is not a whole number of at least 1.
    """
    workers = default_workers() if workers is None else workers
    if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1, got {workers!r}")
    return workers
