"""The student bundle holds the course as students get it: no solution, and not the code that computes the
checks' expected results (its checks judge against stored data: see tests/test_answers_stay_hidden.py).

(``tests/install/test_student_bundle.py`` unzips it and runs its own ``make test``.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from imgsim_helpers.classroom.bundle import TOP, build_bundle
from imgsim_helpers.classroom.practice import solutions
from imgsim_helpers.exercises import BEGIN, END

#: What only maintainers and instructors change: `make test` runs it, a learner's `make check` leaves it out.
pytestmark = pytest.mark.maintainers

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    path = build_bundle(tmp_path_factory.mktemp("dist") / "imgsim-course-student.zip")
    with zipfile.ZipFile(path) as archive:
        return path, {name: archive.read(name) for name in archive.namelist()}


def _solution_lines() -> set[str]:
    """Every line of every solution in the source notebooks (signatures and docstrings aside)."""
    lines = {line.strip() for code in solutions().values() for line in code.splitlines()
             if line.strip() and not line.strip().startswith(("def ", '"""', BEGIN, END))}
    for path in SOURCES:
        for cell in nbformat.read(path, as_version=4).cells:
            if "<!-- BEGIN ANSWER -->" in cell.source:
                answer = cell.source.split("<!-- BEGIN ANSWER -->", 1)[1].split("<!-- END ANSWER -->", 1)[0]
                lines.update(line.strip() for line in answer.splitlines() if len(line.strip()) > 20)
    return lines


def test_it_holds_the_course_for_students(bundle):
    _, files = bundle
    names = set(files)
    for path in SOURCES:
        assert f"{TOP}/notebooks/{path.name}" in names
    for name in ("Makefile", "README.md", "requirements.txt", "pyproject.toml", "tools/make/course.mk",
                 "tools/check_python.py", "data/manifest.csv", "data/README.md", "data/opening/duck.jpg",
                 "imgsim_helpers/__init__.py", "imgsim_helpers/checks/__init__.py",
                 "imgsim_helpers/checks/nb03_histograms.py", "imgsim_helpers/expected_visible.json"):
        assert f"{TOP}/{name}" in names, name
    assert all(name.startswith(f"{TOP}/") for name in names)


def test_it_holds_nothing_of_the_instructors(bundle):
    _, files = bundle
    for name in files:
        part = name.split("/", 1)[1]
        assert not part.startswith(("docs/", "tests/", "grading/", "benchmarks/bench_grading.py",
                                    "benchmarks/bench_mistakes.py", "notebooks/.release",
                                    "imgsim_helpers/classroom/")), name
        assert "__pycache__" not in name and not name.endswith(".pyc"), name
    # imgsim_helpers/exercises.py is the student edition's own (only `update`), not the instructor's commands
    assert files[f"{TOP}/imgsim_helpers/exercises.py"] == (ROOT / "tools" / "student" / "exercises.py").read_bytes()


#: The helpers are the course's own readable implementations (``histogram`` normalises, the metrics
#: compute their formulas): learners are meant to read them, and some exercises rebuild one of them
#: (which is why using the helper scores 0). They are the one place a solution's idea may appear;
#: the checks (``imgsim_helpers/checks/``), which judge the answers, are held to the rule like everything else.
HELPER_MODULES = tuple(f"{TOP}/imgsim_helpers/{p.name}" for p in (ROOT / "imgsim_helpers").glob("*.py"))


def test_no_solution_appears_anywhere_in_it(bundle):
    _, files = bundle
    solutions = _solution_lines()
    assert len(solutions) >= 25
    for name, data in files.items():
        if not name.endswith((".ipynb", ".py", ".md", ".txt", ".toml", ".mk", "Makefile", ".csv")):
            continue
        if name in HELPER_MODULES:
            continue
        text = data.decode("utf-8")
        for marker in ("BEGIN SOLUTION", "SOLUTION ONLY", "BEGIN ANSWER", "SOURCE ONLY"):
            assert marker not in text, (name, marker)
        leaked = [line for line in solutions if line in text]
        assert not leaked, (name, leaked)


def test_its_notebooks_are_the_student_copies(bundle):
    _, files = bundle
    copy = nbformat.reads(files[f"{TOP}/notebooks/03-histograms.ipynb"].decode(), as_version=4)
    code = "\n".join(c.source for c in copy.cells if c.cell_type == "code")
    assert 'raise NotImplementedError("Exercise 3.1: write this function")' in code
    assert all(c.get("outputs", []) == [] for c in copy.cells if c.cell_type == "code")
    start = nbformat.reads(files[f"{TOP}/notebooks/00-start-here.ipynb"].decode(), as_version=4)
    assert "make lab-student" not in "\n".join(c.source for c in start.cells)   # a source-only remark


def test_it_is_the_same_bytes_every_time(bundle, tmp_path):
    path, _ = bundle
    again = build_bundle(tmp_path / "again.zip")
    assert again.read_bytes() == path.read_bytes()


def test_the_student_readme_gives_the_two_commands_and_the_helper_rule(bundle):
    _, files = bundle
    readme = files[f"{TOP}/README.md"].decode()
    assert "make lab " in readme and "make test " in readme
    assert "jupyter lab --LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb" in readme
    assert "scores 0" in readme
    makefile = files[f"{TOP}/Makefile"].decode()
    assert "include tools/make/course.mk" in makefile and "\ntest: " in makefile


def test_what_the_notebooks_point_to_is_in_the_bundle(bundle, tmp_path):
    """Sections of the README the notebooks cite, and every file a notebook or the README names."""
    _, files = bundle
    readme = files[f"{TOP}/README.md"].decode()
    for title in ("Set-up", "What the course finds", "Finding near-duplicates, measured", "The photos",
                  "Your own photos", "Speed"):
        assert f"\n## {title}\n" in readme, title
    assert "bench_grading" not in readme and "Grading a class" not in readme
    measured = files[f"{TOP}/MEASURED.md"].decode()    # the benchmark tables: linked, not inlined
    for title in ("Finding near-duplicates, measured", "Speed"):
        assert f"\n## {title}\n" in measured and "(MEASURED.md#" in readme.split(f"\n## {title}\n", 1)[1][:400]
    assert "| method |" not in readme and "| method |" in measured
    assert len(readme.encode()) < len(measured.encode()) + 12_000
    assert "bench_grading" not in measured and "Grading a class" not in measured
    names = {name.split("/", 1)[1] for name in files}
    folders = {"/".join(name.split("/")[:k]) for name in names for k in range(1, name.count("/") + 1)}
    tops = ("data/", "imgsim_helpers/", "notebooks/", "benchmarks/", "tools/", "tests/", "docs/", "grading/")
    texts = {"README.md": readme}
    for name in names:
        if name.startswith("notebooks/") and name.endswith(".ipynb"):
            texts[name] = "\n".join(c.source for c in nbformat.reads(files[f"{TOP}/{name}"].decode(),
                                                                      as_version=4).cells)
    for where, text in texts.items():
        for path in re.findall(r"(?:\.\./)?[\w.-]+(?:/[\w.-]+)+", text):
            path = path.removeprefix("../")
            if not path.startswith(tops) or "*" in path or path.startswith("data/<") or "no-such" in path:
                continue
            path = path.rstrip(".")
            assert path in names or path.rstrip("/") in folders, f"{where} names {path}, which the bundle lacks"


def test_its_checks_judge_and_hint_without_the_instructors_code(bundle, tmp_path):
    """The bundle's checks judge the visible inputs from the stored expected results alone."""
    path, _ = bundle
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path)
    script = ("import numpy as np\nfrom imgsim_helpers.checks import check\n"
              "check('4.2', lambda image, amount: np.clip(image.astype(int) + amount, 0, 255).astype(np.uint8))\n"
              "check('4.2', lambda image, amount: image + np.uint8(amount % 256))\n"
              "check('2.1', 1080 * 1920 * 4)\n"
              "import sys, imgsim_helpers.checks as checks\n"
              "print(checks.__file__, 'imgsim_helpers.classroom.expected' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path / TOP,
                            env={**os.environ, "PYTHONPATH": str(tmp_path / TOP)}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "\u2714 Exercise 4.2: all tests passed.",
        "\u2718 Exercise 4.2: not yet. Hint: values wrapped around (250 + 10 gave 4): uint8 has no 260. Compute in "
        "a wider type, then keep the values within 0-255",
        "\u2718 Exercise 2.1: not yet. Hint: a colour photo has 3 channels (red, green, blue), not 4",
        f"{tmp_path.resolve() / TOP / 'imgsim_helpers' / 'checks' / '__init__.py'} False"]   # the bundle's, alone
