"""Figures for notebooks 17 and 18: the cosine patterns of the DCT hash, and choosing a threshold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..near_duplicates.hashing import dct_matrix
from .plot_descriptions import describe_dct_patterns, describe_threshold_curve
from .style import finish_figure, reference_line, series_style

__all__ = ["plot_dct_patterns", "plot_threshold_curve"]


def plot_dct_patterns(size: int = 32, keep: int = 8, show: bool = True) -> Figure | None:
    """The ``keep`` x ``keep`` slowest 2-D cosine patterns of a ``size`` x ``size`` thumbnail.

    Pattern ``(k, l)`` is row ``k`` of :func:`dct_matrix` down the picture
    times row ``l`` across it: ``k`` half-waves from top to bottom, ``l``
    from left to right. The DCT hash measures how strongly a thumbnail holds
    each of them.

    Parameters
    ----------
    size : int, optional
        Thumbnail side (default 32).
    keep : int, optional
        Patterns per side (default 8: the 64 of the hash).
    show : bool, optional
        Show and close the figure (default); ``False`` returns it.

    Returns
    -------
    matplotlib.figure.Figure or None
        The ``keep`` x ``keep`` grid of patterns, when ``show=False``.
    """
    waves = dct_matrix(size)[:keep] / 2  # values from -1 to 1
    fig, axes = plt.subplots(keep, keep, figsize=(0.75 * keep + 1.2, 0.75 * keep + 1.0))
    for k in range(keep):
        for m in range(keep):
            ax = axes[k, m]
            ax.imshow(np.outer(waves[k], waves[m]), cmap="gray", vmin=-1, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            if k == keep - 1:
                ax.set_xlabel(str(m))
            if m == 0:
                ax.set_ylabel(str(k), rotation=0, labelpad=8, va="center")
    fig.supxlabel("half-waves from left to right")
    fig.supylabel("half-waves from top to bottom")
    fig.suptitle(f"The {keep * keep} slowest cosine patterns of a {size} x {size} thumbnail\n"
                 "(white = +1, black = -1; the DCT hash keeps one bit per pattern)")
    fig.tight_layout()
    return finish_figure(fig, show, describe_dct_patterns(size, keep))


def plot_threshold_curve(thresholds: Sequence[int], curves: Mapping[str, tuple[Sequence[float], Sequence[float]]],
                         chosen: int, show: bool = True) -> Figure | None:
    """Precision and recall of found pairs against the threshold, one line per method.

    Parameters
    ----------
    thresholds : sequence of int
        The thresholds measured (bits).
    curves : mapping of str to (precision, recall)
        For each method (e.g. "dct hash"), its precision and recall at each threshold.
    chosen : int
        The threshold chosen: a dashed line on both panels, labelled
        "chosen: N" on the right.
    show : bool, optional
        Show and close the figure (default); ``False`` returns it.

    Returns
    -------
    matplotlib.figure.Figure or None
        The two panels, precision (left) and recall (right), when
        ``show=False``.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    for k, (name, (precision, recall)) in enumerate(curves.items()):
        colour, style, marker = series_style(k)
        left.plot(thresholds, precision, style, marker=marker, markersize=5, color=colour, label=name)
        right.plot(thresholds, recall, style, marker=marker, markersize=5, color=colour, label=name)
    for ax, what in ((left, "precision: share of found pairs that are copies"),
                     (right, "recall: share of copy pairs found")):
        reference_line(ax, chosen, "--", vertical=True)  # the one grey of reference lines (was "grey")
        ax.set_xlabel("threshold (largest Hamming distance, bits)")
        ax.set_ylabel(what.split(":")[0])
        ax.set_title(what, fontsize=10)
        ax.set_ylim(-0.03, 1.03)
        ax.grid(alpha=0.3)
    right.annotate(f"chosen: {chosen}", (chosen, 0.05), xytext=(4, 0), textcoords="offset points", fontsize=9)
    left.legend(loc="lower left")
    fig.suptitle("Choosing a threshold: precision and recall on a folder of known copies")
    fig.tight_layout()
    return finish_figure(fig, show, describe_threshold_curve(thresholds, curves, chosen))
