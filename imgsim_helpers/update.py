"""Update your copy of the course to a new release, keeping your work.

Run it in your course folder (the one with ``README.md`` and ``notebooks/``) with the
new bundle your instructor gave you::

    python imgsim_helpers/update.py ~/Downloads/imgsim-course-student.zip

(``python -m imgsim_helpers.update ...`` does the same.) It needs nothing but Python's standard
library, so it runs even if a helper you changed no longer imports.

Every bundle carries ``.course-release.json``: a fingerprint (SHA-256) of each of its
files and of each notebook cell. Comparing your files with the fingerprints of the
release you unzipped tells what *you* changed from what the *course* changed:

* a file new in the release is **added**;
* a file you never changed is **updated** (replaced by the new version);
* a notebook you worked in is **merged** cell by cell, by cell id: the release's
  new cells are added where they belong, cells you did not touch get the release's
  version, and every cell you wrote or changed stays yours. Your notebook as it was
  is first copied to ``before-update-<date>/``;
* where you and the release changed the same cell, yours is kept and the new
  version of the whole notebook is written beside it (``03-histograms.updated.ipynb``)
  so you can compare; any other file you changed is **kept** the same way, with the
  new version beside it (``histograms.updated.py``);
* a file the release dropped is removed only if you never changed it.

Nothing you wrote is ever overwritten without a copy. The command prints one line per
file it added, updated, merged, kept or removed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

__all__ = ["MANIFEST", "UpdateError", "UpdateReport", "cell_digest", "main", "manifest_of", "merge_notebook",
           "update_course"]

#: The fingerprints of a release, at the top of the course folder.
MANIFEST = ".course-release.json"
#: The part of a file name that marks the new version written beside a file you changed.
UPDATED = ".updated"


class UpdateError(Exception):
    """The update cannot start (the message says why and what to do); nothing was changed."""


@dataclass
class UpdateReport:
    """What an update did, file by file (paths relative to the course folder)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)      # "path: what came in"
    kept: list[str] = field(default_factory=list)        # "path: why, and where the new version is"
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    backup: str | None = None                             # the folder holding your notebooks as they were


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cell_digest(cell: dict) -> str:
    """The fingerprint of a cell: its type and source (outputs and metadata do not count)."""
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    return _digest(f"{cell.get('cell_type')}\0{source}".encode("utf-8"))


def manifest_of(top: Path) -> dict:
    """The fingerprints of every file under ``top``, and of every cell of its notebooks.

    Returns
    -------
    dict
        ``{"release": id, "files": {path: sha256}, "cells": {notebook path: {cell id: digest}}}``;
        the paths are relative to ``top``, with ``/``. ``release`` is a short
        fingerprint of all the files, the same for the same release.
    """
    files, cells = {}, {}
    for path in sorted(top.rglob("*")):
        name = path.relative_to(top).as_posix()
        if not path.is_file() or name == MANIFEST:
            continue
        data = path.read_bytes()
        files[name] = _digest(data)
        if name.endswith(".ipynb"):
            notebook = json.loads(data)
            cells[name] = {c["id"]: cell_digest(c) for c in notebook.get("cells", []) if "id" in c}
    release = _digest(json.dumps(files, sort_keys=True).encode())[:12]
    return {"release": release, "files": files, "cells": cells}


def merge_notebook(mine: dict, fresh: dict, base: dict[str, str] | None) -> tuple[dict | None, list[str], list[str]]:
    """Bring the release's changes into a learner's notebook, cell by cell (by cell id).

    Parameters
    ----------
    mine : dict
        The learner's notebook (the JSON, as read by ``json.load``; not changed).
    fresh : dict
        The new release's copy of the notebook.
    base : dict or None
        ``{cell id: cell_digest}`` of the release the learner started from;
        None when unknown (an older bundle without fingerprints).

    Returns
    -------
    tuple
        ``(merged, came_in, conflicts)``: the merged notebook (None when the
        learner's copy has no cell ids to merge by); what came in from the
        release (``"3 cells added"``, ``"1 cell changed"``, ...); and the ids of the cells both the
        learner and the release changed (the learner's version is in ``merged``).
    """
    if not mine.get("cells") or any("id" not in c for c in mine["cells"] + fresh["cells"]):
        return None, [], []
    base = base or {}
    new_by_id = {c["id"]: c for c in fresh["cells"]}
    cells, conflicts, changed, dropped = [], [], 0, 0
    for cell in mine["cells"]:
        ident, digest = cell["id"], cell_digest(cell)
        if ident in new_by_id:
            new = new_by_id[ident]
            if digest == cell_digest(new) or base.get(ident) == cell_digest(new):
                cells.append(cell)                       # the same, or only the learner changed it
            elif base.get(ident) == digest:
                cells.append(json.loads(json.dumps(new)))  # only the release changed it: its version, no outputs
                changed += 1
            else:
                cells.append(cell)                       # both changed it (or unknown): the learner's wins
                conflicts.append(ident)
        elif base.get(ident) == digest:
            dropped += 1                                 # the release removed a cell the learner never touched
        else:
            cells.append(cell)                           # the learner's own cell, or one they changed
    present = {c["id"] for c in cells}
    added = 0
    for k, new in enumerate(fresh["cells"]):
        if new["id"] in present or new["id"] in base:    # there already, or deleted by the learner
            continue
        before = next((c["id"] for c in reversed(fresh["cells"][:k]) if c["id"] in present), None)
        at = next(i for i, c in enumerate(cells) if c["id"] == before) + 1 if before else 0
        cells.insert(at, json.loads(json.dumps(new)))
        present.add(new["id"])
        added += 1
    came_in = [f"{n} cell{'s' if n > 1 else ''} {what}" for n, what in ((added, "added"), (changed, "changed"),
                                                                       (dropped, "removed")) if n]
    merged = dict(mine, cells=cells)
    merged["nbformat"], merged["nbformat_minor"] = fresh["nbformat"], max(fresh["nbformat_minor"],
                                                                         mine.get("nbformat_minor", 0))
    return merged, came_in, conflicts


def _beside(path: Path) -> Path:
    """A free name beside ``path`` for the new version: ``x.updated.ipynb``, then ``x.updated-2.ipynb``, ..."""
    candidate, n = path.with_name(f"{path.stem}{UPDATED}{path.suffix}"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}{UPDATED}-{n}{path.suffix}")
    return candidate


def _dump(notebook: dict) -> bytes:
    """A notebook as Jupyter writes it (one-space indent, sorted keys, a final newline)."""
    return (json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _read_bundle(bundle: Path) -> dict[str, bytes]:
    """The files of a bundle zip, by their path inside its top folder."""
    try:
        with zipfile.ZipFile(bundle) as archive:
            files = {}
            for info in archive.infolist():
                parts = PurePosixPath(info.filename).parts
                if info.is_dir() or len(parts) < 2:
                    continue
                inner = PurePosixPath(*parts[1:])
                if inner.is_absolute() or ".." in inner.parts:
                    raise UpdateError(f"{bundle} holds a file outside its folder ({info.filename}): not a course "
                                      "bundle")
                files[inner.as_posix()] = archive.read(info)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UpdateError(f"{bundle} is not a readable zip file ({exc}): download the bundle again") from exc
    if MANIFEST not in files or not any(name.startswith("notebooks/") for name in files):
        raise UpdateError(f"{bundle} is not a course bundle (it has no {MANIFEST} and notebooks/): give the "
                          "imgsim-course-student.zip your instructor handed out")
    return files


def update_course(bundle: Path, course: Path = Path("."), now: float | None = None) -> UpdateReport:
    """Update the course folder ``course`` to the release in ``bundle``, keeping the learner's work.

    See the module's description for what happens to each file.

    Parameters
    ----------
    bundle : pathlib.Path
        The new release's zip (``imgsim-course-student.zip``).
    course : pathlib.Path, optional
        The course folder to update (default: the current folder).
    now : float, optional
        The time used to name the folder of copies (default: now).

    Returns
    -------
    UpdateReport
    """
    course = Path(course)
    if not (course / "notebooks").is_dir() or not (course / "imgsim_helpers").is_dir():
        raise UpdateError(f"{course.resolve()} is not the course folder (it has no notebooks/ and imgsim_helpers/): "
                          "run this command in the folder that holds the course's README.md")
    files = _read_bundle(bundle)
    manifest = json.loads(files[MANIFEST])
    old_path = course / MANIFEST
    old = json.loads(old_path.read_text(encoding="utf-8")) if old_path.exists() else {"files": {}, "cells": {}}
    report = UpdateReport()
    if old.get("release") == manifest["release"]:
        report.unchanged = len(manifest["files"])
        return report
    stamp = time.strftime("%Y-%m-%d-%H%M%S", time.localtime(now))
    backup = course / f"before-update-{stamp}"

    def keep_a_copy(name: str) -> None:
        target = backup / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(course / name, target)
        report.backup = backup.name

    for name in sorted(files):
        if name == MANIFEST:
            continue
        data, target = files[name], course / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            report.added.append(name)
            continue
        current = target.read_bytes()
        if current == data:
            report.unchanged += 1
        elif _digest(current) == old["files"].get(name):
            target.write_bytes(data)
            report.updated.append(name)
        elif name.endswith(".ipynb"):
            _update_notebook(name, current, data, old["cells"].get(name), course, report, keep_a_copy)
        else:
            beside = _beside(target)
            beside.write_bytes(data)
            report.kept.append(f"{name}: you changed it; the new version is beside it: "
                               f"{beside.relative_to(course).as_posix()}")
    for name in sorted(set(old["files"]) - set(files)):
        target = course / name
        if target.is_file() and _digest(target.read_bytes()) == old["files"][name]:
            target.unlink()
            report.removed.append(name)
        elif target.is_file():
            report.kept.append(f"{name}: no longer in the course, but you changed it, so it stays")
    old_path.write_bytes(files[MANIFEST])
    return report


def _update_notebook(name: str, current: bytes, data: bytes, base: dict | None, course: Path,
                     report: UpdateReport, keep_a_copy) -> None:
    """Merge one notebook the learner changed (see :func:`merge_notebook`), or keep it and write the new one beside."""
    target = course / name
    try:
        mine = json.loads(current.decode("utf-8"))
        mine["cells"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        mine = None
    merged, came_in, conflicts = merge_notebook(mine, json.loads(data), base) if mine else (None, [], [])
    if merged is not None and came_in:
        keep_a_copy(name)
        target.write_bytes(_dump(merged))
        report.merged.append(f"{name}: your work kept; from the new release: {', '.join(came_in)}")
    if merged is None or conflicts:
        beside = _beside(target)
        beside.write_bytes(data)
        why = (f"you and the new release both changed cell{'s' if len(conflicts) > 1 else ''} "
               f"{', '.join(conflicts)}; yours {'are' if len(conflicts) > 1 else 'is'} kept" if conflicts
               else "it could not be merged cell by cell (no cell ids), so it is kept as it is")
        report.kept.append(f"{name}: {why}; the new version is beside it: {beside.relative_to(course).as_posix()}")
    elif not came_in:
        report.unchanged += 1


def print_report(report: UpdateReport, out=None) -> None:
    """One line per file the update touched, then a summary (on ``out``, default standard output)."""
    out = out or sys.stdout
    for label, entries in (("ADDED  ", report.added), ("UPDATED", report.updated), ("MERGED ", report.merged),
                           ("KEPT   ", report.kept), ("REMOVED", report.removed)):
        for entry in entries:
            print(f"{label} {entry}", file=out)
    if report.backup:
        print(f"Your notebooks as they were before merging are in {report.backup}/", file=out)
    print(f"{len(report.added)} added, {len(report.updated)} updated, {len(report.merged)} merged, "
          f"{len(report.kept)} kept, {len(report.removed)} removed, {report.unchanged} already up to date.", file=out)


def main(argv: list[str] | None = None) -> int:
    """``python -m imgsim_helpers.update NEW_BUNDLE.zip [--course FOLDER]``."""
    parser = argparse.ArgumentParser(prog="python -m imgsim_helpers.update",
                                     description="Update your course folder to a new release (the zip your "
                                                 "instructor gave you), keeping your work: see the README.")
    parser.add_argument("bundle", type=Path, help="the new imgsim-course-student.zip")
    parser.add_argument("--course", type=Path, default=Path("."),
                        help="your course folder (default: the current folder)")
    args = parser.parse_args(argv)
    try:
        report = update_course(args.bundle, args.course)
    except UpdateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
