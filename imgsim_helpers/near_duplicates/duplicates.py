"""Find the near-duplicates in a folder of photos: hash, compare, confirm, group. Never delete.

Four steps, like the search index's:

1. **hash** every photo (:func:`hash_folder`): read it as the index does (all
   cores, big JPEGs decoded at a reduced size, unreadable files skipped with
   the reason), and keep its perceptual hash and a tiny 8 x 8 colour thumbnail;
   for a JPEG of half a megapixel or more the hash is that of the reduced decode,
   which may differ from ``dct_hash(load_image(path))`` by a bit or two;
2. **compare** every pair of hashes and keep the pairs at most ``threshold``
   bits apart (:func:`~imgsim_helpers.near_duplicates.hamming.close_pairs`);
3. **confirm** each pair with a second, independent check: the hash sees only
   grey, so the colour thumbnails must agree too (on average at most
   :data:`CHECK_THRESHOLD` levels apart, out of 255);
4. **group** confirmed pairs into sets of copies (if A is a copy of B and B
   of C, all three are one group), and name the one to keep (:data:`KEEP_ORDER`):
   colour before gray, then more bits per pixel, then more pixels, then the
   bigger file, then the oldest, then the first by name.

The colour check lets a gray copy through (the duck's differs from it by about
5 levels, the macaw's by about 12), and it *is* a copy; so the keep rule looks
at colour first, and a group that mixes gray and colour photos says so
(:attr:`DuplicateGroup.mixes_gray_and_colour`).

:func:`find_duplicates` does all four. It only *reads* the folder: nothing is
ever deleted, moved or written there; what to do with the copies is yours to decide.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Union

import numpy as np
from PIL import Image

from ..search.folders import SkippedFile, check_folder, read_rgb, scan_folder
from .hamming import close_pairs, hamming
from .hashing import HASH_FUNCTIONS, HASH_SIZE, grey_thumbnail, thumbnail_size
from ..images import ImageLoadError, MultiFrameWarning
from .._shared.progress import Progress
from .._shared.workers import worker_count

__all__ = [
    "CHECK_SIZE",
    "CHECK_THRESHOLD",
    "DEFAULT_HASH",
    "DEFAULT_THRESHOLD",
    "DuplicateGroup",
    "DuplicateReport",
    "FLAT_LEVELS",
    "GRAY_LEVELS",
    "HASH_DRAFT_PIXELS",
    "FolderHashes",
    "GroupMember",
    "KEEP_ORDER",
    "colour_distance",
    "find_duplicates",
    "group_duplicates",
    "hash_folder",
]

Source = Union[str, "os.PathLike[str]"]

#: The hash :func:`find_duplicates` uses unless told otherwise.
DEFAULT_HASH = "dct"
#: Largest Hamming distance (of 64 bits) for a pair to count as copies. Chosen
#: from the measured precision/recall curve (notebook 18, README): at 10 no
#: two different bundled photos are paired, and resized, re-compressed,
#: converted, brightened and lightly cropped copies are found.
DEFAULT_THRESHOLD = 10
#: Side of the colour thumbnail of the second check (8 x 8 pixels, 3 colours).
CHECK_SIZE = 8
#: Largest mean difference of the colour thumbnails (levels, 0-255) for a pair
#: to be confirmed. Copies measured up to about 28 (a copy brightened by 20
#: levels and cropped); a pair of different photos that fools the hash usually
#: differs by far more.
CHECK_THRESHOLD = 32.0
#: JPEGs of at least 4 times this many pixels are decoded at 1/2, 1/4 or 1/8 of their
#: width and height, keeping at least this many pixels (about 360 x 360): plenty for a
#: 32 x 32 thumbnail, and a 1-megapixel JPEG decodes and shrinks about twice as fast
#: (``benchmarks/bench_duplicates.py`` measures how many hash bits it changes). The
#: search index keeps more (1 megapixel): its histograms count every pixel.
HASH_DRAFT_PIXELS = 131_072
#: A photo whose hash thumbnail spans at most this many grey levels is "flat":
#: a single colour, whose hash bits say nothing. It is compared by colour only.
FLAT_LEVELS = 2
#: A photo is "gray" when its red, green and blue differ by at most this many
#: levels at every pixel (a black-and-white photo, stored gray or as RGB; JPEG
#: rounding may leave a level or so between the channels).
GRAY_LEVELS = 2
#: Which photo of a group to keep, in one sentence (see :func:`group_duplicates`).
KEEP_ORDER = ("colour before gray, then more bits per pixel (a 256-colour palette counts 8, a gray photo "
              "one channel), then more pixels, then the bigger file (less compressed), then the oldest, "
              "then the first by name")


# --------------------------------------------------------------------------- 1. hash


@dataclass
class FolderHashes:
    """What :func:`hash_folder` read: one row per photo, in the order of :attr:`files`.

    Attributes
    ----------
    folder : pathlib.Path
        The folder (absolute).
    hash_name : str
        "dct", "difference" or "average".
    files : list of str
        Photos read, relative to ``folder``, ``/`` separators, sorted.
    bits : numpy.ndarray
        ``(n, 8, 8)`` ``bool``: the hash of each photo.
    hashable : numpy.ndarray
        ``(n,)`` ``bool``: ``False`` for photos whose hash means nothing
        (flat, or smaller than the hash); they are compared by colour only.
    thumbnails : numpy.ndarray
        ``(n, 8, 8, 3)`` ``uint8`` colour thumbnails, for the second check.
    widths, heights : numpy.ndarray
        Size of each photo in pixels, as stored (upright).
    gray : numpy.ndarray
        ``(n,)`` ``bool``: ``True`` for a gray photo (red, green and blue at
        most :data:`GRAY_LEVELS` apart at every pixel, whatever the file's mode).
    pixel_bits : numpy.ndarray
        Bits per pixel as stored, colour channels only: 24 for an RGB photo, 48
        for a 16-bit one, 8 for a 256-colour palette (GIF), and one channel's
        bits for a gray photo (8, or 16 for a 16-bit scan; 1 for black and white).
    file_sizes, mtimes : numpy.ndarray
        Bytes on disk, and modification time in nanoseconds.
    notes : dict of str to str
        Things to know about some photos: "first of 12 frames", "flat: ...".
    skipped : list of SkippedFile
        Files that could not be read, and why.
    found : int
        Image files found in the folder (read, skipped or, after an
        interruption, not reached).
    interrupted : bool
        ``True`` if reading was stopped (Ctrl+C) before every file was read:
        everything above covers only the files read until then.
    """

    folder: Path
    hash_name: str
    files: list[str]
    bits: np.ndarray
    hashable: np.ndarray
    thumbnails: np.ndarray
    widths: np.ndarray
    heights: np.ndarray
    gray: np.ndarray
    pixel_bits: np.ndarray
    file_sizes: np.ndarray
    mtimes: np.ndarray
    notes: dict[str, str] = field(default_factory=dict)
    skipped: list[SkippedFile] = field(default_factory=list)
    found: int = 0
    interrupted: bool = False

    def __len__(self) -> int:
        return len(self.files)

    def __repr__(self) -> str:
        stopped = ", interrupted" if self.interrupted else ""
        return (f"<FolderHashes of {len(self):,} photos in {self.folder} ({self.hash_name} hash); "
                f"{len(self.skipped):,} skipped{stopped}>")


class _Read(NamedTuple):
    """One photo, hashed."""

    bits: np.ndarray
    hashable: bool
    thumbnail: np.ndarray
    width: int
    height: int
    gray: bool
    pixel_bits: int
    note: str


def _channel_bits(img: Image.Image) -> tuple[int, bool]:
    """Bits per channel as stored, and whether the colours come from a palette (before decoding)."""
    if img.mode in ("P", "PA"):
        return 8, True
    if img.mode == "1":
        return 1, False
    if img.mode.startswith("I;16"):
        return 16, False
    if img.mode in ("I", "F"):
        return 32, False
    raw = str(img.tile[0].args) if img.tile else ""
    if ";16" in raw:  # a 48-bit PNG: Pillow hands it out as 8-bit RGB, its raw mode says "RGB;16B"
        return 16, False
    return int(getattr(img, "bits", 8)), False  # a JPEG says 8 (12 for a 12-bit one)


def _frames_note(path: Path) -> tuple[int, int, int, bool, str]:
    """The stored (upright) size of a photo, its bits per channel, palette or not, and a note on frames."""
    with Image.open(path) as img:
        width, height = img.size
        if img.getexif().get(0x0112) in (5, 6, 7, 8):  # the orientation tag turns it on its side
            width, height = height, width
        bits, palette = _channel_bits(img)
        frames = getattr(img, "n_frames", 1)
        if frames <= 1:
            return width, height, bits, palette, ""
        kind = {"GIF": "frames (animated GIF)", "TIFF": "pages (multi-page TIFF)"}.get(img.format, "frames")
        return width, height, bits, palette, f"first of {frames} {kind} used"


def _is_gray(rgb: np.ndarray, thumbnail: np.ndarray) -> bool:
    """Are red, green and blue at most GRAY_LEVELS apart at every pixel?

    A thumbnail with colour answers "no" at once (+1: it rounds each channel's average);
    only a gray-looking one needs every pixel looked at (about 3 ms for half a megapixel).
    """
    for picture, levels in ((thumbnail, GRAY_LEVELS + 1), (rgb, GRAY_LEVELS)):
        r, g, b = picture[..., 0], picture[..., 1], picture[..., 2]
        spread = np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b)  # uint8: never below 0
        if int(spread.max(initial=0)) > levels:
            return False
    return True


def _hash_one(path: Path, hash_name: str) -> _Read:
    """Read and hash one photo; raises ImageLoadError if it cannot be read."""
    rgb = read_rgb(path, True, HASH_DRAFT_PIXELS)
    width, height, channel_bits, palette, note = _frames_note(path)
    thumbnail = np.asarray(Image.fromarray(rgb).resize((CHECK_SIZE, CHECK_SIZE), Image.Resampling.BOX))
    gray = _is_gray(rgb, thumbnail)
    pixel_bits = 8 if palette else channel_bits if gray else 3 * channel_bits
    if min(rgb.shape[:2]) < HASH_SIZE:
        tiny = f"too small to hash ({width} x {height} pixels, less than {HASH_SIZE} x {HASH_SIZE}): compared by colour only"
        return _Read(np.zeros((HASH_SIZE, HASH_SIZE), bool), False, thumbnail, width, height, gray, pixel_bits,
                     "; ".join(filter(None, [note, tiny])))
    # A hash sees only its grey thumbnail: make it once, hash it, and check it is not flat.
    grey = grey_thumbnail(rgb, *thumbnail_size(hash_name))
    bits = HASH_FUNCTIONS[hash_name](grey)
    if int(grey.max()) - int(grey.min()) <= FLAT_LEVELS:
        flat = "flat (a single colour, so its hash says nothing): compared by colour only"
        return _Read(bits, False, thumbnail, width, height, gray, pixel_bits, "; ".join(filter(None, [note, flat])))
    return _Read(bits, True, thumbnail, width, height, gray, pixel_bits, note)


def _try_hash(path: Path, hash_name: str) -> tuple[_Read | None, str | None]:
    """Hash one file; never raises: ``(result, None)`` or ``(None, reason)``."""
    try:
        return _hash_one(path, hash_name), None
    except ImageLoadError as exc:
        return None, getattr(exc, "reason", str(exc))
    except MemoryError:
        return None, "not enough memory to decode it"
    except Exception as exc:  # a damaged file can make a decoder fail in unexpected ways
        return None, f"could not be decoded ({type(exc).__name__}: {exc})"


def _check_hash_name(hash_name: str) -> str:
    if hash_name not in HASH_FUNCTIONS:
        raise ValueError(f"unknown hash {hash_name!r}; choose one of: {', '.join(HASH_FUNCTIONS)}")
    return hash_name


def hash_folder(folder: Source, hash_name: str = DEFAULT_HASH, progress: bool = True,
                workers: int | None = None) -> FolderHashes:
    """Read every photo in a folder (and its subfolders) and keep its hash and colour thumbnail.

    Parameters
    ----------
    folder : str or path-like
        The folder of photos; it is only read, never written to.
    hash_name : {"dct", "difference", "average"}, optional
        Which hash (default "dct").
    progress : bool, optional
        Show a progress bar (default ``True``).
    workers : int, optional
        Threads that decode photos side by side (default: one per CPU core).

    Returns
    -------
    FolderHashes
        Hashes, thumbnails, sizes and notes of every readable photo; the
        others in ``.skipped`` with the reason. **Ctrl+C** (or the notebook's
        stop button) stops reading and returns what was read so far, with
        ``.interrupted`` set.

    Raises
    ------
    FileNotFoundError, NotADirectoryError
        If ``folder`` is missing or is a file.
    ValueError
        For an unknown hash or fewer than 1 worker.
    """
    _check_hash_name(hash_name)
    workers = worker_count(workers)
    root = check_folder(folder)
    found, problems = scan_folder(root)
    results: list[_Read | None] = [None] * len(found)
    reasons: list[str | None] = [None] * len(found)
    done = np.zeros(len(found), dtype=bool)
    interrupted = False
    bar = Progress(len(found), enabled=progress, label="hashing")
    pool, jobs = None, {}
    with warnings.catch_warnings():  # huge files are refused by MAX_PIXELS; no bomb warnings
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        warnings.simplefilter("ignore", MultiFrameWarning)  # said once per file, in .notes
        try:
            if workers == 1 or len(found) < 2:
                for k, (rel, _, _) in enumerate(found):
                    results[k], reasons[k] = _try_hash(root / rel, hash_name)
                    done[k] = True
                    bar.advance(skipped=results[k] is None)
            else:
                # Pillow's decoders release the GIL, so threads decode on all cores.
                pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="imgsim-hash")
                jobs = {pool.submit(_try_hash, root / rel, hash_name): k for k, (rel, _, _) in enumerate(found)}
                for job in as_completed(jobs):
                    k = jobs[job]
                    results[k], reasons[k] = job.result()
                    done[k] = True
                    bar.advance(skipped=results[k] is None)
        except KeyboardInterrupt:
            interrupted = True  # Ctrl+C: stop, and keep every photo read so far
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)  # let running files finish, drop the queue
            bar.close()
    for job, k in jobs.items():  # after Ctrl+C: photos finished but not yet collected
        if not done[k] and job.done() and not job.cancelled() and job.exception() is None:
            results[k], reasons[k] = job.result()
            done[k] = True
    return _collect(root, hash_name, found, results, reasons, done, problems, interrupted)


def _collect(root: Path, hash_name: str, found: list, results: list, reasons: list, done: np.ndarray,
             problems: list[SkippedFile], interrupted: bool) -> FolderHashes:
    """Turn the per-file results into one FolderHashes (files in sorted order)."""
    keep = [k for k in range(len(found)) if done[k] and results[k] is not None]
    skipped = list(problems) + [SkippedFile(found[k][0], reasons[k] or "unknown problem")
                                for k in range(len(found)) if done[k] and results[k] is None]
    rows = [results[k] for k in keep]
    return FolderHashes(
        folder=root, hash_name=hash_name, files=[found[k][0] for k in keep],
        bits=np.array([r.bits for r in rows], dtype=bool).reshape(len(rows), HASH_SIZE, HASH_SIZE),
        hashable=np.array([r.hashable for r in rows], dtype=bool),
        thumbnails=np.array([r.thumbnail for r in rows], dtype=np.uint8).reshape(len(rows), CHECK_SIZE,
                                                                                 CHECK_SIZE, 3),
        widths=np.array([r.width for r in rows], dtype=np.int64),
        heights=np.array([r.height for r in rows], dtype=np.int64),
        gray=np.array([r.gray for r in rows], dtype=bool),
        pixel_bits=np.array([r.pixel_bits for r in rows], dtype=np.int64),
        file_sizes=np.array([found[k][1] for k in keep], dtype=np.int64),
        mtimes=np.array([found[k][2] for k in keep], dtype=np.int64),
        notes={found[k][0]: results[k].note for k in keep if results[k].note},
        skipped=sorted(skipped), found=len(found), interrupted=interrupted,
    )


# --------------------------------------------------------------------------- 2.-4. compare, confirm, group


def colour_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The second check: mean absolute difference of colour thumbnails, in levels (0-255).

    Parameters
    ----------
    a, b : numpy.ndarray
        ``(..., 8, 8, 3)`` ``uint8`` colour thumbnails (as in
        :attr:`FolderHashes.thumbnails`); leading dimensions broadcast.

    Returns
    -------
    numpy.ndarray
        ``float64``, one value per pair: 0 for identical thumbnails, about 20
        for a copy brightened by 20 levels, often 40 or more for different photos.

    Examples
    --------
    >>> import numpy as np
    >>> grey, brighter = np.full((8, 8, 3), 100, np.uint8), np.full((8, 8, 3), 120, np.uint8)
    >>> float(colour_distance(grey, brighter))
    20.0
    """
    diff = np.abs(np.asarray(a, dtype=np.int16) - np.asarray(b, dtype=np.int16))
    return diff.mean(axis=(-3, -2, -1))


class GroupMember(NamedTuple):
    """One photo of a group of copies.

    ``hash_distance`` and ``colour_distance`` are measured to the photo to
    keep (0 for that one); ``hash_distance`` is ``None`` when either photo
    has no usable hash (flat or tiny). ``gray`` and ``pixel_bits`` are as in
    :class:`FolderHashes`.
    """

    path: str
    width: int
    height: int
    file_size: int
    mtime_ns: int
    hash_distance: int | None
    colour_distance: float
    keep: bool
    note: str
    gray: bool = False
    pixel_bits: int = 24


@dataclass(frozen=True)
class DuplicateGroup:
    """Photos that are copies of one another; the one to keep comes first."""

    members: tuple[GroupMember, ...]

    @property
    def keep(self) -> GroupMember:
        """The photo to keep: colour before gray, then more bits per pixel, more pixels, the bigger file,
        the oldest, the first by name (:data:`KEEP_ORDER`)."""
        return self.members[0]

    @property
    def mixes_gray_and_colour(self) -> bool:
        """``True`` if some photos are gray and some colour (then a colour one is kept)."""
        return len({m.gray for m in self.members}) == 2

    @property
    def copies(self) -> tuple[GroupMember, ...]:
        """The others."""
        return self.members[1:]

    @property
    def saving(self) -> int:
        """Bytes that removing the copies would free (nothing is removed)."""
        return sum(m.file_size for m in self.copies)

    def __len__(self) -> int:
        return len(self.members)


@dataclass
class DuplicateReport:
    """What :func:`find_duplicates` found.

    Attributes
    ----------
    groups : list of DuplicateGroup
        Sets of copies, the biggest saving first.
    rejected : list of tuple
        ``(path_a, path_b, hash distance, colour distance)`` of pairs whose
        hashes were close but whose colours disagreed: the second check at work.
    threshold : int
        Hash threshold used (bits).
    check_threshold : float
        Colour threshold used (levels).
    hashes : FolderHashes
        Everything read from the folder: :func:`group_duplicates` regroups
        it at another threshold without reading the photos again.
    """

    groups: list[DuplicateGroup]
    rejected: list[tuple[str, str, int | None, float]]
    threshold: int
    check_threshold: float
    hashes: FolderHashes

    @property
    def folder(self) -> Path:
        return self.hashes.folder

    @property
    def saving(self) -> int:
        """Bytes all the copies take (the photos to keep not counted)."""
        return sum(g.saving for g in self.groups)

    @property
    def copy_count(self) -> int:
        """Number of copies: the photos in the groups, the ones to keep not counted."""
        return sum(len(g.copies) for g in self.groups)

    def paths(self) -> list[list[str]]:
        """Every group as a list of full paths, the photo to keep first."""
        return [[str(self.folder / m.path) for m in g.members] for g in self.groups]

    @property
    def mixed_groups(self) -> list[DuplicateGroup]:
        """The groups that hold both gray and colour photos."""
        return [g for g in self.groups if g.mixes_gray_and_colour]

    def pairs(self) -> set[tuple[str, str]]:
        """Every pair of photos in the same group, as sorted ``(path_a, path_b)`` (relative paths)."""
        return {tuple(sorted((a.path, b.path))) for g in self.groups
                for k, a in enumerate(g.members) for b in g.members[k + 1:]}

    def __str__(self) -> str:
        copies = self.copy_count
        groups = f"{len(self.groups):,} group{'' if len(self.groups) == 1 else 's'}"
        text = (f"{groups} of copies among {len(self.hashes):,} photos "
                f"({self.hashes.hash_name} hash, at most {self.threshold} bits apart, colours at most "
                f"{self.check_threshold:g} levels apart): {copies:,} cop{'y' if copies == 1 else 'ies'}, "
                f"{bytes_text(self.saving)} "
                f"that could be freed.{mixed_groups_text(len(self.mixed_groups))} Nothing was deleted or moved.")
        if self.hashes.interrupted:
            text += (f" Interrupted: only {len(self.hashes) + len(self.hashes.skipped):,} of "
                     f"{self.hashes.found:,} files were read.")
        return text


def mixed_groups_text(mixed: int) -> str:
    """" 2 groups mix gray and colour photos (a colour one is kept)." -- or nothing, for 0."""
    if not mixed:
        return ""
    return (f" {mixed:,} group{' mixes' if mixed == 1 else 's mix'} gray and colour photos "
            "(a colour one is kept).")


def bytes_text(n: int) -> str:
    """Bytes as a short text: 812 kB, 3.4 MB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}" if n < 10 * scale else f"{n / scale:,.0f} {unit}"
    return f"{n} bytes"


def _check_thresholds(threshold: int, check_threshold: float, bits: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)) or not 0 <= threshold <= bits:
        raise ValueError(f"threshold must be a whole number of bits from 0 to {bits}, got {threshold!r}")
    if isinstance(check_threshold, bool) or not isinstance(check_threshold, (int, float, np.number)) \
            or not 0 <= check_threshold <= 255:
        raise ValueError(f"check_threshold must be a number of levels from 0 to 255, got {check_threshold!r}")


def _candidate_pairs(hashes: FolderHashes, threshold: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs to confirm: hashable photos within ``threshold``, and every pair of unhashable ones."""
    usable = np.flatnonzero(hashes.hashable)
    i, j, d = close_pairs(hashes.bits[usable], threshold)
    i, j = usable[i], usable[j]
    others = np.flatnonzero(~hashes.hashable)
    if len(others) > 1:  # flat or tiny photos: no hash to compare, so the colour check decides
        a, b = np.triu_indices(len(others), 1)
        i, j = np.concatenate([i, others[a]]), np.concatenate([j, others[b]])
        d = np.concatenate([d, np.full(len(a), -1)])
    return i, j, d


def _components(n: int, i: np.ndarray, j: np.ndarray) -> list[list[int]]:
    """Connected components (of at least 2 photos) of the graph with edges ``(i[k], j[k])``."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving keeps the trees flat
            x = parent[x]
        return x

    for a, b in zip(i.tolist(), j.tolist()):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for x in sorted(set(i.tolist()) | set(j.tolist())):
        members.setdefault(root(x), []).append(x)
    return [m for m in members.values() if len(m) > 1]


def group_duplicates(hashes: FolderHashes, threshold: int = DEFAULT_THRESHOLD,
                     check_threshold: float = CHECK_THRESHOLD) -> DuplicateReport:
    """Compare, confirm and group the photos of :func:`hash_folder` (no photo is read again).

    Parameters
    ----------
    hashes : FolderHashes
        From :func:`hash_folder` (or ``report.hashes``).
    threshold : int, optional
        Largest Hamming distance between two hashes for a candidate pair
        (default :data:`DEFAULT_THRESHOLD`).
    check_threshold : float, optional
        Largest :func:`colour_distance` to confirm it (default :data:`CHECK_THRESHOLD`).

    Returns
    -------
    DuplicateReport
        The groups (biggest saving first), the pairs the colour check rejected.
        In each group the photo to keep comes first (:data:`KEEP_ORDER`):
        colour before gray, so a black-and-white copy is never kept over its
        colour original; then more bits per pixel, so a 256-colour GIF or an
        8-bit copy of a 16-bit scan is not kept either; then more pixels, so
        not a smaller copy; then the bigger file, since at the same pixels a
        bigger file is the less compressed one (a JPEG at quality 30 is about a
        third of one at 90; a PNG holds every pixel); then the oldest; then the
        first by name. A copy re-saved at a *higher* quality than its original
        looks less compressed and is kept: the files cannot tell which came first.

    Raises
    ------
    ValueError
        If a threshold is out of range.
    """
    bits = int(np.prod(hashes.bits.shape[1:])) if hashes.bits.ndim > 1 else HASH_SIZE * HASH_SIZE
    _check_thresholds(threshold, check_threshold, bits)
    i, j, d = _candidate_pairs(hashes, int(threshold))
    colour = np.empty(len(i))
    for start in range(0, len(i), 100_000):  # bounded memory for folders full of copies
        part = slice(start, start + 100_000)
        colour[part] = colour_distance(hashes.thumbnails[i[part]], hashes.thumbnails[j[part]])
    confirmed = colour <= check_threshold
    files = hashes.files
    rejected = [(files[a], files[b], None if dist < 0 else int(dist), float(c))
                for a, b, dist, c in zip(i[~confirmed], j[~confirmed], d[~confirmed], colour[~confirmed])]
    groups = [_group(hashes, members) for members in _components(len(files), i[confirmed], j[confirmed])]
    groups.sort(key=lambda g: (-g.saving, g.keep.path))
    return DuplicateReport(groups=groups, rejected=rejected, threshold=int(threshold),
                           check_threshold=float(check_threshold), hashes=hashes)


def _group(hashes: FolderHashes, members: Sequence[int]) -> DuplicateGroup:
    """One DuplicateGroup: the photo to keep first (KEEP_ORDER), then the others by name."""
    keep = min(members, key=lambda k: (bool(hashes.gray[k]), -int(hashes.pixel_bits[k]),
                                       -int(hashes.widths[k] * hashes.heights[k]), -int(hashes.file_sizes[k]),
                                       int(hashes.mtimes[k]), hashes.files[k]))
    order = [keep] + sorted((k for k in members if k != keep), key=lambda k: hashes.files[k])
    rows = []
    for k in order:
        both_hashed = hashes.hashable[k] and hashes.hashable[keep]
        rows.append(GroupMember(
            path=hashes.files[k], width=int(hashes.widths[k]), height=int(hashes.heights[k]),
            file_size=int(hashes.file_sizes[k]), mtime_ns=int(hashes.mtimes[k]),
            hash_distance=hamming(hashes.bits[k], hashes.bits[keep]) if both_hashed else None,
            colour_distance=float(colour_distance(hashes.thumbnails[k], hashes.thumbnails[keep])),
            keep=k == keep, note=hashes.notes.get(hashes.files[k], ""),
            gray=bool(hashes.gray[k]), pixel_bits=int(hashes.pixel_bits[k]),
        ))
    return DuplicateGroup(tuple(rows))


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
    _check_hash_name(hash_name)
    _check_thresholds(threshold, check_threshold, HASH_SIZE * HASH_SIZE)
    return group_duplicates(hash_folder(folder, hash_name, progress, workers), threshold, check_threshold)
