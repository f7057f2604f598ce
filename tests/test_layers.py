"""The helper modules import one another in one direction only (issue 12).

Data flows photo -> descriptor -> metric -> ranking, and so do the imports: a
module may import only from a lower layer, never sideways into a cycle. (Before
issue 12, ``images`` and ``samples`` imported each other.) Every import counts,
also the ones inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "imgsim_helpers"

#: Lower numbers are lower layers. A new module must be given its place here.
LAYERS = {
    # foundations
    "errors": 0, "status": 0, "progress": 0, "arrays": 0, "timing": 0, "workers": 0, "edits": 1,
    # photos: which files, and reading them
    "samples": 1, "images": 2,
    # descriptors: photo -> vector
    "gray": 3, "histograms": 4, "descriptors": 5, "pixels": 5,
    # metrics: vector, vector -> distance; each metric's formulas for many rows at once sit just under
    # the registry in distances (kernels)
    "kernels": 5, "distances": 6,
    # ranking: evaluation, nearest rows, the search index
    "evaluation": 7, "nearest": 8, "folders": 8, "index_file": 9, "search": 10,
    # what learners touch: plots, widgets, checks, the command line
    "leaderboard": 8, "plotting": 11, "explore": 11, "checks": 11, "setup_check": 11, "widgets": 12, "cli": 12,
    # a learner's folder updated to a new bundle (issue 17): standard library only
    "update": 12,
    # the instructor's tools: student copies, the bundle, the grader; their command line
    "classroom": 13, "exercises": 14,
    "__main__": 14, "__init__": 14,
    # near-duplicates (issue 11): hashes are descriptors and Hamming a metric (only workers imported);
    # finding copies reads folders; figures use plotting
    "hashing": 5, "copies": 9, "duplicates": 9, "hash_plots": 12,
    # figures of notebooks 12-14 (the toolbox) use descriptors and plotting
    "toolbox_plots": 12,
    # text alternatives of figures (issue 18): what plotting and the widgets attach to their figures
    "figure_text": 10, "plot_descriptions": 10, "plot_marks": 10,
}


def imports_of(path: Path) -> set[str]:
    """The package modules that ``path`` imports (``from .x import ...``), anywhere in the file.

    In a subpackage's file (such as ``checks/framework.py``) they are the ``from ..x import ...``; its
    imports of its own package's files (``from .x``) are that module's inside.
    """
    level = len(path.relative_to(PACKAGE).parts)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == level and node.module:
            found.add(node.module.split(".")[0])
    return found


def files_of(name: str) -> list[Path]:
    """The files of module ``name``: ``name.py``, or every file of the subpackage ``name/`` (one module, one layer)."""
    folder = PACKAGE / name
    return sorted(folder.glob("*.py")) if folder.is_dir() else [PACKAGE / f"{name}.py"]


MODULES = sorted([path.stem for path in PACKAGE.glob("*.py")]
                 + [path.parent.name for path in PACKAGE.glob("*/__init__.py")])


def test_every_module_has_a_layer():
    assert [name for name in MODULES if name not in LAYERS] == []


@pytest.mark.parametrize("name", MODULES)
def test_imports_go_down_the_layers_only(name):
    upward = sorted({other for path in files_of(name) for other in imports_of(path) if LAYERS[other] >= LAYERS[name]})
    assert upward == [], f"{name} (layer {LAYERS[name]}) imports {upward} from its own layer or above"


def test_photo_descriptor_metric_ranking_order():
    assert LAYERS["images"] < LAYERS["descriptors"] < LAYERS["distances"] < LAYERS["evaluation"] < LAYERS["search"]


def test_the_package_docstring_gives_every_module_one_line():
    import pkgutil

    import imgsim_helpers

    lines = [line for line in imgsim_helpers.__doc__.splitlines() if line.startswith("* :mod:")]
    for info in pkgutil.iter_modules(imgsim_helpers.__path__):
        named = [line for line in lines if line.startswith(f"* :mod:`imgsim_helpers.{info.name}` -- ")]
        assert len(named) == 1, f"the package docstring gives {info.name} {len(named)} lines, not one"
    assert len(lines) == len(list(pkgutil.iter_modules(imgsim_helpers.__path__)))
