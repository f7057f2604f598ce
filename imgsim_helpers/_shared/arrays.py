"""Checks on image arrays that every helper shares (the lowest layer: imports nothing of the package)."""

from __future__ import annotations

import numpy as np

__all__ = ["alpha_problem"]


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
