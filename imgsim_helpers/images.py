"""Reading photos into NumPy arrays.

Every photo in the course becomes the same thing: an array of shape
``(height, width, 3)`` with dtype ``uint8`` -- red, green and blue values from
0 to 255 for each pixel. :func:`load_image` does that conversion for any file
Pillow can read, and explains clearly when it cannot.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import Union

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageLoadError
from .samples import did_you_mean, sample_path

__all__ = ["ImageLoadError", "ImageTooLargeError", "MAX_PIXELS", "MultiFrameWarning", "decode_image",
           "load_image", "load_alpha_mask"]

#: Largest image (width x height) :func:`load_image` reads by default: 50
#: megapixels, about 150 MB as an RGB array. Larger files are refused before
#: they are decoded, so a "decompression bomb" cannot fill the memory.
MAX_PIXELS = 50_000_000

Source = Union[str, "os.PathLike[str]"]


class ImageTooLargeError(ImageLoadError):
    """An image has more pixels than the limit; ``label``, ``width``, ``height``, ``limit`` say which.

    ``advice`` ends the message with what to do; the command line and the upload
    widget give their own (see :meth:`advise`).
    """

    def __init__(self, label: str, width: int, height: int, limit: int,
                 advice: str = "shrink it first or pass a larger max_pixels") -> None:
        self.label, self.width, self.height, self.limit = label, width, height, limit
        self.reason = (f"too large: {width} x {height} = {width * height:,} pixels, "
                       f"more than the limit of {limit:,}")
        super().__init__(f"{label} is {width} x {height} = {width * height:,} pixels, more than "
                         f"the limit of {limit:,}; {advice}")

    def advise(self, advice: str) -> "ImageTooLargeError":
        """The same error, with ``advice`` in place of the Python one."""
        return ImageTooLargeError(self.label, self.width, self.height, self.limit, advice)


class MultiFrameWarning(UserWarning):
    """An animated image or a multi-page file: only its first frame is read."""


def frames_note(img: Image.Image, label: str) -> str | None:
    """A note when ``img`` holds several frames (animated GIF/PNG/WebP, multi-page TIFF), else None."""
    if img.format == "MPO" or not getattr(img, "is_animated", False):  # cheap: no frame is decoded
        return None  # (an MPO is a camera JPEG whose extra frames are previews: its first is the photo)
    frames = getattr(img, "n_frames", 2)
    kind = "a multi-page TIFF" if img.format == "TIFF" else f"an animated {img.format or 'image'}"
    return f"{label} holds {frames} frames ({kind}); only the first frame is used"


def _error(path_hint: str, reason: str) -> ImageLoadError:
    """``ImageLoadError("path: reason")`` that also carries the short ``reason`` (for skip lists)."""
    error = ImageLoadError(f"{path_hint}: {reason}")
    error.reason = reason  # type: ignore[attr-defined]
    return error


def resolve_source(source: Source) -> Path:
    """Turn a path or a bundled sample name into an existing file path."""
    if not isinstance(source, (str, os.PathLike)):
        raise ImageLoadError(
            f"load_image expects a file path or a sample name, got {type(source).__name__}"
        )
    path = Path(source).expanduser()
    if path.is_file():
        return path
    if path.is_dir():
        raise ImageLoadError(f"{path} is a folder, not an image file")
    text = os.fspath(source)
    if path.suffix == "" and os.sep not in text and "/" not in text:
        return sample_path(text)  # a bare name such as "duck"
    close = did_you_mean(text)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? Otherwise check" if close else "check"
    raise ImageLoadError(
        f"no such file: {path} (current folder: {Path.cwd()}); {hint} "
        "the spelling, or call samples() to list the bundled photos"
    )


def _open_checked(source: Source | bytes, max_pixels: int, name: str | None = None) -> Image.Image:
    """Open, size-check, fully decode and EXIF-rotate an image file (or its bytes)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        label, data = name or "the uploaded file", bytes(source)
        if not data:
            raise ImageLoadError(f"{label} is empty (0 bytes), so it holds no image")
        opener = lambda: Image.open(io.BytesIO(data))  # noqa: E731
    else:
        path = resolve_source(source)
        label, opener = str(path), lambda: Image.open(path)  # noqa: E731
        try:
            if path.stat().st_size == 0:
                raise ImageLoadError(f"{path} is empty (0 bytes), so it holds no image")
        except PermissionError as exc:
            raise ImageLoadError(f"{path} cannot be read: permission denied") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = opener()
            width, height = img.size
            if width * height > max_pixels:
                img.close()
                raise ImageTooLargeError(label, width, height, max_pixels)
            note = frames_note(img, label)
            try:
                img.load()
            except BaseException:
                img.close()
                raise
    except ImageLoadError:
        raise
    except PermissionError as exc:
        raise ImageLoadError(f"{label} cannot be read: permission denied") from exc
    except Image.DecompressionBombError as exc:
        raise ImageLoadError(f"{label} is too large to decode safely: {exc}") from exc
    except UnidentifiedImageError as exc:
        kind = f"a {Path(label).suffix} picture" if Path(label).suffix else "a picture"
        raise ImageLoadError(f"{label} is not an image file Pillow can read (is it really {kind}?)") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageLoadError(f"{label} is truncated or corrupt: {exc}") from exc
    if note:
        warnings.warn(note, MultiFrameWarning, stacklevel=3)
    upright = ImageOps.exif_transpose(img)  # a copy: the file can be closed (GIFs and TIFFs keep it open)
    if upright is not img:
        img.close()
    return upright


def to_rgb(img: Image.Image, path_hint: str) -> Image.Image:
    """Convert any Pillow mode to 8-bit RGB (transparent parts become white)."""
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        values = np.asarray(img).astype(np.int64)
        if values.min(initial=0) < 0 or values.max(initial=0) > 65535:
            raise _error(path_hint, "32-bit integer images are not supported")
        if img.mode == "I" and values.max(initial=0) <= 255:
            gray = values.astype(np.uint8)  # an 8-bit image stored in a wide mode
        else:
            gray = ((values + 128) // 257).astype(np.uint8)  # 0..65535 -> 0..255
        return Image.fromarray(gray, mode="L").convert("RGB")
    if img.mode == "F":
        raise _error(path_hint, "floating-point images (values with decimals) are not supported; "
                                "save it as 8-bit (whole numbers 0-255) first")
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("RGB")


def load_image(source: Source, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Read a photo as an ``(H, W, 3)`` array of ``uint8`` red, green, blue values.

    Parameters
    ----------
    source : str or path-like
        A file path (``"data/opening/duck.jpg"``) or the name of a bundled
        sample (``"duck"``; see :func:`samples`).
    max_pixels : int, optional
        Refuse images with more than this many pixels (default
        :data:`MAX_PIXELS`, 50 million), before decoding them.

    Returns
    -------
    numpy.ndarray
        Shape ``(height, width, 3)``, dtype ``uint8``, values 0-255, in RGB
        order, rotated upright as the camera's EXIF orientation tag says.

    Raises
    ------
    ImageLoadError
        A ``ValueError`` naming the file and the reason: missing, empty,
        truncated or corrupt, not an image, unreadable, or too large
        (then an :class:`ImageTooLargeError`).

    Notes
    -----
    Every image comes out as 8-bit RGB, whatever it was stored as:

    * grayscale (``L``) and black-and-white (``1``): the gray value is copied
      into all three channels;
    * palette (``P``) and CMYK: converted by Pillow;
    * 16-bit (``I;16``): scaled from 0-65535 down to 0-255 (not clipped);
    * with transparency (``RGBA``, ``LA``, ``P`` with a transparent colour):
      composited on a **white** background, so a cut-out bird on a
      transparent sheet becomes a bird on white. Use
      :func:`load_alpha_mask` to get the bird's outline as a mask.
    * with several frames (an animated GIF, PNG or WebP, a multi-page TIFF):
      the first frame only, with a :class:`MultiFrameWarning` that says so.

    Examples
    --------
    >>> img = load_image("duck")
    >>> img.shape[2], img.dtype
    (3, dtype('uint8'))
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        raise ImageLoadError("load_image takes a file path or a sample name; for a file's contents use decode_image")
    img = _open_checked(source, max_pixels)
    rgb = to_rgb(img, str(source))
    return np.array(rgb, dtype=np.uint8)


def load_alpha_mask(source: Source, threshold: int = 128, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Read which pixels of a cut-out are solid: ``True`` where alpha >= threshold.

    Parameters
    ----------
    source : str or path-like
        A file path or bundled sample name, as for :func:`load_image`.
    threshold : int, optional
        Alpha value (0 = fully transparent, 255 = fully solid) from which a
        pixel counts as part of the object. Default 128.
    max_pixels : int, optional
        Size limit, as for :func:`load_image`.

    Returns
    -------
    numpy.ndarray
        Shape ``(height, width)``, dtype ``bool``, aligned with
        ``load_image(source)``. An image without transparency gives all
        ``True``.

    Examples
    --------
    >>> mask = load_alpha_mask("pigeon")
    >>> mask.dtype
    dtype('bool')
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)) or not 0 <= threshold <= 255:
        raise ValueError(f"threshold must be a whole number between 0 and 255, got {threshold!r}")
    img = _open_checked(source, max_pixels)
    if img.mode == "P":
        img = img.convert("RGBA")
    if "A" not in img.getbands():
        return np.ones((img.height, img.width), dtype=bool)
    alpha = np.asarray(img.getchannel("A"))
    return alpha >= threshold


def decode_image(data: bytes, name: str = "the uploaded file", max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Like :func:`load_image`, for the bytes of an image file (e.g. an upload).

    Parameters
    ----------
    data : bytes
        The complete contents of an image file (JPEG, PNG, ...).
    name : str, optional
        What to call the file in error messages.
    max_pixels : int, optional
        Size limit, as for :func:`load_image`.

    Returns
    -------
    numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB, converted exactly as :func:`load_image` does.

    Raises
    ------
    ImageLoadError
        If the bytes are empty, not an image, truncated, or too large.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImageLoadError(f"decode_image takes the bytes of a file, got {type(data).__name__}; use load_image for a path")
    img = _open_checked(data, max_pixels, name=name)
    return np.array(to_rgb(img, name), dtype=np.uint8)
