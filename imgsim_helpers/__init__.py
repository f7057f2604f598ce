"""Helpers for the image-similarity course.

The folders follow the course map (README.md, "The course map"). What the core notebooks
(00-06, the tutorial's story) open sits here at the top, where a learner finds it at once; each
later part of the course has a subpackage named after what it does, with its own list of modules:

* :mod:`imgsim_helpers.images` -- read a photo into an ``(H, W, 3)`` uint8 array;
* :mod:`imgsim_helpers.errors` -- the course's own error for photos that cannot be read;
* :mod:`imgsim_helpers.samples` -- the bundled photos in ``data/``;
* :mod:`imgsim_helpers.histograms` -- count colours into histograms;
* :mod:`imgsim_helpers.distances` -- the Euclidean distance, every metric by name, and ranking references;
* :mod:`imgsim_helpers.plotting` -- titled, labelled figures of the core: photos, histograms, distances;
* :mod:`imgsim_helpers.edits` -- brightness and contrast, clipped;
* :mod:`imgsim_helpers.explore` -- the pure functions behind the sliders;
* :mod:`imgsim_helpers.widgets` -- the sliders of notebook 06;
* :mod:`imgsim_helpers.widget_parts` -- what every explorer widget shares: a figure redrawn in place, an upload read safely;
* :mod:`imgsim_helpers.setup_check` -- is everything installed?
* :mod:`imgsim_helpers.checks` -- the exercises' instant feedback, ``check("3.1", answer)``;
* :mod:`imgsim_helpers.describing` -- more ways to describe a photo: gray levels, regions, edges (07, 12, 14);
* :mod:`imgsim_helpers.comparing` -- more ways to compare: seven more metrics, their formulas for many rows, MSE and SSIM (08, 13);
* :mod:`imgsim_helpers.measuring` -- accuracy, the leaderboard, fair timing (10, 11, 15);
* :mod:`imgsim_helpers.search` -- index a folder of photos and search it (16);
* :mod:`imgsim_helpers.near_duplicates` -- perceptual hashes and the near-duplicate finder (17, 18);
* :mod:`imgsim_helpers.figures` -- the later notebooks' figures, and every figure's text alternative;
* :mod:`imgsim_helpers.classroom` -- the instructor's side: student copies, bundle, hub, grading, reports;
* :mod:`imgsim_helpers._shared` -- private: what several modules need (array checks, threads, progress, statuses);
* :mod:`imgsim_helpers.cli` -- ``python -m imgsim_helpers compare|search|duplicates``;
* :mod:`imgsim_helpers.cli_common` -- what those commands share: errors, arguments, messages;
* :mod:`imgsim_helpers.update` -- bring a copy of the course to a new release, keeping the work in it;
* :mod:`imgsim_helpers.exercises` -- the classroom commands (``python -m imgsim_helpers.exercises``);
* :mod:`imgsim_helpers.__main__` -- ``python -m imgsim_helpers``, the command-line tool above.

Everything the notebooks use can be imported from here: ``from imgsim_helpers import load_image``.

The one-way rule: data flows photo -> descriptor -> metric -> ranking -> what learners touch ->
the classroom, and so do the imports. Every module has a layer (``LAYERS`` in
``tests/test_layers.py``) and imports only from lower layers, never sideways into a cycle, never
a private (``_name``) name of another module, and each name from the module that defines it (only a
package's ``__init__.py`` gathers names for its users). No file is over 400 lines.
``python -m pytest tests/test_layers.py`` checks all of it.
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

from .distances import METRICS, distance, euclidean, l2_loop, rank
from .histograms import as_histogram
from .comparing.metrics import bhattacharyya, chi_square, correlation, cosine, emd, intersection, manhattan
from .measuring.evaluation import (METHODS, Comparison, EvaluationReport, accuracy_ci, evaluate, mcnemar,
                         pairwise_distances)
from .describing.gray import cumulative_histogram, equalize, to_gray
from .measuring.leaderboard import leaderboard
from .describing.descriptors import (DESCRIPTORS, Descriptor, border_histogram, border_mask, describe,
                                     hue_saturation_histogram, region_histogram)
from .describing.shape import edge_histogram, edge_strength, thumbnail
from .comparing.pixels import mse, ssim
from .histograms import CHANNEL_MODES, counter_histogram, histogram, value_counts
from .images import MAX_PIXELS, decode_image, load_alpha_mask, load_image
from .errors import ImageLoadError
from .figures.figure_text import describe_figure, figure_description, show_figure
from .figures.style import CHANNEL_COLOURS, OKABE_ITO
from .plotting import plot_distances, plot_histogram, plot_histograms, show_images, size_text
from .figures.result_plots import plot_accuracies, plot_table
from .samples import DATA_DIR, OPENING_TRIO, evaluation_rows, evaluation_set, sample_path, samples
from .setup_check import check_setup
from .edits import change_brightness, change_contrast
from .explore import BIN_CHOICES, edit_photo, explore_histogram, explore_similarity
from .widgets import histogram_explorer, similarity_explorer
from .near_duplicates.explorer import duplicates_explorer
from .search.index import build_index
from .search.index_class import Index
from .search.index_file import IndexFileError
from .search.folders import find_images
from .search.explorer import search_explorer
from .near_duplicates.hashing import average_hash, dct_hash, dct_matrix, difference_hash, grey_thumbnail
from .near_duplicates.hamming import close_pairs, hamming, hamming_matrix, hash_to_hex, pack_hashes
from .near_duplicates.duplicates import find_duplicates
from .near_duplicates.folder_hashes import hash_folder
from .near_duplicates.grouping import group_duplicates
from .near_duplicates.copies import EDITS, edited_copies, write_copies_folder
from .measuring.timing import best_time

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
