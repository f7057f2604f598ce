"""What the offline pages (`make html`) must be, checked on a page and on the notebook it came from.

Shared by ``tests/test_accessibility_pages.py`` (pages that ``tools/build_html.py`` builds) and
``tests/notebook_pages.py`` (each notebook's page from the run nbval makes in ``make test``):

* :func:`figures_not_described`: every image output of an executed notebook carries a description
  (output metadata ``image/png.alt``, see :mod:`imgsim_helpers.figures.figure_text`) that is not a
  placeholder and shares a word with the cell that drew it;
* :func:`images_without_alt`: every ``<img>`` of a page has that description as its ``alt``, the
  page's own and those its widgets draw (``text/html`` outputs in the widget state, JSON in a
  ``<script>``);
* :func:`wcag_failures`: axe-core finds no WCAG 2.1 A/AA violation (:mod:`axe_pages`).
"""

from __future__ import annotations

import html as html_module
import importlib.util
import json
import re
import sys
from pathlib import Path

from axe_pages import AXE_JS, axe_pages, summary
from imgsim_helpers.figures.figure_text import is_placeholder
from required import missing

ROOT = Path(__file__).resolve().parent.parent

#: Cells that draw a figure with Matplotlib directly, not through a helper, and do not yet call
#: describe_figure: (notebook name, first line of the cell), skipped by the description check until
#: they do. Empty: today every notebook figure comes from a helper.
NOT_YET_DESCRIBED: set[tuple[str, str]] = set()

WIDGET_STATE = re.compile(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.DOTALL)


def load_build_html():
    """``tools/build_html.py`` as the module ``build_html`` (loaded once: tools/ is not a package)."""
    if "build_html" not in sys.modules:
        spec = importlib.util.spec_from_file_location("build_html", ROOT / "tools" / "build_html.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["build_html"] = module
        spec.loader.exec_module(module)
    return sys.modules["build_html"]


def require_javascript() -> None:
    """Skip (or fail in CI) unless html-manager and axe-core (tools/html/node_modules) are here."""
    build_html = load_build_html()
    if not all(path.exists() for path in (build_html.NODE_MODULES / "@jupyter-widgets" / "html-manager", AXE_JS)):
        missing("the pinned JavaScript is not installed: run `npm ci --prefix tools/html` (or `make html`)")


def _image_outputs(nb):
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}) or "image/jpeg" in output.get("data", {}):
                yield cell, output


def _words(text: str) -> set[str]:
    """Lower-case words of 3+ letters, plural s dropped (``plot_distances`` gives plot, distance)."""
    return {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", text.lower())} - {"the", "and", "for", "with", "plot"}


def figures_not_described(name: str, nb) -> tuple[list[str], list[str]]:
    """The figures of the executed notebook ``nb`` without a description, and those whose
    description names nothing the cell drew: ``(missing, vague)``, one line each."""
    not_described, vague = [], []
    for cell, output in _image_outputs(nb):
        first = cell.source.splitlines()[0] if cell.source else ""
        if (name, first) in NOT_YET_DESCRIBED:
            continue
        mime = "image/png" if "image/png" in output.data else "image/jpeg"
        alt = output.get("metadata", {}).get(mime, {}).get("alt")
        if is_placeholder(alt):
            not_described.append(f"{name}, cell starting {first!r}")
        elif not _words(alt) & _words(cell.source):
            vague.append(f"{name}, cell starting {first!r}: {alt!r}")
    return not_described, vague


def assert_figures_described(name: str, nb) -> None:
    """Fail, naming the cells, unless every figure of ``nb`` has a description naming what it drew."""
    not_described, vague = figures_not_described(name, nb)
    assert not_described == [], ("figures without a description; draw them with a helper, or call describe_figure "
                                 f"(imgsim_helpers.figures.figure_text) in the cell: {not_described}")
    assert vague == [], f"descriptions that name nothing the cell drew: {vague}"


def images_without_alt(page: Path) -> tuple[list[str], int]:
    """The ``<img>`` tags of ``page`` (its widgets' included) without a real ``alt``, and how many
    images its widgets draw."""
    text = page.read_text(encoding="utf-8")
    tags = re.findall(r"<img\b[^>]*>", WIDGET_STATE.sub("", text))
    in_widgets = 0
    for state in WIDGET_STATE.findall(text):
        drawn = [tag for model in json.loads(state)["state"].values()
                 for output in model.get("state", {}).get("outputs", [])
                 for tag in re.findall(r"<img\b[^>]*>", output.get("data", {}).get("text/html", ""))]
        tags += drawn
        in_widgets += len(drawn)
    problems = []
    for tag in tags:
        alt = re.search(r"""\balt=(?:"([^"]*)"|'([^']*)')""", tag)
        if not alt:
            problems.append(f"{page.name}: an image without alt: {tag[:120]}")
        elif is_placeholder(html_module.unescape(alt[1] or alt[2] or "")):
            problems.append(f"{page.name}: an image whose alt is a placeholder: {tag[:200]}")
    return problems, in_widgets


def assert_images_have_alt(page: Path) -> None:
    """Fail unless every image of ``page`` has its description as alt (for notebook 06, also that its
    explorers' figures were found in the widget state)."""
    problems, in_widgets = images_without_alt(page)
    assert problems == []
    if page.name == "06-explore-with-sliders.html":
        assert in_widgets >= 3, "the explorers' figures (text/html in the widget state) were not found"


def assert_wcag_21_aa(pages: list[Path], browser=None) -> None:
    """Fail, listing page, rule and element, on any axe violation of WCAG 2.1 A/AA (or of structure);
    in ``browser`` when given (see :func:`axe_pages.axe_pages`)."""
    found = axe_pages(pages, browser=browser)
    failing = {name: violations for name, violations in found.items() if violations}
    details = "\n".join(f"{name}: {v['id']} ({v['help']}): {n['target']}: {n['summary']}"
                        for name, violations in failing.items() for v in violations for n in v["nodes"][:3])
    assert not failing, summary(found) + "\n" + details
