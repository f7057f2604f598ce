"""Figures for notebooks 12-14 (the toolbox): lines against one x axis, hue x saturation grids, edges.

Each helper draws one kind of figure, titled and labelled, in the Okabe-Ito
palette (or the ``cividis`` colour map, which reads the same for colour-blind
viewers), then shows and closes it, as the helpers of :mod:`imgsim_helpers.plotting` do; the
palette, dashes and markers are the course's one style (:mod:`imgsim_helpers.figures.style`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from ..describing.descriptors import hue_saturation_histogram
from ..describing.shape import edge_histogram, edge_strength
from .plot_descriptions import describe_edges, describe_hue_saturation, describe_lines
from .plot_marks import label_lines
from .style import GREY, OKABE_ITO, finish_figure, reference_line, series_style

__all__ = ["plot_lines", "plot_hue_saturation", "plot_edges"]


def plot_lines(
    x: Sequence[float] | np.ndarray,
    lines: Mapping[str, Sequence[float] | np.ndarray],
    title: str,
    xlabel: str,
    ylabel: str,
    reference: float | None = None,
    reference_label: str = "",
    steps: bool = False,
    show: bool = True,
) -> Figure | None:
    """Draw several lines against the same ``x``, one colour and dash style each, with a legend.

    Parameters
    ----------
    x : array-like
        The x value of every point (the same for every line).
    lines : mapping of str to array-like
        The name of each line (shown in the legend) and its y values, one per
        ``x``.
    title, xlabel, ylabel : str
        Figure title and axis labels.
    reference : float, optional
        Draw a dotted grey horizontal line at this height, for a value to
        compare with (1 for "as far as the swans", say).
    reference_label : str, optional
        A short text written on the reference line.
    steps : bool, optional
        Draw each line as a staircase: each value holds until the next ``x``
        (right for a cumulative histogram, which jumps at each level).
    show : bool, optional
        Show and close the figure (default); ``False`` returns it.

    Returns
    -------
    matplotlib.figure.Figure or None
        The line chart, when ``show=False``.

    Raises
    ------
    ValueError
        If there are no lines, or a line has not one value per ``x``.
    """
    x = np.asarray(x, dtype=float)
    if not lines:
        raise ValueError("plot_lines needs at least one line")
    for name, values in lines.items():
        if len(values) != len(x):
            raise ValueError(f"line {name!r} has {len(values)} values, but there are {len(x)} x values; "
                             "give one value per x")
    fig, ax = plt.subplots(figsize=(7, 3.4))
    series = []
    for i, (name, values) in enumerate(lines.items()):
        colour, dashes, marker = series_style(i)
        ax.plot(x, np.asarray(values, dtype=float), dashes, color=colour, linewidth=2, label=name,
                drawstyle="steps-post" if steps else "default", marker=marker, markevery=max(1, len(x) // 8),
                markersize=5)
        series.append((name, np.asarray(values, dtype=float), colour))
    label_lines(ax, x, series)
    if reference is not None:
        reference_line(ax, reference, ":")
        if reference_label:
            ax.text(x.max(), reference, reference_label + " ", ha="right", va="bottom", fontsize=8, color=GREY)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return finish_figure(fig, show, describe_lines(x, lines, title, xlabel, ylabel))


def plot_hue_saturation(
    photos: Mapping[str, np.ndarray],
    title: str = "Hue x saturation histograms",
    show: bool = True,
) -> Figure | None:
    """Each photo's hue x saturation histogram (:func:`hue_saturation_histogram`) as a coloured grid.

    Hue runs up (OpenCV's units, 0-179: 0 is red, 30 yellow, 60 green, 90
    cyan, 120 blue, 150 magenta), saturation across (0 = gray, 255 = vivid).
    The colour of a cell is the share of the photo's pixels in it, on a
    logarithmic scale (each step of the colour bar is ten times more
    pixels), so that rare colours still show; empty cells take the darkest
    colour. A cell is small (1 of 3,000), so each panel rings its fullest
    cell and labels it with its share ("fullest cell: 84% of the pixels").

    Parameters
    ----------
    photos : mapping of str to numpy.ndarray
        A name (each panel's title) and an ``(H, W, 3)`` ``uint8`` photo.
    title : str, optional
        The figure's title, above the panels.
    show : bool, optional
        Show and close the figure (default); ``False`` returns it.

    Returns
    -------
    matplotlib.figure.Figure or None
        The grids, one panel per photo and their colour bar, when
        ``show=False``.

    Raises
    ------
    ValueError
        If there are no photos, or one is not an RGB photo.
    """
    if not photos:
        raise ValueError("plot_hue_saturation needs at least one photo")
    floor = 1e-4                                            # 0.01 % of the pixels: the darkest colour
    grids = {}                                              # computed first: a bad photo leaves no figure open
    for name, photo in photos.items():
        grids[name] = hue_saturation_histogram(photo).reshape(50, 60)   # rows: hue bins, columns: saturation
    fig, axes = plt.subplots(1, len(photos), figsize=(5 * len(photos) + 1, 3.6), squeeze=False,
                             layout="constrained")
    shown = None
    for ax, (name, grid) in zip(axes[0], grids.items()):
        shown = ax.imshow(np.maximum(grid, floor), origin="lower", aspect="auto", cmap="cividis",
                          norm=LogNorm(vmin=floor, vmax=1), extent=(0, 256, 0, 180))
        ax.set_xlabel("saturation (0 = gray, 255 = vivid)")
        ax.set_ylabel("hue (OpenCV units, 0-179)")
        ax.set_title(f"{name}: hue x saturation")
        _ring_fullest_cell(ax, grid)
    bar = fig.colorbar(shown, ax=list(axes[0]), label="share of pixels (log scale)")
    bar.formatter = PercentFormatter(1.0, decimals=2)
    bar.update_ticks()
    fig.suptitle(title)
    return finish_figure(fig, show, describe_hue_saturation(grids, title))


def _ring_fullest_cell(ax, grid: np.ndarray) -> None:
    """Ring the fullest cell of a hue x saturation ``grid`` drawn on ``ax``, and label it with its share."""
    hue_bin, saturation_bin = np.unravel_index(np.argmax(grid), grid.shape)
    width, height = 256 / grid.shape[1], 180 / grid.shape[0]        # one cell, in the axes' units
    x, y = (saturation_bin + 0.5) * width, (hue_bin + 0.5) * height  # its centre
    ax.add_patch(plt.Circle((x, y), 6, fill=False, edgecolor=OKABE_ITO[1], linewidth=2, clip_on=False))
    ax.annotate(f"fullest cell: {grid.max():.0%} of the pixels", (x, y), fontsize=9, color="white",
                xytext=(x + 40 if x < 128 else x - 40, y + 35 if y < 90 else y - 35),
                ha="left" if x < 128 else "right", va="center",
                bbox={"boxstyle": "round", "facecolor": "black", "alpha": 0.6, "edgecolor": OKABE_ITO[1]},
                arrowprops={"arrowstyle": "->", "color": OKABE_ITO[1], "linewidth": 1.5})


def plot_edges(photo: np.ndarray, title: str, show: bool = True) -> Figure | None:
    """A photo's edges: their strength at every pixel (left) and its edge-direction histogram (right).

    Left, :func:`edge_strength` as a picture, darker where the gray level
    changes faster. Right, :func:`edge_histogram`: the share of all edge
    strength in each of 9 direction bins of 20 degrees (0 degrees: the light
    changes from left to right, across a vertical edge; 90: from top to
    bottom, across a horizontal edge).

    Parameters
    ----------
    photo : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` photo, at least 3 x 3 pixels, with some edges.
    title : str
        The figure's title, above its two panels.
    show : bool, optional
        Show and close the figure (default); ``False`` returns it.

    Returns
    -------
    matplotlib.figure.Figure or None
        The two panels, edge strength and edge directions, when
        ``show=False``.

    Raises
    ------
    ValueError
        If the photo is not an RGB photo of at least 3 x 3 pixels, or has no edges.
    """
    shares = edge_histogram(photo)
    strength = edge_strength(photo)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), width_ratios=[1, 1.4])
    shown = left.imshow(strength, cmap="gray_r")
    fig.colorbar(shown, ax=left, label="edge strength (gray levels per pixel)", shrink=0.8)
    left.set_title("edge strength (darker = stronger)")
    left.set_xlabel("x (column)")
    left.set_ylabel("y (row)")
    width = 180 / len(shares)
    right.bar(width * np.arange(len(shares)) + width / 2, shares, width=0.9 * width, color=OKABE_ITO[0])
    right.set_xticks(np.arange(0, 181, 2 * width))
    right.set_xlabel("edge direction (degrees; 0 = light changes left to right)")
    right.set_ylabel("share of edge strength")
    right.set_title("its edge-direction histogram")
    fig.suptitle(title)
    fig.tight_layout()
    return finish_figure(fig, show, describe_edges(shares, title))
