"""Every figure a helper makes is described from the data it drew (issue 18).

The description says what is plotted (the names, titles and values drawn) and the one
thing to notice; it changes when the data change; it is never a placeholder.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from imgsim_helpers import (histogram, load_image, plot_accuracies, plot_distances, plot_histogram, plot_histograms,
                            plot_table, rank, show_images)
from imgsim_helpers.figures.figure_text import figure_description, is_placeholder
from imgsim_helpers.figures.hash_plots import plot_dct_patterns, plot_threshold_curve
from imgsim_helpers.figures.plot_descriptions import colour_name, colour_names, describe_histograms, join_names
from imgsim_helpers.figures.toolbox_plots import plot_edges, plot_hue_saturation, plot_lines
from figures import no_open_figures  # noqa: F401  (autouse fixture)


@pytest.fixture(scope="module")
def trio():
    return {name: load_image(name) for name in ("duck", "swans", "macaw")}


def described(fig) -> str:
    text = figure_description(fig)
    assert not is_placeholder(text), text
    assert ": " in text, f"no 'what it shows: what to notice' in {text!r}"
    return text


def report(title, accuracy, low, high, method="neighbour"):
    return SimpleNamespace(title=title, accuracy=accuracy, accuracy_ci=(low, high), method=method)


# --------------------------------------------------------------------------- words

@pytest.mark.parametrize(("rgb", "name"), [
    ((255, 0, 0), "red"), ((0, 160, 0), "green"), ((0, 0, 255), "blue"), ((255, 255, 0), "yellow"),
    ((0, 0, 0), "black"), ((255, 255, 255), "white"), ((128, 128, 128), "gray"), ((140, 80, 20), "brown"),
    ((0, 255, 255), "cyan"), ((90, 0, 0), "dark red"), ((255, 140, 0), "orange"), ((200, 200, 200), "light gray"),
])
def test_colour_names(rgb, name):
    assert colour_name(rgb) == name


def test_colour_names_keep_the_image_shape():
    assert colour_names(np.zeros((2, 3, 3))).shape == (2, 3)


def test_join_names():
    assert join_names(["a"]) == "a" and join_names(["a", "b", "c"]) == "a, b and c"


# --------------------------------------------------------------------------- each helper

def test_show_images_names_each_photo_its_size_and_colours(trio):
    text = described(show_images(trio, show=False))
    for name, photo in trio.items():
        assert f"{name} ({photo.shape[0]} x {photo.shape[1]} pixels" in text
    assert "macaw (496 x 640 pixels, mostly white" in text and "red" in text
    assert "Brightest: macaw; darkest: swans" in text


def test_a_tiny_image_is_described_pixel_by_pixel():
    tiny = np.array([[[255, 0, 0], [0, 0, 255]]], dtype=np.uint8)
    assert "pixels red, blue" in described(show_images([tiny], ["two pixels"], show=False))


def test_pooled_histogram_says_where_the_values_are(trio):
    text = described(plot_histogram(histogram(trio["duck"], bins=16), title="the duck", show=False))
    assert text.startswith("Histogram of the duck, 16 bins of red, green and blue values pooled")
    assert "tallest bin, values 0-15, holds 59%" in text


def test_rgb_histogram_names_each_channel_and_the_highest(trio):
    text = described(plot_histogram(histogram(trio["macaw"], bins=32, channels="rgb"), channels="rgb",
                                    title="the macaw", show=False))
    assert "red peaks at" in text and "green peaks at" in text and "blue peaks at" in text
    assert "red has the highest values on average" in text


def test_joint_histogram_names_its_colours(trio):
    text = described(plot_histogram(histogram(trio["macaw"], bins=8, channels="joint"), channels="joint",
                                    title="the macaw", show=False))
    assert "most common of 512 colour-cube cells of the macaw" in text and "white (32%)" in text


def test_overlaid_histograms_say_which_follows_the_first(trio):
    hists = {name: histogram(photo) for name, photo in trio.items()}
    text = described(plot_histograms(hists, show=False))
    assert "duck, swans and macaw" in text
    assert "swans follows duck most closely" in text and "macaw shares only" in text
    # the sentence follows the data: with the macaw drawn first, it is the one followed
    flipped = describe_histograms({"macaw": hists["macaw"], "duck": hists["duck"], "swans": hists["swans"]}, "t")
    assert "follows macaw" in flipped


def test_distances_name_nearest_and_furthest(trio):
    ranking = rank(histogram(trio["duck"]), {"swans": histogram(trio["swans"]), "macaw": histogram(trio["macaw"])})
    text = described(plot_distances(ranking, show=False))
    assert "Nearest: swans; furthest: macaw, 2.1 times as far" in text


def test_tied_distances_say_so():
    text = described(plot_distances([("a", 1.0), ("b", 1.0), ("c", 3.0)], show=False))
    assert "a and b tie as nearest" in text


def test_table_names_highest_lowest_and_the_diagonal():
    text = described(plot_table(np.array([[3, 1], [0, 4]]), ["cat", "dog"], ["cat", "dog"], "Confusion",
                                "nearest", "query", "photos", show=False))
    assert "Highest: 4 at dog, dog; lowest: 0 at dog, cat" in text and "holds 88%" in text


def test_accuracies_name_the_best_and_chance():
    reports = [report("hist + euclidean", 0.5, 0.4, 0.6), report("hog + cosine", 0.45, 0.35, 0.55, "centroid"),
               report("gray + l1", 0.2, 0.1, 0.3)]
    text = described(plot_accuracies(reports, "Methods", chance=0.25, show=False))
    assert "Best: hist + euclidean 50% (40% to 60%)" in text and "chance is 25%" in text
    assert "1 other interval reaches the best one's" in text


def test_lines_say_where_each_goes():
    text = described(plot_lines([0, 1, 2], {"loop": [1, 5, 9], "numpy": [1, 1, 1]}, "Time", "size", "seconds",
                                show=False))
    assert "loop goes from 1 to 9" in text and "numpy goes from 1 to 1" in text and "Highest at the end: loop" in text


def test_hue_saturation_names_the_fullest_cells_colour(trio):
    text = described(plot_hue_saturation({"duck": trio["duck"]}, show=False))
    assert "duck: fullest cell holds" in text and "(green)" in text


def test_edges_name_the_strongest_direction():
    stripes = np.zeros((40, 40, 3), dtype=np.uint8)
    stripes[:, ::4] = 255                               # vertical stripes: light changes left to right
    text = described(plot_edges(stripes, "stripes", show=False))
    assert "Most at 0-20 degrees" in text and "vertical edges" in text


def test_dct_patterns_and_threshold_curve():
    assert "64 slowest cosine patterns" in described(plot_dct_patterns(show=False))
    text = described(plot_threshold_curve([0, 5, 10], {"dct": ([1, .9, .7], [.2, .6, .9])}, 5, show=False))
    assert "recall rises and precision falls" in text and "dct finds 60% of the copy pairs with precision 90%" in text


# --------------------------------------------------------------------------- the widgets

def test_histogram_explorer_redescribes_each_redraw():
    from imgsim_helpers.widgets import HistogramExplorer

    explorer = HistogramExplorer()
    first = explorer.panel.description
    assert not is_placeholder(first) and "duck" in first
    output = explorer.panel.output.outputs[0]
    assert output["metadata"]["image/png"]["alt"] == first == output["data"]["text/plain"]
    assert 'aria-live="polite"' in explorer.panel.text.value and "duck" in explorer.panel.text.value
    explorer.brightness.value = 50
    assert "brightness +50" in explorer.panel.description and explorer.panel.description != first
    explorer.channels.value = "rgb"
    assert "red peaks at" in explorer.panel.description


def test_similarity_explorer_describes_the_ranking():
    from imgsim_helpers.widgets import SimilarityExplorer

    explorer = SimilarityExplorer()
    assert "Nearest: " in explorer.panel.description
    explorer.metric.value = "manhattan"
    assert "manhattan" in explorer.panel.description
