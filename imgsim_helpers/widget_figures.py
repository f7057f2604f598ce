"""What every explorer widget shares: its figure shown in an Output widget, described for a screen reader.

An explorer (:mod:`imgsim_helpers.widgets`,
:mod:`imgsim_helpers.near_duplicates.explorer`) redraws one figure and shows it
with :func:`publish_figure`, which gives the picture its text alternative and
reads it out after each change; :func:`shrink_to_draw` shrinks its photos so
they draw fast, and :func:`short_name` fits a file name in a small title.
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as w
import numpy as np
from matplotlib.figure import Figure

from .figures.figure_text import described_png

__all__ = ["publish_figure", "short_name", "shrink_to_draw"]


def shrink_to_draw(image: np.ndarray, longest: int = 400) -> np.ndarray:
    """Every n-th pixel, so the longest side is about ``longest`` (fast to draw)."""
    step = max(1, max(image.shape[:2]) // longest)
    return image[::step, ::step]


def publish_figure(figure: Figure, output: w.Output, description: str, text: w.HTML) -> bytes:
    """Render ``figure`` to PNG and make it the only thing ``output`` shows; return the PNG.

    Setting ``output.outputs`` directly (instead of ``with output: display(...)``)
    replaces the picture in place and never leaks into the cell's own outputs. The
    picture carries ``description`` as its text alternative, as every described figure
    does (:func:`imgsim_helpers.figures.figure_text.described_png`: ``alt``, ``text/plain``, and an
    ``<img alt>`` in ``text/html`` that JupyterLab shows), and ``text`` shows it beside the
    picture in a live region, so a screen reader reads the new description after each
    redraw without leaving the slider.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    png = buffer.getvalue()
    data, metadata = described_png(base64.b64encode(png).decode("ascii"), description)
    output.outputs = ({"output_type": "display_data", "data": data, "metadata": metadata},)
    text.value = (f'<p role="status" aria-live="polite" style="margin: 0.2em 0; color: #333; font-size: 90%;">'
                  f"<b>Figure:</b> {html.escape(description)}</p>")
    return png


def short_name(path: str, keep: int = 22) -> str:
    """The end of a path, short enough for a small title."""
    name = str(path).replace("\\", "/").split("/")[-1]
    return name if len(name) <= keep else "\u2026" + name[-keep + 1:]
