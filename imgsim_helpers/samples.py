"""The photos bundled with the course in ``data/``, listed in ``data/manifest.csv``.

Two kinds: the lessons' sample photos (:func:`samples`: the opening trio, two
birds and the small labelled set, 6 classes x 5) and the big labelled set that
notebooks 12-16 measure methods on (:func:`evaluation_set`, 8 classes, 224 photos).
"""

from __future__ import annotations

import csv
import difflib
import itertools
import os
from functools import lru_cache
from pathlib import Path

from .errors import ImageLoadError

__all__ = ["DATA_DIR", "OPENING_TRIO", "evaluation_rows", "evaluation_set", "samples", "sample_path"]

#: Folder of ``data/`` that holds the big labelled set (one subfolder per class).
EVALUATION_FOLDER = "evaluation"

#: The course's data folder. Set the environment variable ``IMGSIM_DATA`` to
#: use another folder laid out the same way (a ``manifest.csv`` beside the photos).
DATA_DIR = Path(os.environ.get("IMGSIM_DATA", Path(__file__).resolve().parent.parent / "data"))

#: The three photos of the opening experiment (notebook 05): a test photo,
#: a reference that shows the same kind of thing, and one that does not.
OPENING_TRIO = {"test": "duck", "similar": "swans", "different": "macaw"}


def _manifest() -> list[dict[str, str]]:
    """Every row of ``data/manifest.csv``, with the photo's ``name`` (file name without extension).

    Each call gets its own dictionaries, so changing one changes nothing for the next call.
    """
    return [dict(row) for row in _manifest_rows()]


def _manifest_rows() -> tuple[dict[str, str], ...]:
    """The rows of ``data/manifest.csv`` as last read: read again only when the file changes.

    Every photo loaded by name looks itself up here; reading the file each time was most of
    :func:`sample_path`'s time. Only for reading: :func:`_manifest` gives copies.
    """
    path = DATA_DIR / "manifest.csv"
    stat = path.stat()
    return _read_manifest(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_manifest(path: Path, mtime_ns: int, size: int) -> tuple[dict[str, str], ...]:
    """The rows of the manifest ``path``; ``mtime_ns`` and ``size`` only tell one version from another."""
    with open(path, newline="", encoding="utf-8") as handle:
        return tuple(dict(row, name=Path(row["file"]).stem) for row in csv.DictReader(handle))


def samples(label: str | None = None) -> list[dict[str, str]]:
    """List the lessons' sample photos, one dictionary per photo.

    The big labelled set of notebooks 12-16 is not included: see
    :func:`evaluation_set`. (Its photos load by name all the same.)

    Parameters
    ----------
    label : str, optional
        Only photos with this label (for example ``"fish"``). Default: all.

    Returns
    -------
    list of dict
        One row of ``data/manifest.csv`` per photo, with the keys ``name``
        (what :func:`load_image` accepts), ``file``, ``label``, ``title``,
        ``author``, ``licence``, ``source`` and ``notes``.

    Raises
    ------
    ValueError
        If ``label`` matches no photo; the message lists the labels there are.

    Examples
    --------
    >>> [row["name"] for row in samples("pigeon")]
    ['pigeon']
    """
    rows = [row for row in _manifest() if not row["file"].startswith(EVALUATION_FOLDER + "/")]
    if label is None:
        return rows
    chosen = [row for row in rows if row["label"] == label]
    if not chosen:
        labels = ", ".join(sorted({row["label"] for row in rows}))
        raise ValueError(f"no bundled photo has the label {label!r}; the labels are: {labels}")
    return chosen


def sample_path(name: str) -> Path:
    """Path of the bundled photo called ``name`` (its file name without extension).

    Parameters
    ----------
    name : str
        A name from ``samples()``, such as ``"duck"``, or of a photo of the
        evaluation set, such as ``"fish_01"``.

    Returns
    -------
    pathlib.Path
        The photo's path inside ``data/``.

    Raises
    ------
    ImageLoadError
        A ``ValueError``: there is no bundled photo of that name.
    """
    for row in _manifest_rows():
        if row["name"] == name:
            return DATA_DIR / row["file"]
    raise ImageLoadError(
        f"{name!r} is neither a file in {Path.cwd()} nor a bundled sample name; "
        "call samples() to list the names"
    )


def did_you_mean(text: str) -> list[str]:
    """Paths a mistyped photo path ``text`` may have meant: a course photo, or a file beside it.

    ``"duck.jpg"`` gives the course's duck (as a path from the current folder, e.g.
    ``data/opening/duck.jpg``); ``"data/opening/duk.jpg"`` gives ``data/opening/duck.jpg``.
    Empty when nothing is close. Only for messages: never raises.
    """
    try:
        path = Path(text).expanduser()
        found: list[str] = []
        names = {row["name"]: DATA_DIR / row["file"] for row in samples()}
        for name in difflib.get_close_matches(path.stem.lower(), names, n=2, cutoff=0.8):
            try:
                shown = os.path.relpath(names[name])
            except ValueError:  # another drive, on Windows
                shown = str(names[name])
            found.append(shown)
        folder = path.parent
        if folder.is_dir():
            nearby = [p.name for p in itertools.islice(folder.iterdir(), 5000) if p.is_file()]
            for name in difflib.get_close_matches(path.name, nearby, n=2, cutoff=0.75):
                shown = str(folder / name) if str(folder) != "." else name
                if shown not in found:
                    found.append(shown)
        return found
    except (OSError, ValueError):
        return []


def evaluation_set() -> tuple[list[Path], list[str]]:
    """The big labelled set: every photo's path and its class, in a fixed order.

    Returns
    -------
    (list of pathlib.Path, list of str)
        The photos of ``data/evaluation/`` (8 classes of 21 to 30 photos,
        224 in all) and their labels, such as ``"fish"``, sorted by class
        and then by name. ``data/README.md`` says where they come from.

    Examples
    --------
    >>> paths, labels = evaluation_set()
    >>> len(paths) == len(labels), sorted(set(labels))[:3]
    (True, ['fish', 'flower', 'fruit_veg'])
    """
    rows = evaluation_rows()
    return [DATA_DIR / row["file"] for row in rows], [row["label"] for row in rows]


def evaluation_rows() -> list[dict[str, str]]:
    """The big labelled set's rows of ``data/manifest.csv``, in the order of :func:`evaluation_set`.

    Like :func:`samples` for the lessons' photos: one dictionary per photo,
    saying where it comes from.

    Returns
    -------
    list of dict
        One per photo of ``data/evaluation/``, sorted by class and then by
        name, with the keys ``name``, ``file``, ``label``, ``title``,
        ``author``, ``licence``, ``source`` (which Debian package and file it
        comes from) and ``notes``.

    Examples
    --------
    >>> rows = evaluation_rows()
    >>> rows[0]["name"], rows[0]["label"]
    ('fish_01', 'fish')
    """
    rows = [row for row in _manifest() if row["file"].startswith(EVALUATION_FOLDER + "/")]
    return sorted(rows, key=lambda row: (row["label"], row["name"]))
