"""The one look of every figure: the palette, the reference lines' grey, each series' dashes and marker.

:mod:`imgsim_helpers.plotting`, :mod:`~imgsim_helpers.figures.result_plots`,
:mod:`~imgsim_helpers.figures.toolbox_plots` and :mod:`~imgsim_helpers.figures.hash_plots`
all draw with what is here, and end with :func:`finish_figure`, so their figures look
alike and each carries its text alternative. Colour is never the only difference:
series ``i`` also gets its own dash style and marker (:func:`series_style`).
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .figure_text import describe_figure, show_figure

__all__ = ["CHANNEL_COLOURS", "GREY", "LINE_STYLES", "MARKERS", "OKABE_ITO", "finish_figure", "reference_line",
           "series_style"]

#: Colour-blind-safe palette (Okabe & Ito, 2008), in order of use.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

#: The channels' own colours, used deliberately for per-channel histograms.
CHANNEL_COLOURS = {"red": "#d62728", "green": "#2ca02c", "blue": "#1f77b4"}

#: The neutral grey of reference lines (chance, a threshold, "as far as the swans"), their labels,
#: one-colour histograms and "n/a" cells: 7.5:1 against white, enough for lines (3:1) and text (4.5:1).
GREY = "#555555"

#: Dash styles in order of use: solid, dashed, dash-dot, dotted.
LINE_STYLES = ["-", "--", "-.", ":"]
#: Marker shapes in order of use: circle, square, triangle, diamond, down-triangle, plus.
MARKERS = ["o", "s", "^", "D", "v", "P"]


def series_style(i: int) -> tuple[str, str, str]:
    """The colour, dash style and marker of a figure's ``i``-th series (0 first), each cycling on its own.

    Examples
    --------
    >>> series_style(0)
    ('#0072B2', '-', 'o')
    >>> series_style(4)
    ('#56B4E9', '-', 'v')
    """
    return OKABE_ITO[i % len(OKABE_ITO)], LINE_STYLES[i % len(LINE_STYLES)], MARKERS[i % len(MARKERS)]


def reference_line(ax: Axes, value: float, linestyle: str, vertical: bool = False) -> Line2D:
    """A thin grey line across ``ax`` at ``value``: horizontal, or ``vertical`` (an x value)."""
    draw = ax.axvline if vertical else ax.axhline
    return draw(value, color=GREY, linewidth=1, linestyle=linestyle)


def finish_figure(fig: Figure, show: bool, description: str) -> Figure | None:
    """Give ``fig`` its ``description``; show and close it (returns None), or hand it back unshown."""
    describe_figure(fig, description)
    if not show:
        return fig
    show_figure(fig)
    return None
