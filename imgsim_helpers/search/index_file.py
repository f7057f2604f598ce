"""Saving an index to one ``.npz`` file and reading it back, refusing anything else.

:meth:`Index.save` and :meth:`Index.load` call these two functions; they live
here so that the index itself stays about searching.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Union

import numpy as np

from .folders import ReadSettings, check_settings

__all__ = ["FORMAT_VERSION", "IndexFileError", "read_index_file", "write_index_file"]

#: Version of the file layout: 2 since the index stores a descriptor name from
#: ``DESCRIPTORS`` (version 1 stored histogram channels and bins).
FORMAT_VERSION = 2
_FORMAT_NAME = "imgsim-index"
_REQUIRED_KEYS = ("folder", "files", "features", "sizes", "mtimes", "descriptor", "draft",
                  "draft_pixels", "skipped_paths", "skipped_reasons")

Source = Union[str, "os.PathLike[str]"]


class IndexFileError(ValueError):
    """A file is not a usable index: not one at all, damaged, or built with other settings."""


def write_index_file(path: Source, arrays: dict[str, np.ndarray]) -> Path:
    """Write ``arrays`` (an index's contents) to ``path`` atomically; see :meth:`Index.save`."""
    target = Path(path).expanduser()
    if not target.parent.is_dir():
        raise FileNotFoundError(f"cannot save the index to {path}: the folder {target.parent} does not exist")
    if target.is_dir():
        raise IsADirectoryError(f"cannot save the index to {path}: it is a folder; give a file name")
    contents = {"format": np.array(_FORMAT_NAME), "version": np.array(FORMAT_VERSION), **arrays}
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            np.savez(handle, **contents)
        os.replace(temporary, target)
    except OSError as exc:  # e.g. no permission to write there, or the disk is full
        reason = (exc.strerror or str(exc)).lower()
        raise type(exc)(f"cannot save the index to {path}: {reason}") from exc
    finally:
        temporary.unlink(missing_ok=True)
    return target


def read_index_file(path: Source, **wanted: object) -> tuple[dict[str, np.ndarray], ReadSettings]:
    """Read and check an index file; return its arrays and its settings; see :meth:`Index.load`.

    The stored descriptor name is turned into its :class:`Descriptor` here, once.

    ``wanted`` holds the settings the caller expects (``descriptor``, ``draft``); any
    that is not ``None`` must match the file's, or :class:`IndexFileError` says how.
    """
    source = Path(path).expanduser()
    if not source.is_file():
        if source.is_dir():
            raise IndexFileError(f"{path} is a folder, not an index file")
        raise FileNotFoundError(f"no such index file: {path}")
    not_index = f"{path} is not an index file saved by Index.save"
    try:
        stored = np.load(source, allow_pickle=False)
    except ValueError as exc:  # neither .npy nor .npz; NumPy's text would suggest allow_pickle=
        raise IndexFileError(f"{not_index}: it is not a NumPy .npz file at all") from exc
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise IndexFileError(f"{not_index} (or it is damaged): {exc}") from exc
    if not isinstance(stored, np.lib.npyio.NpzFile):  # a single .npy array
        raise IndexFileError(f"{not_index}: it holds one array of shape {stored.shape}, not an index")
    try:
        with stored:
            keys = set(stored.files)
            if "format" not in keys or str(stored["format"]) != _FORMAT_NAME:
                names = sorted(keys)
                shown = ", ".join(repr(name) for name in names[:6]) + (", ..." if len(names) > 6 else "")
                held = f"the arrays {shown}" if names else "no arrays"
                raise IndexFileError(f"{not_index}: it is a NumPy .npz file holding {held}, but an index "
                                     f"holds 'format', 'features', 'files' and more; build the index again "
                                     f"with build_index, or pick the index file you saved")
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
        settings = check_settings(str(data["descriptor"]), bool(data["draft"]), int(data["draft_pixels"]))
    except IndexFileError:
        raise
    except (OSError, ValueError, TypeError, EOFError, KeyError, zipfile.BadZipFile) as exc:
        raise IndexFileError(f"{not_index} (or it is damaged): {exc}") from exc
    stored_settings = settings.as_dict()
    differ = {name: value for name, value in wanted.items()
              if value is not None and value != stored_settings[name]}
    if differ:
        built = ", ".join(f"{name}={stored_settings[name]!r}" for name in differ)
        asked = ", ".join(f"{name}={value!r}" for name, value in differ.items())
        raise IndexFileError(
            f"{path} was built with {built}, but you asked for {asked}; its feature vectors cannot be "
            f"compared with yours. Build a new index: build_index(folder, {asked})"
        )
    return data, settings
