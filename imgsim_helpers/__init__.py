"""Helpers for the image-similarity course.

Each module holds one idea and is short enough to read in a minute:

* :mod:`imgsim_helpers.images` -- read a photo into an ``(H, W, 3)`` uint8 array;
* :mod:`imgsim_helpers.samples` -- the bundled photos in ``data/``;
* :mod:`imgsim_helpers.histograms` -- count colours into histograms;
* :mod:`imgsim_helpers.distances` -- compare histograms and rank references;
* :mod:`imgsim_helpers.plotting` -- titled, labelled figures;
* :mod:`imgsim_helpers.setup_check` -- is everything installed?
"""

from .distances import METRICS, as_histogram, distance, euclidean, l2_loop, rank
from .histograms import CHANNEL_MODES, counter_histogram, histogram, value_counts
from .images import MAX_PIXELS, ImageLoadError, load_alpha_mask, load_image
from .plotting import CHANNEL_COLOURS, OKABE_ITO, plot_distances, plot_histogram, plot_histograms, show_images
from .samples import DATA_DIR, OPENING_TRIO, sample_path, samples
from .setup_check import check_setup

__all__ = [
    # images
    "ImageLoadError",
    "MAX_PIXELS",
    "load_image",
    "load_alpha_mask",
    # samples
    "DATA_DIR",
    "OPENING_TRIO",
    "samples",
    "sample_path",
    # histograms
    "CHANNEL_MODES",
    "counter_histogram",
    "histogram",
    "value_counts",
    # distances
    "METRICS",
    "as_histogram",
    "distance",
    "euclidean",
    "l2_loop",
    "rank",
    # plotting
    "OKABE_ITO",
    "CHANNEL_COLOURS",
    "show_images",
    "plot_histogram",
    "plot_histograms",
    "plot_distances",
    # setup
    "check_setup",
]
