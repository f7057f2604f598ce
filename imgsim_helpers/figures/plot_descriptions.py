"""The sentences that describe the course's figures, built from the data each one draws.

Every plotting helper passes what it drew to one of these functions and attaches
the sentence to its figure (:func:`imgsim_helpers.figures.figure_text.describe_figure`):
first what is plotted, then, after a colon, the one thing to notice, e.g.
"Histograms of duck, swans and macaw: swans follows duck most closely (they share
81% of their values); macaw peaks at 250". The functions are pure: the same data
gives the same sentence, and the tests read them without drawing anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["colour_names", "colour_name", "join_names", "photo_summary", "describe_images", "describe_histogram",
           "describe_histograms", "describe_distances", "describe_table", "describe_accuracies", "describe_lines",
           "describe_hue_saturation", "describe_edges", "describe_dct_patterns", "describe_threshold_curve"]

#: Hue ranges in degrees (upper bound, name), for naming a colour.
_HUES = [(15, "red"), (40, "orange"), (70, "yellow"), (160, "green"), (200, "cyan"), (255, "blue"),
         (290, "purple"), (345, "pink"), (360, "red")]


def colour_names(pixels: np.ndarray) -> np.ndarray:
    """A plain name for every RGB pixel: black, dark gray, white, red, dark red, brown, yellow, green, ...

    ``pixels`` is ``(..., 3)`` with values 0-255; the result has its shape without the last axis.
    """
    rgb = np.asarray(pixels, dtype=float).reshape(-1, 3) / 255.0
    top, low = rgb.max(axis=1), rgb.min(axis=1)
    spread = top - low
    saturation = np.divide(spread, top, out=np.zeros_like(top), where=top > 0)
    r, g, b = rgb.T
    safe = np.where(spread > 0, spread, 1.0)
    hue = np.select([top == r, top == g], [((g - b) / safe) % 6, (b - r) / safe + 2], (r - g) / safe + 4) * 60
    names = np.empty(len(rgb), dtype=object)
    bounds = [bound for bound, _ in _HUES]
    names[:] = np.array([name for _, name in _HUES], dtype=object)[np.searchsorted(bounds, hue, side="right")
                                                                   .clip(0, len(_HUES) - 1)]
    names[(names == "orange") & (top < 0.65)] = "brown"
    dark = (top < 0.45) & (names != "brown")
    names[dark] = "dark " + names[dark]
    gray = saturation < 0.2
    names[gray] = np.select([top[gray] < 0.4, top[gray] < 0.7, top[gray] <= 0.85], ["dark gray", "gray", "light gray"],
                            "white")
    names[top < 0.18] = "black"
    return names.reshape(np.shape(pixels)[:-1])


def colour_name(rgb: Sequence[float]) -> str:
    """The plain name of one colour ``(r, g, b)``, values 0-255: ``colour_name((255, 0, 0)) == "red"``."""
    return str(colour_names(np.asarray(rgb, dtype=float)[None])[0])


def join_names(names: Sequence[str]) -> str:
    """``["a", "b", "c"]`` as ``"a, b and c"``."""
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _number(value: float) -> str:
    """A value written briefly: 1,234 / 12.3 / 0.0123."""
    value = float(value)
    if value != value:
        return "n/a"
    if abs(value) >= 1000 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.3g}"


def photo_summary(image: np.ndarray) -> str:
    """What a photo looks like in a few words: its main colours, or its gray levels; tiny images pixel by pixel."""
    image = np.asarray(image)
    tiny = max(image.shape[:2]) <= 4      # at most 4 pixels on a side: described pixel by pixel
    if image.ndim == 2:
        if tiny:
            return "gray levels " + "; ".join(" ".join(str(int(v)) for v in row) for row in image)
        mean = float(image.mean())
        tone = "mostly dark" if mean < 85 else "mostly light" if mean > 170 else "mid gray"
        return f"gray, {tone} (mean level {mean:.0f} of 255)"
    if tiny:
        rows = ["; ".join(", ".join(colour_names(row).tolist()) for row in image)]
        return "pixels " + rows[0]
    step = max(1, max(image.shape[:2]) // 64)
    names, counts = np.unique(colour_names(image[::step, ::step, :3]), return_counts=True)
    order = np.argsort(counts)[::-1]
    shares = counts[order] / counts.sum()
    main = [f"{names[i]} ({share:.0%})" for i, share in zip(order[:3], shares[:3]) if share >= 0.05]
    return "mostly " + join_names(main or [f"{names[order[0]]} ({shares[0]:.0%})"])


def describe_images(images: Sequence[np.ndarray], titles: Sequence[str]) -> str:
    """Photos side by side: each one's title, size and colours; which is brightest and darkest."""
    parts = [f"{title} ({image.shape[0]} x {image.shape[1]} pixels, {photo_summary(image)})"
             for image, title in zip(images, titles)]
    kind = "Image" if len(images) == 1 else f"{len(images)} images side by side"
    text = f"{kind}: {'; '.join(parts)}"
    if len(images) > 1:
        means = [float(np.asarray(image, dtype=float).mean()) for image in images]
        if max(means) - min(means) >= 10:
            text += (f". Brightest: {titles[int(np.argmax(means))]}; darkest: {titles[int(np.argmin(means))]}")
    return text


def _centres(bins: int) -> np.ndarray:
    return (np.arange(bins) + 0.5) * 256 / bins


def _bin_text(i: int, bins: int) -> str:
    """The values 0-255 that bin ``i`` of ``bins`` counts: "0-15", or "255" for a one-value bin."""
    low, high = i * 256 // bins, (i + 1) * 256 // bins - 1
    return str(low) if low == high else f"{low}-{high}"


def _spread(hist: np.ndarray) -> tuple[str, int, int]:
    """The tallest bin's values ("0-15"), and the values between which the middle 80% of the counts lie."""
    bins, total = len(hist), hist.sum()
    if total <= 0:
        return "none", 0, 255
    cumulative = np.cumsum(hist) / total
    low = int(np.searchsorted(cumulative, 0.1))
    high = min(int(np.searchsorted(cumulative, 0.9)), bins - 1)
    return _bin_text(int(np.argmax(hist)), bins), low * 256 // bins, (high + 1) * 256 // bins - 1


def describe_histogram(hist: np.ndarray, channels: str, title: str, joint_colours: np.ndarray | None = None,
                       top: int = 24) -> str:
    """One histogram: what was counted, where it peaks, where most values lie (per channel for ``rgb``)."""
    hist = np.asarray(hist, dtype=float)
    if channels == "rgb":
        parts, means = [], []
        for name, part in zip(("red", "green", "blue"), np.split(hist, 3)):
            peak, low, high = _spread(part)
            parts.append(f"{name} peaks at {peak}")
            means.append(float((part * _centres(len(part))).sum() / max(part.sum(), 1e-12)))
        highest = ("red", "green", "blue")[int(np.argmax(means))]
        return (f"Red, green and blue histograms, {len(hist) // 3} bins each, of {title}: "
                f"{', '.join(parts)}; {highest} has the highest values on average (mean {max(means):.0f})")
    if channels == "joint":
        order = np.argsort(hist, kind="stable")[::-1][:top]
        order = order[hist[order] > 0]
        total = hist.sum()
        named = []
        for cell in order[:3]:
            name = colour_name(joint_colours[cell] * 255) if joint_colours is not None else f"cell {cell}"
            named.append(f"{name} ({hist[cell] / total:.0%})")
        return (f"The {len(order)} most common of {len(hist):,} colour-cube cells of {title}, tallest first: "
                f"{join_names(named) if named else 'none'}")
    peak, low, high = _spread(hist)
    what = "gray levels" if channels == "gray" else "red, green and blue values pooled"
    total = hist.sum()
    return (f"Histogram of {title}, {len(hist)} bins of {what}: the tallest bin, values {peak}, holds "
            f"{hist.max() / total:.0%} of the values; most values (80%) lie between {low} and {high}")


def describe_histograms(hists: Mapping[str, np.ndarray], title: str) -> str:
    """Overlaid histograms: the names, which follows the first most closely, and where each peaks."""
    names = list(hists)
    shares = {name: np.asarray(h, dtype=float) / max(float(np.sum(h)), 1e-12) for name, h in hists.items()}
    peaks = {name: _spread(h)[0] for name, h in shares.items()}
    text = f"{title}: histograms of {join_names(names)}, one line each"
    if len(names) == 1:
        return text + f"; it peaks at {peaks[names[0]]}"
    first = names[0]
    overlap = {name: float(np.minimum(shares[first], shares[name]).sum()) for name in names[1:]}
    closest = max(overlap, key=overlap.get)
    text += f": {closest} follows {first} most closely (they share {overlap[closest]:.0%} of their values)"
    others = [name for name in names[1:] if name != closest]
    if others:
        farthest = min(others, key=overlap.get)
        text += f"; {farthest} shares only {overlap[farthest]:.0%} with {first} and peaks at {peaks[farthest]}"
    else:
        text += f"; {first} peaks at {peaks[first]}, {closest} at {peaks[closest]}"
    return text


def describe_distances(ranking: Sequence[tuple[str, float]], title: str) -> str:
    """A ranking: nearest first, the furthest, and how many times as far."""
    values = [float(v) for _, v in ranking]
    best = min(values)
    tied = [name for name, v in ranking if np.isclose(v, best, rtol=1e-12, atol=0)]
    listed = ", ".join(f"{name} {_number(v)}" for name, v in ranking[:6])
    more = f" and {len(ranking) - 6} more" if len(ranking) > 6 else ""
    head = f"{title}: bar chart of the distance to each of {len(ranking)} references, nearest first: {listed}{more}"
    if len(tied) > 1:
        return head + f". {join_names(tied)} tie as nearest"
    name, far = ranking[-1][0], values[-1]
    ratio = f", {far / best:.1f} times as far" if best > 0 else ""
    return head + f". Nearest: {tied[0]}; furthest: {name}{ratio}"


def describe_table(values: np.ndarray, rows: Sequence[str], columns: Sequence[str], title: str, xlabel: str,
                   ylabel: str, colour_label: str, percent: bool) -> str:
    """A table of coloured cells: what the rows and columns are, the highest and lowest cells."""
    values = np.asarray(values, dtype=float)
    show = (lambda v: f"{v:.0%}") if percent else _number
    text = (f"{title}: a table of {colour_label}, {len(rows)} rows ({ylabel}) by {len(columns)} columns ({xlabel}), "
            "each cell labelled with its value")
    if np.all(np.isnan(values)):
        return text
    hi = np.unravel_index(np.nanargmax(values), values.shape)
    lo = np.unravel_index(np.nanargmin(values), values.shape)
    text += (f". Highest: {show(values[hi])} at {rows[hi[0]]}, {columns[hi[1]]}; "
             f"lowest: {show(values[lo])} at {rows[lo[0]]}, {columns[lo[1]]}")
    if list(rows) == list(columns) and not percent:
        total = np.nansum(values)
        if total > 0:
            text += f". The diagonal (the same class) holds {np.nansum(np.diag(values)) / total:.0%} of the total"
    return text


def describe_accuracies(reports: Sequence, title: str, chance: float | None) -> str:
    """Accuracies with intervals: the best, the worst, chance, and how many overlap the best."""
    best = max(reports, key=lambda r: r.accuracy)
    worst = min(reports, key=lambda r: r.accuracy)
    low = best.accuracy_ci[0]
    overlapping = sum(1 for r in reports if r is not best and r.accuracy_ci[1] >= low)

    def one(r):
        return f"{r.title} {r.accuracy:.0%} ({r.accuracy_ci[0]:.0%} to {r.accuracy_ci[1]:.0%})"
    text = (f"{title}: accuracy and 95% confidence interval of {len(reports)} methods, best first. "
            f"Best: {one(best)}; worst: {one(worst)}")
    if chance is not None:
        text += f"; chance is {chance:.0%}"
    return text + f". {overlapping} other interval{'s reach' if overlapping != 1 else ' reaches'} the best one's"


def describe_lines(x: np.ndarray, lines: Mapping[str, np.ndarray], title: str, xlabel: str, ylabel: str) -> str:
    """Lines against one x: each line's first and last value and its highest point."""
    x = np.asarray(x, dtype=float)
    parts = []
    for name, values in list(lines.items())[:6]:
        y = np.asarray(values, dtype=float)
        top = int(np.nanargmax(y))
        parts.append(f"{name} goes from {_number(y[0])} to {_number(y[-1])}, highest {_number(y[top])} "
                     f"at {_number(x[top])}")
    ends = {name: float(np.asarray(v, dtype=float)[-1]) for name, v in lines.items()}
    text = (f"{title}: {ylabel} against {xlabel} (from {_number(x.min())} to {_number(x.max())}) for "
            f"{join_names(list(lines))}: {'; '.join(parts)}")
    if len(lines) > 1:
        text += f". Highest at the end: {max(ends, key=ends.get)}"
    return text


def _hue_name(hue_opencv: float) -> str:
    """The colour name of an OpenCV hue (0-179, half degrees)."""
    degrees = hue_opencv * 2
    return next(name for bound, name in _HUES if degrees < bound)


def describe_hue_saturation(grids: Mapping[str, np.ndarray], title: str) -> str:
    """Hue x saturation grids: each photo's fullest cell, its hue's name and its saturation."""
    parts = []
    for name, grid in grids.items():
        hue_bin, sat_bin = np.unravel_index(np.argmax(grid), grid.shape)
        hue = (hue_bin + 0.5) * 180 / grid.shape[0]
        saturation = (sat_bin + 0.5) * 256 / grid.shape[1]
        kind = "grayish" if saturation < 50 else "vivid" if saturation > 170 else "muted"
        parts.append(f"{name}: fullest cell holds {grid.max():.0%} of the pixels, hue {hue:.0f} "
                     f"({_hue_name(hue)}), saturation {saturation:.0f} ({kind})")
    return (f"{title}: for {join_names(list(grids))}, a grid of hue (up, 0-179) by saturation (across, 0-255), "
            f"coloured by the share of pixels on a log scale. {'; '.join(parts)}")


def describe_edges(shares: np.ndarray, title: str) -> str:
    """An edge picture and its direction histogram: the strongest and weakest directions."""
    shares = np.asarray(shares, dtype=float)
    width = 180 / len(shares)
    top, low = int(np.argmax(shares)), int(np.argmin(shares))

    def span(i):
        return f"{i * width:.0f}-{(i + 1) * width:.0f} degrees"
    meaning = ("light changing left to right, across vertical edges" if top * width < 20 or top * width >= 160
               else "light changing top to bottom, across horizontal edges" if 70 <= top * width < 110
               else "slanted edges")
    return (f"{title}: the edge strength at every pixel (darker = stronger) and the share of edge strength in "
            f"{len(shares)} directions. Most at {span(top)} ({shares[top]:.0%}, {meaning}); "
            f"least at {span(low)} ({shares[low]:.0%})")


def describe_dct_patterns(size: int, keep: int) -> str:
    """The grid of cosine patterns."""
    return (f"The {keep * keep} slowest cosine patterns of a {size} x {size} thumbnail, in a {keep} x {keep} grid: "
            f"the top-left pattern is flat gray; moving right adds vertical stripes (half-waves from left to right, "
            f"0 to {keep - 1}), moving down adds horizontal stripes (0 to {keep - 1}), so the finest checkerboard "
            "is at the bottom right")


def describe_threshold_curve(thresholds: Sequence[int], curves: Mapping[str, tuple], chosen: int) -> str:
    """Precision and recall against the threshold: each method's values at the chosen threshold."""
    thresholds = list(thresholds)
    at = thresholds.index(chosen) if chosen in thresholds else int(np.argmin([abs(t - chosen) for t in thresholds]))
    parts = [f"{name} finds {recall[at]:.0%} of the copy pairs with precision {precision[at]:.0%}"
             for name, (precision, recall) in curves.items()]
    trends = []
    for what, index in (("recall", 1), ("precision", 0)):
        first = [float(curve[index][0]) for curve in curves.values()]
        last = [float(curve[index][-1]) for curve in curves.values()]
        if all(b > a for a, b in zip(first, last)):
            trends.append(f"{what} rises")
        elif all(b < a for a, b in zip(first, last)):
            trends.append(f"{what} falls")
    trend = f"as the threshold grows, {' and '.join(trends)}. " if trends else ""
    return (f"Precision (left) and recall (right) against the threshold, {thresholds[0]} to {thresholds[-1]} bits, "
            f"for {join_names(list(curves))}: {trend}At the chosen {thresholds[at]} bits: {'; '.join(parts)}")
