"""Student copies of the notebooks: solutions replaced by stubs (used by ``release`` and the bundle).

The notebooks in ``notebooks/`` are the single source: each exercise's
solution sits between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` (in code)
or ``<!-- BEGIN ANSWER -->`` and ``<!-- END ANSWER -->`` (in Markdown), and
cells that start with ``# SOLUTION ONLY`` exist only for the instructor's
copy. :func:`release` writes ``student/`` with:

* each solution replaced by a stub that says what to write
  (``name = ...`` for a value, the function's signature and docstring with
  ``raise NotImplementedError(...)`` for a function);
* written answers replaced by a prompt to write one;
* ``# SOLUTION ONLY`` cells removed, Markdown between ``<!-- SOURCE ONLY -->``
  and ``<!-- END SOURCE ONLY -->`` removed, and every output cleared.

It records a hash of each file it writes in ``student/.release.json`` and
never overwrites a student copy that was edited since (unless ``force``),
so re-running it cannot destroy a learner's work. When the source gained an
exercise since, the new exercise's cells are added to the edited copy at
their place (found by cell id), keeping everything the learner wrote; if the
copy has no cell ids to place them by, a fresh copy is written beside it as
``<name>-updated.ipynb``.
"""


from __future__ import annotations

import ast
import hashlib
import json
import re
from pathlib import Path

import nbformat

__all__ = ["ANSWER_PROMPT", "add_new_exercises", "exercise_ids", "exercise_order", "release", "student_notebook",
           "stub_for"]

ROOT = Path(__file__).resolve().parent.parent.parent
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
ANSWER = re.compile(r"<!-- BEGIN ANSWER -->.*?<!-- END ANSWER -->", re.DOTALL)
SOURCE_ONLY = re.compile(r"\n?<!-- SOURCE ONLY -->.*?<!-- END SOURCE ONLY -->", re.DOTALL)
HEADING = re.compile(r"^#+\s*Exercise\s+(\d+\.\d+)", re.MULTILINE)
CHECK = re.compile(r"""check\(\s*["'](\d+\.\d+)["']""")
#: What a student copy shows where a written answer goes.
ANSWER_PROMPT = "*Your answer (double-click this cell to write in it):*"
SOLUTION_ONLY = "# SOLUTION ONLY"
RECORD = ".release.json"


def stub_for(solution: str, number: str) -> str:
    """The stub that replaces a solution: what to write, with the answer taken out.

    Parameters
    ----------
    solution : str
        The Python code between the solution markers.
    number : str
        The exercise's number, used in the stub's message.

    Returns
    -------
    str
        ``name = ...`` for each assigned name; for each function, its
        ``def`` line and docstring followed by ``raise NotImplementedError``.
    """
    lines = solution.splitlines()
    stubs = []
    for node in ast.parse(solution).body:
        if isinstance(node, ast.FunctionDef):
            header = lines[node.lineno - 1]
            indent = " " * (node.col_offset + 4)
            stubs.append(header)
            docstring = ast.get_docstring(node, clean=False)
            if docstring is not None:
                first = node.body[0]
                stubs.extend(lines[first.lineno - 1:first.end_lineno])
            stubs.append(f'{indent}raise NotImplementedError("Exercise {number}: write this function")')
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                stubs.append(f"{ast.unparse(target)} = ...  # Exercise {number}: replace ... with your answer")
    return "\n".join(stubs)


def _strip_solutions(source: str, number: str) -> str:
    """Replace every BEGIN/END SOLUTION region of a code cell with its stub."""
    out, region, inside = [], [], False
    for line in source.splitlines():
        if line.strip() == BEGIN:
            inside, region = True, []
        elif line.strip() == END:
            inside = False
            out.append(stub_for("\n".join(region), number))
        elif inside:
            region.append(line)
        else:
            out.append(line)
    if inside:
        raise ValueError(f"exercise {number}: '{BEGIN}' without '{END}'")
    return "\n".join(out)


def student_notebook(source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student copy of one source notebook (the source is not changed).

    Parameters
    ----------
    source : nbformat.NotebookNode
        A notebook read with ``nbformat.read``.

    Returns
    -------
    nbformat.NotebookNode
        The copy with solutions stubbed, answers blanked, solution-only cells
        removed and outputs cleared.
    """
    copy = nbformat.from_dict(json.loads(json.dumps(source)))
    cells, number = [], "?"
    for cell in copy.cells:
        if cell.cell_type == "markdown":
            found = HEADING.findall(cell.source)
            number = found[-1] if found else number
            cell.source = SOURCE_ONLY.sub("", ANSWER.sub(ANSWER_PROMPT, cell.source))
        elif cell.cell_type == "code":
            if cell.source.lstrip().startswith(SOLUTION_ONLY):
                continue
            if BEGIN in cell.source:
                cell.source = _strip_solutions(cell.source, number)
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    copy.cells = cells
    return copy


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def exercise_ids(notebook: nbformat.NotebookNode) -> set[str]:
    """The exercise numbers a notebook holds (check calls and ``### Exercise N.M`` headings)."""
    found: set[str] = set()
    for cell in notebook.cells:
        found.update(CHECK.findall(cell.source) if cell.cell_type == "code" else HEADING.findall(cell.source))
    return found


def exercise_order(number: str) -> tuple[int, ...]:
    """Sort key for exercise numbers: ``"3.10"`` comes after ``"3.2"``."""
    return tuple(int(part) for part in number.split("."))


def _block_end(cells: list, start: int) -> int:
    """One past the last cell of the exercise whose heading is ``cells[start]``."""
    end = start + 1
    while end < len(cells):
        source = cells[end].source
        if (cells[end].cell_type == "markdown" and (HEADING.search(source) or source.lstrip().startswith(("## ",
                "Your progress")))) or "check_all(" in source or source.lstrip().startswith(SOLUTION_ONLY):
            break
        end += 1
    return end


def add_new_exercises(edited: nbformat.NotebookNode, fresh: nbformat.NotebookNode
                      ) -> tuple[nbformat.NotebookNode | None, list[str]]:
    """Add the exercises of ``fresh`` that ``edited`` lacks, at their place, keeping the rest of ``edited``.

    Parameters
    ----------
    edited : nbformat.NotebookNode
        A learner's copy (not changed).
    fresh : nbformat.NotebookNode
        The new student copy, from the current source.

    Returns
    -------
    tuple
        ``(merged, numbers)``: the copy with the new exercises' cells added
        after the cell that precedes them in ``fresh`` (found by cell id), and
        the numbers added. ``merged`` is None when a new exercise cannot be
        placed (the learner's copy has none of the cell ids before it).
    """
    new = sorted(exercise_ids(fresh) - exercise_ids(edited), key=exercise_order)
    merged = nbformat.from_dict(json.loads(json.dumps(edited)))
    if not new:
        return merged, []
    for number in new:
        start = next(i for i, c in enumerate(fresh.cells)
                     if c.cell_type == "markdown" and number in HEADING.findall(c.source))
        block = fresh.cells[start:_block_end(fresh.cells, start)]
        ids = [c.get("id") for c in merged.cells]
        anchor = next((ids.index(c.get("id")) for c in reversed(fresh.cells[:start]) if c.get("id") in ids), None)
        if anchor is None:
            return None, new
        merged.cells[anchor + 1:anchor + 1] = [nbformat.from_dict(json.loads(json.dumps(c))) for c in block]
    return merged, new


def release(source_dir: Path = ROOT / "notebooks", out_dir: Path = ROOT / "student",
            force: bool = False) -> dict[str, list[str]]:
    """Write the student copies of every notebook in ``source_dir`` to ``out_dir``.

    Parameters
    ----------
    source_dir : pathlib.Path
        The source notebooks (with solutions).
    out_dir : pathlib.Path
        Where the student copies go; created if missing.
    force : bool, optional
        Overwrite student copies even if they were edited since the last
        release.

    Returns
    -------
    dict
        File names under ``"written"``, ``"unchanged"`` (already identical),
        ``"kept"`` (edited by a learner, nothing new to add), ``"added"``
        (edited, new exercises added in place: ``"name: 3.4, 3.5"``) and
        ``"updated copy"`` (edited, new exercises written to ``<name>-updated.ipynb``).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    record_path = out_dir / RECORD
    record = json.loads(record_path.read_text()) if record_path.exists() else {}
    report: dict[str, list[str]] = {"written": [], "unchanged": [], "kept": [], "added": [], "updated copy": []}
    for path in sorted(source_dir.glob("*.ipynb")):
        fresh = student_notebook(nbformat.read(path, as_version=4))
        text = nbformat.writes(fresh) + "\n"
        target = out_dir / path.name
        if target.exists():
            current = target.read_text(encoding="utf-8")
            if current == text:
                report["unchanged"].append(path.name)
                record[path.name] = _digest(text)
                continue
            if not force and _digest(current) != record.get(path.name):
                try:
                    edited = nbformat.reads(current, as_version=4)
                except Exception:  # not a readable notebook any more: keep it untouched, say so
                    report["kept"].append(path.name)
                    continue
                merged, numbers = add_new_exercises(edited, fresh)
                if not numbers:
                    report["kept"].append(path.name)
                elif merged is not None:
                    target.write_text(nbformat.writes(merged) + "\n", encoding="utf-8")
                    report["added"].append(f"{path.name}: {', '.join(numbers)}")
                else:
                    extra = target.with_name(f"{target.stem}-updated.ipynb")
                    extra.write_text(text, encoding="utf-8")
                    record[extra.name] = _digest(text)
                    report["updated copy"].append(f"{extra.name} (new: {', '.join(numbers)})")
                continue
        target.write_text(text, encoding="utf-8")
        record[path.name] = _digest(text)
        report["written"].append(path.name)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return report
