"""What a submission's code tried, read from its source in the grader's own process.

The kernel's audit hook (``launch.py``) reports what the code *did*; this module
reads what it *says*: the two together give the instructor a flag for every
submission that tried to leave its sandbox, kill processes, open the network,
patch the checks or read grading data, whether or not the sandbox stopped it.

It also decides two things about an exercise's answer from its syntax tree:

* :func:`uses_helper`: the answer calls (or is) one of the course helpers the
  exercise asks the student to write, imported under any name, however
  wrapped: whatever the kernel's profile hook saw or was stopped from seeing;
* :func:`copies_helper`: the answer's code is a helper's own body (the same
  tree after renaming every name);
* :func:`loop_kind` (and :func:`uses_loop`): the answer runs a Python loop
  (``for``, ``while``, a comprehension, or a loop in disguise: ``map``,
  ``filter``, the built-in ``sum``, ``np.vectorize``, ``np.fromiter`` ...), which
  the exercises that say "no loop" refuse. The grader's stand-in for the
  student's function carries its kind to the judges, as
  :func:`imgsim_helpers.checks.loop_kind` reads it from the function itself in a
  notebook.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re

from .. import checks
from .similarity import normalise_code

#: (what the code says, what the flag says), checked on every code cell's text.
ATTEMPTS = [
    (r"\bos\.kill(pg)?\b|\bsignal\.SIGKILL\b|\bJPY_PARENT_PID\b|\bpkill\b|\bkillall\b", "kill: tries to kill processes"),
    (r"\bsocket\b|\burllib\b|\bhttp\.client\b|\brequests\b|\burlopen\b", "network: opens a network connection"),
    (r"/proc\b", "other processes: reads /proc"),
    (r"\bsys\.executable\b|\bsite-packages\b|\b__editable__|\bdirect_url\.json\b|\bimportlib\.metadata\b",
     "escape: looks for the course folder outside its copy"),
    (r"\bgrading\b|\bhidden_cases\b|points\.toml|\.spec-|\bgradebook\b", "grading data: looks for the grading files"),
    (r"\bsetprofile\b|\bsettrace\b|\bsys\.monitoring\b|\baddaudithook\b",
     "checks: replaces the grader's watch (sys.setprofile, settrace or audit hooks)"),
    (r"checks\.EXERCISES|\bcheck_all\s*=|\bcheck\s*=\s*lambda|\bnumpy\.\w+\s*=[^=]|\bnp\.\w+\s*=[^=]|\bbuiltins\b",
     "checks: patches the checks, NumPy or the built-ins"),
    (r"\bsubprocess\b|\bos\.system\b|\bos\.(fork|exec\w*|spawn\w*|posix_spawn)\b|\bpty\b",
     "process: starts other programs"),
    (r"\bctypes\b|\bcffi\b", "native code: loads C code"),
    (r"\bshutil\.rmtree\b|\bos\.(remove|unlink|rmdir)\b|\.unlink\(", "files: deletes files"),
]


def attempts(source: str) -> list[str]:
    """One flag for each kind of attempt that ``source`` (a notebook's code) contains."""
    found = []
    for pattern, flag in ATTEMPTS:
        if re.search(pattern, source) and flag not in found:
            found.append(flag)
    return found


def _answer_node(tree: ast.Module, name: str) -> ast.AST | None:
    """The last definition of ``name`` in ``tree``: a ``def``, or the value assigned or imported to it."""
    node = None
    for stmt in ast.walk(tree):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name:
            node = stmt
        elif isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            node = stmt.value
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name) == name for a in stmt.names):
            node = stmt
    return node


def _helper_names(tree: ast.Module, helpers: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Names bound to the course's ``helpers``, and names bound to the course's modules."""
    bound, modules = set(), set()
    for stmt in ast.walk(tree):
        if isinstance(stmt, ast.ImportFrom) and (stmt.module or "").startswith("imgsim_helpers"):
            for alias in stmt.names:
                if alias.name in helpers:
                    bound.add(alias.asname or alias.name)
                else:
                    modules.add(alias.asname or alias.name)   # a submodule, or something else of the course
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.name.startswith("imgsim_helpers"):
                    modules.add(alias.asname or alias.name.split(".")[0])
    changed = True
    while changed:   # x = helper; y = x; z = module.helper ...
        changed = False
        for stmt in ast.walk(tree):
            if isinstance(stmt, ast.Assign) and _mentions(stmt.value, bound, modules, helpers):
                for target in stmt.targets:
                    if isinstance(target, ast.Name) and target.id not in bound:
                        bound.add(target.id)
                        changed = True
    return bound, modules


def _mentions(node: ast.AST, bound: set[str], modules: set[str], helpers: tuple[str, ...]) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id in bound:
            return True
        if isinstance(sub, ast.Attribute) and sub.attr in helpers:
            root = sub.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules:
                return True
    return False


_STATEMENTS = (ast.For, ast.AsyncFor, ast.While)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_BUILTIN_LOOPS = ("map", "filter", "sum")          # called by their bare name, unless the code binds that name
_NUMPY_LOOPS = ("vectorize", "frompyfunc", "fromiter", "apply_along_axis")


def _bound_names(tree: ast.Module) -> set[str]:
    """The names the code binds itself (imports, assignments, definitions): ``sum`` may be ``np.sum`` there."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
    return bound


def loop_kind(number: str, source: str) -> str | None:
    """The loop that the answer to ``number`` in ``source``, or a function of the student's it calls, runs.

    A key of :data:`imgsim_helpers.checks.LOOP_KINDS` (a ``for`` or ``while``
    statement first, then a comprehension, then a loop in disguise), or None.
    """
    tree = _parse(source)
    node = None if tree is None else _answer_node(tree, checks.EXERCISES[number].name)
    if node is None or isinstance(node, (ast.Import, ast.ImportFrom)):
        return None
    own = {stmt.name: stmt for stmt in ast.walk(tree) if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))}
    bound = _bound_names(tree)
    seen, todo, kinds = set(), [node], set()
    while todo:
        part = todo.pop()
        if id(part) in seen:
            continue
        seen.add(id(part))
        for sub in ast.walk(part):
            if isinstance(sub, _STATEMENTS):
                kinds.add("for")
            elif isinstance(sub, _COMPREHENSIONS):
                kinds.add("comprehension")
            elif isinstance(sub, ast.Call):
                called = sub.func
                if isinstance(called, ast.Name) and called.id in _BUILTIN_LOOPS and called.id not in bound:
                    kinds.add(called.id)
                elif isinstance(called, ast.Attribute) and called.attr in _NUMPY_LOOPS:
                    kinds.add(called.attr)
                elif isinstance(called, ast.Name) and called.id in _NUMPY_LOOPS and called.id not in own:
                    kinds.add(called.id)
            if isinstance(sub, ast.Name) and sub.id in own:
                todo.append(own[sub.id])
    return next((kind for kind in checks.LOOP_KINDS if kind in kinds), None)


def uses_loop(number: str, source: str) -> bool:
    """True when the answer to ``number`` in ``source``, or a function of the student's it calls, has a loop."""
    return loop_kind(number, source) is not None


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def uses_helper(number: str, source: str) -> bool:
    """True when the answer to ``number`` in ``source`` calls or is one of the exercise's course helpers."""
    exercise = checks.EXERCISES[number]
    tree = _parse(source)
    if tree is None or not exercise.helpers:
        return False
    node = _answer_node(tree, exercise.name)
    if node is None:
        return False
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").startswith("imgsim_helpers")
    bound, modules = _helper_names(tree, tuple(exercise.helpers))
    names = {sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name)}
    # one level of the student's own functions the answer calls
    own = {stmt.name: stmt for stmt in ast.walk(tree) if isinstance(stmt, ast.FunctionDef) and stmt.name in names}
    return any(_mentions(part, bound, modules, tuple(exercise.helpers)) for part in [node, *own.values()])


@functools.cache
def _helper_trees(number: str) -> dict[str, str]:
    """The normalised bodies of the exercise's helpers, read from the grader's own package."""
    import imgsim_helpers
    found = {}
    for name in checks.EXERCISES[number].helpers:
        function = getattr(imgsim_helpers, name, None)
        try:
            tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(function)))
        except (TypeError, OSError, SyntaxError):
            continue
        if tree.body and isinstance(tree.body[0], ast.FunctionDef):
            found[name] = normalise_code(ast.unparse(tree.body[0]))[0]
    return found


def copies_helper(number: str, source: str) -> str | None:
    """The name of the course helper whose body the answer to ``number`` is, or None."""
    tree = _parse(source)
    node = _answer_node(tree, checks.EXERCISES[number].name) if tree else None
    if not isinstance(node, ast.FunctionDef):
        return None
    mine = normalise_code(ast.unparse(node))[0]
    return next((name for name, theirs in _helper_trees(number).items() if theirs == mine), None)
