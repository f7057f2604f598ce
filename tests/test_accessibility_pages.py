"""The offline pages (`make html`) pass WCAG 2.1 A and AA, and every figure in them is described (issue 18).

How it runs:

* ``tools/build_html.py`` builds a few notebooks into a temporary folder: 00 (links to the
  README and other sites), 03 (figures of every histogram helper) and 06 (sliders), plus the
  index, in about half a minute. ``make test`` (``IMGSIM_FULL_CHECK=1``) or
  ``IMGSIM_A11Y_ALL=1`` builds every notebook instead (about four minutes).
* axe-core, pinned in ``tools/html/package.json`` (``npm ci --prefix tools/html``), runs in
  Debian's headless Chromium (``/usr/bin/chromium``, driven by playwright) on each page,
  after its widgets and formulas are drawn, with the WCAG 2.1 A/AA rules (tags wcag2a,
  wcag2aa, wcag21a, wcag21aa). Any violation fails, listed by page, rule and element.
* Every image output of every executed notebook has a description (output metadata
  ``image/png.alt``, see :mod:`imgsim_helpers.figures.figure_text`) that is not a placeholder and names
  what was plotted; every ``<img>`` of every page has it as its ``alt``, the page's own and those
  its widgets draw (``text/html`` outputs in the widget state, JSON in a ``<script>``).

Without Chromium, playwright or the npm packages the test is skipped with the reason (it fails
when ``CI=true``). ``python tests/axe_pages.py build/html`` measures a folder of pages by hand.
"""

from __future__ import annotations

import html as html_module
import json
import os
import re
from pathlib import Path

import pytest

from axe_pages import AXE_JS, CHROMIUM, axe_pages, summary
from imgsim_helpers.figures.figure_text import is_placeholder
from test_build_html import build_html

#: What only maintainers and instructors change: `make test` runs it, a learner's `make check` leaves it out.
pytestmark = pytest.mark.maintainers

ROOT = Path(__file__).resolve().parent.parent
QUICK = ["00", "03", "06"]
EVERY = os.environ.get("IMGSIM_FULL_CHECK") == "1" or os.environ.get("IMGSIM_A11Y_ALL") == "1"

#: Cells that draw a figure with Matplotlib directly, not through a helper, and do not yet call
#: describe_figure: (notebook name, first line of the cell), skipped by the description test until
#: they do. Empty: today every notebook figure comes from a helper.
NOT_YET_DESCRIBED: set[tuple[str, str]] = set()


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The pages (with the index) and the executed notebooks of the chosen notebooks."""
    needed = [build_html.NODE_MODULES / "@jupyter-widgets" / "html-manager", AXE_JS]
    if not all(path.exists() for path in needed):
        _missing("the pinned JavaScript is not installed: run `npm ci --prefix tools/html` (or `make html`)")
    out = tmp_path_factory.mktemp("html")
    executed = {}
    build_html.build([] if EVERY else QUICK, out, timeout=600,
                     on_executed=lambda path, nb: executed.__setitem__(path.stem, nb))
    return out, executed


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


def test_every_page_passes_wcag_21_aa(built):
    if not CHROMIUM.exists():
        _missing(f"no Chromium at {CHROMIUM} (tools/ensure_chromium.sh installs Debian's)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-test.txt)")
    out, _ = built
    pages = sorted(out.glob("*.html"))
    assert "index.html" in {p.name for p in pages}
    found = axe_pages(pages)
    failing = {name: violations for name, violations in found.items() if violations}
    details = "\n".join(f"{name}: {v['id']} ({v['help']}): {n['target']}: {n['summary']}"
                        for name, violations in failing.items() for v in violations for n in v["nodes"][:3])
    assert not failing, summary(found) + "\n" + details


def test_every_figure_of_every_notebook_is_described(built):
    """Each image output carries a real description that shares a word with the cell that drew it."""
    _, executed = built
    missing, vague = [], []
    for name, nb in executed.items():
        for cell, output in _image_outputs(nb):
            first = cell.source.splitlines()[0] if cell.source else ""
            if (name, first) in NOT_YET_DESCRIBED:
                continue
            mime = "image/png" if "image/png" in output.data else "image/jpeg"
            alt = output.get("metadata", {}).get(mime, {}).get("alt")
            if is_placeholder(alt):
                missing.append(f"{name}, cell starting {first!r}")
            elif not _words(alt) & _words(cell.source):
                vague.append(f"{name}, cell starting {first!r}: {alt!r}")
    assert missing == [], ("figures without a description; draw them with a helper, or call describe_figure "
                           f"(imgsim_helpers.figures.figure_text) in the cell: {missing}")
    assert vague == [], f"descriptions that name nothing the cell drew: {vague}"


WIDGET_STATE = re.compile(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.DOTALL)


def test_every_image_on_the_pages_has_its_description_as_alt(built):
    """The page's own <img> tags, and those in its widget state (as JSON) that the widgets draw."""
    out, executed = built
    in_widgets = 0
    for page in sorted(out.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        tags = re.findall(r"<img\b[^>]*>", WIDGET_STATE.sub("", text))
        for state in WIDGET_STATE.findall(text):
            drawn = [tag for model in json.loads(state)["state"].values()
                     for output in model.get("state", {}).get("outputs", [])
                     for tag in re.findall(r"<img\b[^>]*>", output.get("data", {}).get("text/html", ""))]
            tags += drawn
            in_widgets += len(drawn)
        for tag in tags:
            alt = re.search(r"""\balt=(?:"([^"]*)"|'([^']*)')""", tag)
            assert alt, f"{page.name}: an image without alt: {tag[:120]}"
            assert not is_placeholder(html_module.unescape(alt[1] or alt[2] or "")), f"{page.name}: {tag[:200]}"
    if (out / "06-explore-with-sliders.html").exists():
        assert in_widgets >= 3, "the explorers' figures (text/html in the widget state) were not found"
