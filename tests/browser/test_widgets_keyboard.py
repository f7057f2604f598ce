"""Notebook 06's sliders with the keyboard alone, in JupyterLab (issue 18).

After Run All, focus goes to the first control of the first explorer (the photo
dropdown) and from there only the keyboard is used: Tab to each slider in turn, an
arrow key to move it. Every slider of the notebook must be reached this way, show a
visible label, announce its new value (``aria-valuetext``), and the figure it redraws
must get a fresh description in the live region beside it (what a screen reader reads).

Set-up, skipping and failure artefacts as in ``test_notebook_sliders_in_browser.py``.
"""

from __future__ import annotations

import time

from required import require_browser
from test_notebook_sliders_in_browser import (DEFAULT_NOTEBOOK, REPO_ROOT, SLIDER_TIMEOUT_MS,
                                              _wait_for_sliders, in_lab, run_all)

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
FOCUSED_JS = """
() => {
  const e = document.activeElement;
  const box = e.closest('.widget-vbox');
  const status = box && box.querySelector('[role="status"]');
  const row = e.closest('.widget-slider');
  const label = row && row.querySelector('.widget-label');
  return {role: e.getAttribute('role'), valuetext: e.getAttribute('aria-valuetext'),
          label: label ? label.textContent.trim() : null, status: status ? status.textContent : null,
          id: row ? Array.from(document.querySelectorAll('.widget-slider')).indexOf(row) : -1};
}
"""
REDRAW_TIMEOUT_S = 30


def test_every_slider_of_notebook_06_moves_with_the_keyboard(labs):
    require_browser()
    notebook = DEFAULT_NOTEBOOK
    moved = in_lab(labs, REPO_ROOT, notebook, _move_every_slider, "keyboard-failure")
    assert len(moved) == 9, moved           # 06: three sliders in each of its three explorers


def _move_every_slider(page, url: str, expect) -> list[tuple]:
    page.goto(url)
    kernel_status, kernel_idle = run_all(page, expect)
    sliders = page.locator(f"{PANEL} .widget-slider")
    _wait_for_sliders(page, sliders)
    expect(page.locator(f"{PANEL} .jp-InputArea-prompt", has_text="[*]")).to_have_count(0, timeout=SLIDER_TIMEOUT_MS)
    expect(kernel_status).to_have_text(kernel_idle, timeout=SLIDER_TIMEOUT_MS)
    total = sliders.count()

    page.locator(f"{PANEL} .widget-dropdown select").first.focus()   # the only step not made with the keyboard
    moved, seen = [], set()
    for _ in range(12 * total):
        page.keyboard.press("Tab")
        here = page.evaluate(FOCUSED_JS)
        if here["role"] != "slider" or here["id"] in seen:
            continue
        seen.add(here["id"])
        assert here["label"], f"slider {here['id']} has no visible label"
        assert here["status"] and "Figure:" in here["status"], f"slider {here['label']}: no description beside it"
        before_value, before_status = here["valuetext"], here["status"]
        for key in ("ArrowRight", "ArrowLeft", "ArrowLeft"):            # right, or left from the maximum
            page.keyboard.press(key)
            if page.evaluate(FOCUSED_JS)["valuetext"] != before_value:
                break
        after = page.evaluate(FOCUSED_JS)
        assert after["role"] == "slider" and after["valuetext"] != before_value, \
            f"{here['label']}: the arrow keys did not move it from {before_value!r}"
        deadline = time.monotonic() + REDRAW_TIMEOUT_S
        while page.evaluate(FOCUSED_JS)["status"] == before_status:
            assert time.monotonic() < deadline, f"{here['label']}: the figure's description did not change"
            time.sleep(0.2)
        moved.append((here["label"], before_value, after["valuetext"]))
        if len(seen) == total:
            break
    assert len(seen) == total, f"Tab reached {len(seen)} of the {total} sliders: {moved}"
    return moved
