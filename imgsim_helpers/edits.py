"""Simple photo edits for experiments: brightness and contrast, clipped, never wrapped."""

from __future__ import annotations

import numpy as np

from ._shared.arrays import check_uint8

__all__ = ["change_brightness", "change_contrast"]


def change_brightness(image: np.ndarray, shift: int) -> np.ndarray:
    """Add ``shift`` to every value, clipping at 0 and 255 (no wrap-around).

    Parameters
    ----------
    image : numpy.ndarray
        ``uint8`` pixel values, any shape.
    shift : int
        How much to add: positive is brighter, negative darker.

    Returns
    -------
    numpy.ndarray
        A new ``uint8`` array. Values that would pass 255 stay at 255 and
        values that would drop below 0 stay at 0, instead of wrapping
        around as plain ``uint8`` arithmetic does.

    Examples
    --------
    >>> import numpy as np
    >>> change_brightness(np.array([0, 100, 250], dtype=np.uint8), 10)
    array([ 10, 110, 255], dtype=uint8)
    """
    check_uint8(image, short=True)  # brightening alpha would change what is transparent
    return np.clip(image.astype(np.int16) + int(shift), 0, 255).astype(np.uint8)


def change_contrast(image: np.ndarray, factor: float) -> np.ndarray:
    """Stretch (``factor > 1``) or squeeze (``factor < 1``) values around mid-gray 128.

    Parameters
    ----------
    image : numpy.ndarray
        ``uint8`` pixel values, any shape.
    factor : float
        ``new = 128 + factor * (old - 128)``, rounded and clipped to 0-255.
        1 leaves the image unchanged; must be >= 0.

    Returns
    -------
    numpy.ndarray
        A new ``uint8`` array.

    Examples
    --------
    >>> import numpy as np
    >>> change_contrast(np.array([28, 128, 228], dtype=np.uint8), 2.0)
    array([  0, 128, 255], dtype=uint8)
    """
    check_uint8(image, short=True)
    if not factor >= 0:
        raise ValueError(f"contrast factor must be >= 0, got {factor}")
    stretched = 128 + factor * (image.astype(np.float32) - 128)
    return np.clip(np.rint(stretched), 0, 255).astype(np.uint8)
