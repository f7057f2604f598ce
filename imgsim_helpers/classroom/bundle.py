"""The student bundle: the course as students get it, with no answer in it.

``make student-bundle`` (``python -m imgsim_helpers.exercises bundle``) writes
``dist/imgsim-course-student.zip`` holding:

* ``notebooks/``: the student copies (solutions replaced by stubs, written
  answers blanked, outputs cleared), under the course's own file names;
* ``imgsim_helpers/``: the helpers, without the instructor's tools
  (``classroom/`` and ``exercises.py``);
* ``data/``, ``requirements.txt``, ``pyproject.toml`` and the shared make rules;
* a ``Makefile`` and a ``README.md`` written for students (from ``tools/student/``).

Left out on purpose: the solution notebooks, ``docs/`` (the instructor guide),
``tests/`` (they hold solutions), ``grading/`` (the hidden tests), ``benchmarks/``
and ``tools/``. The zip is deterministic: the same course gives the same bytes.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from .release import RECORD, release

ROOT = Path(__file__).resolve().parent.parent.parent
TOP = "imgsim-course"
#: Files and folders of the course copied as they are.
COPIED = ["data", "requirements.txt", "pyproject.toml", "tools/make"]
#: Parts of the helpers that are the instructor's, not the students'.
INSTRUCTOR_ONLY = ("classroom", "exercises.py", "__pycache__", "*.pyc")


def stage(folder: Path, course: Path = ROOT) -> Path:
    """Lay the student course out in ``folder / TOP``; return that folder."""
    top = folder / TOP
    release(course / "notebooks", top / "notebooks")
    (top / "notebooks" / RECORD).unlink()
    shutil.copytree(course / "imgsim_helpers", top / "imgsim_helpers",
                    ignore=shutil.ignore_patterns(*INSTRUCTOR_ONLY))
    for name in COPIED:
        source = course / name
        if source.is_dir():
            shutil.copytree(source, top / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            (top / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, top / name)
    for name in ("Makefile", "README.md"):
        shutil.copy2(course / "tools" / "student" / name, top / name)
    return top


def build_bundle(out: Path, course: Path = ROOT) -> Path:
    """Write the student bundle zip to ``out`` (folders created as needed); return its path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        top = stage(Path(tmp), course)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(top.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo(str(path.relative_to(top.parent).as_posix()), (2026, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = (0o755 if path.suffix == ".sh" else 0o644) << 16
                    archive.writestr(info, path.read_bytes())
    return out
