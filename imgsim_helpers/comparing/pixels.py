"""Comparing two images pixel by pixel: mean squared error and structural similarity (SSIM).

Histograms forget *where* everything is; these two do the opposite and compare
the pixel at each position with the pixel at the same position in the other
image. That needs images of the same size (shrink both first, for example
with :func:`thumbnail` or Pillow's ``resize``), and it breaks as soon as the
subject moves by a few pixels.
"""

from __future__ import annotations

import numpy as np

__all__ = ["mse", "ssim"]

#: SSIM's window: 7 x 7 pixels, as scikit-image uses by default.
SSIM_WINDOW = 7


def _pair(a: object, b: object, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Two numeric arrays of the same shape, as float64."""
    arrays = []
    for name, x in (("a", a), ("b", b)):
        arr = np.asarray(x)
        if arr.dtype.kind not in "biuf":
            raise ValueError(f"{what}: {name} must hold numbers (pixel values), got values of type {arr.dtype}")
        if arr.size == 0:
            raise ValueError(f"{what}: {name} is empty (shape {arr.shape})")
        arr = arr.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{what}: {name} contains NaN or infinity")
        arrays.append(arr)
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(
            f"{what} compares pixel by pixel, so the images must have the same shape: a is "
            f"{arrays[0].shape}, b is {arrays[1].shape}; resize both to one size first (e.g. thumbnail)"
        )
    return arrays[0], arrays[1]


def mse(a: object, b: object) -> float:
    """Mean squared error: the average of ``(a - b) ** 2`` over all pixels.

    Parameters
    ----------
    a, b : array-like
        Two images (gray or RGB, any dtype) of exactly the same shape.
        Computed in ``float64``, so ``uint8`` values never wrap around.

    Returns
    -------
    float
        0 for identical images; larger is more different. In squared gray
        levels: two images that differ by 10 everywhere give 100.
        ``skimage.metrics.mean_squared_error`` gives the same number.

    Raises
    ------
    ValueError
        If the shapes differ, or an image is empty or not numeric.

    Examples
    --------
    >>> mse([[0, 10]], [[10, 10]])
    50.0
    """
    x, y = _pair(a, b, "mse")
    return float(np.mean((x - y) ** 2))


def _window_means(x: np.ndarray) -> np.ndarray:
    """Mean of every 7 x 7 window that fits inside ``x``: shape ``(H - 6, W - 6)``."""
    windows = np.lib.stride_tricks.sliding_window_view(x, (SSIM_WINDOW, SSIM_WINDOW))
    return windows.mean(axis=(-2, -1))


def ssim(a: object, b: object, data_range: float = 255.0) -> float:
    """Structural similarity (SSIM) of two gray images: 1 for identical, lower for different.

    SSIM looks at every 7 x 7 window and compares three things in it: the mean
    brightness (``mu``), the contrast (the spread, ``sigma``) and the structure
    (how the two windows vary *together*, their covariance). For windows
    ``x`` and ``y``::

        S = (2 mu_x mu_y + C1) (2 cov_xy + C2) / ((mu_x**2 + mu_y**2 + C1) (var_x + var_y + C2))

    with ``C1 = (0.01 L)**2`` and ``C2 = (0.03 L)**2`` (``L`` = ``data_range``)
    keeping dark or flat windows from dividing by zero. The result is the
    average of ``S`` over all windows.

    Parameters
    ----------
    a, b : array-like
        Two gray images ``(H, W)`` of the same shape, at least 7 x 7 pixels.
    data_range : float, optional
        Range of the pixel values: 255 for ``uint8`` gray levels (default).

    Returns
    -------
    float
        At most 1 (identical images); 0 means no structural similarity, and
        it can go below 0. Agrees with scikit-image's
        ``structural_similarity(a, b, data_range=255)`` (its defaults: 7 x 7
        windows, unweighted, sample covariances) to within 1e-6.

    Raises
    ------
    ValueError
        If the shapes differ, an image is not 2-D or smaller than 7 x 7, or
        ``data_range`` is not a positive number.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.arange(100, dtype=np.uint8).reshape(10, 10)
    >>> ssim(img, img)
    1.0
    """
    x, y = _pair(a, b, "ssim")
    if x.ndim != 2:
        raise ValueError(f"ssim compares gray images of shape (height, width), got shape {x.shape}; "
                         "convert a photo with to_gray first")
    if min(x.shape) < SSIM_WINDOW:
        raise ValueError(f"ssim needs images of at least {SSIM_WINDOW} x {SSIM_WINDOW} pixels, got {x.shape}")
    if isinstance(data_range, bool) or not isinstance(data_range, (int, float, np.number)) or not data_range > 0:
        raise ValueError(f"data_range must be a positive number (255 for uint8 images), got {data_range!r}")
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    n = SSIM_WINDOW * SSIM_WINDOW
    sample = n / (n - 1)  # sample (co)variances: divide by n - 1, not n
    mu_x, mu_y = _window_means(x), _window_means(y)
    var_x = sample * (_window_means(x * x) - mu_x**2)
    var_y = sample * (_window_means(y * y) - mu_y**2)
    cov_xy = sample * (_window_means(x * y) - mu_x * mu_y)
    s = ((2 * mu_x * mu_y + c1) * (2 * cov_xy + c2)) / ((mu_x**2 + mu_y**2 + c1) * (var_x + var_y + c2))
    return float(np.mean(s))
