"""Checks on image arrays that every helper shares (the lowest layer: imports nothing of the package).

:func:`check_uint8` is the one check of "an array of uint8 pixel values" that the histograms, the
descriptors, gray levels, the hashes and the edits all run; each names itself in the messages and
says which shapes it takes, so every message stays the one its function always gave.
"""

from __future__ import annotations

import numpy as np

__all__ = ["alpha_problem", "check_uint8"]


def alpha_problem(image: np.ndarray) -> str | None:
    """What is wrong with an image array that carries a transparency (alpha) channel, or None.

    Parameters
    ----------
    image : numpy.ndarray
        Pixel values, as ``np.asarray(Image.open(path))`` gives them.

    Returns
    -------
    str or None
        A message for a learner when the last axis holds 4 (RGBA) or 2 (gray +
        alpha) channels, whose alpha would be counted as a colour; None otherwise.

    Examples
    --------
    >>> alpha_problem(np.zeros((2, 2, 3), dtype=np.uint8)) is None
    True
    >>> alpha_problem(np.zeros((2, 2, 4), dtype=np.uint8)).startswith("got an RGBA image")
    True
    """
    if image.ndim != 3 or image.shape[2] not in (2, 4):
        return None
    kind, colours = ("an RGBA", "image[:, :, :3]") if image.shape[2] == 4 else ("a gray + alpha (LA)", "image[:, :, 0]")
    return (f"got {kind} image of shape {image.shape}: its last channel is transparency (alpha), "
            "not a colour, and would be counted as one. Load the photo with load_image (it puts "
            f"transparent parts on white), or keep only the colours with {colours}")


#: The shapes :func:`check_uint8` can ask for, and how its message describes each.
SHAPES = {"rgb": "an RGB image of shape (height, width, 3)",
          "grey or rgb": "an RGB image (height, width, 3) or a grey one (height, width)"}


def check_uint8(image: object, caller: str | None = None, *, shape: str | None = None, alpha: bool = True,
                convert_hint: bool = True, empty: str | None = None, empty_first: bool = False,
                short: bool = False) -> np.ndarray:
    """Check that ``image`` is a NumPy array of ``uint8`` pixel values; return it unchanged.

    The checks run in this order: a NumPy array (``TypeError``), of dtype ``uint8``, not empty (with
    ``empty_first``), without an alpha channel, of the ``shape`` asked for, not empty.

    Parameters
    ----------
    image : object
        What the caller was given.
    caller : str, optional
        The function a learner called, named in the messages ("to_gray expects a NumPy array ...");
        without it they read "expected a NumPy array ...".
    shape : {None, "rgb", "grey or rgb"}, optional
        ``"rgb"``: ``(H, W, 3)`` only; ``"grey or rgb"``: ``(H, W)`` or ``(H, W, 3)``; None: any shape.
    alpha : bool, optional
        Refuse an alpha (transparency) channel with :func:`alpha_problem`'s advice (default).
    convert_hint : bool, optional
        The dtype message also says how to convert, ``np.clip(x, 0, 255).astype(np.uint8)`` (default).
    empty : str, optional
        The message for an image without a pixel, with ``{shape}`` for its shape; None: not checked.
    empty_first : bool, optional
        Check emptiness right after the dtype, before the alpha channel and the shape.
    short : bool, optional
        One ``ValueError``, "expected a uint8 image (from load_image), got ...", for anything that
        is not a uint8 array (the edits' message).

    Returns
    -------
    numpy.ndarray
        ``image``.

    Examples
    --------
    >>> check_uint8(np.zeros((2, 2), dtype=np.uint8), "equalize").shape
    (2, 2)
    >>> check_uint8(np.zeros((2, 2)), "equalize")
    Traceback (most recent call last):
    ...
    ValueError: equalize expects pixel values of dtype uint8 (0-255), got float64; load photos with load_image, \
or convert with np.clip(x, 0, 255).astype(np.uint8)
    """
    expects = f"{caller} expects" if caller else "expected"
    if short and not (isinstance(image, np.ndarray) and image.dtype == np.uint8):
        kind = image.dtype if isinstance(image, np.ndarray) else type(image).__name__
        raise ValueError(f"expected a uint8 image (from load_image), got {kind}")
    if not isinstance(image, np.ndarray):
        raise TypeError(f"{expects} a NumPy array of pixel values (from load_image), got {type(image).__name__}")
    if image.dtype != np.uint8:
        hint = ", or convert with np.clip(x, 0, 255).astype(np.uint8)" if convert_hint else ""
        raise ValueError(f"{expects} pixel values of dtype uint8 (0-255), got {image.dtype}; load photos with "
                         f"load_image{hint}")
    if empty is not None and empty_first and image.size == 0:
        raise ValueError(empty.format(shape=image.shape))
    problem = alpha_problem(image) if alpha else None
    if problem:
        raise ValueError(f"{caller} {problem}" if caller else problem)
    fits = {None: True, "rgb": image.ndim == 3 and image.shape[2] == 3,
            "grey or rgb": image.ndim == 2 or (image.ndim == 3 and image.shape[2] == 3)}[shape]
    if not fits:
        raise ValueError(f"{expects} {SHAPES[shape]}, got shape {image.shape}")
    if empty is not None and image.size == 0:
        raise ValueError(empty.format(shape=image.shape))
    return image
