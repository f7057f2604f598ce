"""Telling a figure's series apart without colour: dash styles, markers and labels on the lines.

About one man in twelve sees red and green alike (deuteranopia, protanopia), and a
printout may be gray: a figure whose lines differ only by hue loses them. So every
helper that draws several series gives each a dash style (and a marker where there
are points) as well as a colour, and writes each series' name on its line, where
it stands out most from the others, so the reader need not match colours to a legend.
The dash styles and markers themselves are in :mod:`imgsim_helpers.figures.style`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes

__all__ = ["label_lines"]


def label_lines(ax: Axes, x: Sequence[float] | np.ndarray, series: Sequence[tuple[str, np.ndarray, str]],
                fontsize: float = 8) -> None:
    """Write each series' name on its line, at the x where it stands highest above the others.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes the lines are drawn on.
    x : array-like
        The x value of every point (the same for every series).
    series : sequence of (name, y values, colour)
        The lines, as drawn.
    fontsize : float, optional
        The labels' size in points.
    """
    if len(series) < 2:
        return
    x = np.asarray(x, dtype=float)
    ys = np.array([np.asarray(y, dtype=float) for _, y, _ in series])
    inner = np.ones(len(x), dtype=bool)
    margin = max(1, len(x) // 12)                  # keep labels off the axes' edges when there is room
    if len(x) > 2 * margin + 1:
        inner[:margin] = inner[-margin:] = False
    used: list[tuple[float, float]] = []
    span_x = float(np.ptp(x)) or 1.0
    span_y = float(np.nanmax(ys) - np.nanmin(ys)) or 1.0
    for i, (name, _, colour) in enumerate(series):
        others = np.delete(ys, i, axis=0).max(axis=0)
        lead = np.where(inner, ys[i] - others, -np.inf)
        for index in np.argsort(lead, kind="stable")[::-1]:  # the best place not already taken by a label
            if all(abs(x[index] - ux) / span_x > 0.12 or abs(ys[i][index] - uy) / span_y > 0.08 for ux, uy in used):
                break
        used.append((x[index], ys[i][index]))
        ax.annotate(name, (x[index], ys[i][index]), xytext=(0, 4), textcoords="offset points", ha="center",
                    va="bottom", fontsize=fontsize, fontweight="bold", color=colour, gid="direct-label",
                    path_effects=[patheffects.withStroke(linewidth=3, foreground="white")])
