"""The :class:`Index`: one feature vector per photo of a folder, searched, saved and loaded.

An index holds a matrix of ``float32`` rows, one per photo, and the :class:`Descriptor`
that made them (resolved once, when the index is built or read). :meth:`Index.query`
describes a query the same way and returns the nearest photos
(:mod:`imgsim_helpers.search.nearest` compares the rows); :meth:`Index.save` and
:meth:`Index.load` write and read one ``.npz`` file
(:mod:`imgsim_helpers.search.index_file`); :meth:`Index.update` re-reads what changed
in the folder (:mod:`imgsim_helpers.search.updating`). Build an index with
:func:`imgsim_helpers.search.index.build_index`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Union

import numpy as np

from ..describing.descriptors import Descriptor
from ..distances import Metric, metric_named
from ..histograms import as_histogram
from .folders import (DRAFT_PIXELS, IMAGE_EXTENSIONS, ReadSettings, SkippedFile, check_folder, check_settings,
                      describe_as_stored, load_image_fast)
from .index_file import IndexFileError, read_index_file, write_index_file
from .nearest import nearest_rows, squared_lengths
from .updating import IndexRows, UpdateSummary, read_changes

__all__ = ["Index"]

Source = Union[str, "os.PathLike[str]"]


class Index:
    """Feature vectors of every photo in a folder, ready to search.

    Build one with :func:`build_index`, or read a saved one with
    :meth:`Index.load`; calling the constructor directly is for tests.

    Attributes
    ----------
    folder : pathlib.Path
        The indexed folder (absolute).
    files : list of str
        The photos, relative to ``folder``, with ``/`` separators, sorted.
    features : numpy.ndarray
        ``float32``, read-only, one row per photo: row ``i`` is
        ``DESCRIPTORS[descriptor](photo)`` of ``files[i]`` (a normalised
        histogram, for most descriptors). ``float32`` halves the memory of
        ``float64`` and keeps 7 significant digits.
    sizes, mtimes : numpy.ndarray
        File size in bytes and modification time in nanoseconds of each photo
        when it was read: :meth:`update` re-reads a photo when either changed.
    descriptor : Descriptor
        The ``DESCRIPTORS`` entry that made the rows, resolved once when the
        index is built or read: a query is described with it too.
    settings : dict
        ``descriptor`` (its name), ``draft`` and ``draft_pixels``: how the rows
        were computed, as :meth:`save` writes them.
    skipped : list of SkippedFile
        Files that could not be read, each with the reason.
    """

    def __init__(self, folder: Source, files: Sequence[str], features: np.ndarray,
                 sizes: Sequence[int], mtimes: Sequence[int], settings: dict | ReadSettings,
                 skipped: Iterable[SkippedFile] = ()) -> None:
        if not isinstance(settings, ReadSettings):  # a dict of names (tests): resolved here, once
            settings = check_settings(settings["descriptor"], settings["draft"],
                                       settings.get("draft_pixels", DRAFT_PIXELS))
        self._reading = settings
        length = settings.descriptor.length
        self.folder = Path(folder)
        self.files = [str(f) for f in files]
        features = np.asarray(features, dtype=np.float32).reshape(-1, length).view()
        self.sizes = np.array(sizes, dtype=np.int64).reshape(-1)
        self.mtimes = np.array(mtimes, dtype=np.int64).reshape(-1)
        if not len(self.files) == len(features) == len(self.sizes) == len(self.mtimes):
            raise ValueError(
                f"an index needs one row per file: got {len(self.files)} files, {len(features)} "
                f"feature vectors, {len(self.sizes)} sizes and {len(self.mtimes)} times"
            )
        features.flags.writeable = False  # the squared lengths below must stay true
        self.features = features
        # Squared length of every row, exact (float64), for the euclidean shortcut in query().
        self._squared = squared_lengths(features)
        self.skipped = [SkippedFile(*s) for s in skipped]

    # ----------------------------------------------------------------- basics

    @property
    def descriptor(self) -> Descriptor:
        """The descriptor that made the rows (see the class docstring)."""
        return self._reading.descriptor

    @property
    def settings(self) -> dict:
        """``descriptor`` (by name), ``draft`` and ``draft_pixels`` (see the class docstring)."""
        return self._reading.as_dict()

    def __len__(self) -> int:
        return len(self.files)

    def __repr__(self) -> str:
        s = self.settings
        return (f"<Index of {len(self):,} photos in {self.folder} (descriptor {s['descriptor']!r}, "
                f"draft={s['draft']}); {len(self.skipped):,} skipped>")

    @property
    def paths(self) -> list[str]:
        """Full path of every indexed photo, in the order of :attr:`features`."""
        return [str(self.folder / rel) for rel in self.files]

    # ----------------------------------------------------------------- searching

    def describe(self, image_or_path: object) -> np.ndarray:
        """The feature vector of a query, computed exactly as the indexed photos' were.

        Parameters
        ----------
        image_or_path : str, path-like, numpy.ndarray
            A photo's path (or a bundled sample name such as ``"duck"``), an
            ``(H, W, 3)`` ``uint8`` image, or a feature vector of the right
            length (used as given).

        Returns
        -------
        numpy.ndarray
            The vector, ``float64`` holding ``float32`` values (as stored), so
            a photo that is in the index has distance 0 to its row.

        Raises
        ------
        ImageLoadError
            If the file cannot be read.
        ValueError
            If an array is neither an image nor a vector of the right length,
            or the descriptor cannot describe the photo.
        """
        length = self.features.shape[1]
        if isinstance(image_or_path, (str, os.PathLike)):
            rgb = load_image_fast(image_or_path, self._reading.draft, self._reading.draft_pixels)
            hist = describe_as_stored(rgb, self._reading)
        elif isinstance(image_or_path, np.ndarray) and image_or_path.ndim >= 2:
            hist = describe_as_stored(image_or_path, self._reading)  # histogram() checks dtype and shape
        else:
            vector = as_histogram(image_or_path, "the query vector").reshape(-1)
            if vector.size != length:
                raise ValueError(
                    f"the query vector has {vector.size} numbers but this index stores {length} "
                    f"(descriptor {self.descriptor.name!r}); pass a photo instead"
                )
            hist = vector.astype(np.float32)
        return hist.astype(np.float64)

    def query(self, image_or_path: object, k: int = 5,
              metric: str | Metric = "euclidean") -> list[tuple[str, float]]:
        """The ``k`` indexed photos nearest to a query, nearest first.

        Parameters
        ----------
        image_or_path : str, path-like, numpy.ndarray
            The query: a photo's path, an ``(H, W, 3)`` ``uint8`` image, or a
            feature vector (see :meth:`describe`).
        k : int, optional
            How many photos to return (default 5; all of them if the index
            holds fewer).
        metric : str or Metric, optional
            A name from :data:`METRICS` (default ``"euclidean"``), or
            ``metric_named(name)``: the command line and the widgets resolve
            the name once and pass the metric.

        Returns
        -------
        list of (str, float)
            ``(path, distance)`` pairs, smallest distance first; equal
            distances keep the index's order. The distances are exactly
            ``distance(index.describe(query), row, metric)`` for each stored row.

        Raises
        ------
        ValueError
            If the index is empty, ``k`` is not a positive whole number, the
            metric is unknown, or it is "emd" and the index's descriptor is
            not made of 1-D histograms.
        ImageLoadError
            If the query photo cannot be read.

        Notes
        -----
        All rows are compared in vectorised steps (see
        :func:`imgsim_helpers.search.nearest.nearest_rows`). For ``"euclidean"`` one
        ``float32`` matrix-vector product finds a short list of candidates,
        with a proven bound on its rounding error so no true neighbour is
        missed, and the short list is then ranked exactly in ``float64``.
        Other metrics are computed exactly in ``float64``, 2,048 rows at a
        time (little memory).

        Examples
        --------
        >>> from imgsim_helpers import DATA_DIR, build_index
        >>> index = build_index(DATA_DIR / "opening", progress=False)
        >>> [Path(p).name for p, d in index.query(DATA_DIR / "opening" / "duck.jpg", k=2)]
        ['duck.jpg', 'swans.jpg']
        """
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k must be a whole number of at least 1, got {k!r}")
        measure = metric_named(metric)
        if len(self) == 0:
            raise ValueError(
                f"the index of {self.folder} is empty: it found no readable image files "
                f"({', '.join(IMAGE_EXTENSIONS)}); see index.skipped for files it could not read"
            )
        channels = measure.check_applies_to(self.descriptor)
        q = self.describe(image_or_path)
        k = min(int(k), len(self))
        rows, dists = nearest_rows(self.features, q, k, measure, channels, self._squared)
        folder = self.folder
        return [(str(folder / self.files[i]), float(d)) for i, d in zip(rows, dists)]

    # ----------------------------------------------------------------- saving

    def save(self, path: Source) -> Path:
        """Write the index to one ``.npz`` file.

        Parameters
        ----------
        path : str or path-like
            Where to write, e.g. ``"photos-index.npz"``. It is written to a
            temporary file first and renamed, so a crash never leaves half an
            index behind. The name is used as given (no ``.npz`` is added).

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        OSError
            If the file cannot be written (``FileNotFoundError`` when the
            folder to write into does not exist); the message names the path.
        """
        return write_index_file(path, {
            "folder": np.array(str(self.folder)),
            "files": np.array(self.files, dtype=str),
            "features": self.features,
            "sizes": self.sizes,
            "mtimes": self.mtimes,
            "descriptor": np.array(self.descriptor.name),
            "draft": np.array(self._reading.draft),
            "draft_pixels": np.array(self._reading.draft_pixels),
            "skipped_paths": np.array([s.path for s in self.skipped], dtype=str),
            "skipped_reasons": np.array([s.reason for s in self.skipped], dtype=str),
        })

    @classmethod
    def load(cls, path: Source, descriptor: str | None = None, draft: bool | None = None) -> Index:
        """Read an index written by :meth:`save`.

        Parameters
        ----------
        path : str or path-like
            The ``.npz`` file.
        descriptor, draft : optional
            The settings you expect. Any you give must match the ones the
            index was built with, or :class:`IndexFileError` is raised (its
            vectors would not be comparable with yours).

        Returns
        -------
        Index

        Raises
        ------
        FileNotFoundError
            If there is no such file.
        IndexFileError
            If the file is not an index saved by :meth:`save` (another
            ``.npz``, a photo, a damaged file), was saved by an incompatible
            version, or was built with other settings than the ones given.

        Examples
        --------
        >>> index = Index.load("photos-index.npz", descriptor="rgb")  # doctest: +SKIP
        """
        data, settings = read_index_file(path, descriptor=descriptor, draft=draft)
        try:
            return cls(str(data["folder"]), data["files"].tolist(), data["features"], data["sizes"],
                       data["mtimes"], settings,
                       zip(data["skipped_paths"].tolist(), data["skipped_reasons"].tolist()))
        except (ValueError, TypeError, KeyError) as exc:
            raise IndexFileError(f"{path} is damaged: {exc}") from exc

    # ----------------------------------------------------------------- updating

    def update(self, progress: bool = True, workers: int | None = None) -> UpdateSummary:
        """Bring the index up to date with its folder, re-reading as little as possible.

        New photos are read; photos whose size or modification time changed
        are read again; photos that were deleted are dropped. Files skipped
        before are tried again (a fixed file or permission gets in). The
        folder side of this lives in :mod:`imgsim_helpers.search.updating`.

        Parameters
        ----------
        progress, workers : optional
            As for :func:`build_index`: a progress bar while reading (default
            ``True``), and the threads that decode photos (default: one per CPU core).

        Returns
        -------
        UpdateSummary
            The relative paths ``added``, ``changed`` and ``removed`` (a
            changed photo that can no longer be read counts as removed and is
            listed in :attr:`skipped`), and how many were ``unchanged``.

        Raises
        ------
        FileNotFoundError
            If the folder no longer exists.
        """
        folder = check_folder(self.folder)
        stored = IndexRows(self.files, self.features, self.sizes, self.mtimes, self.skipped)
        rows, summary = read_changes(folder, stored, self._reading, workers, progress)
        rebuilt = Index(folder, rows.files, rows.features, rows.sizes, rows.mtimes, self._reading, rows.skipped)
        self.__dict__.update(rebuilt.__dict__)
        return summary
