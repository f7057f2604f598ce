"""Find the near-duplicates in a folder of photos: hash, compare, confirm, group. Never delete.

Four steps, like the search index's:

1. **hash** every photo (:func:`~imgsim_helpers.near_duplicates.folder_hashes.hash_folder`):
   read it as the index does (all cores, big JPEGs decoded at a reduced size,
   unreadable files skipped with the reason), and keep its perceptual hash and
   a tiny 8 x 8 colour thumbnail; for a JPEG of half a megapixel or more the
   hash is that of the reduced decode, which may differ from
   ``dct_hash(load_image(path))`` by a bit or two;
2. **compare** every pair of hashes and keep the pairs at most ``threshold``
   bits apart (:func:`~imgsim_helpers.near_duplicates.hamming.close_pairs`);
3. **confirm** each pair with a second, independent check: the hash sees only
   grey, so the colour thumbnails must agree too (on average at most
   :data:`~imgsim_helpers.near_duplicates.grouping.CHECK_THRESHOLD` levels apart, out of 255);
4. **group** confirmed pairs into sets of copies (if A is a copy of B and B
   of C, all three are one group), and name the one to keep
   (:data:`~imgsim_helpers.near_duplicates.grouping.KEEP_ORDER`):
   colour before gray, then more bits per pixel, then more pixels, then the
   bigger file, then the oldest, then the first by name
   (:func:`~imgsim_helpers.near_duplicates.grouping.group_duplicates` does 2-4).

The colour check lets a gray copy through (the duck's differs from it by about
5 levels, the macaw's by about 12), and it *is* a copy; so the keep rule looks
at colour first, and a group that mixes gray and colour photos says so
(:attr:`~imgsim_helpers.near_duplicates.report.DuplicateGroup.mixes_gray_and_colour`).

:func:`find_duplicates` does all four. It only *reads* the folder: nothing is
ever deleted, moved or written there; what to do with the copies is yours to decide.
"""

from __future__ import annotations

from .folder_hashes import DEFAULT_HASH, Source, hash_folder
from .grouping import CHECK_THRESHOLD, DEFAULT_THRESHOLD, check_thresholds, group_duplicates
from .hashing import HASH_SIZE, check_hash_name
from .report import DuplicateReport

__all__ = ["find_duplicates"]


def find_duplicates(folder: Source, threshold: int = DEFAULT_THRESHOLD, hash_name: str = DEFAULT_HASH,
                    check_threshold: float = CHECK_THRESHOLD, progress: bool = True,
                    workers: int | None = None) -> DuplicateReport:
    """Find the photos in a folder that are copies of one another. Nothing is deleted or moved.

    Parameters
    ----------
    folder : str or path-like
        The folder of photos (and its subfolders); it is only read.
    threshold : int, optional
        Largest Hamming distance between two hashes, in bits of 64 (default
        :data:`DEFAULT_THRESHOLD`). Higher finds more edited copies, and
        more pairs that are merely similar.
    hash_name : {"dct", "difference", "average"}, optional
        Which hash (default "dct": in our measurements different photos stay
        furthest apart in it, so its threshold leaves the widest margin; the
        average hash forgives crops and turns more, and pairs more mistakes).
    check_threshold : float, optional
        The second check: largest mean colour difference of the 8 x 8
        thumbnails, in levels (default :data:`CHECK_THRESHOLD`).
    progress : bool, optional
        Show a progress bar while reading (default ``True``).
    workers : int, optional
        Threads that decode photos (default: one per CPU core).

    Returns
    -------
    DuplicateReport
        ``.groups``: each a :class:`DuplicateGroup` whose first member is the
        one to keep (colour before gray, then more bits per pixel, more pixels,
        the bigger file, the oldest: :data:`KEEP_ORDER`), with every photo's
        size, file size, gray or not, and distances to it
        (``.mixes_gray_and_colour`` says when a group holds both); ``.saving``: bytes the copies take;
        ``.hashes.skipped`` and ``.hashes.notes``: unreadable files and
        things to know (animated GIFs, flat photos). After Ctrl+C, the
        groups among the photos read so far (``.hashes.interrupted``).

    Raises
    ------
    FileNotFoundError, NotADirectoryError
        If ``folder`` is missing or is a file.
    ValueError
        For an unknown hash or a threshold out of range (before any file is read).

    Examples
    --------
    >>> from imgsim_helpers import DATA_DIR
    >>> report = find_duplicates(DATA_DIR / "opening", progress=False)
    >>> report.groups
    []
    """
    check_hash_name(hash_name)
    check_thresholds(threshold, check_threshold, HASH_SIZE * HASH_SIZE)
    return group_duplicates(hash_folder(folder, hash_name, progress, workers), threshold, check_threshold)
