"""The ``search`` command: ``python -m imgsim_helpers search QUERY FOLDER`` (notebook 16, on your photos).

It builds (or updates, with ``--index FILE``) a search index of FOLDER with
:func:`~imgsim_helpers.search.index.build_index` and prints the photos nearest
the QUERY photo, nearest first. The photo folder is only read.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..cli_common import (PROG, InputError, UsageError, add_command, folder_argument, image_file, max_pixels_option,
                          note, note_some, positive, print_table, reading_options)
from ..describing.descriptors import DESCRIPTORS
from ..distances import METRICS, metric_named
from ..images import MAX_PIXELS
from .folders import IMAGE_EXTENSIONS, load_image_fast
from .index import DEFAULT_DESCRIPTOR, build_index
from .index_class import Index
from .index_file import IndexFileError

__all__ = ["SEARCH_EPILOG", "add_search_command", "run_search"]

SEARCH_EPILOG = f"""\
Every photo in FOLDER and its subfolders (file names ending in
{' '.join(IMAGE_EXTENSIONS)}) is described with a descriptor (by default
{DEFAULT_DESCRIPTOR}: a normalised colour histogram per channel); the ones
nearest the query's are printed, nearest first. Files that cannot be read
are skipped and listed. The photo folder is only read, never written to.

With --index FILE, the histograms are kept in FILE: the next search reads
only new or changed photos, so it is much faster. (If FILE was built with
other settings or for another folder, it is built again.) FILE must be
outside FOLDER, and must be a new file or an index saved by this command.

examples:
  {PROG} search data/opening/duck.jpg data -k 3
  {PROG} search my_photo.jpg ~/Pictures --index pictures-index.npz
  {PROG} search my_photo.jpg ~/Pictures --descriptor joint --metric chi_square
"""


def add_search_command(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``search`` subcommand's parser."""
    search = add_command(
        commands, "search", "find the photos in a folder most like a query photo",
        "Find the photos in FOLDER (and its subfolders) whose colours are most like the QUERY photo's.",
        SEARCH_EPILOG,
    )
    search.add_argument("query", metavar="QUERY", help="the photo to look for (a file, or a course photo's name)")
    search.add_argument("folder", metavar="FOLDER", help="the folder of photos to search")
    search.add_argument("-k", type=positive, default=5, metavar="K", help="how many photos to print (default 5)")
    search.add_argument(
        "--index", metavar="FILE",
        help="keep the histograms in FILE (e.g. photos-index.npz, outside FOLDER) and reuse "
             "them next time; only new or changed photos are read again",
    )
    search.add_argument(
        "--descriptor", choices=list(DESCRIPTORS), default=DEFAULT_DESCRIPTOR,
        help="how to describe each photo: " + "; ".join(f"{name}: {d.about}" for name, d in DESCRIPTORS.items())
             + f" (default {DEFAULT_DESCRIPTOR})",
    )
    search.add_argument(
        "--metric", choices=list(METRICS), default="euclidean",
        help="how to measure the difference between two descriptions (default euclidean)",
    )
    search.add_argument(
        "--no-draft", dest="draft", action="store_false",
        help="decode every JPEG in full (slower; exact histograms). By default big JPEGs "
             "are decoded at a reduced size of at least 1 megapixel, which changes their "
             "histograms very little",
    )
    reading_options(search)
    max_pixels_option(search, "a query photo", f"; photos in FOLDER with more than {MAX_PIXELS} are skipped and listed")
    search.set_defaults(run=run_search)
    return search


def run_search(args: argparse.Namespace) -> int:
    """``search QUERY FOLDER``: build or update the index, then print the nearest photos."""
    query = image_file(args.query)
    folder = folder_argument(args.folder)
    index_file = Path(args.index).expanduser() if args.index else None
    if index_file is not None and index_file.resolve().is_relative_to(folder.resolve()):
        raise UsageError(f"--index {args.index} is inside the photo folder {args.folder}, which is only "
                         "read, never written to; keep the index elsewhere, e.g. --index photos-index.npz")
    query_image = load_image_fast(query, draft=args.draft, max_pixels=args.max_pixels)  # fails before indexing
    wanted = {"descriptor": args.descriptor, "draft": args.draft}

    started = time.perf_counter()
    index = None
    if index_file is not None and index_file.exists():
        try:
            index = Index.load(index_file)
        except IndexFileError as exc:  # never overwrite a file that is not our index
            raise InputError(f"{exc}. It was left as it is: give --index a new file name "
                             "(e.g. photos-index.npz), and the index is built there") from exc
        differ = [f"{name}={index.settings[name]!r}" for name in wanted if index.settings[name] != wanted[name]]
        if index.folder != folder.resolve():
            differ.append(f"folder {index.folder}")
        if differ:
            note(f"{args.index} was built with {', '.join(differ)}: building it again")
            index = None
    if index is None:
        index = build_index(folder, progress=args.progress, workers=args.workers, **wanted)
        note(f"indexed {len(index):,} photos in {args.folder} in {time.perf_counter() - started:.1f} s")
        if index_file is not None:
            index.save(index_file)
            note(f"saved the index to {args.index}")
    else:
        skipped_before = list(index.skipped)
        summary = index.update(progress=args.progress, workers=args.workers)
        if summary.added or summary.changed or summary.removed or index.skipped != skipped_before:
            index.save(index_file)
            note(f"updated {args.index}: {summary}")
        else:
            note(f"{args.index} is up to date ({len(index):,} photos)")

    if index.skipped:
        note_some(f"skipped {len(index.skipped):,} files that could not be read:",
                  [f"{Path(args.folder) / item.path}: {item.reason}" for item in index.skipped])
    if len(index) == 0:
        raise InputError(f"found no readable photos in {args.folder} (looked for {' '.join(IMAGE_EXTENSIONS)})")

    results = index.query(query_image, k=args.k, metric=metric_named(args.metric))
    print(f"photos most like {args.query} ({args.descriptor}, {args.metric}; smaller = more similar):")
    print()
    shown = [(str(Path(args.folder) / Path(path).relative_to(index.folder)), d) for path, d in results]
    print_table(shown, "photo")
    return 0
