"""Edited copies of photos, with known ground truth, for measuring a duplicate finder.

A duplicate finder is only as good as its measured precision and recall, and
those need a folder where we *know* which files are copies of which photo.
:func:`edited_copies` makes the usual ways a photo gets copied (resized for
e-mail, re-compressed, cropped, brightened, converted, turned by the camera's
orientation tag...), and :func:`write_copies_folder` writes originals and
copies into a folder and returns which file came from which photo.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple, Union

import numpy as np
from PIL import Image

from ..edits import change_brightness
from ..images import load_image
from ..samples import sample_path, samples

__all__ = ["EDITS", "CopiedFile", "edited_copies", "write_copies_folder"]

Source = Union[str, "os.PathLike[str]"]

#: Orientation tag value meaning "turn the stored pixels 90 degrees clockwise to show them".
_EXIF_ORIENTATION, _ROTATE_90_CW = 0x0112, 6


class CopiedFile(NamedTuple):
    """One file of a copies folder: its path (relative), the photo it shows, and how it was made."""

    path: str
    photo: str
    edit: str


def _crop(image: Image.Image, share: float) -> Image.Image:
    """Keep the centre, cutting ``share`` of the width and of the height (half on each side)."""
    w, h = image.size
    dx, dy = round(w * share / 2), round(h * share / 2)
    return image.crop((dx, dy, w - dx, h - dy))


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _exif_rotated(image: Image.Image) -> bytes:
    """A JPEG whose pixels lie on their side, with the tag that says how to turn them upright."""
    exif = Image.Exif()
    exif[_EXIF_ORIENTATION] = _ROTATE_90_CW
    lying = image.transpose(Image.Transpose.ROTATE_90)  # turned left; the tag turns it back right
    return _saved(lying, "JPEG", quality=90, exif=exif.tobytes())


def _jpeg(image: Image.Image, quality: int = 90) -> bytes:
    return _saved(image, "JPEG", quality=quality)


#: Each edit: a name, the file extension it writes, and a function from an RGB
#: Pillow image to the bytes of the edited file. "Duplicates" of the original.
EDITS: dict[str, tuple[str, Callable[[Image.Image], bytes]]] = {
    "resized to half": (".jpg", lambda im: _jpeg(im.resize((max(1, im.width // 2), max(1, im.height // 2)),
                                                           Image.Resampling.LANCZOS))),
    "JPEG quality 30": (".jpg", lambda im: _jpeg(im, quality=30)),
    "cropped 5%": (".jpg", lambda im: _jpeg(_crop(im, 0.05))),
    "cropped 15%": (".jpg", lambda im: _jpeg(_crop(im, 0.15))),
    "brightness +20": (".jpg", lambda im: _jpeg(Image.fromarray(change_brightness(np.asarray(im), 20)))),
    "mirrored": (".jpg", lambda im: _jpeg(im.transpose(Image.Transpose.FLIP_LEFT_RIGHT))),
    "rotated 3 degrees": (".jpg", lambda im: _jpeg(im.rotate(3, Image.Resampling.BICUBIC))),
    "as PNG": (".png", lambda im: _saved(im, "PNG")),
    "as JPEG": (".jpg", lambda im: _jpeg(im)),
    "as WebP": (".webp", lambda im: _saved(im, "WEBP", quality=80)),
    "EXIF-rotated JPEG": (".jpg", _exif_rotated),
}


def edited_copies(image: np.ndarray, edits: Iterable[str] | None = None) -> dict[str, bytes]:
    """The bytes of every edited copy of one photo.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB photo.
    edits : iterable of str, optional
        Names from :data:`EDITS` (default: all of them).

    Returns
    -------
    dict of str to bytes
        Edit name to the complete file (JPEG, PNG or WebP), ready to write or
        to open with Pillow. "rotated 3 degrees" leaves black corners, as a
        plain rotation does; "EXIF-rotated JPEG" stores the pixels turned 90
        degrees with an orientation tag that turns them back.

    Raises
    ------
    ValueError
        For an edit name not in :data:`EDITS`, or an image that is not RGB
        ``uint8``.

    Examples
    --------
    >>> from imgsim_helpers import load_image
    >>> sorted(edited_copies(load_image("duck"), ["as PNG"]))
    ['as PNG']
    """
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        shape = image.shape if isinstance(image, np.ndarray) else type(image).__name__
        raise ValueError(f"expected an RGB uint8 image of shape (height, width, 3), got {shape}")
    names = list(EDITS) if edits is None else list(edits)
    unknown = [name for name in names if name not in EDITS]
    if unknown:
        raise ValueError(f"unknown edit {unknown[0]!r}; choose from: {', '.join(EDITS)}")
    picture = Image.fromarray(image)
    return {name: EDITS[name][1](picture) for name in names}


def _file_name(edit: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in edit.lower()).strip("-").replace("--", "-")


def write_copies_folder(folder: Source, photos: Iterable[str] | None = None,
                        edited: Iterable[str] | None = None,
                        edits: Iterable[str] | None = None) -> list[CopiedFile]:
    """Write bundled photos and edited copies of some of them into a folder, with the ground truth.

    Parameters
    ----------
    folder : str or path-like
        An existing, empty folder to write into (a temporary one, never your photos).
    photos : iterable of str, optional
        Bundled photo names to include as originals (default: every bundled
        photo). Different photos of the same subject (the labelled classes)
        are the hard cases: similar, but not copies.
    edited : iterable of str, optional
        The photos, among ``photos``, that also get edited copies (default: all).
    edits : iterable of str, optional
        Names from :data:`EDITS` (default: all).

    Returns
    -------
    list of CopiedFile
        One per file written: ``path`` relative to ``folder``, ``photo`` (the
        bundled photo it shows) and ``edit`` (``"original"`` for an unchanged
        copy of the bundled file). Files with the same ``photo`` are copies
        of one another; all others are not.

    Raises
    ------
    FileNotFoundError
        If ``folder`` does not exist.
    ValueError
        If ``folder`` is not empty, or a name is not a bundled photo or an edit.
    """
    root = Path(folder)
    if not root.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}; create an empty one first")
    if any(root.iterdir()):
        raise ValueError(f"{folder} is not empty; write_copies_folder only writes into an empty folder")
    names = [row["name"] for row in samples()] if photos is None else list(photos)
    to_edit = set(names if edited is None else edited)
    outside = sorted(to_edit - set(names))
    if outside:
        raise ValueError(f"{outside[0]!r} is in edited but not in photos")
    edit_names = list(EDITS) if edits is None else list(edits)
    written = []
    for name in names:
        image = load_image(name)  # an unknown name raises ImageLoadError (a ValueError)
        source = sample_path(name)
        (root / name).mkdir()
        files = {"original": (source.suffix.lower(), source.read_bytes())}
        if name in to_edit:
            for edit, data in edited_copies(image, edit_names).items():
                files[edit] = (EDITS[edit][0], data)
        for edit, (extension, data) in files.items():
            relative = f"{name}/{_file_name(edit)}{extension}"
            (root / relative).write_bytes(data)
            written.append(CopiedFile(relative, name, edit))
    return written
