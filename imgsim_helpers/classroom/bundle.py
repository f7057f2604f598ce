"""The student bundle: the course as students get it, with no solution in it.

``make student-bundle`` (``python -m imgsim_helpers.exercises bundle``) writes
``dist/imgsim-course-student.zip`` holding:

* ``notebooks/``: the student copies (solutions replaced by stubs, written
  answers blanked, outputs cleared), under the course's own file names;
* ``imgsim_helpers/``: the helpers, without the instructor's tools
  (``classroom/`` and ``exercises.py``); its checks judge against the expected
  results stored in ``expected_visible.json``, as the code that computes them
  (``classroom/expected.py``) stays behind;
* ``data/`` with the scripts that rebuild it, ``benchmarks/`` (the notebooks cite them),
  ``requirements.txt``, ``pyproject.toml`` and the shared make rules; ``runtime.txt`` and
  ``postBuild``, with which Binder (repo2docker) builds the student edition's repository;
* ``.course-release.json``: the fingerprint of every file and notebook cell, with which
  ``python -m imgsim_helpers.update NEW.zip`` updates a learner's folder to a later bundle
  without losing their work (:mod:`imgsim_helpers.update`);
* a ``Makefile`` and a ``README.md`` for students: ``tools/student/README.md``, followed by
  the course README's sections a learner reads (what the course finds, the photos, speed).

Left out on purpose: the solution notebooks, ``docs/`` (the instructor guide),
``tests/`` (they hold solutions), ``grading/`` (the hidden tests), the grader and its
benchmark, and the benchmark of the checks' hints (it runs a catalogue of mistakes in ``tests/``).
The zip is deterministic: the same course gives the same bytes.

The same files also go into a git repository, ``dist/imgsim-course-student-git/``, one commit
per release: the edition a JupyterHub pulls with nbgitpuller (:mod:`.hub`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from ..update import MANIFEST, manifest_of
from .release import ROOT, RECORD, release

TOP = "imgsim-course"
#: Files and folders of the course copied as they are.
COPIED = ["data", "requirements.txt", "runtime.txt", "postBuild", "pyproject.toml", "tools/make", "tools/check_python.py",
          "tools/build_data.py", "tools/evaluation_set.py", "tools/rcc.py", "tools/course_map.py", "tools/course_map.toml",
          "tools/study_time.py", "benchmarks"]
#: Files of COPIED folders that are the instructor's (the grading benchmark needs the grader; the mistakes
#: benchmark runs the catalogue of typical mistakes in tests/, which stays behind).
LEFT_OUT = ("bench_grading.py", "bench_mistakes.py")
#: Sections of the course README that the student README carries too (the notebooks refer to them).
README_SECTIONS = ["The course map", "What the course finds", "Finding near-duplicates, measured", "The photos", "Your own photos",
                   "Speed"]
#: Of those, the benchmark tables: in the student README a short section links to MEASURED.md, which holds them.
MEASURED = {"Finding near-duplicates, measured": "how well and how fast the duplicate finder of notebook 18 works",
            "Speed": "how fast the course's helpers are, and how much memory they use"}
#: Parts of the helpers that are the instructor's, not the students'.
INSTRUCTOR_ONLY = ("classroom", "exercises.py", "__pycache__", "*.pyc")


def stage(folder: Path, course: Path = ROOT) -> Path:
    """Lay the student course out in ``folder / TOP``; return that folder."""
    top = folder / TOP
    release(course / "notebooks", top / "notebooks")
    (top / "notebooks" / RECORD).unlink()
    shutil.copytree(course / "imgsim_helpers", top / "imgsim_helpers",
                    ignore=shutil.ignore_patterns(*INSTRUCTOR_ONLY))
    # in its place, the student edition's own: only `update`, which brings the folder to a new release
    shutil.copy2(course / "tools" / "student" / "exercises.py", top / "imgsim_helpers" / "exercises.py")
    for name in COPIED:
        source = course / name
        if source.is_dir():
            shutil.copytree(source, top / name, ignore=shutil.ignore_patterns("__pycache__", *LEFT_OUT))
        elif source.exists():
            (top / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, top / name)
    shutil.copy2(course / "tools" / "student" / "Makefile", top / "Makefile")
    readme = (course / "tools" / "student" / "README.md").read_text(encoding="utf-8")
    sections = course_readme_sections(course)
    short = [_linked(part) if part.split("\n", 1)[0][3:] in MEASURED else part for part in sections]
    (top / "README.md").write_text(readme.rstrip() + "\n\n" + "\n\n".join(short) + "\n", encoding="utf-8")
    measured = [part for part in sections if part.split("\n", 1)[0][3:] in MEASURED]
    (top / "MEASURED.md").write_text("# Measured\n\nThe numbers the README's sections link to, as measured by "
                                     "the scripts in `benchmarks/` (run them to measure your own computer).\n\n"
                                     + "\n\n".join(measured) + "\n", encoding="utf-8")
    # The release's fingerprints: `python -m imgsim_helpers.update` tells a learner's changes from the course's.
    (top / MANIFEST).write_text(json.dumps(manifest_of(top), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return top


def _linked(section: str) -> str:
    """A README section replaced by one paragraph that links to its full text in MEASURED.md."""
    title = section.split("\n", 1)[0][3:]
    anchor = "".join(c for c in title.lower().replace(" ", "-") if c.isalnum() or c == "-")
    return (f"## {title}\n\nThe measurements of {MEASURED[title]}, with their tables and the commands that "
            f"repeat them on your computer, are in [MEASURED.md](MEASURED.md#{anchor}).")


def course_readme_sections(course: Path = ROOT) -> list[str]:
    """The sections of the course README named in :data:`README_SECTIONS`, in order (the grader's timing left out)."""
    text = (course / "README.md").read_text(encoding="utf-8")
    parts = []
    for title in README_SECTIONS:
        start = text.index(f"\n## {title}\n") + 1
        end = text.find("\n## ", start + 3)
        section = text[start:end if end != -1 else len(text)].rstrip()
        if "**Grading a class**" in section:   # the grader is not in the student bundle
            before, after = section.split("**Grading a class**", 1)
            section = before + after[after.index("\n**"):].lstrip("\n")
        parts.append(section)
    return parts


def _write_zip(top: Path, out: Path) -> Path:
    """Zip the staged folder ``top`` into ``out``, the same bytes for the same files."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(top.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(str(path.relative_to(top.parent).as_posix()), (2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (0o755 if path.suffix == ".sh" else 0o644) << 16
                archive.writestr(info, path.read_bytes())
    return out


def build_bundle(out: Path, course: Path = ROOT) -> Path:
    """Write the student bundle zip to ``out`` (folders created as needed); return its path."""
    with tempfile.TemporaryDirectory() as tmp:
        return _write_zip(stage(Path(tmp), course), out)


def build_editions(out: Path, git_repo: Path | None, course: Path = ROOT,
                   warnings: list[str] | None = None) -> tuple[Path, str | None, bool]:
    """The student bundle zip at ``out`` and, unless ``git_repo`` is None, the same files as a git commit there.

    Returns ``(zip path, commit or None, whether a new commit was made)``; see :mod:`.hub` for the git edition,
    which a JupyterHub pulls with nbgitpuller. The changes that students who already answered will not
    receive on the hub (:func:`.hub.unseen_changes`) are appended to ``warnings`` when it is given.
    """
    from .hub import unseen_changes, write_git_edition

    with tempfile.TemporaryDirectory() as tmp:
        top = stage(Path(tmp), course)
        _write_zip(top, out)
        if git_repo is None:
            return out, None, False
        if warnings is not None and (git_repo / ".git").exists():
            warnings.extend(unseen_changes(git_repo, top))
        commit, changed = write_git_edition(top, git_repo)
    return out, commit, changed
