"""The student copies: generated from the source notebooks, deterministic, free of
solutions, and never overwriting a learner's work; a new exercise reaches an edited copy.
(tests/install/test_student_bundle.py runs every student copy top to bottom, unsolved.)"""

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

#: What only maintainers and instructors change: `make test` runs it, a learner's `make check` leaves it out.
pytestmark = pytest.mark.maintainers

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


def _source_with_a_new_exercise(folder: Path) -> Path:
    """A copy of the source notebooks where notebook 03 gained exercise 3.4 after 3.3."""
    shutil.copytree(ROOT / "notebooks", folder)
    path = folder / "03-histograms.ipynb"
    nb = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if 'check("3.3"' in c.source) + 1
    new = [nbformat.v4.new_markdown_cell("### Exercise 3.4: the emptiest bin\n\nStore in `emptiest` ..."),
           nbformat.v4.new_code_cell(f"{BEGIN}\nemptiest = int(hist16.argmin())\n{END}"),
           nbformat.v4.new_code_cell('check("3.4", emptiest)')]
    for k, cell in enumerate(new):
        cell.id = f"c03-new-{k}"
    nb.cells[at:at] = new
    nbformat.write(nb, path)
    return folder


def test_a_new_exercise_is_added_to_an_edited_copy_keeping_the_work(tmp_path):
    out = tmp_path / "student"
    release(ROOT / "notebooks", out)
    copy = out / "03-histograms.ipynb"
    mine = nbformat.read(copy, as_version=4)
    answer = next(c for c in mine.cells if "Exercise 3.1: write this function" in c.source)
    answer.source = "def red_histogram(image):\n    return 'my own work'"
    nbformat.write(mine, copy)

    report = release(_source_with_a_new_exercise(tmp_path / "source"), out)
    assert report["added"] == ["03-histograms.ipynb: 3.4"] and report["kept"] == []
    merged = nbformat.read(copy, as_version=4)
    sources = [c.source for c in merged.cells]
    assert "def red_histogram(image):\n    return 'my own work'" in sources      # the learner's work is kept
    at = next(i for i, s in enumerate(sources) if s.startswith("### Exercise 3.4"))
    assert 'check("3.3"' in sources[at - 1]                                       # right after exercise 3.3
    assert sources[at + 1].startswith("emptiest = ...") and sources[at + 2] == 'check("3.4", emptiest)'
    assert "BEGIN SOLUTION" not in "".join(sources) and "argmin" not in "".join(sources)
    again = release(tmp_path / "source", out)                                     # nothing more to add
    assert again["kept"] == ["03-histograms.ipynb"] and again["added"] == []


def test_an_edited_copy_without_cell_ids_gets_an_updated_copy_beside_it(tmp_path, capsys):
    out = tmp_path / "student"
    release(ROOT / "notebooks", out)
    copy = out / "03-histograms.ipynb"
    old = nbformat.read(copy, as_version=4)
    old.nbformat_minor = 4                          # an editor that writes notebooks without cell ids
    for cell in old.cells:
        cell.pop("id", None)
        cell.source = cell.source.replace("replace ... with your answer", "my work")
    text = nbformat.writes(old)
    copy.write_text(text)
    source = _source_with_a_new_exercise(tmp_path / "source")
    from imgsim_helpers.exercises import main
    assert main(["release", "--source", str(source), "--out", str(out)]) == 0
    assert copy.read_text() == text                                                # untouched
    updated = nbformat.read(out / "03-histograms-updated.ipynb", as_version=4)
    assert any(c.source.startswith("### Exercise 3.4") for c in updated.cells)
    printed = capsys.readouterr().out
    assert f"NEW COPY  {out / '03-histograms-updated.ipynb'} (new: 3.4)" in printed
