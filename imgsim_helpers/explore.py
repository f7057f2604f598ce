"""The pure computations behind the sliders of notebook 06.

Each widget in :mod:`imgsim_helpers.widgets` only reads its controls and
calls one of these functions, so everything a slider shows can be computed,
tested and asserted without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .distances import Metric, rank
from .edits import change_brightness, change_contrast
from .histograms import histogram

__all__ = ["BIN_CHOICES", "edit_photo", "explore_histogram", "explore_similarity"]

#: The values the bins sliders offer: powers of two, so each divides 256.
BIN_CHOICES = [2**k for k in range(1, 9)]


def edit_photo(image: np.ndarray, brightness: int = 0, contrast: float = 1.0) -> np.ndarray:
    """Apply a contrast change, then a brightness shift (both clipped to 0-255).

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` uint8 photo.
    brightness : int, optional
        Added to every value (-100..100 on the slider).
    contrast : float, optional
        Stretch around mid-gray; 1 leaves the photo unchanged.

    Returns
    -------
    numpy.ndarray
        The edited photo (the input itself when nothing changes).
    """
    if contrast != 1.0:
        image = change_contrast(image, contrast)
    if brightness != 0:
        image = change_brightness(image, brightness)
    return image


# ``image, bins, channels, normalize`` are histogram()'s first four parameters, passed on unchanged
# (with the explorer's default of 64 bins): every parameter after ``image`` is one of the histogram
# explorer's controls, so the signature names each one, as histogram()'s does, rather than **kwargs.
def explore_histogram(
    image: np.ndarray,
    bins: int = 64,
    channels: str = "pooled",
    normalize: bool = False,
    brightness: int = 0,
    contrast: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """What the histogram explorer shows: the edited photo and its histogram.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` uint8 photo.
    bins, channels, normalize
        As for :func:`histogram`.
    brightness, contrast
        As for :func:`edit_photo`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The edited photo and its histogram.
    """
    edited = edit_photo(image, brightness, contrast)
    return edited, histogram(edited, bins=bins, channels=channels, normalize=normalize)


def explore_similarity(
    test: np.ndarray,
    references: Mapping[str, np.ndarray],
    bins: int = 256,
    channels: str = "pooled",
    normalize: bool = False,
    brightness: int = 0,
    metric: str | Metric = "euclidean",
    contrast: float = 1.0,
) -> list[tuple[str, float]]:
    """What the similarity explorer shows: references ranked for the edited test photo.

    Parameters
    ----------
    test : numpy.ndarray
        The test photo, ``(H, W, 3)`` uint8. ``brightness`` and ``contrast``
        are applied to it (not to the references).
    references : mapping of str to numpy.ndarray
        Reference photos by name.
    bins, channels, normalize
        As for :func:`histogram`, the same for every photo.
    brightness : int, optional
        Shift added to the test photo's values, clipped to 0-255.
    metric : str or Metric, optional
        A name from :data:`METRICS` (or ``metric_named(name)``, as the widget passes it).
    contrast : float, optional
        Contrast of the test photo, as for :func:`edit_photo` (1 changes nothing).

    Returns
    -------
    list of (str, float)
        ``(name, distance)`` nearest first, as from :func:`rank`.

    Examples
    --------
    >>> from imgsim_helpers import load_image
    >>> refs = {"swans": load_image("swans"), "macaw": load_image("macaw")}
    >>> explore_similarity(load_image("duck"), refs)[0][0]
    'swans'
    """
    options = {"bins": bins, "channels": channels, "normalize": normalize}
    query = histogram(edit_photo(test, brightness, contrast), **options)
    hists = {name: histogram(photo, **options) for name, photo in references.items()}
    return rank(query, hists, metric=metric)
