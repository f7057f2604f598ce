"""Tests of tools/build_html.py (`make html`) that need neither npm nor running the notebooks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from page_checks import load_build_html

ROOT = Path(__file__).resolve().parent.parent
build_html = load_build_html()

CDN_WIDGETS = "https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@^1.0.1/dist/embed-amd.js"
CDN_REQUIRE = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"


# --------------------------------------------------------------------------- notebook links

@pytest.mark.parametrize(("before", "after"), [
    ('<a href="06-explore-with-sliders.ipynb">06</a>', '<a href="06-explore-with-sliders.html">06</a>'),
    ('<a href="07-colour.ipynb#joint">x</a>', '<a href="07-colour.html#joint">x</a>'),
    ("<a href='./00-start-here.ipynb'>x</a>", "<a href='./00-start-here.html'>x</a>"),
    ('<a HREF = "00-start-here.ipynb">x</a>', '<a HREF = "00-start-here.html">x</a>'),
])
def test_links_to_notebooks_point_at_pages(before, after):
    assert build_html.rewrite_notebook_links(before) == after


@pytest.mark.parametrize("unchanged", [
    '<a href="https://example.org/notebook.ipynb">remote</a>',      # somebody else's notebook
    '<a href="../other/00-start-here.ipynb">elsewhere</a>',         # not a page we build
    '<a href="data.csv">data</a>',
    "<p>open 06-explore-with-sliders.ipynb in JupyterLab</p>",      # text, not a link
    '<img src="figure.ipynb.png">',
])
def test_other_links_stay(unchanged):
    assert build_html.rewrite_notebook_links(unchanged) == unchanged


def test_only_known_notebooks_are_rewritten():
    page = '<a href="03-histograms.ipynb">a</a> <a href="99-missing.ipynb">b</a>'
    rewritten = build_html.rewrite_notebook_links(page, names={"03-histograms"})
    assert rewritten == '<a href="03-histograms.html">a</a> <a href="99-missing.ipynb">b</a>'


# --------------------------------------------------------------------------- remote resources

@pytest.mark.parametrize(("page", "expected"), [
    (f'<script src="{CDN_REQUIRE}"></script>', [CDN_REQUIRE]),
    ("<script src='http://example.org/a.js'></script>", ["http://example.org/a.js"]),
    ('<script src=//example.org/a.js></script>', ["//example.org/a.js"]),
    ('<link rel="stylesheet" href="https://example.org/a.css">', ["https://example.org/a.css"]),
    ('<link rel="preload" as="font" href="https://example.org/f.woff2">', ["https://example.org/f.woff2"]),
    (f"<script>var widgetRendererSrc = '{CDN_WIDGETS}';</script>", [CDN_WIDGETS]),
    ('<script type="module">await import("https://example.org/m.mjs")</script>', ["https://example.org/m.mjs"]),
    ("<style>@import url('https://fonts.example.org/css?family=X');</style>",
     ["https://fonts.example.org/css?family=X"]),
])
def test_remote_scripts_and_stylesheets_are_found(page, expected):
    assert build_html.remote_resources(page) == expected
    with pytest.raises(build_html.BuildError, match="would not work offline"):
        build_html.check_offline(page, "page.html")


@pytest.mark.parametrize("page", [
    '<script src="static/require.js"></script>',
    '<link rel="stylesheet" href="static/a.css">',
    "<script>var widgetRendererSrc = 'static/html-manager/embed-amd.js';</script>",
    '<a href="https://pillow.readthedocs.io">Pillow</a>',                     # a link to read, not load
    "<style>/* @import url('https://fonts.googleapis.com/css'); */</style>",  # commented out
    '<script type="application/vnd.jupyter.widget-state+json">{"url": "https://x.org/a.js"}</script>',
    "<script>// see https://github.com/jupyter-widgets/ipywidgets/pull/3687\n</script>",
    "<pre>&lt;script src=&quot;https://example.org/a.js&quot;&gt;</pre>",    # shown as text
])
def test_local_pages_pass(page):
    assert build_html.remote_resources(page) == []
    build_html.check_offline(page, "page.html")


def test_the_error_names_page_and_address():
    with pytest.raises(build_html.BuildError) as error:
        build_html.check_offline(f'<script src="{CDN_REQUIRE}"></script>', "03-histograms.html")
    assert "03-histograms.html" in str(error.value) and CDN_REQUIRE in str(error.value)


# --------------------------------------------------------------------------- the real exporter

def _tiny_notebook(with_widgets: bool):
    nb = new_notebook(cells=[
        new_markdown_cell("# 99 · Tiny\n\nSee [the start](00-start-here.ipynb) and $\\sqrt{2}$."),
        new_code_cell("1 + 1", execution_count=1,
                      outputs=[new_output("execute_result", {"text/plain": "2"}, execution_count=1)]),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if with_widgets:
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
            "version_major": 2, "version_minor": 0, "state": {"a1": {
                "model_name": "IntSliderModel", "model_module": "@jupyter-widgets/controls",
                "model_module_version": "2.0.0", "state": {"value": 3, "_view_module": "@jupyter-widgets/controls"}}}}}
        nb.cells[1].outputs.append(new_output("display_data", {
            "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0, "model_id": "a1"},
            "text/plain": "IntSlider(value=3)"}))
    return nbformat.from_dict(nb)


@pytest.fixture(scope="module")
def exporter():
    return build_html.exporter()


@pytest.mark.parametrize("with_widgets", [False, True])
def test_exported_page_loads_nothing_from_the_internet(exporter, with_widgets):
    page = build_html.export_page(_tiny_notebook(with_widgets), {"00-start-here"}, "99-tiny.html", exporter)
    assert build_html.remote_resources(page) == []
    assert "https://cdn" not in page and "unpkg.com" not in page
    assert f'<script src="{build_html.REQUIRE_JS_URL}">' in page
    assert build_html.MATHJAX_URL in page
    assert 'href="00-start-here.html"' in page and ".ipynb" not in page.split("<body", 1)[1]
    assert "<title>99 · Tiny</title>" in page
    if with_widgets:
        assert f"'{build_html.WIDGET_RENDERER_URL}'" in page
        assert "require.config" in page and "static/html-manager/controls" in page
        assert "application/vnd.jupyter.widget-state+json" in page


def test_widgets_that_html_manager_lacks_are_refused(exporter):
    nb = _tiny_notebook(with_widgets=True)
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    state["b2"] = {"model_name": "MapModel", "model_module": "jupyter-leaflet", "state": {}}
    with pytest.raises(build_html.BuildError, match="jupyter-leaflet"):
        build_html.export_page(nb, None, "99-tiny.html", exporter)


def test_index_lists_every_page():
    page = build_html.index_page([("00-start-here.html", "Start here"), ("03-histograms.html", "03 · A & B")])
    assert '<a href="00-start-here.html">Start here</a>' in page
    assert '<a href="03-histograms.html">03 · A &amp; B</a>' in page
    assert build_html.remote_resources(page) == []


def test_missing_javascript_says_how_to_install_it(tmp_path):
    with pytest.raises(build_html.BuildError, match="npm ci --prefix tools/html"):
        build_html.copy_static(tmp_path / "node_modules", tmp_path / "static")


# --------------------------------------------------------------------------- accessibility (issue 18)

def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", list(build_html.ACCESSIBLE_COLOURS))
def test_code_and_prompt_colours_reach_wcag_aa_contrast(name):
    """4.5:1 against the code cells' #f5f5f5 (and so against white): WCAG 2.1 AA for text."""
    assert _contrast(build_html.ACCESSIBLE_COLOURS[name], "#f5f5f5") >= 4.5


def test_pages_carry_the_accessible_css_and_the_widget_fixes_only_with_widgets():
    plain = build_html.export_page(new_notebook(cells=[new_markdown_cell("# Title\n\nSee [the README](../README.md).")]))
    assert "--jp-cell-prompt-not-active-opacity: 1" in plain and "text-decoration: underline" in plain
    assert 'lang="en"' in plain and "noUi-handle" not in plain
    with_widgets = new_notebook(cells=[new_markdown_cell("# Title")])
    with_widgets.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    assert "noUi-handle" in build_html.export_page(with_widgets)


def test_index_has_one_main_landmark():
    page = build_html.index_page([("00-start-here.html", "Start here")])
    assert page.count("<main>") == 1 and '<html lang="en">' in page
