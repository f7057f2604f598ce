"""The offline pages (`make html`) pass WCAG 2.1 A and AA, and every figure in them is described (issue 18).

How it runs:

* In `make test`, nbval runs every notebook, and right after its last cell the notebook's own page
  test (``notebooks/NN-name.ipynb::page``, :mod:`notebook_pages`) writes its page from that run and
  checks it as this module would. Here, then, only the index page is built and checked, and the
  description test checks that every notebook had its page test: no notebook runs twice.
* Run without the notebooks (``pytest tests/test_accessibility_pages.py``), ``tools/build_html.py``
  builds a few notebooks into a temporary folder: 00 (links to the README and other sites), 03
  (figures of every histogram helper) and 06 (sliders), plus the index, in about half a minute;
  ``IMGSIM_A11Y_ALL=1`` (or ``IMGSIM_FULL_CHECK=1``) builds every notebook instead.
* axe-core, pinned in ``tools/html/package.json`` (``npm ci --prefix tools/html``), runs in
  Debian's headless Chromium (``/usr/bin/chromium``, driven by playwright) on each page,
  after its widgets and formulas are drawn, with the WCAG 2.1 A/AA rules (tags wcag2a,
  wcag2aa, wcag21a, wcag21aa). Any violation fails, listed by page, rule and element.
* Every image output of every executed notebook has a description (output metadata
  ``image/png.alt``, see :mod:`imgsim_helpers.figures.figure_text`) that is not a placeholder and names
  what was plotted; every ``<img>`` of every page has it as its ``alt``, the page's own and those
  its widgets draw (``text/html`` outputs in the widget state, JSON in a ``<script>``). The checks
  themselves are in :mod:`page_checks`.

Without Chromium, playwright or the npm packages the test is skipped with the reason (it fails
when ``CI=true``). ``python tests/axe_pages.py build/html`` measures a folder of pages by hand.
"""

from __future__ import annotations

import os

import pytest

from notebook_pages import checked_by_page_tests
from page_checks import (assert_figures_described, assert_images_have_alt, assert_wcag_21_aa, load_build_html,
                         require_javascript)
from required import require_browser

#: What only maintainers and instructors change: `make test` runs it, a learner's `make check` leaves it out.
pytestmark = pytest.mark.maintainers

build_html = load_build_html()
QUICK = ["00", "03", "06"]
EVERY = os.environ.get("IMGSIM_FULL_CHECK") == "1" or os.environ.get("IMGSIM_A11Y_ALL") == "1"


def _chosen() -> list[str]:
    """The notebooks this module checks when nbval does not run them: QUICK, or every one."""
    return sorted(p.stem for p in build_html.NOTEBOOKS.glob("*.ipynb") if EVERY or p.name[:2] in QUICK)


@pytest.fixture(scope="module")
def built(request, tmp_path_factory):
    """The index page, and the pages and executed notebooks of the chosen notebooks that no page test
    of this run checks (in `make test`: none, so no notebook runs twice)."""
    require_javascript()
    out = tmp_path_factory.mktemp("html")
    here = [name for name in _chosen() if name not in checked_by_page_tests(request.config)]
    executed = {}
    if here:
        build_html.build([name[:2] for name in here], out, timeout=600,
                         on_executed=lambda path, nb: executed.__setitem__(path.stem, nb))
    else:
        build_html.copy_static(build_html.NODE_MODULES, out / build_html.STATIC)
        build_html.write_index(out)
    return out, executed


def test_every_page_passes_wcag_21_aa(built):
    require_browser()
    out, _ = built
    pages = sorted(out.glob("*.html"))
    assert "index.html" in {p.name for p in pages}
    assert_wcag_21_aa(pages)


def test_every_figure_of_every_notebook_is_described(request, built):
    """Each image output carries a real description that shares a word with the cell that drew it:
    of the notebooks built here, and each of the others is checked by its own page test this run."""
    _, executed = built
    for name, nb in executed.items():
        assert_figures_described(name, nb)
    assert set(_chosen()) <= set(executed) | checked_by_page_tests(request.config)


def test_every_image_on_the_pages_has_its_description_as_alt(built):
    """The page's own <img> tags, and those in its widget state (as JSON) that the widgets draw."""
    out, _ = built
    for page in sorted(out.glob("*.html")):
        assert_images_have_alt(page)
