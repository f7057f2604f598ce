"""The ``duplicates`` command: ``python -m imgsim_helpers duplicates FOLDER`` (notebook 18, on your photos).

It finds the copies in FOLDER with
:func:`~imgsim_helpers.near_duplicates.duplicates.find_duplicates` and prints
each group, the photo to keep first, with sizes and distances (or, with
``--json``, a list of groups for other programs). Nothing is deleted or moved.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ..cli_common import PROG, InputError, add_command, folder_argument, note, note_some, reading_options
from ..search.folders import IMAGE_EXTENSIONS
from .duplicates import find_duplicates
from .folder_hashes import DEFAULT_HASH
from .grouping import DEFAULT_THRESHOLD
from .hashing import HASH_FUNCTIONS
from .report import DuplicateReport, bytes_text, distances_text, mixed_groups_text

__all__ = ["DUPLICATES_EPILOG", "add_duplicates_command", "run_duplicates"]

DUPLICATES_EPILOG = f"""\
Every photo in FOLDER and its subfolders gets a perceptual hash: 64 bits made
from a tiny grey thumbnail, which barely change when a photo is resized,
re-compressed, converted or slightly edited. Pairs whose hashes differ by at
most --threshold bits, and whose 8 x 8 colour thumbnails agree too, are copies;
copies of copies form one group. In each group the photo to keep is chosen
by: colour before gray, then more bits per pixel (a 256-colour GIF has 8),
then more pixels, then the bigger file (less compressed), then the oldest. A
group that holds gray and colour copies says so, and marks the gray ones. The
folder is only read: nothing is deleted, moved or written. Ctrl+C stops
reading and shows the groups among the photos read so far.

examples:
  {PROG} duplicates ~/Pictures
  {PROG} duplicates ~/Pictures --threshold 6 --hash difference
  {PROG} duplicates ~/Pictures --json > groups.json
"""


def _count(n: int, one: str, many: str | None = None) -> str:
    """``"1 group"``, ``"2 groups"``: a number with its noun in the right form."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _bits(text: str) -> int:
    """An argparse type: a number of hash bits, 0 to 64 (``--threshold``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of bits, got {text!r}") from None
    if not 0 <= value <= 64:
        raise argparse.ArgumentTypeError(f"must be between 0 and 64 (a hash has 64 bits), got {value}")
    return value


def add_duplicates_command(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``duplicates`` subcommand's parser."""
    duplicates = add_command(
        commands, "duplicates", "find the near-duplicate photos in a folder (nothing is deleted)",
        "Find the photos in FOLDER (and its subfolders) that are copies of one another: "
        "the same photo saved twice, resized, re-compressed, converted or lightly edited.",
        DUPLICATES_EPILOG,
    )
    duplicates.add_argument("folder", metavar="FOLDER", help="the folder of photos to look through")
    duplicates.add_argument(
        "--threshold", type=_bits, default=DEFAULT_THRESHOLD, metavar="N",
        help=f"largest number of differing hash bits (of 64) for two photos to count as copies "
             f"(default {DEFAULT_THRESHOLD}); higher finds more edited copies, and more mistakes",
    )
    duplicates.add_argument(
        "--hash", dest="hash_name", choices=list(HASH_FUNCTIONS), default=DEFAULT_HASH,
        help=f"which perceptual hash (default {DEFAULT_HASH}: it keeps different photos furthest apart)",
    )
    duplicates.add_argument("--json", action="store_true",
                            help="print only a JSON list of groups, each {\"paths\": [file paths, the one to "
                                 "keep first], \"mixes_gray_and_colour\": true or false}, for other programs")
    reading_options(duplicates)
    duplicates.set_defaults(run=run_duplicates)
    return duplicates


def run_duplicates(args: argparse.Namespace) -> int:
    """``duplicates FOLDER``: hash every photo, print the groups of copies (or JSON)."""
    folder = folder_argument(args.folder)
    started = time.perf_counter()
    report = find_duplicates(folder, threshold=args.threshold, hash_name=args.hash_name,
                             progress=args.progress and not args.json, workers=args.workers)
    hashes = report.hashes

    def shown(relative: str) -> str:
        return str(Path(args.folder) / relative)

    note(f"hashed {len(hashes):,} photos in {args.folder} in {time.perf_counter() - started:.1f} s "
         f"({args.hash_name} hash, at most {args.threshold} bits apart)")
    if hashes.skipped:
        note_some(f"skipped {len(hashes.skipped):,} files that could not be read:",
                  [f"{shown(item.path)}: {item.reason}" for item in hashes.skipped])
    if hashes.notes:
        note_some(f"notes on {len(hashes.notes):,} photos:",
                  [f"{shown(path)}: {text}" for path, text in hashes.notes.items()])
    if len(hashes) == 0 and not hashes.interrupted:
        raise InputError(f"found no readable photos in {args.folder} (looked for {' '.join(IMAGE_EXTENSIONS)})")

    if args.json:
        print(json.dumps([{"paths": [shown(m.path) for m in group.members],
                           "mixes_gray_and_colour": group.mixes_gray_and_colour} for group in report.groups],
                         indent=1))
    else:
        _print_groups(report, shown)
    if hashes.interrupted:
        note(f"interrupted: read {len(hashes) + len(hashes.skipped):,} of {hashes.found:,} files; "
             "the groups are among those only")
        return 130
    return 0


def _print_groups(report: DuplicateReport, shown) -> None:
    """Each group: the photo to keep, then its copies, with sizes and distances; then a total."""
    groups = report.groups
    if not groups:
        print(f"no near-duplicates among {len(report.hashes):,} photos")
        return
    for number, group in enumerate(groups, start=1):
        mixed = group.mixes_gray_and_colour
        print(f"group {number} of {len(groups)}: {len(group)} photos, {bytes_text(group.saving)} could be freed"
              + ("; gray and colour photos (a colour one is kept)" if mixed else ""))
        for member in group.members:
            size = f"{member.width} x {member.height}"
            distances = distances_text(member, "", "  (no hash: colour {colour:.1f})",
                                       "  ({bits:,} bit{s}, colour {colour:.1f})")
            notes = "; ".join(filter(None, ["gray" if mixed and member.gray else "", member.note]))
            noted = f"  [{notes}]" if notes else ""
            print(f"  {'keep' if member.keep else 'copy'}  {size:>11}  {bytes_text(member.file_size):>9}  "
                  f"{shown(member.path)}{distances}{noted}")
        print()
    print(f"{_count(len(groups), 'group')}, {_count(report.copy_count, 'copy', 'copies')}: "
          f"{bytes_text(report.saving)} could be freed.{mixed_groups_text(len(report.mixed_groups))} "
          "Nothing was deleted or moved.")
