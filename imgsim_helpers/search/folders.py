"""Finding and reading the image files of a folder, fast, for an index.

:func:`find_images` lists the image files of a folder and its subfolders;
:func:`load_image_fast` reads one like :func:`load_image`, but decodes big
JPEGs at a reduced size; :func:`describe_files` describes many files on all CPU
cores and turns every unreadable file into a reason instead of an error.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import NamedTuple, Union

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ..describing.descriptors import Descriptor, descriptor_named
from ..images import MAX_PIXELS, ImageTooLargeError, MultiFrameWarning, frames_note, resolve_source, to_rgb
from ..errors import ImageLoadError
from .._shared.progress import Progress
from .._shared.workers import default_workers

__all__ = ["DRAFT_PIXELS", "IMAGE_EXTENSIONS", "SkippedFile", "find_images", "load_image_fast"]

#: File name endings :func:`find_images` looks for (upper or lower case alike).
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")

#: With ``draft=True``, a JPEG larger than this is decoded at 1/2, 1/4 or 1/8 of
#: its width and height, but never below this many pixels (about 1 megapixel).
DRAFT_PIXELS = 1_000_000

Source = Union[str, "os.PathLike[str]"]


class SkippedFile(NamedTuple):
    """A file the index could not read, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# --------------------------------------------------------------------------- reading photos


def _unreadable(path: Path, reason: str) -> ImageLoadError:
    """An ImageLoadError that also carries the short ``reason`` for :class:`SkippedFile`."""
    error = ImageLoadError(f"cannot read {path}: {reason}")
    error.reason = reason  # type: ignore[attr-defined]
    return error


def read_rgb(path: Path, draft: bool, draft_pixels: int = DRAFT_PIXELS,
              max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decode one file to ``(H, W, 3)`` uint8 RGB, as load_image does (optionally with draft)."""
    try:
        if path.stat().st_size == 0:
            raise _unreadable(path, "empty file (0 bytes)")
        with Image.open(path) as img:
            width, height = img.size
            if width * height > max_pixels:
                raise ImageTooLargeError(str(path), width, height, max_pixels)
            note = frames_note(img, str(path))
            if draft and width * height >= 4 * draft_pixels:  # at least a 1/2 reduction is possible
                shrink = math.sqrt(draft_pixels / (width * height))
                img.draft("RGB", (math.ceil(width * shrink), math.ceil(height * shrink)))  # JPEG only
            img.load()
            upright = ImageOps.exif_transpose(img)
            rgb = np.asarray(to_rgb(upright, str(path)))
        if note:
            warning = MultiFrameWarning(note)
            warning.path = str(path)  # type: ignore[attr-defined]  (for _warn_once's summary)
            warnings.warn(warning, stacklevel=3)
        return rgb
    except ImageLoadError:
        raise
    except FileNotFoundError as exc:
        raise _unreadable(path, "no such file (deleted while indexing?)") from exc
    except PermissionError as exc:
        raise _unreadable(path, "permission denied") from exc
    except Image.DecompressionBombError as exc:
        raise _unreadable(path, f"too large to decode safely ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise _unreadable(path, "not an image file Pillow can read") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise _unreadable(path, f"truncated or corrupt ({exc})") from exc


def load_image_fast(source: Source, draft: bool = True, draft_pixels: int = DRAFT_PIXELS,
                    max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Read a photo like :func:`load_image`, but decode big JPEGs at a reduced size.

    Parameters
    ----------
    source : str or path-like
        A file path, or the name of a bundled sample (``"duck"``).
    draft : bool, optional
        If ``True`` (default), a JPEG of at least ``4 * draft_pixels`` pixels is
        decoded at 1/2, 1/4 or 1/8 of its width and height (Pillow's
        ``Image.draft``: the JPEG decoder skips detail instead of computing
        it), keeping at least ``draft_pixels`` pixels. Other formats, and
        smaller JPEGs, are decoded in full.
    draft_pixels : int, optional
        The fewest pixels a reduced JPEG keeps (default :data:`DRAFT_PIXELS`,
        about 1 megapixel).
    max_pixels : int, optional
        Refuse images larger than this (counted at full size) before decoding.

    Returns
    -------
    numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB, converted exactly as :func:`load_image`
        does: transparency composited on white, 16-bit scaled to 8-bit,
        rotated upright by the EXIF orientation tag. ``H`` and ``W`` are smaller
        than the file's when the JPEG was reduced.

    Raises
    ------
    ImageLoadError
        If the file is missing, empty, unreadable, not an image, truncated,
        corrupt or too large; the message names the file and the reason.

    Notes
    -----
    The trade-off: a 12-megapixel JPEG decodes in about 37 ms at 1/4 scale
    instead of 55 ms in full, and its normalised histogram changes by an L1
    distance of about 0.04 (reducing a JPEG averages neighbouring pixels, which
    smooths noise and thins out rare colours). That is much smaller than the
    distance between two different photos, so rankings barely change; pass
    ``draft=False`` when you need the exact histogram of every pixel.

    Examples
    --------
    >>> img = load_image_fast("duck")
    >>> img.dtype, img.shape[2]
    (dtype('uint8'), 3)
    """
    path = resolve_source(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return read_rgb(path, draft, draft_pixels, max_pixels)


# --------------------------------------------------------------------------- describing photos


class ReadSettings(NamedTuple):
    """How an index reads and describes every photo: resolved once (see :func:`check_settings`)."""

    descriptor: Descriptor
    draft: bool
    draft_pixels: int = DRAFT_PIXELS

    def as_dict(self) -> dict:
        """The settings as an index shows and saves them: the descriptor by name."""
        return {"descriptor": self.descriptor.name, "draft": self.draft, "draft_pixels": self.draft_pixels}


def describe_as_stored(rgb: np.ndarray, settings: ReadSettings) -> np.ndarray:
    """An RGB image's feature vector as stored in an index (``float32``)."""
    return settings.descriptor(rgb).astype(np.float32)


def _try_describe(path: Path, settings: ReadSettings) -> tuple[np.ndarray | None, str | None]:
    """Describe one file; never raises: returns ``(row, None)`` or ``(None, reason)``."""
    try:
        rgb = read_rgb(path, settings.draft, settings.draft_pixels)
        return describe_as_stored(rgb, settings), None
    except ImageLoadError as exc:
        return None, getattr(exc, "reason", str(exc))
    except ValueError as exc:  # read, but the descriptor cannot describe it (e.g. no edges at all)
        return None, f"cannot be described with {settings.descriptor.name!r}: {exc}"
    except MemoryError:
        return None, "not enough memory to decode it"
    except Exception as exc:  # a damaged file can make a decoder fail in unexpected ways
        return None, f"could not be decoded ({type(exc).__name__}: {exc})"


def check_settings(descriptor: str | Descriptor, draft: bool, draft_pixels: int = DRAFT_PIXELS) -> ReadSettings:
    """Validate the settings up front (not once per file), the descriptor's name resolved once."""
    return ReadSettings(descriptor_named(descriptor), bool(draft), int(draft_pixels))  # an unknown name: listed


# --------------------------------------------------------------------------- finding photos


def scan_folder(folder: Path) -> tuple[list[tuple[str, int, int]], list[SkippedFile]]:
    """Image files under ``folder`` as sorted ``(relative path, size, mtime_ns)``, and walk errors."""
    found: list[tuple[str, int, int]] = []
    problems: list[SkippedFile] = []

    def on_error(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        reason = "permission denied" if isinstance(exc, PermissionError) else f"cannot list it ({exc.strerror})"
        problems.append(SkippedFile(_relative(where, folder) + "/", f"folder skipped: {reason}"))

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(IMAGE_EXTENSIONS):
                continue
            path = Path(root, name)
            try:
                info = path.stat()
            except PermissionError:
                problems.append(SkippedFile(_relative(path, folder), "permission denied"))
                continue
            except OSError as exc:
                problems.append(SkippedFile(_relative(path, folder), f"cannot be opened ({exc.strerror})"))
                continue
            found.append((_relative(path, folder), info.st_size, info.st_mtime_ns))
    found.sort()
    return found, problems


def _relative(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder``, with ``/`` separators (the same on every system)."""
    return Path(os.path.relpath(path, folder)).as_posix()


def check_folder(folder: Source) -> Path:
    """Return ``folder`` as an absolute path, or explain why it cannot be indexed."""
    # cli_common.folder_argument checks the same two things for the command line, with its own
    # errors (InputError, exit status 1) and messages that name the folder as typed.
    path = Path(folder).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"no such folder: {folder} (current folder: {Path.cwd()})")
    if not path.is_dir():
        raise NotADirectoryError(f"{folder} is a file, not a folder; give the folder that holds the photos")
    return path.resolve()


def find_images(folder: Source) -> list[Path]:
    """List the image files in ``folder`` and all its subfolders.

    Parameters
    ----------
    folder : str or path-like
        The folder to look in.

    Returns
    -------
    list of pathlib.Path
        Files whose names end in one of :data:`IMAGE_EXTENSIONS` (``.jpg``,
        ``.JPG``, ``.png``, ...), sorted. Hidden files and folders (names
        starting with ``.``, such as ``.ipynb_checkpoints``) are left out. The
        files are not opened: a ``.jpg`` that holds text is still listed.

    Raises
    ------
    FileNotFoundError
        If ``folder`` does not exist.
    NotADirectoryError
        If ``folder`` is a file.

    Examples
    --------
    >>> from imgsim_helpers import DATA_DIR
    >>> len(find_images(DATA_DIR / "opening"))
    3
    """
    root = check_folder(folder)
    found, _ = scan_folder(root)
    return [root / rel for rel, _, _ in found]


def describe_files(folder: Path, rels: Sequence[str], settings: ReadSettings, workers: int | None,
                    progress: bool) -> tuple[list[np.ndarray | None], list[str | None]]:
    """Describe many files, in parallel threads; per file a row or a reason it was skipped."""
    rows: list[np.ndarray | None] = [None] * len(rels)
    reasons: list[str | None] = [None] * len(rels)
    workers = default_workers() if workers is None else int(workers)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    bar = Progress(len(rels), enabled=progress)
    # Warnings from the threads are collected, so several animated GIFs give one warning, not many.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # max_pixels refuses huge files
        warnings.simplefilter("always", MultiFrameWarning)
        try:
            if workers == 1 or len(rels) < 2:
                for i, rel in enumerate(rels):
                    rows[i], reasons[i] = _try_describe(folder / rel, settings)
                    bar.advance(skipped=rows[i] is None)
            else:
                # Pillow's decoders and NumPy's array loops release the GIL, so threads
                # decode on all cores without copying pixels between processes.
                pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="imgsim-index")
                try:
                    jobs = {pool.submit(_try_describe, folder / rel, settings): i for i, rel in enumerate(rels)}
                    for job in as_completed(jobs):
                        i = jobs[job]
                        rows[i], reasons[i] = job.result()
                        bar.advance(skipped=rows[i] is None)
                finally:
                    pool.shutdown(wait=True, cancel_futures=True)  # Ctrl+C: stop queued work
        finally:
            bar.close()
    _warn_once(caught, folder)
    return rows, reasons


def _warn_once(caught: list[warnings.WarningMessage], folder: Path) -> None:
    """Re-issue collected warnings, the files with several frames as one warning."""
    frames = [w for w in caught if issubclass(w.category, MultiFrameWarning)]
    for w in caught:
        if w not in frames:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if len(frames) == 1:
        warnings.warn(str(frames[0].message), MultiFrameWarning, stacklevel=4)
    elif frames:
        names = sorted(_relative(Path(w.message.path), folder) for w in frames)  # type: ignore[union-attr]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        warnings.warn(f"{len(names)} files hold several frames (animated images or multi-page TIFFs); "
                      f"only the first frame of each is used: {shown}", MultiFrameWarning, stacklevel=4)
