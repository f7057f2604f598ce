"""axe_pages: a page whose widgets never draw fails, naming the page, instead of being checked half drawn."""

from __future__ import annotations

import pytest

import axe_pages
from required import require_browser

pytestmark = pytest.mark.maintainers   # the pages' checks: make test runs them (they need Chromium)


def test_a_widget_that_never_draws_fails_the_page(tmp_path, monkeypatch):
    require_browser()
    page = tmp_path / "never-drawn.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
                    '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "x"}</script>'
                    "</main></body></html>", encoding="utf-8")
    monkeypatch.setattr(axe_pages, "SETTLE_TIMEOUT_MS", 1_000)
    with pytest.raises(AssertionError, match=r"never-drawn.html: its widgets or formulas were not drawn within 1 s"):
        axe_pages.axe_pages([page])
