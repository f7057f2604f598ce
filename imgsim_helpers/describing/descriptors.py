"""Descriptors: ways to turn a photo into one row of numbers, and the registry of them all.

A **descriptor** is a function from an ``(H, W, 3)`` ``uint8`` photo to a 1-D
vector (its "feature vector"). Colour histograms are one kind; this module
and :mod:`imgsim_helpers.describing.shape` add the rest of the standard
toolbox, each written from scratch in NumPy:

* :func:`hue_saturation_histogram` -- OpenCV's tutorial descriptor: which hue,
  how vivid, ignoring how light;
* :func:`region_histogram` -- a colour histogram per cell of a grid, joined:
  colour with a little "where";
* :func:`~imgsim_helpers.describing.shape.edge_histogram` and
  :func:`~imgsim_helpers.describing.shape.thumbnail` -- shape rather than colour:
  edge directions and a few gray pixels (in ``shape.py``);
* :func:`border_histogram` -- the colours of the frame only (:func:`border_mask`): a
  baseline that sees nothing but the background.

:data:`DESCRIPTORS` names every descriptor the course measures. Evaluation,
ranking, the search index and the widgets all reach descriptors through it,
so a new one added here is available everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .shape import edge_histogram, thumbnail
from .._shared.arrays import check_uint8
from ..histograms import EMPTY_IMAGE, histogram

__all__ = ["DESCRIPTORS", "Descriptor", "border_histogram", "border_mask", "describe",
           "hue_saturation_histogram", "region_histogram"]


# --------------------------------------------------------------------------- hue and saturation

# OpenCV's 8-bit RGB -> HSV conversion works in whole numbers with 12 fractional bits:
# these tables hold 255 / v and 180 / (6 d), times 4096, rounded, for every v and d in 1..255.
_SHIFT = 12
_SDIV = np.array([0] + [round((255 << _SHIFT) / i) for i in range(1, 256)], dtype=np.int64)
_HDIV = np.array([0] + [round((180 << _SHIFT) / (6 * i)) for i in range(1, 256)], dtype=np.int64)


def _hue_saturation(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hue (0-179, in units of 2 degrees) and saturation (0-255) of every pixel, as OpenCV computes them."""
    r, g, b = (image[..., c].astype(np.int64) for c in range(3))
    value = np.maximum(np.maximum(r, g), b)
    spread = value - np.minimum(np.minimum(r, g), b)           # 0 for grays
    saturation = (spread * _SDIV[value] + (1 << (_SHIFT - 1))) >> _SHIFT
    # where on the colour wheel: 0 = red, 60 = green, 120 = blue (half-degrees: 0..179)
    position = np.where(value == r, g - b, np.where(value == g, b - r + 2 * spread, r - g + 4 * spread))
    hue = (position * _HDIV[spread] + (1 << (_SHIFT - 1))) >> _SHIFT
    hue = np.where(hue < 0, hue + 180, hue)
    return hue, saturation


def hue_saturation_histogram(image: np.ndarray, hue_bins: int = 50, saturation_bins: int = 60) -> np.ndarray:
    """The 2-D hue-saturation histogram of OpenCV's histogram-comparison tutorial.

    Each pixel is described by its **hue** (which colour: red, yellow, green, ...)
    and **saturation** (how vivid: 0 for gray, 255 for a pure colour), leaving
    out its value (how light), so a darker photo of the same scene keeps
    nearly the same histogram.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB photo.
    hue_bins, saturation_bins : int, optional
        The tutorial's 50 hue bins (over OpenCV's hue range 0-179) and 60
        saturation bins (over 0-255).

    Returns
    -------
    numpy.ndarray
        ``hue_bins * saturation_bins`` fractions summing to 1, row by row
        (one row of saturations per hue). Counts equal, bin for bin,
        ``cv2.calcHist`` of ``cv2.cvtColor(image, cv2.COLOR_RGB2HSV)`` with the
        tutorial's settings: we copy OpenCV's whole-number conversion.

    Notes
    -----
    Grays have no hue: OpenCV gives them hue 0 (red) and saturation 0, so
    all grays and whites land in the first bin.

    Examples
    --------
    >>> import numpy as np
    >>> red = np.zeros((2, 2, 3), dtype=np.uint8); red[..., 0] = 255
    >>> h = hue_saturation_histogram(red)
    >>> h.shape, h[59]                     # hue bin 0, most vivid saturation bin
    ((3000,), np.float64(1.0))
    """
    check_uint8(image, shape="rgb", empty=EMPTY_IMAGE)
    for name, bins in (("hue_bins", hue_bins), ("saturation_bins", saturation_bins)):
        if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
            raise ValueError(f"{name} must be a whole number of at least 1, got {bins!r}")
    hue, saturation = _hue_saturation(image)
    cell = (hue * hue_bins // 180) * saturation_bins + saturation * saturation_bins // 256
    counts = np.bincount(cell.ravel(), minlength=hue_bins * saturation_bins)
    return counts / counts.sum()


# --------------------------------------------------------------------------- regions


def region_histogram(image: np.ndarray, grid: int = 3, bins: int = 8) -> np.ndarray:
    """Per-channel colour histograms of each cell of a ``grid x grid`` grid, joined end to end.

    A plain histogram cannot tell blue sky above from blue sea below. Cutting
    the photo into cells and describing each cell on its own keeps a little
    of *where* each colour is.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB photo, at least ``grid`` pixels each way.
    grid : int, optional
        Cells per side (default 3: nine cells, like a noughts-and-crosses board).
    bins : int, optional
        Bins per channel in each cell; must divide 256 (default 8).

    Returns
    -------
    numpy.ndarray
        ``grid * grid * 3 * bins`` numbers: cell by cell (left to right, top
        to bottom), each cell's red, green and blue histogram. Each cell's
        counts are divided by ``3 x`` its pixel count ``x grid ** 2``, so every
        cell weighs the same and the whole vector sums to 1.

    Examples
    --------
    >>> import numpy as np
    >>> h = region_histogram(np.zeros((4, 4, 3), dtype=np.uint8), grid=2, bins=2)
    >>> h.shape, h.reshape(4, 6)[0].round(3).tolist()      # first cell: every value in bin 0
    ((24,), [0.083, 0.0, 0.083, 0.0, 0.083, 0.0])
    """
    check_uint8(image, shape="rgb", empty=EMPTY_IMAGE)
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 1:
        raise ValueError(f"grid must be a whole number of at least 1, got {grid!r}")
    height, width = image.shape[:2]
    if height < grid or width < grid:
        raise ValueError(f"a {height} x {width} image is too small for a {grid} x {grid} grid")
    rows = np.linspace(0, height, grid + 1).round().astype(int)   # cell borders, nearly equal cells
    cols = np.linspace(0, width, grid + 1).round().astype(int)
    cells = [histogram(image[top:bottom, left:right], bins=bins, channels="rgb", normalize=True)
             for top, bottom in zip(rows, rows[1:]) for left, right in zip(cols, cols[1:])]
    return np.concatenate(cells) / (grid * grid)


# --------------------------------------------------------------------------- the frame


def border_mask(image: np.ndarray, width: float = 0.1) -> np.ndarray:
    """Which pixels belong to the photo's outer frame: ``True`` there, ``False`` in the middle.

    The frame is what :func:`border_histogram` (the background baseline)
    looks at: the top and bottom strips, each ``width`` of the height deep,
    and the left and right strips, each ``width`` of the width (at least
    one pixel each).

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB photo.
    width : float, optional
        How deep the frame is, as a share of the height and of the width;
        default 0.1, between 0 and 0.5.

    Returns
    -------
    numpy.ndarray
        ``(H, W)`` ``bool`` mask, ``True`` on the frame.

    Raises
    ------
    ValueError
        If the image is not an RGB photo, or ``width`` is not between 0 and 0.5.

    Examples
    --------
    >>> import numpy as np
    >>> border_mask(np.zeros((5, 5, 3), dtype=np.uint8), width=0.2).astype(int)
    array([[1, 1, 1, 1, 1],
           [1, 0, 0, 0, 1],
           [1, 0, 0, 0, 1],
           [1, 0, 0, 0, 1],
           [1, 1, 1, 1, 1]])
    """
    check_uint8(image, shape="rgb", empty=EMPTY_IMAGE)
    if isinstance(width, bool) or not isinstance(width, (int, float)) or not 0 < width < 0.5:
        raise ValueError(f"width must be a share between 0 and 0.5 (0.1 = the outer tenth), got {width!r}")
    height, wide = image.shape[:2]
    rows, cols = max(1, round(height * width)), max(1, round(wide * width))
    frame = np.ones((height, wide), dtype=bool)
    frame[rows:height - rows, cols:wide - cols] = False
    return frame


def border_histogram(image: np.ndarray, width: float = 0.1, bins: int = 32) -> np.ndarray:
    """Per-channel colour histogram of the photo's frame only: a measure of its *background*.

    Most photos put their subject in the middle, so the outer frame shows
    mostly background: sky, water, a white sheet behind a cut-out. A method
    that looks only there can still guess some classes right, from the
    background alone; any descriptor worth using must do better than this
    baseline.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB photo.
    width : float, optional
        How deep the frame is, as a share of the height (top and bottom
        strips) and of the width (left and right strips); default 0.1, at
        least one pixel. The middle ``(1 - 2 width)`` is ignored.
    bins : int, optional
        Bins per channel; must divide 256 (default 32).

    Returns
    -------
    numpy.ndarray
        ``3 * bins`` fractions summing to 1, as ``histogram(..., channels="rgb",
        normalize=True)`` of the frame's pixels.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.full((10, 10, 3), 255, dtype=np.uint8); img[2:8, 2:8] = 0   # black square on white
    >>> border_histogram(img, width=0.2, bins=2)[:2]                       # red channel: all light
    array([0.        , 0.33333333])
    """
    return histogram(image, bins=bins, channels="rgb", normalize=True, mask=border_mask(image, width))


# --------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Descriptor:
    """One entry of :data:`DESCRIPTORS`: a function from a photo to a vector, and what it is.

    Attributes
    ----------
    name : str
        Its key in :data:`DESCRIPTORS`.
    function : callable
        ``(H, W, 3)`` ``uint8`` photo -> 1-D ``float64`` vector.
    length : int
        How many numbers it gives.
    channels : int or None
        How many 1-D histograms over ordered values it joins end to end (1 for
        "gray", 3 for "rgb"), which the earth mover's distance needs;
        ``None`` when it is not made of such histograms (a colour cube, a 2-D
        histogram, pixels), so EMD does not apply.
    about : str
        One line for tables and widgets.

    Calling a descriptor calls its function: ``DESCRIPTORS["rgb"](photo)``.
    """

    name: str
    function: Callable[[np.ndarray], np.ndarray]
    length: int
    channels: int | None
    about: str

    def __call__(self, image: np.ndarray) -> np.ndarray:
        return np.asarray(self.function(image), dtype=np.float64).ravel()


def _entry(name: str, function: Callable[[np.ndarray], np.ndarray], length: int, channels: int | None,
           about: str) -> tuple[str, Descriptor]:
    return name, Descriptor(name, function, length, channels, about)


#: Every descriptor the course measures, by name. Each maps an ``(H, W, 3)``
#: ``uint8`` photo to a 1-D ``float64`` vector; the histograms are normalised
#: (they sum to 1), so photo size does not matter.
DESCRIPTORS: dict[str, Descriptor] = dict([
    _entry("gray", lambda im: histogram(im, bins=32, channels="gray", normalize=True), 32, 1,
           "gray-level histogram, 32 bins (luminance)"),
    _entry("pooled", lambda im: histogram(im, bins=32, channels="pooled", normalize=True), 32, 1,
           "the tutorial's pooled histogram, 32 bins"),
    _entry("rgb", lambda im: histogram(im, bins=32, channels="rgb", normalize=True), 96, 3,
           "one histogram per channel, 3 x 32 bins"),
    _entry("joint", lambda im: histogram(im, bins=8, channels="joint", normalize=True), 512, None,
           "colour cube, 8 x 8 x 8 cells"),
    _entry("hue_saturation", hue_saturation_histogram, 3000, None,
           "hue x saturation, 50 x 60 bins (OpenCV tutorial)"),
    _entry("regions", region_histogram, 216, 27,
           "rgb histograms of a 3 x 3 grid, 8 bins each"),
    _entry("edges", edge_histogram, 9, 1,
           "edge directions weighted by strength, 9 bins"),
    _entry("thumbnail", thumbnail, 256, None,
           "16 x 16 gray pixels"),
    _entry("border", border_histogram, 96, 3,
           "baseline: rgb histogram of the outer frame only (background)"),
])


def describe(photos: Sequence[np.ndarray], descriptor: str) -> np.ndarray:
    """Describe many photos with the descriptor called ``descriptor``: one row per photo.

    Parameters
    ----------
    photos : sequence of numpy.ndarray
        ``(H, W, 3)`` ``uint8`` photos (sizes may differ).
    descriptor : str
        A name from :data:`DESCRIPTORS`.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(photos), DESCRIPTORS[descriptor].length)``, ``float64``.
        Each photo is described once: keep this matrix and compare its rows
        with as many metrics as you like.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the known ones), no photos,
        or a photo the descriptor cannot describe (the message says which).
    """
    entry = descriptor_named(descriptor)
    if len(photos) == 0:
        raise ValueError("describe needs at least one photo")
    rows = np.empty((len(photos), entry.length))
    for i, photo in enumerate(photos):
        try:
            rows[i] = entry(photo)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"photo {i}: {exc}") from exc
    return rows


def descriptor_named(name: object) -> Descriptor:
    """The :data:`DESCRIPTORS` entry called ``name`` (a :class:`Descriptor` is returned as it is), or an error."""
    if isinstance(name, Descriptor):
        return name
    if not isinstance(name, str) or name not in DESCRIPTORS:
        raise ValueError(f"unknown descriptor {name!r}; choose one of: {', '.join(DESCRIPTORS)}")
    return DESCRIPTORS[name]
