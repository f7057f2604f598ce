"""Pair flags: students who handed in the same code, or the same written answer, for an exercise.

Code is compared after normalising it: parsed with :mod:`ast` (so comments,
blank lines and spacing do not count), docstrings dropped, and the names the
answer itself binds (its variables, parameters and functions) renamed in the
order they appear, so ``def f(img): total = img.sum()`` and ``def f(image):
s = image.sum()`` are the same code. Names it only uses (``np``, ``len``, the
notebook's ``img``) are kept. A written answer is compared with its spacing
and case normalised.

Not every match means anything, so these never count:

* a stub left as the student copy has it, and an empty answer;
* the course's own solution (students who find it on their own agree);
* code of fewer than :data:`MIN_NODES` syntax-tree nodes (``growth = 4``:
  there are only so many ways to write it);
* an answer shared by more than ``max_group`` students: a common answer (a
  typical mistake many make on their own), not a pair.

The flags are for the instructor to look at ("3.3: same code as bob"), in the
gradebook and the class report; the students' feedback pages do not show them.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import nbformat

from .release import CHECK, HEADING, exercise_order, student_notebook

__all__ = ["MIN_NODES", "answer_code", "class_pair_flags", "course_answers", "normalise_code", "normalise_text",
           "pair_flags"]

#: Code smaller than this (in syntax-tree nodes) is too short to tell copying from agreement.
MIN_NODES = 20


def answer_code(notebook: nbformat.NotebookNode, number: str) -> str | None:
    """The code cells between exercise ``number``'s heading and its check cell (None: no such exercise)."""
    start = None
    for index, cell in enumerate(notebook.cells):
        if start is None:
            if cell.cell_type == "markdown" and number in HEADING.findall(cell.source):
                start = index
            continue
        if cell.cell_type == "code" and number in CHECK.findall(cell.source):
            return "\n".join(c.source for c in notebook.cells[start + 1:index] if c.cell_type == "code")
        if cell.cell_type == "markdown" and HEADING.search(cell.source):
            break
    return None


class _Renamer(ast.NodeTransformer):
    """Rename the names a piece of code binds to ``v0``, ``v1``, ... in order of appearance."""

    def __init__(self, bound: set[str]) -> None:
        self.bound = bound
        self.names: dict[str, str] = {}

    def _new(self, name: str) -> str:
        if name not in self.bound:
            return name
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self._new(node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg, node.annotation = self._new(node.arg), None
        return node

    def _function(self, node):
        node.name = self._new(node.name)
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
        node.returns = None
        self.generic_visit(node)
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _function

    def visit_alias(self, node: ast.alias) -> ast.alias:
        if node.asname:
            node.asname = self._new(node.asname)
        return node


def _bound_names(tree: ast.AST) -> set[str]:
    """The names ``tree`` binds: assigned, parameters, functions, classes, ``import ... as``."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.alias) and node.asname:
            bound.add(node.asname)
    return bound


def normalise_code(source: str) -> tuple[str, int]:
    """A form of ``source`` that ignores comments, spacing, docstrings and the names it binds.

    Returns
    -------
    tuple
        ``(form, size)``: two answers with the same form are the same code;
        ``size`` is the number of syntax-tree nodes (0 for code that does not
        parse, whose form is its lines without comments and spacing).

    Examples
    --------
    >>> a, _ = normalise_code("def f(img):\\n    total = img.sum()  # add\\n    return total")
    >>> b, _ = normalise_code("def g(image):\\n\\n    s = image.sum()\\n    return s")
    >>> a == b
    True
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        lines = (re.sub(r"\s+", "", line.split("#", 1)[0]) for line in source.splitlines())
        return "unparsed:" + "\n".join(line for line in lines if line), 0
    if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant) \
            and isinstance(tree.body[0].value.value, str):
        tree.body = tree.body[1:]
    tree = _Renamer(_bound_names(tree)).visit(tree)
    return ast.dump(tree, annotate_fields=False), sum(1 for _ in ast.walk(tree))


def normalise_text(text: str) -> str:
    """A written answer with its spacing and case normalised."""
    return " ".join(text.split()).casefold()


def pair_flags(code: dict[str, dict[str, str]], written: dict[str, dict[str, str]],
               ignore: dict[str, list[str]], max_group: int = 3) -> dict[str, list[str]]:
    """The pair flags of every student.

    Parameters
    ----------
    code : dict
        ``{student: {exercise: the code of the answer's cells}}``.
    written : dict
        ``{student: {exercise: the written answer}}``.
    ignore : dict
        ``{exercise: [code that counts as nobody's own]}``: the stub of the
        student copy and the course's solution.
    max_group : int, optional
        An answer shared by more students than this is a common answer, not
        flagged (default 3).

    Returns
    -------
    dict
        ``{student: ["3.3: same code as bob", ...]}`` for every student with a flag.
    """
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    skip = {number: {normalise_code(source)[0] for source in sources} for number, sources in ignore.items()}
    for student, answers in code.items():
        for number, source in answers.items():
            form, size = normalise_code(source)
            if size >= MIN_NODES and form not in skip.get(number, set()):
                groups[(number, "code", form)].append(student)
    for student, answers in written.items():
        for number, text in answers.items():
            form = normalise_text(text)
            if form:
                groups[(number, "written answer", form)].append(student)
    flags: dict[str, list[str]] = defaultdict(list)
    for (number, what, _), students in sorted(groups.items(), key=lambda item: exercise_order(item[0][0])):
        if not 2 <= len(students) <= max_group:
            continue
        for student in students:
            others = ", ".join(sorted(s for s in students if s != student))
            flags[student].append(f"{number}: same {what} as {others}")
    return dict(flags)


def course_answers(notebooks: Path, numbers: set[str]) -> dict[str, list[str]]:
    """``{exercise: [its stub in the student copy, its solution]}`` from the course's source notebooks."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(notebooks.glob("*.ipynb")):
        source = nbformat.read(path, as_version=4)
        for notebook in (source, student_notebook(source)):
            for number in numbers:
                code = answer_code(notebook, number)
                if code is not None:
                    found[number].append(code)
    return dict(found)


def class_pair_flags(submissions: list, written: dict[str, dict[str, str]], numbers: set[str],
                     notebooks: Path, max_group: int = 3) -> dict[str, list[str]]:
    """The pair flags of a graded class (see :func:`pair_flags`).

    Parameters
    ----------
    submissions : list of Submission
        The graded submissions (student, notebook content).
    written : dict
        ``{student: {exercise: written answer}}``.
    numbers : set of str
        The exercises graded; others are not compared.
    notebooks : pathlib.Path
        The course's source notebooks, for the stubs and solutions to leave out.
    max_group : int, optional
        See :func:`pair_flags`.
    """
    code: dict[str, dict[str, str]] = defaultdict(dict)
    for sub in submissions:
        for number in numbers:
            source = answer_code(sub.content, number)
            if source is not None:
                code[sub.student][number] = source
    written = {student: {n: text for n, text in answers.items() if n in numbers}
               for student, answers in written.items()}
    return pair_flags(code, written, course_answers(notebooks, numbers), max_group)
