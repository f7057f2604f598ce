"""What the near-duplicate finder reports: the groups of copies, each photo in them, and the text.

A :class:`DuplicateReport` holds the :class:`DuplicateGroup` s (sets of copies,
the photo to keep first), each made of :class:`GroupMember` s (one photo, its
size and its distances to the photo kept), with what was read
(:class:`~imgsim_helpers.near_duplicates.folder_hashes.FolderHashes`). Its text,
and the command line's and the widget's, share :func:`bytes_text`,
:func:`mixed_groups_text` and :func:`distances_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .folder_hashes import FolderHashes

__all__ = [
    "DuplicateGroup",
    "DuplicateReport",
    "GroupMember",
    "bytes_text",
    "distances_text",
    "mixed_groups_text",
]


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


def distances_text(member: GroupMember, keep: str, no_hash: str, hashed: str) -> str:
    """How far a photo is from the one its group keeps, in the caller's words.

    Parameters
    ----------
    member : GroupMember
        A photo of a :class:`DuplicateGroup`.
    keep : str
        The text for the photo to keep itself.
    no_hash, hashed : str
        Templates for a copy without a usable hash (flat or tiny: only
        ``{colour}`` is known) and for one with a hash (``{bits}`` too, and
        ``{s}``: ``"s"`` unless ``bits`` is 1).

    Returns
    -------
    str
        The filled-in template.

    Examples
    --------
    >>> copy = GroupMember("b.jpg", 60, 40, 900, 0, 1, 2.25, False, "")
    >>> distances_text(copy, "keep", "colour {colour:.1f}", "{bits} bit{s}, colour {colour:.1f}")
    '1 bit, colour 2.2'
    """
    if member.keep:
        return keep
    if member.hash_distance is None:
        return no_hash.format(colour=member.colour_distance)
    return hashed.format(bits=member.hash_distance, s="" if member.hash_distance == 1 else "s",
                         colour=member.colour_distance)
