"""Every helper path and module a learner or an instructor is pointed to exists (issue 19).

The helpers moved into subpackages (issue 19, part 3); a notebook, the README or the guide that
still says ``imgsim_helpers/search.py``, ``imgsim_helpers.toolbox_plots`` or "in ``gray.py``" sends
its reader to a file that is not there. This test reads their text (a notebook's every cell, code
and prose) and checks three kinds of names:

* a path below ``imgsim_helpers/`` (``imgsim_helpers/search/index.py``, ``imgsim_helpers/checks/``;
  one that goes on with ``<``, like ``imgsim_helpers/checks/nbNN_<notebook>.py``, is a pattern);
* a dotted name below ``imgsim_helpers`` (``imgsim_helpers.figures.toolbox_plots``,
  ``imgsim_helpers.checks.check``): a module that imports, or a name in one;
* a bare file name in backticks (```gray.py```): a file of that name somewhere in the repository.

(:mod:`tests.test_notebooks_meta` checks the data paths and the links between notebooks.)
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted([REPO_ROOT / "README.md", *(REPO_ROOT / "docs").glob("*.md"),
                *(REPO_ROOT / "notebooks").glob("*.ipynb")])
IDS = [str(path.relative_to(REPO_ROOT)) for path in TEXTS]

SLASHED = re.compile(r"\bimgsim_helpers/[\w./-]*")
DOTTED = re.compile(r"(?<![\w/.-])imgsim_helpers(?:\.[A-Za-z_]\w*)+")
BARE_PY = re.compile(r"`([\w-]+\.py)`")
REPO_FILES = {path.name for path in REPO_ROOT.rglob("*.py")
              if not {"node_modules", ".venv", "build", "dist", "student"} & set(path.relative_to(REPO_ROOT).parts)}


def text_of(path: Path) -> str:
    """A markdown file as it is; a notebook's cells' sources, one after the other."""
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells)


def resolves(dotted: str) -> bool:
    """``imgsim_helpers.a.b.c``: the longest part that imports, and the rest as attributes of it."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:             # not a module (or one that does not import): try a shorter part
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


@pytest.mark.parametrize("path", TEXTS, ids=IDS)
def test_every_helper_path_named_exists(path):
    text = text_of(path)
    named = {match.group(0).rstrip(".,;:)") for match in SLASHED.finditer(text)
             if not text.startswith("<", match.end())}      # imgsim_helpers/checks/nbNN_<notebook>.py: a pattern
    missing = sorted(name for name in named if not (REPO_ROOT / name).exists())
    assert missing == [], f"{path.name} names helper paths that do not exist: {missing}"


@pytest.mark.parametrize("path", TEXTS, ids=IDS)
def test_every_helper_module_named_imports(path):
    named = {match.rstrip(".") for match in DOTTED.findall(text_of(path))}
    named = {name for name in named if not name.endswith((".py", ".ipynb"))}
    missing = sorted(name for name in named if not resolves(name))
    assert missing == [], f"{path.name} names helper modules or names that do not exist: {missing}"


@pytest.mark.parametrize("path", TEXTS, ids=IDS)
def test_every_python_file_named_exists(path):
    missing = sorted({name for name in BARE_PY.findall(text_of(path)) if name not in REPO_FILES})
    assert missing == [], f"{path.name} names Python files that are nowhere in the repository: {missing}"


def test_the_finders_find_what_they_should():
    text = ("open `imgsim_helpers/search/index.py`, [x](../imgsim_helpers/checks/) and "
            "`from imgsim_helpers.figures.toolbox_plots import plot_lines`; in `gray.py`, python -m imgsim_helpers.exercises")
    assert SLASHED.findall(text) == ["imgsim_helpers/search/index.py", "imgsim_helpers/checks/"]
    assert DOTTED.findall(text) == ["imgsim_helpers.figures.toolbox_plots", "imgsim_helpers.exercises"]
    assert BARE_PY.findall(text) == ["gray.py"]
    assert resolves("imgsim_helpers.figures.toolbox_plots.plot_lines")
    assert not resolves("imgsim_helpers.toolbox_plots")
    assert not resolves("imgsim_helpers.search.no_such_name")
