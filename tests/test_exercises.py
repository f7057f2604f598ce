"""The student copies: generated from the source notebooks, deterministic, free of
solutions, runnable with every exercise unsolved, and never overwriting a learner's work."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from imgsim_helpers.exercises import BEGIN, END, release, stub_for

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "notebooks").glob("*.ipynb"))
CORE = [p for p in SOURCES if p.name[:2] in {"01", "02", "03", "04", "05", "08"}]  # notebooks with exercises


@pytest.fixture(scope="module")
def student_dir():
    """A release in a temporary folder beside notebooks/, so ../data paths still work."""
    folder = Path(tempfile.mkdtemp(prefix=".student-test-", dir=ROOT))
    release(ROOT / "notebooks", folder)
    yield folder
    shutil.rmtree(folder)


def _solutions(path: Path) -> list[str]:
    """Every solution line of a source notebook (code between the markers)."""
    lines = []
    for cell in nbformat.read(path, as_version=4).cells:
        inside = False
        for line in cell.source.splitlines():
            if line.strip() == BEGIN:
                inside = True
            elif line.strip() == END:
                inside = False
            elif inside:
                lines.append(line.strip())
    return lines


def test_every_core_notebook_has_at_least_three_exercises():
    for path in CORE:
        text = path.read_text()
        assert len(set(re.findall(r"### Exercise (\d+\.\d+)", text))) >= 3, path.name
        assert text.count(BEGIN) >= 3 and text.count(BEGIN) == text.count(END), path.name


def test_release_is_deterministic(student_dir):
    again = Path(tempfile.mkdtemp(prefix=".student-test-", dir=ROOT))
    try:
        release(ROOT / "notebooks", again)
        for path in SOURCES:
            assert (again / path.name).read_bytes() == (student_dir / path.name).read_bytes()
    finally:
        shutil.rmtree(again)


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_student_copy_contains_no_solution(path, student_dir):
    student = nbformat.read(student_dir / path.name, as_version=4)
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    markdown = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
    assert BEGIN not in code and END not in code and "SOLUTION ONLY" not in code
    assert "BEGIN ANSWER" not in markdown and "**Answer:**" not in markdown
    for line in _solutions(path):
        if line.startswith(("def ", '"""')):
            continue  # signatures and docstrings are kept on purpose: they say what to write
        assert line not in code, f"solution line leaked into the student copy: {line}"
    assert "NotImplementedError" in code or "= ...  # Exercise" in code


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_student_copy_is_clean(path, student_dir):
    student = nbformat.read(student_dir / path.name, as_version=4)
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_student_copies_run_top_to_bottom_unsolved(student_dir):
    """Every student copy executes under nbval with all exercises left as stubs."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-current-env", "--nbval-cell-timeout=300", str(student_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "not done yet" not in result.stdout or "failed" not in result.stdout


def test_edited_copy_is_kept_unless_forced():
    folder = Path(tempfile.mkdtemp(prefix=".student-test-", dir=ROOT))
    try:
        first = release(ROOT / "notebooks", folder)
        assert len(first["written"]) == len(SOURCES)
        edited = folder / CORE[0].name
        edited.write_text(edited.read_text().replace("replace ... with your answer", "my work"))
        mine = edited.read_text()
        second = release(ROOT / "notebooks", folder)
        assert second["kept"] == [CORE[0].name]
        assert len(second["unchanged"]) == len(SOURCES) - 1
        assert edited.read_text() == mine
        forced = release(ROOT / "notebooks", folder, force=True)
        assert forced["written"] == [CORE[0].name]
        assert edited.read_text() != mine
    finally:
        shutil.rmtree(folder)


def test_command_line_reports_kept_files():
    folder = Path(tempfile.mkdtemp(prefix=".student-test-", dir=ROOT))
    try:
        command = [sys.executable, "-m", "imgsim_helpers.exercises", "release", "--out", str(folder)]
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        (folder / CORE[1].name).write_text("{}")
        out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
        assert f"KEPT      {folder / CORE[1].name}" in out and "--force" in out
    finally:
        shutil.rmtree(folder)


def test_stub_for_values_and_functions():
    assert stub_for("x = 1 + 2", "9.1") == "x = ...  # Exercise 9.1: replace ... with your answer"
    stub = stub_for('def f(a, b):\n    """Say what f does."""\n    return a + b', "9.2")
    assert stub.splitlines() == ['def f(a, b):', '    """Say what f does."""',
                                 '    raise NotImplementedError("Exercise 9.2: write this function")']
