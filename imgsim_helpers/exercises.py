"""Make the student copies of the notebooks: ``python -m imgsim_helpers.exercises release``.

The notebooks in ``notebooks/`` are the single source: each exercise's
solution sits between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` (in code)
or ``<!-- BEGIN ANSWER -->`` and ``<!-- END ANSWER -->`` (in Markdown), and
cells that start with ``# SOLUTION ONLY`` exist only for the instructor's
copy. ``release`` writes ``student/`` with:

* each solution replaced by a stub that says what to write
  (``name = ...`` for a value, the function's signature and docstring with
  ``raise NotImplementedError(...)`` for a function);
* written answers replaced by "*Your answer:*";
* ``# SOLUTION ONLY`` cells removed, and every output cleared.

It records a hash of each file it writes in ``student/.release.json`` and
never overwrites a student copy that was edited since (unless ``--force``),
so re-running it cannot destroy a learner's work.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import sys
from pathlib import Path

import nbformat

__all__ = ["release", "student_notebook", "stub_for"]

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
ANSWER = re.compile(r"<!-- BEGIN ANSWER -->.*?<!-- END ANSWER -->", re.DOTALL)
HEADING = re.compile(r"^#+\s*Exercise\s+(\d+\.\d+)", re.MULTILINE)
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
            cell.source = ANSWER.sub("*Your answer:* ", cell.source)
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
        ``{"written": [...], "unchanged": [...], "kept": [...]}``: file names
        written, already identical, and kept because a learner edited them.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    record_path = out_dir / RECORD
    record = json.loads(record_path.read_text()) if record_path.exists() else {}
    report: dict[str, list[str]] = {"written": [], "unchanged": [], "kept": []}
    for path in sorted(source_dir.glob("*.ipynb")):
        text = nbformat.writes(student_notebook(nbformat.read(path, as_version=4))) + "\n"
        target = out_dir / path.name
        if target.exists():
            current = target.read_text(encoding="utf-8")
            if current == text:
                report["unchanged"].append(path.name)
                record[path.name] = _digest(text)
                continue
            if not force and _digest(current) != record.get(path.name):
                report["kept"].append(path.name)
                continue
        target.write_text(text, encoding="utf-8")
        record[path.name] = _digest(text)
        report["written"].append(path.name)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m imgsim_helpers.exercises release [--force]``."""
    parser = argparse.ArgumentParser(prog="python -m imgsim_helpers.exercises",
                                     description="Make the student copies of the course notebooks.")
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="write student/ from notebooks/ (solutions replaced by stubs)")
    rel.add_argument("--source", type=Path, default=ROOT / "notebooks", help="source notebooks (default: notebooks/)")
    rel.add_argument("--out", type=Path, default=ROOT / "student", help="output folder (default: student/)")
    rel.add_argument("--force", action="store_true", help="overwrite student copies even if they were edited")
    args = parser.parse_args(argv)
    report = release(args.source, args.out, force=args.force)
    for name in report["written"]:
        print(f"wrote     {args.out / name}")
    for name in report["unchanged"]:
        print(f"unchanged {args.out / name}")
    for name in report["kept"]:
        print(f"KEPT      {args.out / name}: edited since the last release; --force overwrites it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
