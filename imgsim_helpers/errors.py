"""The course's own error for photos that cannot be read.

It lives in a module of its own so that the lowest layers (:mod:`samples`, which
finds the bundled photos, and :mod:`images`, which reads them) can both raise it
while importing in one direction only: ``errors`` <- ``samples`` <- ``images``.
"""

from __future__ import annotations

__all__ = ["ImageLoadError"]


class ImageLoadError(ValueError):
    """A file could not be read as an image; the message says which and why."""
