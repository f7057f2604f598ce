"""Figures for the core notebooks (01-05): photos side by side, histograms, distances to references.

Every figure has a title and labelled axes. Channel histograms are drawn in
red, green and blue on purpose (each line is the colour it counts);
everything else uses the Okabe-Ito palette (:mod:`imgsim_helpers.figures.style`, the one style
of every figure), which stays distinguishable for
colour-blind readers. Colour is never the only difference: series also differ
by dash style or marker and carry their names on the lines
(:mod:`imgsim_helpers.figures.plot_marks`), the nearest bar is hatched, and colour maps
are ``cividis`` with a labelled colour bar. Each helper shows its figure and then closes it, so a
loop that plots many images does not pile up open figures.

Every figure carries a text alternative built from the data it drew (what it
shows, then the one thing to notice), for a learner who cannot see it: see
:mod:`imgsim_helpers.figures.figure_text` for where it goes, and
:mod:`imgsim_helpers.figures.plot_descriptions` for the sentences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, ScalarFormatter, StrMethodFormatter

from .figures.plot_marks import label_lines
from .figures.plot_descriptions import (colour_names, describe_distances, describe_histogram, describe_histograms,
                                        describe_images)
from .figures.style import CHANNEL_COLOURS, GREY, LINE_STYLES, OKABE_ITO, finish_figure, series_style

__all__ = ["OKABE_ITO", "CHANNEL_COLOURS", "size_text", "show_images", "plot_histogram", "plot_histograms",
           "plot_distances"]


def size_text(image: np.ndarray) -> str:
    """An image's size in NumPy's order, e.g. ``"604 rows x 640 columns"``.

    Photo sizes are often written the other way round, width x height
    ("640 x 604"); the course's figures follow NumPy's ``shape`` instead.
    """
    rows, columns = image.shape[0], image.shape[1]
    return f"{rows} row{'s' if rows != 1 else ''} x {columns} column{'s' if columns != 1 else ''}"


def show_images(
    images: Sequence[np.ndarray] | Mapping[str, np.ndarray],
    titles: Sequence[str] | None = None,
    ncols: int | None = None,
    width: float = 4.0,
    show: bool = True,
    axis_labels: bool = True,
) -> Figure | None:
    """Show one or more images side by side, each with a title and its size.

    Parameters
    ----------
    images : sequence of arrays, or mapping of title to array
        ``(H, W, 3)`` uint8 images (or ``(H, W)`` grayscale).
    titles : sequence of str, optional
        One title per image (not needed when ``images`` is a mapping).
    ncols : int, optional
        Images per row (default: all in one row, at most 4).
    width : float, optional
        Width of each panel in inches.
    show : bool, optional
        Show and close the figure (default). ``False`` returns it instead.
    axis_labels : bool, optional
        Label the axes with rows and columns (default). ``False`` leaves them
        out, for a gallery of photos where only the pictures matter.

    Returns
    -------
    matplotlib.figure.Figure or None
        The grid of images, when ``show=False``.
    """
    if isinstance(images, Mapping):
        titles, images = list(images.keys()), list(images.values())
    images = list(images)
    if not images:
        raise ValueError("show_images needs at least one image")
    titles = list(titles) if titles is not None else [f"image {i + 1}" for i in range(len(images))]
    if len(titles) != len(images):
        raise ValueError(f"got {len(images)} images but {len(titles)} titles")
    ncols = ncols or min(len(images), 4)
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, width * 0.8 * nrows), squeeze=False)
    for ax in axes.flat[len(images):]:
        ax.axis("off")
    for ax, img, title in zip(axes.flat, images, titles):
        ax.imshow(img, cmap="gray" if img.ndim == 2 else None, vmin=0, vmax=255)
        ax.set_title(f"{title}\n{size_text(img)}", fontsize=10)
        if not axis_labels:
            ax.set_axis_off()
            continue
        ax.set_xlabel("x (column)")
        ax.set_ylabel("y (row)")
        if max(img.shape[:2]) <= 12:  # a tiny hand-made image: one tick per pixel
            ax.set_xticks(range(img.shape[1]))
            ax.set_yticks(range(img.shape[0]))
    fig.tight_layout()
    return finish_figure(fig, show, describe_images(images, titles))


def _draw(ax: Axes, hist: np.ndarray, colour: str, label: str | None, style: str, dashes: str = "-"):
    """Draw one histogram on ``ax``: filled bars (``"bar"``) or an outline (``"step"``, in ``dashes``).

    ``ax.stairs`` draws all bins as one shape, which is much faster than
    one rectangle per bin when there are 256 of them.
    """
    edges = np.linspace(0, 256, len(hist) + 1)
    if style == "bar":
        return ax.stairs(hist, edges, fill=True, color=colour, alpha=0.85, label=label)
    return ax.stairs(hist, edges, color=colour, linewidth=1.8, linestyle=dashes, label=label)


def _bin_centres(bins: int) -> np.ndarray:
    return (np.arange(bins) + 0.5) * 256 / bins


def _readable_ticks(axis, largest: float) -> None:
    """Plain tick labels on ``axis`` (``ax.xaxis`` or ``ax.yaxis``), never a bare "1e6" above them.

    Values up to ``largest``: from 1,000 on, whole numbers with thousands separators
    ("1,000,000"); below, plain decimals (0.05), without an offset or a power of ten.
    """
    if abs(largest) >= 1000:
        axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        axis.set_major_locator(MaxNLocator(5))
    else:
        plain = ScalarFormatter(useOffset=False)
        plain.set_scientific(False)
        axis.set_major_formatter(plain)


#: How many colour-cube cells a joint histogram's plot shows (its most common ones).
JOINT_TOP = 24


def joint_cell_colours(bins: int) -> np.ndarray:
    """The centre colour of every cell of a joint histogram with ``bins`` bins per channel.

    Cell ``(r_bin * bins + g_bin) * bins + b_bin`` (the order :func:`histogram`
    uses) covers the colours whose red value falls in ``r_bin``, and so on; its
    centre is ``(bin + 0.5) * 256 / bins`` in each channel.

    Returns
    -------
    numpy.ndarray
        ``(bins**3, 3)`` floats from 0 to 1, ready for Matplotlib.
    """
    r, g, b = np.unravel_index(np.arange(bins**3), (bins, bins, bins))
    return (np.stack([r, g, b], axis=1) + 0.5) / bins


def _draw_joint(ax: Axes, hist: np.ndarray, top: int) -> None:
    """The ``top`` most common colour-cube cells of a joint histogram, tallest first, in their colours.

    A joint histogram has ``bins**3`` cells (262,144 at 64 bins), far too many to draw as bars;
    its most common cells say what it holds: which colours, and how much of each.
    """
    bins = round(len(hist) ** (1 / 3))
    if bins**3 != len(hist):
        raise ValueError(f"a joint histogram has bins**3 entries, got {len(hist)}")
    order = np.argsort(hist, kind="stable")[::-1][:top]
    order = order[hist[order] > 0]
    colours = joint_cell_colours(bins)[order]
    ax.bar(np.arange(len(order)), hist[order], color=colours, edgecolor="#444444", linewidth=0.5)
    # each bar's colour named under it: the colour is the data, and not everyone can tell it by sight
    ax.set_xticks(np.arange(len(order)), colour_names(colours * 255).tolist(), rotation=90, fontsize=7)
    ax.set_xlabel(f"the {len(order)} most common of {len(hist):,} colours, each bar in its colour")


def plot_histogram(
    hist: Sequence[float] | np.ndarray,
    channels: str = "pooled",
    title: str = "Histogram",
    ax: Axes | None = None,
    show: bool = True,
) -> Figure | None:
    """Plot one histogram: bars over the values 0-255.

    Parameters
    ----------
    hist : array-like
        From :func:`histogram` (or :func:`counter_histogram`).
    channels : {"pooled", "rgb", "joint", "gray"}, optional
        How ``hist`` was computed. ``"rgb"`` draws three lines in red, green
        and blue -- the colour of each line is the channel it counts.
        ``"joint"`` draws the most common colour-cube cells as bars, tallest
        first, each in the colour it counts (a joint histogram has too many
        cells to draw them all).
    title : str, optional
        The title above the histogram.
    ax : matplotlib.axes.Axes, optional
        Draw the histogram into this axes (one panel of a larger figure,
        say) instead of a new figure; nothing is shown.
    show : bool, optional
        Show and close the new figure (default); ``False`` returns it.

    Returns
    -------
    matplotlib.figure.Figure or None
        The histogram's figure, when ``show=False`` and no ``ax`` was
        given.
    """
    hist = np.asarray(hist)
    if channels not in ("pooled", "rgb", "joint", "gray"):
        raise ValueError(f"channels must be 'pooled', 'rgb', 'joint' or 'gray', got {channels!r}")
    if channels == "rgb" and len(hist) % 3:
        raise ValueError(f"an rgb histogram has 3 x bins entries, got {len(hist)}")
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 3.2))
    fractions = np.issubdtype(hist.dtype, np.floating)
    ylabel = "fraction of values" if fractions else "number of values"
    if channels == "rgb":
        parts = list(zip(CHANNEL_COLOURS, np.split(hist, 3), CHANNEL_COLOURS.values()))
        for (name, part, colour), dashes in zip(parts, LINE_STYLES):
            _draw(ax, part, colour, name, "step", dashes)
        label_lines(ax, _bin_centres(len(hist) // 3), parts)
        ax.legend(title="channel")
        ax.set_xlabel("value (0-255)")
    elif channels == "joint":
        _draw_joint(ax, hist, top=JOINT_TOP)
    elif channels == "gray":
        _draw(ax, hist, GREY, None, "bar")
        ax.set_xlabel("gray level (0-255), luminance")
    else:
        _draw(ax, hist, GREY, None, "bar")
        ax.set_xlabel("value (0-255), red, green and blue pooled")
    if channels != "joint":
        ax.set_xlim(0, 256)
    ax.set_ylabel(ylabel.replace("values", "pixels") if channels == "joint" else ylabel)
    _readable_ticks(ax.yaxis, float(hist.max()) if hist.size else 0.0)
    ax.set_title(title)
    if fig is None:
        return None
    fig.tight_layout()
    colours = joint_cell_colours(round(len(hist) ** (1 / 3))) if channels == "joint" else None
    return finish_figure(fig, show, describe_histogram(hist, channels, title, colours, top=JOINT_TOP))


def plot_histograms(
    hists: Mapping[str, Sequence[float] | np.ndarray],
    title: str = "Histograms compared",
    show: bool = True,
    xlabel: str = "value (0-255), red, green and blue pooled",
) -> Figure | None:
    """Overlay several pooled histograms as step lines, one colour each.

    Parameters
    ----------
    hists : mapping of str to array-like
        Name of each image and its histogram (all the same length).
    title : str, optional
        Figure title.
    show : bool, optional
        Show and close the figure (default); ``False`` returns it.
    xlabel : str, optional
        The x axis label: what the values 0-255 are (default: pooled red,
        green and blue values; say "gray level" for gray histograms).

    Returns
    -------
    matplotlib.figure.Figure or None
        The overlaid histograms, when ``show=False``.
    """
    if not hists:
        raise ValueError("plot_histograms needs at least one histogram")
    lengths = {len(h) for h in hists.values()}
    if len(lengths) != 1:
        raise ValueError(f"all histograms must have the same number of bins, got {sorted(lengths)}")
    fig, ax = plt.subplots(figsize=(7, 3.2))
    series = []
    for i, (name, hist) in enumerate(hists.items()):
        colour, dashes, _ = series_style(i)
        _draw(ax, np.asarray(hist), colour, name, "step", dashes)
        series.append((name, np.asarray(hist), colour))
    label_lines(ax, _bin_centres(lengths.pop()), series)
    some = np.asarray(next(iter(hists.values())))
    ax.set_ylabel("fraction of values" if np.issubdtype(some.dtype, np.floating) else "number of values")
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, 256)
    _readable_ticks(ax.yaxis, max(float(np.max(hist)) if np.size(hist) else 0.0 for hist in hists.values()))
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return finish_figure(fig, show, describe_histograms(hists, title))


def plot_distances(
    ranking: Sequence[tuple[str, float]],
    title: str = "Distance to each reference",
    ax: Axes | None = None,
    show: bool = True,
) -> Figure | None:
    """Bar chart of ``(name, distance)`` pairs from :func:`rank`; the nearest is marked.

    References tied for the smallest distance are all marked (and named in the
    title), since neither is nearer than the other.

    Parameters
    ----------
    ranking : sequence of (str, float)
        Output of :func:`rank`, nearest first.
    title : str, optional
        The title's first line; a second line names the nearest reference
        (or the references tied for nearest).
    ax : matplotlib.axes.Axes, optional
        Draw the bars into this axes instead of a new figure (nothing is
        shown).
    show : bool, optional
        Show and close the new figure (default); ``False`` returns it.

    Returns
    -------
    matplotlib.figure.Figure or None
        The bar chart, when ``show=False`` and no ``ax`` was given.
    """
    if not ranking:
        raise ValueError("nothing to plot: the ranking is empty")
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 0.6 * len(ranking) + 1.4))
    names = [name for name, _ in ranking]
    values = [value for _, value in ranking]
    best = min(values)
    tied = [bool(np.isclose(value, best, rtol=1e-12, atol=0)) for value in values]
    colours = [OKABE_ITO[2] if nearest else OKABE_ITO[7] for nearest in tied]
    bars = ax.barh(names, values, color=colours)
    for bar, nearest in zip(bars, tied):   # the nearest differs in more than colour: hatched, and labelled
        if nearest:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
            ax.annotate("nearest", (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=8, gid="direct-label")
    ax.margins(x=0.12)
    ax.invert_yaxis()
    ax.set_xlabel("distance (smaller = more similar)")
    _readable_ticks(ax.xaxis, max(values))
    ax.set_ylabel("reference")
    winners = [name for name, nearest in zip(names, tied) if nearest]
    label = "nearest" if len(winners) == 1 else f"nearest ({len(winners)} tie)"
    ax.set_title(f"{title}\n{label}: {', '.join(winners)}")
    if fig is None:
        return None
    fig.tight_layout()
    return finish_figure(fig, show, describe_distances(ranking, title))
