"""The explorers' controls can be used without sight (issue 18).

Every slider, dropdown, checkbox, toggle and upload button shows a label (its
``description``, which JupyterLab draws beside it), and every figure an explorer draws
carries a description that changes with it, shown beside it in a live region. The
keyboard itself is tested in a real browser: tests/browser/test_widgets_keyboard.py.
"""

from __future__ import annotations

import ipywidgets as w
import pytest

from imgsim_helpers import DATA_DIR, build_index
from imgsim_helpers.near_duplicates.duplicates import find_duplicates
from imgsim_helpers.figures.figure_text import is_placeholder
from imgsim_helpers.near_duplicates.explorer import duplicates_explorer
from imgsim_helpers.search.explorer import SearchExplorer
from imgsim_helpers.widgets import HistogramExplorer, SimilarityExplorer

CONTROLS = (w.widgets.widget_int._Int, w.widgets.widget_float._Float, w.widgets.widget_selection._Selection,
            w.Checkbox, w.FileUpload)


def _controls(widget):
    if isinstance(widget, CONTROLS):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from _controls(child)


@pytest.fixture(scope="module")
def explorers():
    index = build_index(DATA_DIR / "opening", progress=False)
    return {"histogram": HistogramExplorer(), "similarity": SimilarityExplorer(), "search": SearchExplorer(index),
            "duplicates": duplicates_explorer(find_duplicates(DATA_DIR / "opening", progress=False))}


@pytest.mark.parametrize("name", ["histogram", "similarity", "search", "duplicates"])
def test_every_control_has_a_visible_label(explorers, name):
    controls = list(_controls(explorers[name]))
    assert controls
    unlabelled = [type(c).__name__ for c in controls if not c.description.strip()]
    assert unlabelled == []


@pytest.mark.parametrize("name", ["histogram", "similarity", "search", "duplicates"])
def test_every_figure_is_described_beside_it_in_a_live_region(explorers, name):
    explorer = explorers[name]
    text = explorer.panel.text if hasattr(explorer, "panel") else explorer.text
    description = explorer.panel.description if hasattr(explorer, "panel") else explorer.description
    output = (explorer.panel.output if hasattr(explorer, "panel") else explorer.output).outputs[0]
    assert not is_placeholder(description)
    assert output["metadata"]["image/png"]["alt"] == description
    assert 'role="status"' in text.value and 'aria-live="polite"' in text.value
    assert text in explorer.children or any(text in getattr(c, "children", ()) for c in explorer.children)


def test_search_and_duplicates_redescribe_on_change(explorers):
    search = explorers["search"]
    before = search.description
    search.k.value = 2
    assert search.description != before and search.description.count(" (euclidean ") == 2
    duplicates = explorers["duplicates"]
    duplicates.threshold.value = 0
    assert "at most 0 bits apart" in duplicates.description
