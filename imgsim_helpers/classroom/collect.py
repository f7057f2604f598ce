"""Find the students' notebooks in a folder of submissions, in the shapes instructors get.

Three shapes, which may be mixed in one folder:

* one subfolder per student: ``SUBMISSIONS/alice/03-histograms.ipynb``;
* one zip file per student: ``SUBMISSIONS/bob.zip``;
* a flat export from a learning platform: ``SUBMISSIONS/<student>_<anything>_<notebook>.ipynb``
  (the student is the text before the first ``_``).

A file is matched to a course notebook by the exercise numbers inside it
(``check("3.1", ...)`` calls and ``### Exercise 3.1`` headings), not by its
name, so a renamed copy is still found. Every file that cannot be used (empty,
not JSON, not a notebook, another course's notebook, a second copy of the same
notebook), and a student's folder or zip with no file in it, is reported with
the reason, and collecting carries on. Hidden files
(``.DS_Store``), ``__MACOSX`` and ``.ipynb_checkpoints`` folders are skipped.

On a hub, :func:`collect_homes` reads each student's notebooks straight from their
home folder (``HOMES/<user>/imgsim-course/notebooks/``), with the same matching.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import nbformat

from .release import exercise_ids

_SKIP = {"__MACOSX", ".ipynb_checkpoints"}


@dataclass
class Submission:
    """One student's copy of one course notebook."""

    student: str
    notebook: str                  # the course notebook's file name
    source: str                    # where it was found, for the report
    content: nbformat.NotebookNode
    stamp: float = 0.0             # modification time, to choose between two copies


@dataclass(frozen=True)
class Unusable:
    """A file the grader could not use, and why."""

    student: str
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def course_exercises(notebooks: Path) -> dict[str, set[str]]:
    """``{file name: exercise numbers}`` for every course notebook that has exercises."""
    table = {}
    for path in sorted(notebooks.glob("*.ipynb")):
        ids = exercise_ids(nbformat.read(path, as_version=4))
        if ids:
            table[path.name] = ids
    return table


def _parse(data: bytes) -> nbformat.NotebookNode | str:
    """The notebook in ``data``, or the reason it is not one."""
    if not data.strip():
        return "empty file"
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "not a notebook: the file is not JSON (was a .py, .pdf or screenshot handed in?)"
    if not isinstance(raw, dict) or "cells" not in raw or "nbformat" not in raw:
        return "not a notebook: JSON without notebook cells"
    try:
        return nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as exc:  # nbformat's many validation errors: report, do not stop
        return f"damaged notebook ({type(exc).__name__}: {str(exc)[:120]})"


def _match(notebook: nbformat.NotebookNode, course: dict[str, set[str]]) -> str | None:
    """The course notebook whose exercises this notebook holds (the most shared numbers)."""
    ids = exercise_ids(notebook)
    scores = {name: len(ids & wanted) for name, wanted in course.items()}
    best = max(scores, key=scores.get, default=None)
    return best if best is not None and scores[best] > 0 else None


def _skipped(parts: tuple[str, ...]) -> bool:
    return any(part in _SKIP or part.startswith(".") for part in parts)


def _files_of(entry: Path) -> tuple[str, list[tuple[str, bytes, float]], list[Unusable]]:
    """The student of one top-level entry and its files as (label, bytes, stamp)."""
    if entry.is_dir():
        files = []
        for path in sorted(entry.rglob("*")):
            if path.is_file() and not _skipped(path.relative_to(entry).parts):
                files.append((f"{entry.name}/{path.relative_to(entry).as_posix()}", path.read_bytes(),
                              path.stat().st_mtime))
        return entry.name, files, [] if files else [Unusable(entry.name, f"{entry.name}/", "an empty folder")]
    if entry.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(entry) as archive:
                files = []
                for info in archive.infolist():
                    inner = PurePosixPath(info.filename)
                    if info.is_dir() or _skipped(inner.parts):
                        continue
                    stamp = float(sum(v * m for v, m in zip(info.date_time, (1e10, 1e8, 1e6, 1e4, 1e2, 1))))
                    files.append((f"{entry.name}:{info.filename}", archive.read(info), stamp))
                return entry.stem, files, [] if files else [Unusable(entry.stem, entry.name, "an empty zip file")]
        except (zipfile.BadZipFile, OSError) as exc:
            return entry.stem, [], [Unusable(entry.stem, entry.name, f"not a readable zip file ({exc})")]
    student = entry.name.split("_", 1)[0] if "_" in entry.name else entry.stem
    return student, [(entry.name, entry.read_bytes(), entry.stat().st_mtime)], []


def _is_updated_copy(source: str) -> bool:
    """A copy the update command wrote beside a notebook the student changed (``03-histograms.updated.ipynb``)."""
    return re.search(r"\.updated(-\d+)?\.ipynb$", source) is not None


def _choose(entries: list[tuple[str, list[tuple[str, bytes, float]], list[Unusable]]],
            course: dict[str, set[str]]) -> tuple[list[Submission], list[Unusable]]:
    """Match each student's files to course notebooks; keep one per notebook (see :func:`collect`)."""
    chosen: dict[tuple[str, str], Submission] = {}
    unusable: list[Unusable] = []
    for student, files, problems in entries:
        unusable.extend(problems)
        for label, data, stamp in files:
            parsed = _parse(data)
            if isinstance(parsed, str):
                unusable.append(Unusable(student, label, parsed))
                continue
            name = _match(parsed, course)
            if name is None:
                unusable.append(Unusable(student, label, "not one of this course's exercise notebooks "
                                         "(no exercise of the course in it: another course's notebook?)"))
                continue
            new = Submission(student, name, label, parsed, stamp)
            old = chosen.get((student, name))
            if old is not None:
                # the student's own copy before the fresh one the update command wrote beside it; then the newer
                rank = {id(sub): (not _is_updated_copy(sub.source), sub.stamp) for sub in (new, old)}
                keep, drop = (new, old) if rank[id(new)] > rank[id(old)] else (old, new)
                unusable.append(Unusable(student, drop.source, f"a second copy of {name}; graded "
                                         f"{'the newer ' if keep.stamp >= drop.stamp else ''}{keep.source}"))
                new = keep
            chosen[(student, name)] = new
    return [chosen[key] for key in sorted(chosen)], unusable


def collect(folder: Path, course: dict[str, set[str]]) -> tuple[list[Submission], list[Unusable]]:
    """Find every usable submission in ``folder``; list every file that is not one.

    Parameters
    ----------
    folder : pathlib.Path
        The submissions, in any of the shapes described above.
    course : dict
        ``{course notebook file name: its exercise numbers}`` (from :func:`course_exercises`).

    Returns
    -------
    tuple
        ``(submissions, unusable)``: at most one submission per student and
        notebook (the newest; a student's own copy before a ``.updated.ipynb``
        the update command wrote beside it), sorted by student then notebook,
        and the files that could not be used, each with its reason.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"the submissions folder {folder} does not exist or is not a folder")
    entries = [_files_of(entry) for entry in sorted(folder.iterdir()) if not entry.name.startswith(".")]
    return _choose(entries, course)


def collect_homes(homes: Path, course: dict[str, set[str]], course_dir: str = "imgsim-course",
                  prefix: str = "") -> tuple[list[Submission], list[Unusable], list[str]]:
    """Collect straight from the students' home folders on a hub: ``HOMES/<user>/<course_dir>/notebooks/``.

    Parameters
    ----------
    homes : pathlib.Path
        The folder holding one home folder per user (``/home`` on The Littlest
        JupyterHub, the hub's state folder for ``make hub``).
    course : dict
        As for :func:`collect`.
    course_dir : str, optional
        The course's folder in each home (the ``targetpath`` of the hub link).
    prefix : str, optional
        Taken off the home folder's name to give the student's name
        (``jupyter-`` on The Littlest JupyterHub, whose users are ``jupyter-<name>``).

    Returns
    -------
    tuple
        ``(submissions, unusable, skipped)``, the first two as for
        :func:`collect` (a file is labelled ``alice/notebooks/03-histograms.ipynb``),
        and the home folders without the course folder (users who never
        opened the course link, or the instructor's own), which are not students here.
    """
    if not homes.is_dir():
        raise FileNotFoundError(f"the home folders' folder {homes} does not exist or is not a folder")
    entries, skipped = [], []
    for home in sorted(homes.iterdir()):
        if home.name.startswith(".") or not home.is_dir():
            continue
        notebooks = home / course_dir / "notebooks"
        if not notebooks.is_dir():
            skipped.append(home.name)
            continue
        student = home.name.removeprefix(prefix) or home.name
        files = [(f"{student}/{path.relative_to(home / course_dir).as_posix()}", path.read_bytes(),
                  path.stat().st_mtime)
                 for path in sorted(notebooks.rglob("*.ipynb"))
                 if path.is_file() and not _skipped(path.relative_to(notebooks).parts)]
        problems = [] if files else [Unusable(student, f"{home.name}/{course_dir}/notebooks/", "no notebook in it")]
        entries.append((student, files, problems))
    submissions, unusable = _choose(entries, course)
    return submissions, unusable, skipped
