"""Build browsable HTML pages of every notebook, for reading offline.

How to run it
-------------
    make html

``make html`` sets up ``.venv`` (like ``make lab``), runs ``npm ci`` in ``tools/html/`` to fetch
the pinned JavaScript (``@jupyter-widgets/html-manager``, ``requirejs``, ``mathjax@2``), then runs
this script. To run it by hand (after ``npm ci --prefix tools/html``)::

    .venv/bin/python tools/build_html.py                # every notebook
    .venv/bin/python tools/build_html.py 03 06          # only notebooks whose names start so
    .venv/bin/python tools/build_html.py --timeout 900  # seconds allowed per cell

What it produces
----------------
``build/html/``, a folder that works from ``file://`` with no internet connection:

- ``NN-name.html``: one page per ``notebooks/NN-name.ipynb``, executed top to bottom (with the
  ``python3`` kernel, in ``notebooks/`` so ``../data`` paths work) and exported with nbconvert's
  ``lab`` template. Figures are embedded in the page. Sliders and other widgets show their saved
  state (the page cannot run Python, so moving a slider changes nothing). Links between notebooks
  point to the ``.html`` pages.
- ``index.html``: the list of pages, linking to each one.
- ``static/``: the JavaScript the pages load, copied from ``tools/html/node_modules``:
  ``require.js``, the widget renderer ``html-manager/embed-amd.js`` with its font files, and the
  parts of MathJax 2 that render the formulas (``$...$``) of notebooks 04 and 08.

The source notebooks are never written to (the script checks this). The build fails, naming the
page and the address, if a page would still load a script or stylesheet from the internet.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "html"
NODE_MODULES = ROOT / "tools" / "html" / "node_modules"

STATIC = "static"
#: Where the pages find their JavaScript, relative to the page (nbconvert's HTMLExporter settings).
REQUIRE_JS_URL = f"{STATIC}/require.js"
WIDGET_RENDERER_URL = f"{STATIC}/html-manager/embed-amd.js"
MATHJAX_URL = f"{STATIC}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"

#: Widget JavaScript modules built into html-manager's embed-amd.js. A widget from any other
#: module would make the page fetch that module from a CDN, so the build refuses it.
BUNDLED_WIDGET_MODULES = {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}

#: The parts of the mathjax@2 npm package that the configuration above uses (about 15 MB of
#: its 73 MB): the loader, configs, extensions, TeX input, CommonHTML output (and PreviewHTML for
#: the fast preview), localisations, and the TeX web fonts that CommonHTML draws with.
MATHJAX_PARTS = [
    "MathJax.js", "LICENSE", "config", "extensions", "localization", "jax/element", "jax/input/TeX",
    "jax/output/CommonHTML", "jax/output/PreviewHTML", "fonts/HTML-CSS/TeX/woff",
]

#: The AMD modules that embed-amd.js defines, mapped to static/html-manager/ (see the template).
WIDGET_AMD_MODULES = ["@jupyter-widgets/base", "@jupyter-widgets/base7", "@jupyter-widgets/controls",
                      "@jupyter-widgets/controls7", "@jupyter-widgets/html-manager",
                      "@jupyter-widgets/html-manager/dist/libembed-amd"]
REQUIRE_PATHS = {module: f"{STATIC}/html-manager/{module.rsplit('/', 1)[1]}" for module in WIDGET_AMD_MODULES}

#: Colours of nbconvert's light theme that fail WCAG 2.1 AA contrast (4.5:1 for text) on the code
#: cells' background (#f5f5f5), each darkened until it reaches 4.8:1 (tests/test_accessibility_pages.py
#: checks every one), and the not-active prompts' 50% opacity (#616161 became #b0b0b0, 2.2:1).
ACCESSIBLE_COLOURS = {
    "--jp-mirror-editor-atom-color": "#6161b7", "--jp-mirror-editor-bracket-color": "#6c6c54",
    "--jp-mirror-editor-builtin-color": "#007e00", "--jp-mirror-editor-comment-color": "#3a7575",
    "--jp-mirror-editor-error-color": "#db0000", "--jp-mirror-editor-hr-color": "#6c6c6c",
    "--jp-mirror-editor-keyword-color": "#007e00", "--jp-mirror-editor-meta-color": "#a120f2",
    "--jp-mirror-editor-number-color": "#007e00", "--jp-mirror-editor-operator-color": "#a120f2",
    "--jp-mirror-editor-quote-color": "#007e00", "--jp-mirror-editor-variable-3-color": "#007b4d",
    "--jp-cell-inprompt-font-color": "#2a6fa9", "--jp-cell-outprompt-font-color": "#ab5136",
}
ACCESSIBLE_CSS = """
/* Accessibility (issue 18): text colours with at least 4.5:1 contrast (WCAG 2.1 AA), links told
   apart from the text around them by more than colour (underlined). */
:root {
  --jp-cell-prompt-not-active-opacity: 1;
  --jp-cell-prompt-opacity: 1;
%s
}
.jp-RenderedHTMLCommon a, .jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited,
.jp-RenderedHTMLCommon a:hover { text-decoration: underline; }
""" % "\n".join(f"  {name}: {value};" for name, value in ACCESSIBLE_COLOURS.items())

#: On pages with widgets: html-manager draws a widget's figure without the ``alt`` its output
#: carries, and a slider's handle without a name; this copies both in as the views appear.
WIDGET_A11Y_JS = """
(function () {
  var alts = null;
  function readAlts() {  // the widget state comes after this script: read it once it is there
    var found = {}, states = document.querySelectorAll('script[type="application/vnd.jupyter.widget-state+json"]');
    states.forEach(function (s) {
      var models = (JSON.parse(s.textContent) || {}).state || {};
      Object.keys(models).forEach(function (id) {
        ((models[id].state || {}).outputs || []).forEach(function (o) {
          var png = (o.data || {})['image/png'], alt = ((o.metadata || {})['image/png'] || {}).alt;
          if (png && alt) { found[png.trim().slice(-80)] = alt; }   // the end of the PNG's text tells it apart
        });
      });
    });
    return states.length ? found : null;
  }
  function fix() {
    alts = alts || readAlts();   // null until the state is there: read again at the next change
    var table = alts || {};
    document.querySelectorAll('.widget-output img:not([alt])').forEach(function (img) {
      var alt = table[(img.getAttribute('src') || '').trim().slice(-80)];
      if (alt) { img.setAttribute('alt', alt); }
    });
    document.querySelectorAll('.noUi-handle[role="slider"]:not([aria-label])').forEach(function (handle) {
      var widget = handle.closest('.widget-slider, .widget-hslider, .widget-inline-hbox');
      var label = widget && widget.querySelector('.widget-label');
      if (label && label.textContent.trim()) { handle.setAttribute('aria-label', label.textContent.trim()); }
    });
  }
  new MutationObserver(fix).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener('DOMContentLoaded', fix);
})();
"""

#: Our template: nbconvert's ``lab`` template, plus a note on pages with widgets, and without the
#: mermaid block (no notebook draws a mermaid diagram, and its loader points at a CDN); with the
#: accessibility fixes above, and each figure's alt text (see imgsim_helpers.figures.figure_text).
OFFLINE_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
{% block html_head_css %}
{{ super() }}
<style>ACCESSIBLE_CSS</style>
{% endblock html_head_css %}
{% block html_head_js_requirejs %}
{{ super() }}
{%- if "widgets" in nb.metadata %}
<script>
// embed-amd.js finds its Font Awesome files (the icons on widget buttons) next to where
// require.js would fetch each of its modules: point all of them at static/html-manager/.
require.config({paths: REQUIRE_PATHS});
</script>
{%- endif %}
{% endblock html_head_js_requirejs %}
{#- nbconvert's lab template writes no alt text (its exporter then adds a placeholder): read the one
    the classic template reads, output metadata image/png (or image/jpeg) "alt", else the cell's. #}
{% block data_png scoped %}
{{ super() | add_alt(output | get_metadata('alt', 'image/png') or cell | get_metadata('alt')) }}
{%- endblock data_png %}
{% block data_jpg scoped %}
{{ super() | add_alt(output | get_metadata('alt', 'image/jpeg') or cell | get_metadata('alt')) }}
{%- endblock data_jpg %}
{% block body_header %}
{{ super() }}
{%- if "widgets" in nb.metadata %}
<div class="offline-note" style="margin: 1em 0 0 0; padding: 0.6em 1em; background: #fff8dc;
     border: 1px solid #e0c97f; border-radius: 4px; font-family: sans-serif; font-size: 14px;">
  This is a saved copy of the notebook: the sliders show where they were when the page was built,
  and moving them changes nothing. Open the notebook in JupyterLab (<code>make lab</code>) to use them.
</div>
{%- endif %}
{% endblock body_header %}
{% block body_footer %}
{%- if "widgets" in nb.metadata %}
<script>WIDGET_A11Y_JS</script>
{%- endif %}
{{ super() }}
{% endblock body_footer %}
""".replace("REQUIRE_PATHS", json.dumps(REQUIRE_PATHS)).replace("ACCESSIBLE_CSS", ACCESSIBLE_CSS) \
    .replace("WIDGET_A11Y_JS", WIDGET_A11Y_JS)


class BuildError(RuntimeError):
    """Something the build cannot fix by itself; the message says what to do."""


# --------------------------------------------------------------------------- HTML rewriting

def exporter():
    """An nbconvert ``HTMLExporter`` (lab template) whose pages load JavaScript from ``static/``."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.require_js_url = REQUIRE_JS_URL
    config.HTMLExporter.widget_renderer_url = WIDGET_RENDERER_URL
    config.HTMLExporter.mathjax_url = MATHJAX_URL
    # Unused once our template drops the mermaid block, but keep them away from the CDN anyway.
    config.HTMLExporter.mermaid_js_url = ""
    config.HTMLExporter.mermaid_layout_elk_js_url = ""
    config.HTMLExporter.jupyter_widgets_base_url = ""
    html_exporter = HTMLExporter(config=config, template_name="lab", template_file="offline.html.j2",
                                 extra_loaders=[DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})])
    html_exporter.register_filter("add_alt", add_alt)
    return html_exporter


def add_alt(img_html: str, alt: str | None) -> str:
    """``<img ...>`` in ``img_html`` with ``alt="..."`` (escaped) added, when there is an ``alt`` to add."""
    if not alt:
        return img_html
    return re.sub(r"<img\b", lambda _: f'<img alt="{html.escape(" ".join(str(alt).split()), quote=True)}"',
                  str(img_html), count=1)


_HREF_IPYNB = re.compile(
    r"""(?P<attr>\bhref\s*=\s*)(?P<q>["'])(?P<path>(?:\./)?[^"'#?/:\s]+)\.ipynb(?P<rest>[#?][^"']*)?(?P=q)""",
    re.IGNORECASE)


def rewrite_notebook_links(page: str, names: set[str] | None = None) -> str:
    """Point links to sibling notebooks (``href="06-x.ipynb#part"``) at their pages (``06-x.html#part``).

    Only plain relative links to a notebook in the same folder change; with ``names``, only links
    to those notebook stems (``"06-x"``) change. Links elsewhere (``https://...``) stay as they are.
    """
    def replace(match: re.Match) -> str:
        path = match["path"]
        stem = path[2:] if path.startswith("./") else path
        if names is not None and stem not in names:
            return match[0]
        return f"{match['attr']}{match['q']}{path}.html{match['rest'] or ''}{match['q']}"
    return _HREF_IPYNB.sub(replace, page)


_TAG = re.compile(r"<(?P<name>script|link)\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(?P<key>src|href)\s*=\s*(?:"(?P<v1>[^"]*)"|'(?P<v2>[^']*)'|(?P<v3>[^\s>]+))""", re.IGNORECASE)
_SCRIPT_BODY = re.compile(r"<script\b[^>]*>(?P<body>.*?)</script>", re.IGNORECASE | re.DOTALL)
_STYLE_BODY = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style>", re.IGNORECASE | re.DOTALL)
_REMOTE = r"(?:https?:)?//[^\s\"'`()<>]+"
# In scripts: a quoted address of a .js/.mjs/.css file, or anything import()ed or require()d.
_JS_REMOTE = re.compile(
    rf"""["'`](?P<u1>https?://[^\s"'`]+?\.(?:m?js|css)(?:\?[^\s"'`]*)?)["'`]"""
    rf"""|\bimport\s*\(\s*["'`](?P<u2>https?://[^"'`]+)["'`]""", re.IGNORECASE)
# In styles: @import and url(...) of remote files (fonts, images, stylesheets).
_CSS_REMOTE = re.compile(rf"""@import\s+(?:url\()?\s*["']?(?P<u1>{_REMOTE})|url\(\s*["']?(?P<u2>{_REMOTE})""",
                         re.IGNORECASE)


def _strip_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def remote_resources(page: str) -> list[str]:
    """Every address on the internet that ``page`` would load a script, stylesheet or font from.

    Looks at ``<script src>``, ``<link href>`` (stylesheets, preloads, icons: anything a
    ``<link>`` loads), addresses of ``.js``/``.css`` files and ``import()`` calls inside inline
    scripts, and ``@import``/``url()`` inside inline styles. Ordinary links (``<a href>``) to web
    pages are fine and are not listed. Returns the addresses in the order they appear.
    """
    found: list[str] = []
    for tag in _TAG.finditer(page):
        for attr in _ATTR.finditer(tag["attrs"]):
            value = attr["v1"] if attr["v1"] is not None else attr["v2"] if attr["v2"] is not None else attr["v3"]
            if re.match(r"\s*(?:https?:)?//", value, re.IGNORECASE):
                found.append(html.unescape(value.strip()))
    for script in _SCRIPT_BODY.finditer(page):
        # JSON data (widget state, widget views) is not code that runs.
        opening = page[script.start():script.start("body")]
        if re.search(r"type\s*=\s*[\"']application/(?:vnd\.jupyter\.[\w.+-]*|ld\+)?json", opening, re.IGNORECASE):
            continue
        for match in _JS_REMOTE.finditer(script["body"]):
            found.append(match["u1"] or match["u2"])
    for style in _STYLE_BODY.finditer(page):
        for match in _CSS_REMOTE.finditer(_strip_comments(style["body"])):
            found.append(match["u1"] or match["u2"])
    return found


def check_offline(page: str, name: str) -> None:
    """Raise :class:`BuildError` if ``page`` (called ``name`` in the message) needs the internet."""
    remote = remote_resources(page)
    if remote:
        listed = "\n".join(f"  - {url}" for url in dict.fromkeys(remote))
        raise BuildError(
            f"{name} would load {len(remote)} script(s)/stylesheet(s) from the internet, so it would not "
            f"work offline:\n{listed}\nServe a copy from build/html/{STATIC}/ instead (see tools/build_html.py).")


def widget_modules(nb) -> set[str]:
    """The JavaScript modules of the widgets whose state ``nb`` stores."""
    state = nb.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    modules = set()
    for model in state.get("state", {}).values():
        modules.add(model.get("model_module"))
        view = model.get("state", {}).get("_view_module")
        if view:
            modules.add(view)
    return {m for m in modules if m}


def export_page(nb, names: set[str] | None = None, name: str = "page", html_exporter=None,
                title: str | None = None) -> str:
    """``nb`` (executed or not) as an offline HTML page: links rewritten, checked for remote scripts.

    ``names`` are the stems of the notebooks that get pages (for link rewriting), ``name`` is the
    page's name in error messages, ``title`` its ``<title>`` (default: its first heading).
    """
    unbundled = widget_modules(nb) - BUNDLED_WIDGET_MODULES
    if unbundled:
        raise BuildError(f"{name} uses widgets from {sorted(unbundled)}, which html-manager does not bundle: "
                         "their pages would fetch them from a CDN. Add them to tools/html/ and copy them.")
    resources = {"metadata": {"name": title or notebook_title(nb, Path(name).stem)}}
    body, _ = (html_exporter or exporter()).from_notebook_node(nb, resources=resources)
    page = rewrite_notebook_links(body, names)
    check_offline(page, name)
    return page


def index_page(pages: list[tuple[str, str]]) -> str:
    """A plain page listing ``pages`` (file name, title)."""
    items = "\n".join(f'    <li><a href="{html.escape(file)}">{html.escape(title)}</a></li>' for file, title in pages)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Image similarity from scratch</title>
<style>
  body {{ font-family: sans-serif; max-width: 48em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
  li {{ margin: 0.3em 0; }}
</style>
</head>
<body>
<main>
<h1>Image similarity from scratch</h1>
<p>The course notebooks, run top to bottom and saved as pages you can read without JupyterLab or
an internet connection. Start with the first one. To run the code and move the sliders yourself,
open the notebooks in JupyterLab (<code>make lab</code>).</p>
<ul style="list-style: none; padding-left: 0;">
{items}
</ul>
</main>
</body>
</html>
"""


def notebook_title(nb, fallback: str) -> str:
    """The first Markdown heading of ``nb`` (``# 06 · Explore with sliders``), without the hashes."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


# --------------------------------------------------------------------------- JavaScript files

def copy_static(node_modules: Path, static_dir: Path) -> None:
    """Copy require.js, html-manager's embed-amd.js (with its fonts) and part of MathJax 2."""
    manager = node_modules / "@jupyter-widgets" / "html-manager"
    dist = manager / "dist"
    needed = [manager / "package.json", dist / "embed-amd.js", node_modules / "requirejs" / "require.js",
              node_modules / "mathjax" / "MathJax.js"]
    missing = [str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p) for p in needed if not p.exists()]
    if missing:
        raise BuildError(f"JavaScript files missing: {', '.join(missing)}.\n"
                         "Install them with `npm ci --prefix tools/html` (or just run `make html`).")
    if static_dir.exists():
        shutil.rmtree(static_dir)
    (static_dir / "html-manager").mkdir(parents=True)
    shutil.copy2(node_modules / "requirejs" / "require.js", static_dir / "require.js")
    # embed-amd.js is one self-contained bundle; the other files in dist/ are the fonts its CSS
    # refers to (Font Awesome icons). Skip the other bundles and the source maps.
    for item in dist.iterdir():
        if item.name == "embed-amd.js" or item.suffix in {".woff", ".woff2", ".ttf", ".eot", ".svg"} \
                or item.name.endswith("LICENSE.txt"):
            shutil.copy2(item, static_dir / "html-manager" / item.name)
    for part in MATHJAX_PARTS:
        source = node_modules / "mathjax" / part
        target = static_dir / "mathjax" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)


# --------------------------------------------------------------------------- running notebooks

def execute(path: Path, timeout: int):
    """``path`` run top to bottom in a fresh python3 kernel (in notebooks/), widget state kept."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        raise BuildError(f"{path.name} failed while running; fix it (e.g. with `make test`):\n{error}") from None
    return nb


def _digest(paths: list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def build(selected: list[str], out: Path, timeout: int, on_executed=None) -> list[Path]:
    """Run the ``selected`` notebooks (all when empty) and write their pages and the index to ``out``.

    ``on_executed(path, nb)``, when given, sees each executed notebook before its page is written
    (the tests check its outputs). Returns the pages written, index aside.
    """
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    names = {p.stem for p in notebooks}
    chosen = [p for p in notebooks if not selected or any(p.name.startswith(s) for s in selected)]
    if not chosen:
        raise BuildError(f"No notebook in notebooks/ starts with {' or '.join(selected)}.")
    before = _digest(notebooks)

    out.mkdir(parents=True, exist_ok=True)
    copy_static(NODE_MODULES, out / STATIC)
    html_exporter = exporter()
    written = []
    for path in chosen:
        started = time.perf_counter()
        print(f"running {path.name} ...", flush=True)
        nb = execute(path, timeout)
        if on_executed is not None:
            on_executed(path, nb)
        target = out / f"{path.stem}.html"
        target.write_text(export_page(nb, names, target.name, html_exporter), encoding="utf-8")
        written.append(target)
        print(f"wrote {_shown(target)} ({time.perf_counter() - started:.0f} s)", flush=True)

    write_index(out)

    if _digest(notebooks) != before:
        raise BuildError("A source notebook changed during the build; the build must not write to notebooks/.")
    return written


def write_index(out: Path) -> Path:
    """Write ``out/index.html``, the list of every notebook's page (titled by its first heading)."""
    import nbformat

    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    titles = [(f"{p.stem}.html", notebook_title(nbformat.read(p, as_version=4), p.stem)) for p in notebooks]
    index = index_page(titles)
    check_offline(index, "index.html")
    (out / "index.html").write_text(index, encoding="utf-8")
    return out / "index.html"


def _shown(path: Path) -> Path:
    """``path`` relative to the course folder when it is inside it (``build/html``), else as it is."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="build only notebooks whose names start with these (e.g. 03 06)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: build/html)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default: 600)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        written = build(args.only, args.out.resolve(), args.timeout)
    except BuildError as error:
        print(f"\nmake html: {error}", file=sys.stderr)
        return 1
    print(f"{len(written)} page(s) in {time.perf_counter() - started:.0f} s. "
          f"Open {_shown(args.out.resolve())}/index.html in a browser.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
