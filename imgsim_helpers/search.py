"""Search a folder of photos for the ones whose colours look most like a query.

A search engine in four steps:

1. **describe** every photo by its colour histogram (normalised, so photos of
   any size compare fairly);
2. **index**: do that once for a whole folder and keep the histograms, one
   row per photo, in a matrix (:func:`build_index`, :meth:`Index.save`);
3. **compare** a query's histogram with every row at once, in one vectorised
   step (no Python loop over the photos);
4. **search**: return the ``k`` nearest photos (:meth:`Index.query`).

Files that cannot be read (corrupt, truncated, not an image, no permission)
are skipped and listed in :attr:`Index.skipped`; indexing never stops for one
bad file, and it only *reads* the photo folder, never writes into it.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, Union

import numpy as np

from .distances import METRICS, as_histogram
from .kernels import row_distances
from .folders import (DRAFT_PIXELS, IMAGE_EXTENSIONS, SkippedFile, _check_folder, _describe,
                      _describe_files, _feature_length, _check_settings, _scan,
                      find_images, load_image_fast)

__all__ = [
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

#: Version of the file layout written by :meth:`Index.save`.
FORMAT_VERSION = 1
_FORMAT_NAME = "imgsim-index"
_REQUIRED_KEYS = ("folder", "files", "features", "sizes", "mtimes", "channels", "bins", "draft",
                  "draft_pixels", "skipped_paths", "skipped_reasons")
_CHUNK_ROWS = 2048  # rows per step for the exact (float64) distances: bounded memory

Source = Union[str, "os.PathLike[str]"]


class IndexFileError(ValueError):
    """A file is not a usable index: not one at all, damaged, or built with other settings."""


class UpdateSummary(NamedTuple):
    """What :meth:`Index.update` changed (paths relative to the indexed folder)."""

    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: int

    def __str__(self) -> str:
        return (f"{len(self.added)} new, {len(self.changed)} changed, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged")


# --------------------------------------------------------------------------- the index


class Index:
    """Histograms of every photo in a folder, ready to search.

    Build one with :func:`build_index`, or read a saved one with
    :meth:`Index.load`; calling the constructor directly is for tests.

    Attributes
    ----------
    folder : pathlib.Path
        The indexed folder (absolute).
    files : list of str
        The photos, relative to ``folder``, with ``/`` separators, sorted.
    features : numpy.ndarray
        ``float32``, read-only, one row per photo: row ``i`` is the normalised
        histogram of ``files[i]`` (it sums to 1). A row has ``bins`` numbers for
        "pooled", ``3 * bins`` for "rgb", ``bins ** 3`` for "joint". ``float32``
        halves the memory of ``float64`` and keeps 7 significant digits.
    sizes, mtimes : numpy.ndarray
        File size in bytes and modification time in nanoseconds of each photo
        when it was read: :meth:`update` re-reads a photo when either changed.
    settings : dict
        ``channels``, ``bins``, ``draft`` and ``draft_pixels``: how the
        histograms were computed. A query is described the same way.
    skipped : list of SkippedFile
        Files that could not be read, each with the reason.
    """

    def __init__(self, folder: Source, files: Sequence[str], features: np.ndarray,
                 sizes: Sequence[int], mtimes: Sequence[int], settings: dict,
                 skipped: Iterable[SkippedFile] = ()) -> None:
        self.settings = _check_settings(settings["channels"], settings["bins"], settings["draft"])
        self.settings["draft_pixels"] = int(settings.get("draft_pixels", DRAFT_PIXELS))
        length = _feature_length(self.settings["channels"], self.settings["bins"])
        self.folder = Path(folder)
        self.files = [str(f) for f in files]
        features = np.asarray(features, dtype=np.float32).reshape(-1, length).view()
        self.sizes = np.array(sizes, dtype=np.int64).reshape(-1)
        self.mtimes = np.array(mtimes, dtype=np.int64).reshape(-1)
        if not len(self.files) == len(features) == len(self.sizes) == len(self.mtimes):
            raise ValueError(
                f"an index needs one row per file: got {len(self.files)} files, {len(features)} "
                f"histograms, {len(self.sizes)} sizes and {len(self.mtimes)} times"
            )
        features.flags.writeable = False  # the squared lengths below must stay true
        self.features = features
        # Squared length of every row, exact (float64), for the euclidean shortcut in query().
        self._squared = _squared_lengths(features)
        self.skipped = [SkippedFile(*s) for s in skipped]

    # ----------------------------------------------------------------- basics

    def __len__(self) -> int:
        return len(self.files)

    def __repr__(self) -> str:
        s = self.settings
        return (f"<Index of {len(self):,} photos in {self.folder} ({s['channels']}, {s['bins']} bins, "
                f"draft={s['draft']}); {len(self.skipped):,} skipped>")

    @property
    def paths(self) -> list[str]:
        """Full path of every indexed photo, in the order of :attr:`features`."""
        return [str(self.folder / rel) for rel in self.files]

    # ----------------------------------------------------------------- searching

    def describe(self, image_or_path: object) -> np.ndarray:
        """The histogram of a query, computed exactly as the indexed photos' were.

        Parameters
        ----------
        image_or_path : str, path-like, numpy.ndarray
            A photo's path (or a bundled sample name such as ``"duck"``), an
            ``(H, W, 3)`` ``uint8`` image, or a histogram of the right length.

        Returns
        -------
        numpy.ndarray
            The normalised histogram, ``float64`` holding ``float32`` values
            (as stored), so a photo that is in the index has distance 0 to its row.

        Raises
        ------
        ImageLoadError
            If the file cannot be read.
        ValueError
            If an array is neither an image nor a histogram of the right length.
        """
        length = self.features.shape[1]
        if isinstance(image_or_path, (str, os.PathLike)):
            rgb = load_image_fast(image_or_path, self.settings["draft"], self.settings["draft_pixels"])
            hist = _describe(rgb, self.settings)
        elif isinstance(image_or_path, np.ndarray) and image_or_path.ndim >= 2:
            hist = _describe(image_or_path, self.settings)  # histogram() checks dtype and shape
        else:
            counts = as_histogram(image_or_path, "the query histogram").reshape(-1)
            if counts.size != length:
                raise ValueError(
                    f"the query histogram has {counts.size} bins but this index stores {length} "
                    f"({self.settings['channels']}, bins={self.settings['bins']}); pass a photo instead"
                )
            hist = (counts / counts.sum()).astype(np.float32)
        return hist.astype(np.float64)

    def query(self, image_or_path: object, k: int = 5, metric: str = "euclidean") -> list[tuple[str, float]]:
        """The ``k`` indexed photos nearest to a query, nearest first.

        Parameters
        ----------
        image_or_path : str, path-like, numpy.ndarray
            The query: a photo's path, an ``(H, W, 3)`` ``uint8`` image, or a
            histogram (see :meth:`describe`).
        k : int, optional
            How many photos to return (default 5; all of them if the index
            holds fewer).
        metric : str, optional
            A name from :data:`METRICS` (default ``"euclidean"``).

        Returns
        -------
        list of (str, float)
            ``(path, distance)`` pairs, smallest distance first; equal
            distances keep the index's order. The distances are exactly
            ``distance(index.describe(query), row, metric)`` for each stored row.

        Raises
        ------
        ValueError
            If the index is empty, ``k`` is not a positive whole number, or
            the metric is unknown.
        ImageLoadError
            If the query photo cannot be read.

        Notes
        -----
        All rows are compared in one vectorised step. For ``"euclidean"``
        it uses ``|r - q|^2 = |r|^2 - 2 r.q + |q|^2``: one ``float32``
        matrix-vector product (a single pass over the matrix) finds a short
        list of candidates, with a proven bound on its rounding error so no
        true neighbour is missed, and the short list is then ranked exactly
        in ``float64``. Other metrics are computed exactly in ``float64``,
        a block of rows small enough for the processor's cache at a time
        (:func:`~imgsim_helpers.kernels.row_distances`).

        Examples
        --------
        >>> from imgsim_helpers import DATA_DIR
        >>> index = build_index(DATA_DIR / "opening", progress=False)
        >>> [Path(p).name for p, d in index.query(DATA_DIR / "opening" / "duck.jpg", k=2)]
        ['duck.jpg', 'swans.jpg']
        """
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k must be a whole number of at least 1, got {k!r}")
        if metric not in METRICS:
            raise ValueError(f"unknown metric {metric!r}; choose one of: {', '.join(METRICS)}")
        if len(self) == 0:
            raise ValueError(
                f"the index of {self.folder} is empty: it found no readable image files "
                f"({', '.join(IMAGE_EXTENSIONS)}); see index.skipped for files it could not read"
            )
        q = self.describe(image_or_path)
        k = min(int(k), len(self))
        if metric == "euclidean":
            rows, dists = self._euclidean_nearest(q, k)
        else:
            dists_all = row_distances(metric, q, self.features)  # reads the matrix once
            rows, dists = _smallest(dists_all, np.arange(len(self)), k)
        folder = self.folder
        return [(str(folder / self.files[i]), float(d)) for i, d in zip(rows, dists)]

    def _euclidean_nearest(self, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and exact euclidean distances of the ``k`` nearest rows (see :meth:`query`)."""
        dots = (self.features @ q.astype(np.float32)).astype(np.float64)  # one float32 pass
        q_squared = float(q @ q)
        approx = self._squared - 2.0 * dots + q_squared  # squared distances, rounded
        # Error bound: a float32 dot product of d non-negative terms is off by at most
        # about d * 2**-24 of its value; we allow twice that, and float64 rounding on top.
        d = self.features.shape[1]
        slack = 4.0 * (d + 4) * 2.0**-24 * np.abs(dots)
        slack += (d + 4) * 2.0**-52 * (self._squared + q_squared)
        upper = approx + slack
        worst_kth = np.partition(upper, k - 1)[k - 1]  # the k-th nearest is at most this far
        candidates = np.flatnonzero(approx - slack <= worst_kth)
        exact = np.sqrt(np.sum((self.features[candidates].astype(np.float64) - q) ** 2, axis=1))
        return _smallest(exact, candidates, k)

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
        target = Path(path).expanduser()
        if not target.parent.is_dir():
            raise FileNotFoundError(f"cannot save the index to {path}: the folder {target.parent} does not exist")
        if target.is_dir():
            raise IsADirectoryError(f"cannot save the index to {path}: it is a folder; give a file name")
        arrays = {
            "format": np.array(_FORMAT_NAME),
            "version": np.array(FORMAT_VERSION),
            "folder": np.array(str(self.folder)),
            "files": np.array(self.files, dtype=str),
            "features": self.features,
            "sizes": self.sizes,
            "mtimes": self.mtimes,
            "channels": np.array(self.settings["channels"]),
            "bins": np.array(self.settings["bins"]),
            "draft": np.array(self.settings["draft"]),
            "draft_pixels": np.array(self.settings["draft_pixels"]),
            "skipped_paths": np.array([s.path for s in self.skipped], dtype=str),
            "skipped_reasons": np.array([s.reason for s in self.skipped], dtype=str),
        }
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with open(temporary, "wb") as handle:
                np.savez(handle, **arrays)
            os.replace(temporary, target)
        except OSError as exc:  # e.g. no permission to write there, or the disk is full
            reason = (exc.strerror or str(exc)).lower()
            raise type(exc)(f"cannot save the index to {path}: {reason}") from exc
        finally:
            temporary.unlink(missing_ok=True)
        return target

    @classmethod
    def load(cls, path: Source, channels: str | None = None, bins: int | None = None,
             draft: bool | None = None) -> Index:
        """Read an index written by :meth:`save`.

        Parameters
        ----------
        path : str or path-like
            The ``.npz`` file.
        channels, bins, draft : optional
            The settings you expect. Any you give must match the ones the
            index was built with, or :class:`IndexFileError` is raised (its
            histograms would not be comparable with yours).

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
        >>> index = Index.load("photos-index.npz", channels="rgb", bins=32)  # doctest: +SKIP
        """
        source = Path(path).expanduser()
        if not source.is_file():
            if source.is_dir():
                raise IndexFileError(f"{path} is a folder, not an index file")
            raise FileNotFoundError(f"no such index file: {path}")
        not_index = f"{path} is not an index file saved by Index.save"
        try:
            stored = np.load(source, allow_pickle=False)
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise IndexFileError(f"{not_index} (or it is damaged): {exc}") from exc
        if not isinstance(stored, np.lib.npyio.NpzFile):  # a single .npy array
            raise IndexFileError(f"{not_index}: it holds one array of shape {stored.shape}, not an index")
        try:
            with stored:
                keys = set(stored.files)
                if "format" not in keys or str(stored["format"]) != _FORMAT_NAME:
                    shown = ", ".join(sorted(keys)[:6]) or "nothing"
                    raise IndexFileError(f"{not_index}: it is an .npz file, but it holds {shown}")
                version = int(stored["version"])
                if version != FORMAT_VERSION:
                    raise IndexFileError(
                        f"{path} was saved in index format {version}, this version reads format "
                        f"{FORMAT_VERSION}; build the index again with build_index"
                    )
                missing = [key for key in _REQUIRED_KEYS if key not in keys]
                if missing:
                    raise IndexFileError(f"{path} is damaged: it lacks {', '.join(missing)}")
                data = {key: stored[key] for key in keys}
            settings = {"channels": str(data["channels"]), "bins": int(data["bins"]),
                        "draft": bool(data["draft"]), "draft_pixels": int(data["draft_pixels"])}
            _check_settings(settings["channels"], settings["bins"], settings["draft"])
        except IndexFileError:
            raise
        except (OSError, ValueError, TypeError, EOFError, KeyError, zipfile.BadZipFile) as exc:
            raise IndexFileError(f"{not_index} (or it is damaged): {exc}") from exc
        wanted = {"channels": channels, "bins": bins, "draft": draft}
        differ = {name: value for name, value in wanted.items() if value is not None and value != settings[name]}
        if differ:
            built = ", ".join(f"{name}={settings[name]!r}" for name in differ)
            asked = ", ".join(f"{name}={value!r}" for name, value in differ.items())
            raise IndexFileError(
                f"{path} was built with {built}, but you asked for {asked}; its histograms cannot be "
                f"compared with yours. Build a new index: build_index(folder, {asked})"
            )
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
        before are tried again (a fixed file or permission gets in).

        Parameters
        ----------
        progress : bool, optional
            Show a progress bar while reading (default ``True``).
        workers : int, optional
            Threads that decode photos (default: one per CPU core).

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
        folder = _check_folder(self.folder)
        found, problems = _scan(folder)
        known = {rel: i for i, rel in enumerate(self.files)}
        keep: list[int] = []
        to_read: list[tuple[str, int, int]] = []
        changed_names: set[str] = set()
        for rel, size, mtime in found:
            i = known.get(rel)
            if i is not None and self.sizes[i] == size and self.mtimes[i] == mtime:
                keep.append(i)
            else:
                to_read.append((rel, size, mtime))
                if i is not None:
                    changed_names.add(rel)
        rows, reasons = _describe_files(folder, [rel for rel, _, _ in to_read], self.settings,
                                        workers, progress)
        files = [self.files[i] for i in keep]
        sizes = [int(self.sizes[i]) for i in keep]
        mtimes = [int(self.mtimes[i]) for i in keep]
        new_rows = [self.features[i] for i in keep]
        added, changed, failed = [], [], []
        for (rel, size, mtime), row, reason in zip(to_read, rows, reasons):
            if row is None:
                problems.append(SkippedFile(rel, reason or "unknown problem"))
                failed.append(rel)
                continue
            (changed if rel in changed_names else added).append(rel)
            files.append(rel)
            sizes.append(size)
            mtimes.append(mtime)
            new_rows.append(row)
        present = {rel for rel, _, _ in found}
        removed = sorted([rel for rel in self.files if rel not in present]
                         + [rel for rel in failed if rel in changed_names])
        order = sorted(range(len(files)), key=files.__getitem__)
        length = self.features.shape[1]
        rebuilt = Index(folder, [files[i] for i in order],
                        np.array([new_rows[i] for i in order], dtype=np.float32).reshape(-1, length),
                        [sizes[i] for i in order], [mtimes[i] for i in order], self.settings,
                        sorted(problems))
        self.__dict__.update(rebuilt.__dict__)
        return UpdateSummary(added=added, changed=changed, removed=removed, unchanged=len(keep))


def _squared_lengths(features: np.ndarray) -> np.ndarray:
    """``sum(row ** 2)`` of every row, in float64, a few thousand rows at a time (little memory)."""
    out = np.empty(len(features))
    for start in range(0, len(features), _CHUNK_ROWS):
        chunk = features[start:start + _CHUNK_ROWS].astype(np.float64)
        out[start:start + len(chunk)] = np.einsum("ij,ij->i", chunk, chunk)
    return out


def _smallest(dists: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` smallest distances and their rows; ties broken by row number (stable)."""
    if len(dists) > k:
        kth = np.partition(dists, k - 1)[k - 1]
        near = np.flatnonzero(dists <= kth)
        dists, rows = dists[near], rows[near]
    order = np.lexsort((rows, dists))[:k]
    return rows[order], dists[order]


def build_index(folder: Source, channels: str = "rgb", bins: int = 32, draft: bool = True,
                progress: bool = True, workers: int | None = None) -> Index:
    """Describe every photo in a folder (and its subfolders) by its colour histogram.

    Parameters
    ----------
    folder : str or path-like
        The folder of photos. Files ending in one of :data:`IMAGE_EXTENSIONS`
        are read, in every subfolder; hidden files and folders are left out.
        The folder is only read, never written to.
    channels : {"pooled", "rgb", "joint"}, optional
        How to count colours, as in :func:`histogram`. Default ``"rgb"``:
        on the course's labelled photos it finds the right category more
        often than ``"pooled"`` or ``"joint"``.
    bins : int, optional
        Bins per channel (default 32); must divide 256.
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
        One normalised ``float32`` histogram per readable photo; unreadable
        files are listed in ``index.skipped`` with the reason.

    Raises
    ------
    FileNotFoundError
        If ``folder`` does not exist.
    NotADirectoryError
        If ``folder`` is a file.
    ValueError
        For bad ``channels``, ``bins`` or ``workers`` (before any file is read).

    Examples
    --------
    >>> from imgsim_helpers import DATA_DIR
    >>> index = build_index(DATA_DIR / "opening", progress=False)
    >>> len(index), index.features.shape
    (3, (3, 96))
    """
    settings = _check_settings(channels, bins, draft)
    root = _check_folder(folder)
    index = Index(root, [], np.zeros((0, _feature_length(channels, bins)), np.float32), [], [], settings)
    index.update(progress=progress, workers=workers)
    return index
