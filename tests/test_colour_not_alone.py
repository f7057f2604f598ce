"""No helper's figure tells its series apart by colour alone (issue 18, WCAG 1.4.1 "Use of colour").

For every figure the helpers make:

* lines, bars or points in a legend differ by dash style, marker or hatch as well as by
  colour, or carry their names on the lines (a "direct label");
* bars of different colours without a legend (the nearest reference) differ by hatch too;
* a colour map that carries values (a heat map) is perceptually uniform and colour-blind
  safe (cividis, viridis or a gray ramp) and has a labelled colour bar.

``simulate_deuteranopia`` (Machado et al. 2009) shows why: the channel histograms'
red and green become one olive colour.
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib.colors as mcolors
import numpy as np
import pytest
from matplotlib.container import BarContainer
from matplotlib.image import AxesImage

from imgsim_helpers import (CHANNEL_COLOURS, histogram, load_image, plot_accuracies, plot_distances, plot_histogram,
                            plot_histograms, plot_table, rank, show_images)
from imgsim_helpers.figures.hash_plots import plot_dct_patterns, plot_threshold_curve
from imgsim_helpers.figures.plot_descriptions import colour_names
from imgsim_helpers.figures.toolbox_plots import plot_edges, plot_hue_saturation, plot_lines
from figures import no_open_figures, render, simulate_deuteranopia  # noqa: F401  (autouse fixture)

SAFE_MAPS = {"cividis", "viridis", "gray", "gray_r", "Greys", "Greys_r"}


def _report(title, accuracy, method):
    return SimpleNamespace(title=title, accuracy=accuracy, accuracy_ci=(accuracy - 0.1, accuracy + 0.1), method=method)


def _figures():
    duck, swans, macaw = (load_image(name) for name in ("duck", "swans", "macaw"))
    hists = {"duck": histogram(duck), "swans": histogram(swans), "macaw": histogram(macaw)}
    return {
        "show_images": lambda: show_images([duck, duck[:, :, 0]], ["duck", "red channel"], show=False),
        "histogram pooled": lambda: plot_histogram(hists["duck"], title="duck", show=False),
        "histogram rgb": lambda: plot_histogram(histogram(macaw, channels="rgb"), channels="rgb", title="m",
                                                show=False),
        "histogram joint": lambda: plot_histogram(histogram(macaw, bins=8, channels="joint"), channels="joint",
                                                  title="m", show=False),
        "histograms, 9 of them": lambda: plot_histograms(
            {f"photo {i}": np.roll(hists["duck"], 20 * i) for i in range(9)}, show=False),
        "distances": lambda: plot_distances(rank(hists["duck"], {"swans": hists["swans"], "macaw": hists["macaw"]}),
                                            show=False),
        "table": lambda: plot_table(np.array([[3, 1], [0, 4]]), ["a", "b"], ["a", "b"], "t", "x", "y", "photos",
                                    show=False),
        "accuracies": lambda: plot_accuracies([_report("a", 0.5, "neighbour"), _report("b", 0.4, "centroid")], "t",
                                              chance=0.25, show=False),
        "lines": lambda: plot_lines(np.arange(10), {f"line {i}": np.arange(10) * i for i in range(5)}, "t", "x", "y",
                                    show=False),
        "hue x saturation": lambda: plot_hue_saturation({"duck": duck, "macaw": macaw}, show=False),
        "edges": lambda: plot_edges(duck, "duck", show=False),
        "dct patterns": lambda: plot_dct_patterns(show=False),
        "threshold curve": lambda: plot_threshold_curve(
            [0, 4, 8], {"dct": ([1, .9, .6], [.2, .7, .9]), "average": ([1, .8, .5], [.3, .8, .95])}, 4, show=False),
    }


FIGURES = _figures()


def _signature(handle) -> tuple:
    """What tells a legend entry apart besides its colour."""
    style = handle.get_linestyle() if hasattr(handle, "get_linestyle") else None
    marker = handle.get_marker() if hasattr(handle, "get_marker") else None
    hatch = handle.get_hatch() if hasattr(handle, "get_hatch") else None
    return (str(style), str(marker), str(hatch))


def colour_only_problems(fig) -> list[str]:
    """Every place in ``fig`` where colour alone tells things apart (empty when there is none)."""
    problems = []
    for ax in fig.axes:
        direct = {t.get_text() for t in ax.texts if t.get_gid() == "direct-label"}
        legend = ax.get_legend()
        if legend is not None and len(legend.legend_handles) > 1:
            labels = [t.get_text() for t in legend.get_texts()]
            signatures = [_signature(h) for h in legend.legend_handles]
            if len(set(signatures)) < len(signatures) and not set(labels) <= direct:
                problems.append(f"{ax.get_title()!r}: legend entries {labels} differ by colour only")
        for container in ax.containers:
            if isinstance(container, BarContainer) and legend is None:
                faces = [mcolors.to_hex(bar.get_facecolor()) for bar in container]
                groups = {(face, bar.get_hatch()) for face, bar in zip(faces, container)}
                hatches = {hatch for _, hatch in groups}
                # a bar whose colour is the data (a joint histogram's) must have its colour named under it
                named = [t.get_text() for t in ax.get_xticklabels()] == \
                    colour_names(np.array([mcolors.to_rgb(f) for f in faces]) * 255).tolist()
                if len(set(faces)) > 1 and len(hatches) < len(set(faces)) and not named:
                    problems.append(f"{ax.get_title()!r}: {len(set(faces))} bar colours, {len(hatches)} hatches")
        for image in ax.images:
            if isinstance(image, AxesImage) and image.get_array().ndim == 2:
                name = image.get_cmap().name
                if name not in SAFE_MAPS:
                    problems.append(f"{ax.get_title()!r}: colour map {name}")
                values_matter = image.get_array().size > 1 and ax.get_label() != "<colorbar>"
                bars = [a for a in fig.axes if a.get_label() == "<colorbar>"]
                if values_matter and name not in {"gray", "Greys"} and not any(b.get_ylabel() for b in bars):
                    problems.append(f"{ax.get_title()!r}: a {name} heat map without a labelled colour bar")
    return problems


@pytest.mark.parametrize("name", FIGURES)
def test_colour_is_never_the_only_difference(name):
    assert colour_only_problems(FIGURES[name]()) == []


def test_the_check_finds_lines_told_apart_by_colour_only():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color="red", label="red")
    ax.plot([0, 1], [1, 0], color="green", label="green")
    ax.legend()
    assert colour_only_problems(fig) == ["'': legend entries ['red', 'green'] differ by colour only"]


def test_the_check_finds_bars_told_apart_by_colour_only():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.barh(["swans", "macaw"], [1, 2], color=["green", "black"])
    assert colour_only_problems(fig) == ["'': 2 bar colours, 1 hatches"]


def test_rgb_lines_keep_their_colours_and_are_labelled_on_the_lines():
    fig = FIGURES["histogram rgb"]()
    ax = fig.axes[0]
    assert [mcolors.to_hex(p.get_edgecolor()) for p in ax.patches] == list(CHANNEL_COLOURS.values())
    assert {t.get_text() for t in ax.texts if t.get_gid() == "direct-label"} == {"red", "green", "blue"}


def test_nearest_bar_is_hatched_and_labelled():
    ax = FIGURES["distances"]().axes[0]
    bars = ax.containers[0]
    assert [bool(bar.get_hatch()) for bar in bars] == [True, False]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "direct-label"] == ["nearest"]


def test_deuteranopia_makes_red_and_green_alike():
    """Why colour cannot be the only difference: the channels' red and green, as a deuteranope sees them."""
    swatch = np.array([[mcolors.to_rgb(CHANNEL_COLOURS[c]) for c in ("red", "green", "blue")]]) * 255
    seen = simulate_deuteranopia(swatch.astype(np.uint8)).astype(int)[0]
    red_green = np.abs(seen[0] - seen[1]).max()
    red_blue = np.abs(seen[0] - seen[2]).max()
    assert red_green < 45 < red_blue
    picture = render(FIGURES["histogram rgb"]())
    assert simulate_deuteranopia(picture).shape == picture.shape


def test_the_widgets_figures_too():
    from imgsim_helpers.widgets import HistogramExplorer, SimilarityExplorer

    explorer = HistogramExplorer()
    explorer.channels.value = "rgb"
    assert colour_only_problems(explorer.panel.figure) == []
    explorer.channels.value = "joint"
    assert colour_only_problems(explorer.panel.figure) == []
    assert colour_only_problems(SimilarityExplorer().panel.figure) == []
