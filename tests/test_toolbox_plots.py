"""The figures of notebooks 12-14: titled, labelled, what their docstrings promise, and closed after showing."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from imgsim_helpers import OKABE_ITO, edge_histogram, edge_strength, hue_saturation_histogram, load_image
from imgsim_helpers.figures.toolbox_plots import plot_edges, plot_hue_saturation, plot_lines

from figures import assert_labelled, no_open_figures  # noqa: F401 (an autouse fixture)


# --------------------------------------------------------------------------- plot_lines


def test_plot_lines_one_line_each_with_its_name_colour_and_values():
    x = np.arange(5)
    lines = {"up": [0, 1, 2, 3, 4], "down": [4, 3, 2, 1, 0], "flat": [2, 2, 2, 2, 2]}
    fig = plot_lines(x, lines, "three lines", "x", "y", show=False)
    assert_labelled(fig)
    ax = fig.axes[0]
    drawn = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert [line.get_label() for line in drawn] == list(lines)
    assert [to_hex(line.get_color()) for line in drawn] == [to_hex(c) for c in OKABE_ITO[:3]]
    assert len({line.get_linestyle() for line in drawn}) == 3          # they differ in more than colour
    for line, values in zip(drawn, lines.values()):
        assert np.array_equal(line.get_ydata(), values)
    assert ax.get_legend() is not None


def test_plot_lines_reference_line_and_steps():
    fig = plot_lines([0, 1, 2], {"a": [0, 2, 3]}, "t", "x", "y", reference=1, reference_label="as far as the swans",
                     steps=True, show=False)
    ax = fig.axes[0]
    reference = [line for line in ax.get_lines() if line.get_label().startswith("_")]
    assert len(reference) == 1 and list(reference[0].get_ydata()) == [1, 1]
    assert [text.get_text().strip() for text in ax.texts] == ["as far as the swans"]
    assert ax.get_lines()[0].get_drawstyle() == "steps-post"


def test_plot_lines_shows_and_closes():
    assert plot_lines([0, 1], {"a": [0, 1]}, "t", "x", "y") is None
    assert plt.get_fignums() == []


@pytest.mark.parametrize("lines, message", [
    ({}, "at least one line"),
    ({"short": [1, 2]}, "line 'short' has 2 values, but there are 3 x values"),
])
def test_plot_lines_errors(lines, message):
    with pytest.raises(ValueError, match=message):
        plot_lines([0, 1, 2], lines, "t", "x", "y", show=False)
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plot_hue_saturation


def test_plot_hue_saturation_one_grid_per_photo():
    photos = {"macaw": load_image("macaw"), "swans": load_image("swans")}
    fig = plot_hue_saturation(photos, "two photos", show=False)
    assert_labelled(fig)
    panels = [ax for ax in fig.axes if ax.get_images()]
    assert [ax.get_title() for ax in panels] == ["macaw: hue x saturation", "swans: hue x saturation"]
    for ax, photo in zip(panels, photos.values()):
        shown = np.asarray(ax.get_images()[0].get_array())
        grid = hue_saturation_histogram(photo).reshape(50, 60)
        assert np.allclose(shown, np.maximum(grid, 1e-4))             # the shares, empty cells at the floor
    assert any("log scale" in ax.get_ylabel() for ax in fig.axes)     # the colour bar says so
    assert fig.get_suptitle() == "two photos"


def test_plot_hue_saturation_errors():
    with pytest.raises(ValueError, match="at least one photo"):
        plot_hue_saturation({}, show=False)
    with pytest.raises(ValueError, match="uint8"):
        plot_hue_saturation({"bad": np.zeros((4, 4, 3))}, show=False)
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plot_edges


def test_plot_edges_draws_the_strength_and_the_histogram():
    photo = load_image("renewable_25")
    fig = plot_edges(photo, "a windmill", show=False)
    assert_labelled(fig)
    left, right, bar = fig.axes                                       # the strength's colour bar is last
    assert bar.get_label() == "<colorbar>" and bar.get_ylabel()
    assert np.array_equal(np.asarray(left.get_images()[0].get_array()), edge_strength(photo))
    heights = [bar.get_height() for bar in right.patches]
    assert np.allclose(heights, edge_histogram(photo))
    centres = [bar.get_x() + bar.get_width() / 2 for bar in right.patches]
    assert np.allclose(centres, np.arange(10, 180, 20))              # 9 bins of 20 degrees
    assert fig.get_suptitle() == "a windmill"


def test_plot_edges_refuses_a_flat_photo():
    with pytest.raises(ValueError, match="no edges"):
        plot_edges(np.full((8, 8, 3), 90, np.uint8), "flat", show=False)
    assert plt.get_fignums() == []


def test_hue_saturation_rings_and_labels_each_panels_fullest_cell():
    """The swans' fullest cell (84% of the pixels) is one of 3,000 cells: ringed and labelled, it cannot be missed."""
    from imgsim_helpers import hue_saturation_histogram, load_image
    from imgsim_helpers.figures.toolbox_plots import plot_hue_saturation

    photos = {"macaw": load_image("macaw"), "swans": load_image("swans")}
    fig = plot_hue_saturation(photos, show=False)
    for ax, photo in zip(fig.axes, photos.values()):
        share = hue_saturation_histogram(photo).max()
        labels = [text.get_text() for text in ax.texts]
        assert labels == [f"fullest cell: {share:.0%} of the pixels"]
        assert len(ax.patches) == 1
    assert [text.get_text() for text in fig.axes[1].texts] == ["fullest cell: 84% of the pixels"]
    plt.close(fig)
