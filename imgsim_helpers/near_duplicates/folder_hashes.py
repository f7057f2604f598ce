"""Step 1 of the near-duplicate finder: read every photo of a folder and keep its hash.

:func:`hash_folder` reads the photos as the search index does (all cores, big
JPEGs decoded at a reduced size, unreadable files skipped with the reason) and
keeps, for each, what the later steps need (:class:`FolderHashes`): its
perceptual hash, a tiny 8 x 8 colour thumbnail for the second check, whether it
is gray, its bits per pixel, size, file size and age. For a JPEG of half a
megapixel or more the hash is that of the reduced decode, which may differ from
``dct_hash(load_image(path))`` by a bit or two. The folder is only read.
"""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Union

import numpy as np
from PIL import Image

from ..search.folders import SkippedFile, check_folder, read_rgb, scan_folder
from .hashing import HASH_FUNCTIONS, HASH_SIZE, check_hash_name, grey_thumbnail, thumbnail_size
from ..errors import ImageLoadError
from ..images import MultiFrameWarning
from .._shared.progress import Progress
from .._shared.workers import worker_count

__all__ = [
    "CHECK_SIZE",
    "DEFAULT_HASH",
    "FLAT_LEVELS",
    "GRAY_LEVELS",
    "HASH_DRAFT_PIXELS",
    "FolderHashes",
    "hash_folder",
]

Source = Union[str, "os.PathLike[str]"]

#: The hash :func:`~imgsim_helpers.near_duplicates.duplicates.find_duplicates` uses unless told otherwise.
DEFAULT_HASH = "dct"
#: Side of the colour thumbnail of the second check (8 x 8 pixels, 3 colours).
CHECK_SIZE = 8
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
    check_hash_name(hash_name)
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
