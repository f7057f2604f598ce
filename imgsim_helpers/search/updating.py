"""Bring an index's rows up to date with its folder, reading only the photos that changed.

The folder side of :meth:`Index.update` (and so of :func:`build_index`, which updates an
empty index): :func:`read_changes` compares what the folder holds now with the rows an
index stores (by file size and modification time), reads and describes only the new and
changed photos, drops the deleted ones, and says what changed in an
:class:`UpdateSummary`. It knows nothing of searching; the index stays about that.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

from .folders import ReadSettings, SkippedFile, describe_files, scan_folder

__all__ = ["IndexRows", "UpdateSummary", "read_changes"]


class UpdateSummary(NamedTuple):
    """What :meth:`Index.update` changed (paths relative to the indexed folder)."""

    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: int

    def __str__(self) -> str:
        return (f"{len(self.added)} new, {len(self.changed)} changed, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged")


class IndexRows(NamedTuple):
    """An index's rows, sorted by path: what :class:`Index` is built from."""

    files: list[str]
    features: np.ndarray
    sizes: list[int]
    mtimes: list[int]
    skipped: list[SkippedFile]


def read_changes(folder: Path, stored: IndexRows, settings: ReadSettings, workers: int | None,
                 progress: bool) -> tuple[IndexRows, UpdateSummary]:
    """The rows of ``folder`` now, re-reading only what changed since ``stored`` was read.

    Parameters
    ----------
    folder : pathlib.Path
        The indexed folder, checked (:func:`~imgsim_helpers.search.folders.check_folder`).
    stored : IndexRows
        The rows the index holds (its ``skipped`` files are tried again).
    settings : ReadSettings
        How the stored rows were read and described; new rows are made the same way.
    workers, progress
        Threads that decode photos (``None``: one per CPU core), and whether to show a bar.

    Returns
    -------
    (IndexRows, UpdateSummary)
        The new rows, sorted by path, with every file that could not be read in
        ``skipped``; and the relative paths added, changed and removed (a changed
        photo that can no longer be read counts as removed), and how many were unchanged.
    """
    found, problems = scan_folder(folder)
    known = {rel: i for i, rel in enumerate(stored.files)}
    keep: list[int] = []
    to_read: list[tuple[str, int, int]] = []
    changed_names: set[str] = set()
    for rel, size, mtime in found:
        i = known.get(rel)
        if i is not None and stored.sizes[i] == size and stored.mtimes[i] == mtime:
            keep.append(i)
        else:
            to_read.append((rel, size, mtime))
            if i is not None:
                changed_names.add(rel)
    rows, reasons = describe_files(folder, [rel for rel, _, _ in to_read], settings, workers, progress)
    files = [stored.files[i] for i in keep]
    sizes = [int(stored.sizes[i]) for i in keep]
    mtimes = [int(stored.mtimes[i]) for i in keep]
    new_rows = [stored.features[i] for i in keep]
    added, changed, failed = [], [], []
    for (rel, size, mtime), row, reason in zip(to_read, rows, reasons):
        if row is None:
            problems.append(SkippedFile(rel, reason or "unknown problem"))
            failed.append(rel)
            continue
        (changed if rel in changed_names else added).append(rel)
        files.append(rel)
        sizes.append(size)
        mtimes.append(mtime)
        new_rows.append(row)
    present = {rel for rel, _, _ in found}
    removed = sorted([rel for rel in stored.files if rel not in present]
                     + [rel for rel in failed if rel in changed_names])
    order = sorted(range(len(files)), key=files.__getitem__)
    features = np.array([new_rows[i] for i in order], dtype=np.float32).reshape(-1, settings.descriptor.length)
    now = IndexRows([files[i] for i in order], features, [sizes[i] for i in order], [mtimes[i] for i in order],
                    sorted(problems))
    return now, UpdateSummary(added=added, changed=changed, removed=removed, unchanged=len(keep))
