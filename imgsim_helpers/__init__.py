"""Helpers for the image-similarity course.

Each module holds one idea; most are short enough to read in a minute:

* :mod:`imgsim_helpers.images` -- read a photo into an ``(H, W, 3)`` uint8 array;
* :mod:`imgsim_helpers.samples` -- the bundled photos in ``data/``;
* :mod:`imgsim_helpers.histograms` -- count colours into histograms;
* :mod:`imgsim_helpers.gray` -- luminance, cumulative histograms, equalisation;
* :mod:`imgsim_helpers.descriptors` -- more ways to describe a photo, and the ``DESCRIPTORS`` registry;
* :mod:`imgsim_helpers.pixels` -- pixel-by-pixel comparisons: MSE and SSIM;
* :mod:`imgsim_helpers.distances` -- compare histograms (eight metrics) and rank references;
* :mod:`imgsim_helpers.evaluation` -- accuracy on labelled photos, with confidence intervals;
* :mod:`imgsim_helpers.leaderboard` -- every descriptor x metric x method on the same photos;
* :mod:`imgsim_helpers.plotting` -- titled, labelled figures;
* :mod:`imgsim_helpers.figure_text` -- every figure's text alternative (``describe_figure``);
* :mod:`imgsim_helpers.plot_descriptions` -- the sentences that describe each helper's figure;
* :mod:`imgsim_helpers.plot_marks` -- dashes, markers and labels, so colour is never the only difference;
* :mod:`imgsim_helpers.edits` -- brightness and contrast, clipped;
* :mod:`imgsim_helpers.explore` -- the pure functions behind the sliders;
* :mod:`imgsim_helpers.widgets` -- the sliders of notebook 06;
* :mod:`imgsim_helpers.folders` -- find and read the image files of a folder, fast;
* :mod:`imgsim_helpers.search` -- index a folder of photos and search it;
* :mod:`imgsim_helpers.progress` -- a progress bar for notebooks and terminals;
* :mod:`imgsim_helpers.timing` -- time code fairly (best of a few runs, processor time);
* :mod:`imgsim_helpers.cli` -- ``python -m imgsim_helpers compare|search``;
* :mod:`imgsim_helpers.setup_check` -- is everything installed?
* :mod:`imgsim_helpers.hashing` -- perceptual hashes and Hamming distances;
* :mod:`imgsim_helpers.duplicates` -- find the near-duplicates in a folder (never deletes);
* :mod:`imgsim_helpers.copies` -- edited copies of photos, with ground truth, for measuring;
* :mod:`imgsim_helpers.hash_plots` -- the figures of notebooks 17 and 18 (DCT patterns, the threshold);
* :mod:`imgsim_helpers.toolbox_plots` -- the figures of notebooks 12-14 (the toolbox);
* :mod:`imgsim_helpers.kernels` -- one query against many stored histograms, per metric;
* :mod:`imgsim_helpers.nearest` -- the k nearest rows of a feature matrix, in bounded memory;
* :mod:`imgsim_helpers.index_file` -- save a search index to one ``.npz`` file and read it back;
* :mod:`imgsim_helpers.arrays` -- the checks on image arrays that every helper shares;
* :mod:`imgsim_helpers.errors` -- the course's own error for photos that cannot be read;
* :mod:`imgsim_helpers.workers` -- how many threads read and compare photos at once;
* :mod:`imgsim_helpers.checks` -- the exercises' instant feedback, ``check("3.1", answer)``;
* :mod:`imgsim_helpers.status` -- how an exercise went, in the same words everywhere;
* :mod:`imgsim_helpers.update` -- bring a copy of the course to a new release, keeping the work in it;
* :mod:`imgsim_helpers.exercises` -- the classroom commands (``python -m imgsim_helpers.exercises``);
* :mod:`imgsim_helpers.classroom` -- the instructor's side: student copies, bundle, hub, grading, reports;
* :mod:`imgsim_helpers.__main__` -- ``python -m imgsim_helpers``, the command-line tool above.
"""

import sys as _sys

try:  # a Python without the course's packages (not the one in .venv) gets one clear line
    import ipywidgets as _ipywidgets, matplotlib as _matplotlib, numpy as _numpy, PIL as _PIL  # noqa: F401
except ModuleNotFoundError as _missing:
    _error = ModuleNotFoundError(
        f"imgsim_helpers needs the package {_missing.name!r}, which this Python "
        f"({_sys.executable}) does not have: it is not the course's Python. Activate the "
        "course's environment (.venv) as README.md says under 'Set-up', then run the command again"
    )

    def _one_line(kind, error, traceback, _before=_sys.excepthook):
        """In a terminal (python -m imgsim_helpers ...), print this error as one line, not a traceback."""
        if error is _error:
            print(f"{kind.__name__}: {error}", file=_sys.stderr)
        else:
            _before(kind, error, traceback)

    _sys.excepthook = _one_line  # Jupyter shows errors its own way and keeps its traceback
    raise _error from None

from .distances import (METRICS, as_histogram, bhattacharyya, chi_square, correlation, cosine, distance, emd,
                        euclidean, intersection, l2_loop, manhattan, rank)
from .evaluation import (METHODS, Comparison, EvaluationReport, accuracy_ci, evaluate, mcnemar,
                         pairwise_distances)
from .gray import cumulative_histogram, equalize, to_gray
from .leaderboard import leaderboard
from .descriptors import (DESCRIPTORS, Descriptor, border_histogram, border_mask, describe, edge_histogram,
                          edge_strength, hue_saturation_histogram, region_histogram, thumbnail)
from .pixels import mse, ssim
from .histograms import CHANNEL_MODES, counter_histogram, histogram, value_counts
from .images import MAX_PIXELS, ImageLoadError, decode_image, load_alpha_mask, load_image
from .figure_text import describe_figure, figure_description, show_figure
from .plotting import (CHANNEL_COLOURS, OKABE_ITO, plot_accuracies, plot_distances, plot_histogram, plot_histograms,
                       plot_table, show_images, size_text)
from .samples import DATA_DIR, OPENING_TRIO, evaluation_rows, evaluation_set, sample_path, samples
from .setup_check import check_setup
from .edits import change_brightness, change_contrast
from .explore import BIN_CHOICES, edit_photo, explore_histogram, explore_similarity
from .widgets import histogram_explorer, search_explorer, similarity_explorer
from .widgets import duplicates_explorer
from .search import Index, IndexFileError, build_index, find_images
from .hashing import (average_hash, close_pairs, dct_hash, dct_matrix, difference_hash, grey_thumbnail, hamming,
                      hamming_matrix, hash_to_hex, pack_hashes)
from .duplicates import find_duplicates, group_duplicates, hash_folder
from .copies import EDITS, edited_copies, write_copies_folder
from .timing import best_time

__all__ = [
    # images
    "ImageLoadError",
    "MAX_PIXELS",
    "load_image",
    "load_alpha_mask",
    "decode_image",
    # samples
    "DATA_DIR",
    "OPENING_TRIO",
    "samples",
    "sample_path",
    "evaluation_set",
    "evaluation_rows",
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
    "manhattan",
    "chi_square",
    "intersection",
    "bhattacharyya",
    "cosine",
    "emd",
    "correlation",
    # gray levels
    "to_gray",
    "cumulative_histogram",
    "equalize",
    # descriptors
    "DESCRIPTORS",
    "Descriptor",
    "describe",
    "hue_saturation_histogram",
    "region_histogram",
    "edge_histogram",
    "edge_strength",
    "thumbnail",
    "border_histogram",
    "border_mask",
    # pixel comparisons
    "mse",
    "ssim",
    # evaluation
    "EvaluationReport",
    "evaluate",
    "pairwise_distances",
    "METHODS",
    "accuracy_ci",
    "mcnemar",
    "Comparison",
    "leaderboard",
    # plotting
    "OKABE_ITO",
    "CHANNEL_COLOURS",
    "show_images",
    "plot_histogram",
    "plot_histograms",
    "plot_distances",
    "size_text",
    "plot_table",
    "plot_accuracies",
    # figures' text alternatives (issue 18)
    "describe_figure",
    "figure_description",
    "show_figure",
    # setup
    "check_setup",
    # edits
    "change_brightness",
    "change_contrast",
    # explore (pure functions behind the widgets)
    "BIN_CHOICES",
    "edit_photo",
    "explore_histogram",
    "explore_similarity",
    # widgets
    "histogram_explorer",
    "similarity_explorer",
    "search_explorer",
    # search
    "Index",
    "IndexFileError",
    "build_index",
    "find_images",
    # hashing
    "average_hash",
    "difference_hash",
    "dct_hash",
    "dct_matrix",
    "grey_thumbnail",
    "hamming",
    "hash_to_hex",
    "pack_hashes",
    "hamming_matrix",
    "close_pairs",
    # duplicates
    "find_duplicates",
    "hash_folder",
    "group_duplicates",
    "duplicates_explorer",
    # copies
    "EDITS",
    "edited_copies",
    "write_copies_folder",
    # timing
    "best_time",
]
