"""Search a folder of photos for the ones that look most like a query.

A search engine in four steps:

1. **describe** every photo with a descriptor from ``DESCRIPTORS`` (by default
   the normalised per-channel colour histogram, so photos of any size compare
   fairly);
2. **index**: do that once for a whole folder and keep the feature vectors, one
   row per photo, in a matrix (:func:`build_index`, :meth:`Index.save`);
3. **compare** a query's vector with every row at once, in vectorised steps
   (no Python loop over the photos; :mod:`imgsim_helpers.search.nearest`);
4. **search**: return the ``k`` nearest photos (:meth:`Index.query`).

Files that cannot be read (corrupt, truncated, not an image, no permission)
are skipped and listed in :attr:`Index.skipped`; indexing never stops for one
bad file, and it only *reads* the photo folder, never writes into it.

This module is the front door: :func:`build_index`, and every name a search
needs, from one place. The :class:`Index` itself lives in
:mod:`imgsim_helpers.search.index_class`; reading a folder's photos in
:mod:`imgsim_helpers.search.folders` and :mod:`imgsim_helpers.search.updating`;
saving and loading in :mod:`imgsim_helpers.search.index_file`.
"""

from __future__ import annotations

import os
from typing import Union

import numpy as np

from ..describing.descriptors import Descriptor
from .folders import (DRAFT_PIXELS, IMAGE_EXTENSIONS, SkippedFile, check_folder, check_settings, find_images,
                      load_image_fast)
from .index_class import Index
from .index_file import IndexFileError
from .updating import UpdateSummary

__all__ = [
    "DEFAULT_DESCRIPTOR",
    "DRAFT_PIXELS",
    "IMAGE_EXTENSIONS",
    "Index",
    "IndexFileError",
    "SkippedFile",
    "UpdateSummary",
    "build_index",
    "find_images",
    "load_image_fast",
]

#: The descriptor :func:`build_index` uses unless told otherwise (see its docstring for why).
DEFAULT_DESCRIPTOR = "rgb"

Source = Union[str, "os.PathLike[str]"]


def build_index(folder: Source, descriptor: str | Descriptor = DEFAULT_DESCRIPTOR, draft: bool = True,
                progress: bool = True, workers: int | None = None) -> Index:
    """Describe every photo in a folder (and its subfolders) with a descriptor.

    Parameters
    ----------
    folder : str or path-like
        The folder of photos. Files ending in one of :data:`IMAGE_EXTENSIONS`
        are read, in every subfolder; hidden files and folders are left out.
        The folder is only read, never written to.
    descriptor : str or Descriptor, optional
        A name from ``DESCRIPTORS`` (or its entry). Default :data:`DEFAULT_DESCRIPTOR`.
    draft : bool, optional
        Decode big JPEGs at a reduced size, faster (default ``True``); see
        :func:`load_image_fast` for the trade-off.
    progress : bool, optional
        Show a progress bar (a widget in a notebook, a text line in a
        terminal). Default ``True``.
    workers : int, optional
        Threads that decode photos side by side (default: one per CPU core).

    Returns
    -------
    Index
        One ``float32`` feature vector per readable photo; unreadable files
        (and photos the descriptor cannot describe) are listed in
        ``index.skipped`` with the reason.

    Raises
    ------
    FileNotFoundError, NotADirectoryError
        If ``folder`` does not exist, or is a file.
    ValueError
        For an unknown ``descriptor`` or bad ``workers`` (before any file is read).

    Examples
    --------
    >>> from imgsim_helpers import DATA_DIR
    >>> index = build_index(DATA_DIR / "opening", progress=False)
    >>> len(index), index.features.shape
    (3, (3, 96))
    """
    settings = check_settings(descriptor, draft)
    root = check_folder(folder)
    index = Index(root, [], np.zeros((0, settings.descriptor.length), np.float32), [], [], settings)
    index.update(progress=progress, workers=workers)
    return index
