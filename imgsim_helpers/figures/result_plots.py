"""Figures of results (notebooks 10, 15 and 17): a table of numbers as coloured cells, accuracies with intervals.

Each helper draws one figure, titled and labelled, in the course's one style
(:mod:`imgsim_helpers.figures.style`), then shows and closes it with its text
alternative, as the helpers of :mod:`imgsim_helpers.plotting` do.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .plot_descriptions import describe_accuracies, describe_table
from .style import GREY, OKABE_ITO, finish_figure, reference_line

__all__ = ["plot_accuracies", "plot_table"]


def plot_table(
    values: np.ndarray,
    rows: Sequence[str],
    columns: Sequence[str],
    title: str,
    xlabel: str,
    ylabel: str,
    colour_label: str,
    percent: bool = False,
    show: bool = True,
    scale: tuple[float, float] | None = None,
) -> Figure | None:
    """A table of numbers as coloured cells, each cell labelled with its value.

    Used for accuracies (metric x histogram) and confusion matrices. The
    ``cividis`` colour map reads the same for colour-blind viewers and in
    grey.

    Parameters
    ----------
    values : numpy.ndarray
        Shape ``(len(rows), len(columns))``. NaN marks a cell with no value
        (drawn blank, labelled "n/a").
    rows, columns : sequence of str
        The labels of the rows (y axis) and columns (x axis).
    title, xlabel, ylabel, colour_label : str
        Figure title, axis labels and the colour bar's label.
    percent : bool, optional
        Write values as percentages and fix the colour scale to 0-1;
        otherwise write whole numbers (counts) with whole-number ticks.
    show : bool, optional
        Show and close the figure (default); ``False`` returns it.
    scale : (float, float), optional
        The values at the two ends of the colour scale, for when the values
        cover a small part of 0-1 (accuracies from 23 % to 50 %, say) and
        the default scale would paint every cell nearly the same.

    Returns
    -------
    matplotlib.figure.Figure or None
        The coloured table and its colour bar, when ``show=False``.
    """
    values = np.asarray(values)
    if values.shape != (len(rows), len(columns)):
        raise ValueError(f"values has shape {values.shape}, but there are {len(rows)} rows and {len(columns)} columns")
    fig, ax = plt.subplots(figsize=(1.1 * len(columns) + 2.5, 0.55 * len(rows) + 1.8))
    top = 1.0 if percent else max(1, int(np.nanmax(values)))
    bottom = 0.0
    if scale is not None:
        bottom, top = scale
        if not bottom < top:
            raise ValueError(f"scale must be (low, high) with low < high, got {scale}")
    image = ax.imshow(np.ma.masked_invalid(values), cmap="cividis", vmin=bottom, vmax=top)
    for (i, j), value in np.ndenumerate(values):
        if np.isnan(value):
            ax.text(j, i, "n/a", ha="center", va="center", color=GREY)
            continue
        text = f"{value:.0%}" if percent else f"{int(value)}"
        ax.text(j, i, text, ha="center", va="center", color="white" if value < (bottom + top) / 2 else "black")
    ax.set_xticks(range(len(columns)), list(columns), rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), list(rows))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    # whole-number ticks for counts: one per value up to 12, then a readable few (a tick per count
    # from 0 to 33 would crowd the bar)
    count_ticks = range(int(top) + 1) if top <= 12 else MaxNLocator(nbins=8, integer=True)
    bar = fig.colorbar(image, ax=ax, label=colour_label, ticks=None if percent or scale else count_ticks)
    if percent:
        bar.formatter = PercentFormatter(1.0, decimals=0)
        bar.update_ticks()
    fig.tight_layout()
    return finish_figure(fig, show, describe_table(values, rows, columns, title, xlabel, ylabel, colour_label, percent))


def plot_accuracies(
    reports: Sequence,
    title: str,
    chance: float | None = None,
    show: bool = True,
) -> Figure | None:
    """Accuracies with their 95% confidence intervals, one row per method, best at the top.

    Parameters
    ----------
    reports : sequence of EvaluationReport
        From :func:`evaluate` or :func:`leaderboard`, in the order to draw
        them (the first at the top).
    title : str
        Figure title.
    chance : float, optional
        The accuracy of guessing, drawn as a dashed line labelled "chance".
    show : bool, optional
        Show and close the figure (default); ``False`` returns it.

    Returns
    -------
    matplotlib.figure.Figure or None
        The chart of intervals, when ``show=False``. Two intervals that
        overlap a lot mean the measurement cannot tell the methods apart (a
        paired test, ``mcnemar``, says it more sharply).
    """
    if len(reports) == 0:
        raise ValueError("plot_accuracies needs at least one report")
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(reports) + 1.4))
    y = np.arange(len(reports))[::-1]
    accuracy = np.array([r.accuracy for r in reports])
    low = np.array([r.accuracy_ci[0] for r in reports])
    high = np.array([r.accuracy_ci[1] for r in reports])
    neighbour = np.array([r.method == "neighbour" for r in reports])
    colours = [OKABE_ITO[0] if n else OKABE_ITO[1] for n in neighbour]
    ax.hlines(y, low, high, colors=colours, linewidth=2, linestyles=["-" if n else "--" for n in neighbour])
    for kind, marker in ((True, "o"), (False, "s")):  # the two methods differ by marker and dashes, not colour alone
        ax.scatter(accuracy[neighbour == kind], y[neighbour == kind], c=OKABE_ITO[0] if kind else OKABE_ITO[1],
                   marker=marker, zorder=3)
    ax.set_yticks(y, [r.title for r in reports], fontsize=8)
    if chance is not None:
        reference_line(ax, chance, "--", vertical=True)
        ax.text(chance, y.max() + 0.6, " chance", color=GREY, fontsize=8, va="bottom")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.8, y.max() + 1.2)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("accuracy (dot or square) and its 95% confidence interval (line)")
    kinds = [Line2D([], [], color=OKABE_ITO[0], marker="o", linestyle="-", label="nearest neighbour"),
             Line2D([], [], color=OKABE_ITO[1], marker="s", linestyle="--", label="nearest centroid")]
    ax.legend(handles=kinds, loc="lower right", fontsize=8)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return finish_figure(fig, show, describe_accuracies(reports, title, chance))
