"""Static checks of every notebook: kernel, stored clean, and no broken paths or links.

Running the notebooks themselves is nbval's job (``make test``); these checks read
the .ipynb files as JSON, so they are instant and name the exact cell at fault.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from imgsim_helpers import evaluation_set, samples

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
IDS = [path.name for path in NOTEBOOKS]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")
# A notebook may name a file that must NOT exist (to show the error message) or the
# learner's own photo. Such names must say so: "no-such-photo.jpg", "my_photos/cat.jpg".
DELIBERATELY_MISSING = re.compile(r"no[-_]such|does[-_]not[-_]exist|my[-_]photos?/|your[-_]", re.IGNORECASE)

MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
HTML_SOURCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
QUOTED = re.compile(r"""(["'`])([^"'`\s{}<>*]+)\1""")
LOAD_CALL = re.compile(r"""\bload_(?:image|alpha_mask)\(\s*(["'])([^"'\n]*)\1""")
NOTEBOOK_NAME = re.compile(r"^\d\d-[^/]*\.ipynb$")


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def cells(path: Path):
    """(index, cell_type, source text) for every cell."""
    for index, cell in enumerate(read(path)["cells"]):
        source = cell["source"]
        yield index, cell["cell_type"], "".join(source) if isinstance(source, list) else source


def looks_like_a_data_path(text: str) -> bool:
    return "data/" in text or text.lower().endswith(IMAGE_SUFFIXES)


def python_strings(source: str) -> list[str]:
    """Plain string constants of a code cell (f-strings and their parts are skipped)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # e.g. IPython magics: fall back to a regex
        return [match.group(2) for match in QUOTED.finditer(source)]
    in_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstrings
    ]


def referenced_paths(path: Path) -> list[tuple[int, str]]:
    """(cell index, path) for every local file path a notebook mentions."""
    found = []
    for index, kind, source in cells(path):
        if kind == "code":
            candidates = [s for s in python_strings(source) if looks_like_a_data_path(s)]
        elif kind == "markdown":
            links = MARKDOWN_LINK.findall(source) + HTML_SOURCE.findall(source)
            quoted = [m.group(2) for m in QUOTED.finditer(source) if looks_like_a_data_path(m.group(2))]
            candidates = links + quoted
        else:
            continue
        for text in candidates:
            text = text.split("#", 1)[0].split("?", 1)[0]
            if not text or re.match(r"^[a-z][a-z0-9+.-]*:", text, re.IGNORECASE):  # http:, mailto:, attachment:
                continue
            found.append((index, text))
    return found


def exists_somewhere(text: str, notebook: Path) -> bool:
    candidate = Path(text)
    if candidate.is_absolute():
        return candidate.exists()
    # an index names photos relative to the folder it indexed, data/ in the notebooks
    return any((base / candidate).exists() for base in (notebook.parent, REPO_ROOT, REPO_ROOT / "data"))


# --------------------------------------------------------------------------- tests


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks found in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_kernel_is_python3(path):
    kernelspec = read(path)["metadata"].get("kernelspec", {})
    assert kernelspec.get("name") == "python3", kernelspec


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_without_outputs(path):
    dirty = [
        index
        for index, cell in enumerate(read(path)["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert dirty == [], f"{path.name}: cells {dirty} have outputs or an execution count; clear them before saving"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_mentioned_file_exists(path):
    broken = [
        (index, text)
        for index, text in referenced_paths(path)
        if not DELIBERATELY_MISSING.search(text) and not exists_somewhere(text, path)
    ]
    assert broken == [], f"{path.name}: (cell, path) not found next to the notebook, in the repository or in data/: {broken}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_links_to_other_notebooks_exist(path):
    broken = []
    for index, kind, source in cells(path):
        if kind != "markdown":
            continue
        for target in MARKDOWN_LINK.findall(source):
            target = target.split("#", 1)[0]
            if target.endswith(".ipynb") and not (path.parent / target).is_file():
                broken.append((index, target))
    assert broken == [], f"{path.name}: (cell, link) to a notebook that does not exist: {broken}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_sample_names_are_bundled(path):
    names = {row["name"] for row in samples()} | {Path(p).stem for p in evaluation_set()[0]}
    unknown = []
    for index, _, source in cells(path):
        for match in LOAD_CALL.finditer(source):
            text = match.group(2)
            if "/" in text or "\\" in text or Path(text).suffix:
                continue  # a path, checked by test_every_mentioned_file_exists
            if text not in names:
                unknown.append((index, text))
    assert unknown == [], f"{path.name}: (cell, name) not in samples() nor evaluation_set(): {unknown}"


def test_notebook_names_are_numbered():
    assert [name for name in IDS if not NOTEBOOK_NAME.match(name)] == []


def test_helpers_import_from_the_notebooks_folder():
    """A kernel started in notebooks/ must import the real package, not an empty namespace.

    (An editable install made before ``imgsim_helpers/__init__.py`` existed imports
    as a namespace package with no functions; ``make venv`` after touching
    pyproject.toml repairs it.)
    """
    code = "import imgsim_helpers as h; print(h.__file__); h.load_image"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=NOTEBOOK_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == (REPO_ROOT / "imgsim_helpers" / "__init__.py").resolve()


# --------------------------------------------------------------------------- the checker itself


def test_the_path_finder_finds_what_it_should(tmp_path):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(
        json.dumps(
            {
                "cells": [
                    {"cell_type": "code", "source": 'load_image("../data/opening/duck.jpg")\nx = f"../data/{y}.jpg"\n'},
                    {
                        "cell_type": "markdown",
                        "source": "![a duck](../data/opening/duck.jpg) [next](02-x.ipynb#top) "
                        "[web](https://example.org/a.png) `data/birds/` and 'photo.png'",
                    },
                ],
                "metadata": {},
            }
        )
    )
    assert referenced_paths(notebook) == [
        (0, "../data/opening/duck.jpg"),
        (1, "../data/opening/duck.jpg"),
        (1, "02-x.ipynb"),
        (1, "data/birds/"),
        (1, "photo.png"),
    ]
    assert DELIBERATELY_MISSING.search("../data/opening/no-such-photo.jpg")
    assert not DELIBERATELY_MISSING.search("../data/opening/duck.jpg")
