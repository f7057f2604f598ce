"""Figures: titled, labelled, the right colours, and no figures left open."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D

from imgsim_helpers import (
    CHANNEL_COLOURS,
    OKABE_ITO,
    histogram,
    plot_distances,
    plot_histogram,
    plot_histograms,
    plot_table,
    rank,
    show_images,
)

from figures import assert_labelled, no_open_figures  # noqa: F401 (an autouse fixture)


def drawn_series(ax) -> list[tuple[str, str]]:
    """(label, colour) of every labelled line or outline on ``ax``, in drawing order.

    Works whether a histogram is drawn as a Line2D (``step``/``plot``) or as a
    patch (``stairs``/``bar``), so the tests do not pin the drawing method.
    """
    handles, labels = ax.get_legend_handles_labels()
    result = []
    for handle, label in zip(handles, labels):
        if isinstance(handle, Line2D):
            colour = handle.get_color()
        elif getattr(handle, "get_fill", lambda: True)():
            colour = handle.get_facecolor()
        else:
            colour = handle.get_edgecolor()
        result.append((label, to_hex(colour)))
    return result


@pytest.fixture
def images():
    rng = np.random.default_rng(1)
    return {
        "colour": rng.integers(0, 256, (3, 4, 3), dtype=np.uint8),
        "gray": rng.integers(0, 256, (5, 2), dtype=np.uint8),
        "small": rng.integers(0, 256, (2, 2, 3), dtype=np.uint8),
    }


# --------------------------------------------------------------------------- show_images


def test_show_images_from_a_list(images):
    fig = show_images(list(images.values()), titles=list(images), show=False)
    assert_labelled(fig)
    titles = [ax.get_title() for ax in fig.axes if ax.axison]
    assert titles[0] == "colour\n3 rows x 4 columns"  # NumPy's order, as the notebooks teach
    assert titles[1] == "gray\n5 rows x 2 columns"


def test_show_images_from_a_mapping(images):
    fig = show_images(images, show=False)
    assert_labelled(fig)
    assert [ax.get_title().split("\n")[0] for ax in fig.axes] == list(images)


def test_show_images_default_titles(images):
    fig = show_images([images["colour"]], show=False)
    assert_labelled(fig)
    assert fig.axes[0].get_title().startswith("image 1")


def test_show_images_grid_hides_empty_panels(images):
    fig = show_images(list(images.values()), ncols=2, show=False)
    assert len(fig.axes) == 4
    assert [ax.axison for ax in fig.axes] == [True, True, True, False]
    assert_labelled(fig)


def test_show_images_errors():
    with pytest.raises(ValueError, match="show_images needs at least one image"):
        show_images([], show=False)
    with pytest.raises(ValueError, match="got 1 images but 2 titles"):
        show_images([np.zeros((2, 2, 3), np.uint8)], titles=["a", "b"], show=False)
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plot_histogram


@pytest.mark.parametrize(
    "channels, bins",
    [("pooled", 256), ("pooled", 16), ("rgb", 32), ("joint", 4)],
)
def test_plot_histogram_is_labelled(rgb_image, channels, bins):
    hist = histogram(rgb_image, bins=bins, channels=channels)
    fig = plot_histogram(hist, channels=channels, title="my histogram", show=False)
    assert_labelled(fig)
    assert fig.axes[0].get_title() == "my histogram"
    # a joint histogram counts one colour-cube cell per pixel, the others count values
    assert fig.axes[0].get_ylabel() == ("number of pixels" if channels == "joint" else "number of values")


def test_joint_histogram_plot_shows_its_most_common_colours_in_their_colour():
    image = np.zeros((10, 10, 3), dtype=np.uint8)
    image[:6] = (250, 10, 10)          # 60 red pixels
    image[6:9] = (10, 10, 250)         # 30 blue
    image[9] = (250, 250, 250)         # 10 white
    fig = plot_histogram(histogram(image, bins=4, channels="joint"), channels="joint", show=False)
    bars = fig.axes[0].patches
    assert [bar.get_height() for bar in bars] == [60, 30, 10]
    assert [to_hex(bar.get_facecolor()) for bar in bars] == ["#df2020", "#2020df", "#dfdfdf"]
    assert "3 most common of 64 colours" in fig.axes[0].get_xlabel()
    many = plot_histogram(histogram(np.random.default_rng(0).integers(0, 256, (50, 50, 3), dtype=np.uint8),
                                    bins=8, channels="joint"), channels="joint", show=False)
    heights = [bar.get_height() for bar in many.axes[0].patches]
    assert len(heights) == 24 and heights == sorted(heights, reverse=True)


def test_plot_histogram_of_fractions(rgb_image):
    fig = plot_histogram(histogram(rgb_image, normalize=True), show=False)
    assert fig.axes[0].get_ylabel() == "fraction of values"


def test_plot_histogram_takes_the_tutorials_list(rgb_image):
    from imgsim_helpers import counter_histogram

    fig = plot_histogram(counter_histogram(rgb_image), show=False)
    assert_labelled(fig)
    assert fig.axes[0].get_ylabel() == "number of values"


def test_rgb_lines_are_red_green_and_blue(rgb_image):
    fig = plot_histogram(histogram(rgb_image, bins=16, channels="rgb"), channels="rgb", show=False)
    assert list(CHANNEL_COLOURS) == ["red", "green", "blue"]
    assert drawn_series(fig.axes[0]) == [(name, to_hex(colour)) for name, colour in CHANNEL_COLOURS.items()]
    legend = fig.axes[0].get_legend()
    assert legend is not None and [t.get_text() for t in legend.get_texts()] == ["red", "green", "blue"]


def test_plot_histogram_into_given_axes(rgb_image):
    fig, ax = plt.subplots()
    before = plt.get_fignums()
    assert plot_histogram(histogram(rgb_image, bins=8), ax=ax, title="in my axes") is None
    assert plt.get_fignums() == before  # no new figure, nothing closed
    assert ax.get_title() == "in my axes" and ax.get_xlabel() and ax.get_ylabel()


def test_plot_histogram_rgb_needs_three_parts():
    with pytest.raises(ValueError, match="an rgb histogram has 3 x bins entries, got 256"):
        plot_histogram(np.ones(256), channels="rgb", show=False)


def test_plot_histogram_error_leaves_no_figure_open():
    """A failed call must not leave a half-drawn figure for Jupyter to display."""
    with pytest.raises(ValueError):
        plot_histogram(np.ones(256), channels="rgb", show=False)
    assert plt.get_fignums() == []


def test_plot_histogram_refuses_an_unknown_channels_name():
    """channels="RGB" (capital letters) must not silently draw a pooled histogram."""
    with pytest.raises(ValueError, match="RGB"):
        plot_histogram(np.ones(48), channels="RGB", show=False)
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plot_histograms


def test_plot_histograms_one_okabe_ito_line_each(rgb_image):
    hists = {name: histogram(rgb_image[i:], bins=32, normalize=True) for i, name in enumerate("abc")}
    fig = plot_histograms(hists, title="three", show=False)
    assert_labelled(fig)
    ax = fig.axes[0]
    assert ax.get_title() == "three"
    assert ax.get_ylabel() == "fraction of values"
    assert drawn_series(ax) == [(name, to_hex(colour)) for name, colour in zip("abc", OKABE_ITO)]


def test_plot_histograms_of_counts_says_number(rgb_image):
    fig = plot_histograms({"x": histogram(rgb_image, bins=8)}, show=False)
    assert fig.axes[0].get_ylabel() == "number of values"


def test_plot_histograms_draws_every_histogram_even_beyond_eight():
    """The palette has 8 colours; a 9th histogram must still be drawn, not dropped."""
    hists = {f"photo {i}": np.full(8, i + 1) for i in range(len(OKABE_ITO) + 1)}
    fig = plot_histograms(hists, show=False)
    assert [label for label, _ in drawn_series(fig.axes[0])] == list(hists)


def test_plot_histograms_names_its_x_axis():
    fig = plot_histograms({"a": np.ones(8)}, show=False)
    assert "pooled" in fig.axes[0].get_xlabel()                    # the default: pooled values
    fig = plot_histograms({"a": np.ones(8)}, xlabel="gray level (0-255)", show=False)
    assert fig.axes[0].get_xlabel() == "gray level (0-255)"


def test_plot_histograms_lengths_must_match():
    with pytest.raises(ValueError, match=r"all histograms must have the same number of bins, got \[8, 16\]"):
        plot_histograms({"a": np.ones(8), "b": np.ones(16)}, show=False)
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plot_distances


def test_plot_distances_marks_the_nearest():
    ranking = rank([10, 0], {"far": [0, 10], "near": [9, 1], "middle": [5, 5]})
    fig = plot_distances(ranking, show=False)
    assert_labelled(fig)
    ax = fig.axes[0]
    assert ax.get_title().endswith("nearest: near")
    assert len(ax.patches) == 3
    assert to_hex(ax.patches[0].get_facecolor()) != to_hex(ax.patches[1].get_facecolor())
    assert "smaller" in ax.get_xlabel()


def test_plot_distances_marks_every_tied_nearest():
    # notebook 05: both sizes of the swans photo are at exactly the same distance from the duck
    ranking = [("swans small", 0.1), ("swans big", 0.1), ("macaw", 0.2)]
    fig = plot_distances(ranking, show=False)
    ax = fig.axes[0]
    colours = [to_hex(patch.get_facecolor()) for patch in ax.patches]
    assert colours[0] == colours[1] != colours[2]
    assert ax.get_title().endswith("nearest (2 tie): swans small, swans big")


def test_plot_distances_into_given_axes():
    fig, ax = plt.subplots()
    assert plot_distances([("a", 1.0)], ax=ax) is None
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_plot_distances_empty():
    with pytest.raises(ValueError, match="nothing to plot: the ranking is empty"):
        plot_distances([], show=False)


# --------------------------------------------------------------------------- show=True closes


def _calls(images, rgb_image):
    hist = histogram(rgb_image, bins=16)
    return {
        "show_images": lambda **kw: show_images(images, **kw),
        "plot_histogram": lambda **kw: plot_histogram(hist, **kw),
        "plot_histograms": lambda **kw: plot_histograms({"a": hist, "b": hist}, **kw),
        "plot_distances": lambda **kw: plot_distances([("a", 0.5), ("b", 1.0)], **kw),
    }


@pytest.mark.parametrize("name", ["show_images", "plot_histogram", "plot_histograms", "plot_distances"])
def test_show_true_displays_and_closes(images, rgb_image, name, capsys):
    call = _calls(images, rgb_image)[name]
    plt.figure()  # a figure of the learner's own must survive
    before = plt.get_fignums()
    assert call(show=True) is None
    assert plt.get_fignums() == before
    assert call() is None  # show=True is the default
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", ["show_images", "plot_histogram", "plot_histograms", "plot_distances"])
def test_show_false_returns_a_labelled_open_figure(images, rgb_image, name):
    fig = _calls(images, rgb_image)[name](show=False)
    assert_labelled(fig)
    assert fig.number in plt.get_fignums()


# --------------------------------------------------------------------------- plot_table


def test_plot_table_labels_every_cell():
    values = np.array([[0.25, 0.5], [1.0, 0.0], [0.333, 0.75]])
    fig = plot_table(values, rows=["a", "b", "c"], columns=["x", "y"], title="T", xlabel="X",
                     ylabel="Y", colour_label="share", percent=True, show=False)
    ax = fig.axes[0]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("T", "X", "Y")
    assert fig.axes[1].get_ylabel() == "share"              # the colour bar says what colour means
    assert sorted(t.get_text() for t in ax.texts) == sorted(["25%", "50%", "100%", "0%", "33%", "75%"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y"]
    plt.close(fig)


def test_plot_table_many_counts_get_a_few_whole_number_ticks():
    fig = plot_table(np.array([[0, 33], [12, 5]]), ["a", "b"], ["x", "y"], "t", "x", "y", "bits", show=False)
    ticks = [t for t in fig.axes[1].get_yticks() if 0 <= t <= 33]
    assert 3 <= len(ticks) <= 9 and all(float(t).is_integer() for t in ticks)


def test_plot_table_counts_use_whole_number_ticks():
    fig = plot_table(np.array([[2, 0], [1, 3]]), rows=["a", "b"], columns=["a", "b"], title="C",
                     xlabel="X", ylabel="Y", colour_label="photos", show=False)
    colour_bar = fig.axes[1]
    assert [t for t in colour_bar.get_yticks()] == [0, 1, 2, 3]
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["0", "1", "2", "3"]
    plt.close(fig)


def test_plot_table_refuses_mismatched_labels():
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="2 rows and 3 columns"):
        plot_table(np.zeros((2, 2)), rows=["a", "b"], columns=["x", "y", "z"], title="T", xlabel="X",
                   ylabel="Y", colour_label="c")
    assert plt.get_fignums() == before


def test_size_text_says_row_and_column_for_one():
    from imgsim_helpers import size_text

    assert size_text(np.zeros((1, 2, 3))) == "1 row x 2 columns"
    assert size_text(np.zeros((3, 1, 3))) == "3 rows x 1 column"


def test_plot_table_scale_spreads_the_colours_over_the_values():
    values = np.array([[0.23, 0.5], [0.3, 0.4]])
    fig = plot_table(values, ["a", "b"], ["x", "y"], "t", "x", "y", "accuracy", percent=True, show=False,
                     scale=(0.14, 0.5))
    image = fig.axes[0].images[0]
    assert image.norm.vmin == 0.14 and image.norm.vmax == 0.5
    assert fig.axes[1].get_yticklabels()[-1].get_text().endswith("%")
    with pytest.raises(ValueError, match="low < high"):
        plot_table(values, ["a", "b"], ["x", "y"], "t", "x", "y", "c", scale=(0.5, 0.5), show=False)


def test_show_images_without_axes_for_a_gallery():
    fig = show_images([np.zeros((20, 30, 3), dtype=np.uint8)], titles=["a photo"], axis_labels=False, show=False)
    assert not fig.axes[0].axison and fig.axes[0].get_title().startswith("a photo")


def _tick_texts(fig, axis):
    fig.canvas.draw()
    return [label.get_text() for label in axis.get_ticklabels()], axis.get_offset_text().get_text()


def test_plot_distances_in_the_millions_has_plain_tick_labels():
    """Raw-count distances (notebook 06's explorer) read "1,000,000", not "1.0" under a bare "1e6"."""
    fig = plot_distances([("swans", 108_256.0), ("macaw", 228_430.6), ("swans 3x", 1_088_229.5)], show=False)
    labels, offset = _tick_texts(fig, fig.axes[0].xaxis)
    assert offset == ""
    assert "1,000,000" in labels and "250,000" in labels
    plt.close(fig)


def test_small_distances_and_large_counts_get_no_offset_either():
    fig = plot_distances([("a", 0.0001), ("b", 0.0003)], show=False)
    labels, offset = _tick_texts(fig, fig.axes[0].xaxis)
    assert offset == "" and all("e" not in label for label in labels)
    plt.close(fig)
    counts = np.zeros(256, dtype=np.int64)
    counts[10] = 2_400_000
    for fig in (plot_histogram(counts, show=False), plot_histograms({"a": counts, "b": counts // 2}, show=False)):
        labels, offset = _tick_texts(fig, fig.axes[0].yaxis)
        assert offset == "" and "1,200,000" in labels and all("e" not in label for label in labels)
        plt.close(fig)
