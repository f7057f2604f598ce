"""The helper modules import one another in one direction only (issues 12 and 19).

Data flows photo -> descriptor -> metric -> ranking -> what learners touch -> the classroom, and
so do the imports: a module may import only from a lower layer, never sideways into a cycle.
(Before issue 12, ``images`` and ``samples`` imported each other.) Every import counts, also the
ones inside functions, in every subpackage, ``classroom/`` included; and no module imports
another's private (``_name``) names: what two modules share is public in one of them, or in
``_shared/``. The layout and this rule are written at the top of ``imgsim_helpers/__init__.py``.
"""

from __future__ import annotations

import ast
import functools
import pkgutil
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "imgsim_helpers"

#: Lower numbers are lower layers. A new module must be given its place here: its dotted name
#: below imgsim_helpers (a package stands for its ``__init__.py``; the top package is "__init__").
LAYERS = {
    # foundations: the private shared layer, and the course's own error
    "_shared": 0, "_shared.status": 0, "_shared.progress": 0, "_shared.arrays": 0, "_shared.workers": 0,
    "errors": 0, "measuring.timing": 0,
    "edits": 1,
    # photos: which files, and reading them
    "samples": 1, "images": 2,
    # what every command of python -m imgsim_helpers shares (errors, arguments, messages)
    "cli_common": 2.5,
    # descriptors: photo -> vector
    "describing": 3, "describing.gray": 3, "histograms": 4, "describing.shape": 4.5, "describing.descriptors": 5,
    # metrics: vector, vector -> distance; each metric's formulas for many rows at once sit just under
    # the registry in distances (kernels); near-duplicates: hashes are descriptors, Hamming a metric
    "comparing": 5, "comparing.pixels": 5, "comparing.kernels": 5, "comparing.metrics": 5,
    "near_duplicates": 5, "near_duplicates.hashing": 5, "near_duplicates.hamming": 5,
    "distances": 6,
    # ranking: evaluation, nearest rows, the search index; finding copies reads folders
    "measuring": 7, "measuring.evaluation": 7, "measuring.leaderboard": 8,
    "search": 8, "search.nearest": 8, "search.folders": 8, "search.index_file": 9, "search.updating": 9,
    "search.index_class": 9.5, "search.index": 10,
    "near_duplicates.copies": 9, "near_duplicates.folder_hashes": 9, "near_duplicates.report": 9.1,
    "near_duplicates.grouping": 9.2, "near_duplicates.duplicates": 9.3,
    # text alternatives of figures (issue 18): what plotting and the widgets attach to their figures
    "figures": 10, "figures.figure_text": 10, "figures.plot_descriptions": 10, "figures.plot_marks": 10,
    # the one style of every figure (palette, reference grey, dashes, markers, finish_figure), above figure_text
    "figures.style": 10.5, "figures.result_plots": 11,
    # what learners touch: plots, widgets, checks, the command line
    "plotting": 11, "explore": 11, "setup_check": 11, "widget_parts": 11, "near_duplicates.explorer": 11.5,
    "search.command": 11, "near_duplicates.command": 11,
    # the self-check (issue 19): the framework, then the stored results and running a learner's code,
    # then judging; one file of judges per notebook; the learner's commands; the package front door
    "checks.framework": 11.0, "checks.stored": 11.1, "checks.running": 11.1, "checks.judging": 11.2,
    "checks.nb01_images_as_arrays": 11.2, "checks.nb02_flattening": 11.2, "checks.nb03_histograms": 11.2,
    "checks.nb04_euclidean_distance": 11.2, "checks.nb05_which_reference_is_closest": 11.2,
    "checks.nb08_metrics": 11.2, "checks.learner": 11.3, "checks": 11.4,
    "widgets": 12, "cli": 12, "figures.hash_plots": 12, "figures.toolbox_plots": 12,
    "search.explorer": 12,
    # a learner's folder updated to a new bundle (issue 17): standard library only
    "update": 12,
    # the instructor's tools: student copies, the bundle, the grader, the reports
    "classroom.codec": 13.0, "classroom.scrub": 13.0, "classroom.sandbox": 13.0, "classroom.launch": 13.0,
    "classroom.harvest": 13.0, "classroom.release": 13.0, "classroom.assignments": 13.0, "classroom.hub": 13.0,
    "classroom.expected": 13.0,
    "classroom.similarity": 13.1, "classroom.collect": 13.1, "classroom.practice": 13.1, "classroom.kernel": 13.1,
    "classroom.flags": 13.2, "classroom.bundle": 13.2, "classroom.answers": 13.2,
    "classroom.run": 13.3,
    "classroom.judge": 13.4,
    "classroom.grade": 13.5,
    "classroom.gradebook": 13.6,
    "classroom.report": 13.7,
    "classroom": 13.8,
    # their command lines, and the package's front door
    "exercises": 14, "__main__": 14, "__init__": 14,
}


def module_name(path: Path) -> str:
    """``imgsim_helpers/search/index.py`` -> ``"search.index"``; a package's ``__init__.py`` -> its name."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def resolve(path: Path, level: int, module: str | None) -> str:
    """The dotted name (below imgsim_helpers) that ``from <level dots><module> import`` in ``path`` means."""
    here = list(path.relative_to(PACKAGE).parent.parts)
    base = here[: len(here) - (level - 1)] if level > 1 else here
    return ".".join(base + ([module] if module else []))


@functools.cache
def parsed(path: Path) -> ast.Module:
    """The syntax tree of ``path``, parsed once per run (each module is read by several tests; nothing
    here changes a tree)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def relative_imports(path: Path):
    """``(node, target, alias, module)`` for each name of each relative import in ``path``, anywhere in it.

    ``target`` is the dotted name ``from`` reads (``""`` for the top package); ``module`` is the
    package module the name itself is (``from . import codec``), or None for a name in ``target``.
    """
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            target = resolve(path, node.level, node.module)
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                yield node, target, alias, (sub if sub in LAYERS else None)


def imports_of(path: Path) -> set[str]:
    """The package modules that ``path`` imports (relative imports), anywhere in the file."""
    return {module or target or "__init__" for _, target, _, module in relative_imports(path)}


def private_imports(path: Path) -> list[str]:
    """``from .x import _name`` and ``module._name`` (on a package module imported by name) in ``path``."""
    found, modules = [], set()
    for node, target, alias, module in relative_imports(path):
        if module:
            modules.add(alias.asname or alias.name)
        elif alias.name.startswith("_"):
            found.append(f"{alias.name} from {target or 'imgsim_helpers'} (line {node.lineno})")
    for node in ast.walk(parsed(path)):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    return found


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(path): path for path in FILES}


def test_every_module_has_a_layer():
    assert [name for name in MODULES if name not in LAYERS] == []
    assert [name for name in LAYERS if name not in MODULES] == [], "LAYERS names a module that is gone"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers_only(name):
    path = MODULES[name]
    imported = imports_of(path) - {name}
    unknown = [other for other in imported if other not in LAYERS]
    assert unknown == [], f"{name} imports {unknown}, which have no layer"
    upward = sorted(other for other in imported if LAYERS[other] >= LAYERS[name]
                    and not (is_package(path) and other.startswith(f"{name}.")))
    assert upward == [], f"{name} (layer {LAYERS[name]}) imports {upward} from its own layer or above"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_is_imported_across_modules(name):
    assert private_imports(MODULES[name]) == [], (
        f"{name} imports private names of other modules; make what two modules share public in one of "
        "them (or in _shared/)")


#: Issue 19: "no file over 400 lines", split at the seams the code has.
LONGEST = 400


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_file_is_over_400_lines(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= LONGEST, f"{MODULES[name].relative_to(PACKAGE.parent)} has {lines} lines; split it at a seam"


def test_photo_descriptor_metric_ranking_order():
    assert (LAYERS["images"] < LAYERS["describing.descriptors"] < LAYERS["distances"]
            < LAYERS["measuring.evaluation"] < LAYERS["search.index"] < LAYERS["classroom.grade"])


def test_the_private_layer_is_the_lowest():
    assert all(layer == 0 for name, layer in LAYERS.items() if name.startswith("_shared"))


@pytest.mark.parametrize("package", sorted({""} | {name for name, path in MODULES.items() if is_package(path)
                                                    and name != "__init__"}))
def test_each_package_docstring_gives_each_of_its_modules_one_line(package):
    import importlib

    dotted = "imgsim_helpers" + (f".{package}" if package else "")
    pkg = importlib.import_module(dotted)
    lines = [line for line in (pkg.__doc__ or "").splitlines() if line.startswith("* :mod:")]
    members = list(pkgutil.iter_modules(pkg.__path__))
    for info in members:
        full = f"{dotted}.{info.name}"
        named = [line for line in lines
                 if line.startswith(f"* :mod:`{full}`") or line.startswith(f"* :mod:`.{info.name}`")]
        assert len(named) == 1, f"the docstring of {dotted} gives {info.name} {len(named)} lines, not one"
    assert len(lines) == len(members), f"{dotted}'s docstring lists modules it does not have"


def defined_names(path: Path) -> set[str]:
    """The names a module defines at its top level: functions, classes and assignments (not what it imports)."""
    names = set()
    for node in parsed(path).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                names |= {element.id for element in elements if isinstance(element, ast.Name)}
    return names


@pytest.mark.parametrize("name", sorted(MODULES))
def test_names_come_from_the_module_that_defines_them(name):
    """One name, one place: ``from .x import y`` where x defines y, not where x imported it from elsewhere.

    A package's ``__init__.py`` may gather names for its users (``from imgsim_helpers import load_image``,
    ``from imgsim_helpers.checks import check``); inside the package, every import goes to the source.
    """
    relayed = []
    for _, target, alias, module in relative_imports(MODULES[name]):
        target = target or "__init__"
        if module or target not in MODULES or is_package(MODULES[target]):
            continue
        if alias.name not in defined_names(MODULES[target]):
            relayed.append(f"{alias.name} from {target}")
    assert relayed == [], f"{name} imports names from a module that only imports them itself: {relayed}"
