"""Run axe-core (pinned in tools/html/package.json) on HTML pages in headless Chromium.

Used by tests/test_accessibility_pages.py, and by hand to measure a folder of pages::

    python tests/axe_pages.py build/html          # prints each page's violations, by rule
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from required import CHROMIUM, SharedChromium

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "tools" / "html" / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.1 levels A and AA, as axe tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: axe's "best practice" rules for the page's structure, checked too: headings in order without
#: skipped levels, one h1, one main landmark, all content in landmarks.
STRUCTURE_RULES = ["heading-order", "page-has-heading-one", "landmark-one-main", "region", "empty-heading"]

RUN_AXE_JS = """
async ([tags, rules]) => {
  const options = {resultTypes: ['violations']};
  const wcag = await axe.run(document, {...options, runOnly: {type: 'tag', values: tags}});
  const structure = rules.length ? await axe.run(document, {...options, runOnly: {type: 'rule', values: rules}})
                                 : {violations: []};
  return wcag.violations.concat(structure.violations).map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                summary: (n.failureSummary || '').slice(0, 300)}))}));
}
"""
#: Until every widget view and formula is drawn (at most SETTLE_TIMEOUT_MS, then the page fails): axe must
#: see the page as a reader does.
SETTLE_TIMEOUT_MS = 60_000
SETTLED_JS = """
() => {
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
  const drawn = document.querySelectorAll('.widget-subarea').length;
  const mathjax = !window.MathJax || !window.MathJax.Hub || window.MathJax.Hub.queue.pending === 0;
  return drawn >= views && mathjax && document.readyState === 'complete';
}
"""

#: Then until MathJax 2 has typeset the page: a callback queued on its hub runs after everything queued
#: before it, the first typesetting of the page included; then one frame, so the result is drawn.
TYPESET_JS = """
async () => {
  if (window.MathJax && window.MathJax.Hub) await new Promise(done => window.MathJax.Hub.Queue(done));
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}
"""


def launch_chromium(playwright):
    """Debian's Chromium, headless, allowed to read the pages' files."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu",
                                                                           "--allow-file-access-from-files"])


def axe_pages(pages: list[Path], tags: list[str] = WCAG_TAGS,
              rules: list[str] = STRUCTURE_RULES, browser=None) -> dict[str, list[dict]]:
    """Each page's violations of the axe rules with ``tags`` and of ``rules`` (an empty list: none).

    In ``browser`` (a playwright Chromium from :func:`launch_chromium`) when given, else in one
    launched for these pages.
    """
    if browser is None:
        launched = SharedChromium(launch_chromium)
        try:
            return axe_pages(pages, tags, rules, launched.get())
        finally:
            launched.close()
    found = {}
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        for path in pages:
            page.goto(path.resolve().as_uri(), wait_until="load")
            try:
                page.wait_for_function(SETTLED_JS, timeout=SETTLE_TIMEOUT_MS)
            except Exception as error:  # noqa: BLE001 - playwright's TimeoutError, named in the message
                # a widget that never draws is what a reader sees as "Error displaying widget"
                raise AssertionError(f"{path.name}: its widgets or formulas were not drawn within "
                                     f"{SETTLE_TIMEOUT_MS / 1000:g} s") from error
            page.evaluate(TYPESET_JS)
            page.add_script_tag(path=str(AXE_JS))
            found[path.name] = page.evaluate(RUN_AXE_JS, [tags, rules])
    finally:
        page.close()
    return found


def summary(found: dict[str, list[dict]]) -> str:
    """One line per page: its number of failing elements, by rule."""
    lines = []
    for name, violations in found.items():
        rules = ", ".join(f"{v['id']} {len(v['nodes'])}" for v in violations) or "none"
        lines.append(f"{name}: {sum(len(v['nodes']) for v in violations)} ({rules})")
    total = sum(len(v["nodes"]) for violations in found.values() for v in violations)
    return "\n".join(lines + [f"total: {total} failing elements on {len(found)} pages"])


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    result = axe_pages(sorted(folder.glob("*.html")))
    print(summary(result))
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(json.dumps(result, indent=1))
