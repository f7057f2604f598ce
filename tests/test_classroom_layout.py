"""The instructor's package, ``imgsim_helpers/classroom/``, keeps its layout (issue 19).

Every module is named in the package docstring in one line, no file is over
400 lines, the imports between its modules run one way (no cycle), and no
private (``_name``) name is imported from one of its modules, or from the
package above, into another.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import imgsim_helpers.classroom as classroom

CLASSROOM = Path(classroom.__file__).resolve().parent
MODULES = sorted(path.stem for path in CLASSROOM.glob("*.py") if path.stem != "__init__")


def _imports(name: str, levels: tuple[int, ...] = (1,)) -> list[ast.ImportFrom]:
    """The relative imports of module ``name`` (``from .x import ...``; with level 2 also ``from ..x``), anywhere."""
    tree = ast.parse((CLASSROOM / f"{name}.py").read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level in levels]


def test_the_docstring_gives_every_module_one_line():
    lines = [line for line in classroom.__doc__.splitlines() if line.startswith("* :mod:")]
    for name in MODULES:
        named = [line for line in lines if line.startswith(f"* :mod:`.{name}` -- ")]
        assert len(named) == 1, f"the classroom docstring gives {name} {len(named)} lines, not one"
    assert len(lines) == len(MODULES)


def test_no_file_is_over_400_lines():
    long = {path.name: n for path in CLASSROOM.glob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_the_imports_between_modules_run_one_way():
    graph = {}
    for name in MODULES:
        graph[name] = set()
        for node in _imports(name):
            graph[name] |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
    graphlib.TopologicalSorter(graph).prepare()   # raises CycleError on a cycle


def test_no_private_name_is_imported_across_modules():
    private = [f"{name}: {alias.name} from .{node.module or ''}" for name in MODULES for node in _imports(name, (1, 2))
               for alias in node.names if alias.name.startswith("_")]
    assert private == []
