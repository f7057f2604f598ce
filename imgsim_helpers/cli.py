"""The command-line tool: the course's experiment and search on your own photos.

Run ``python -m imgsim_helpers --help``. Two commands:

* ``compare TEST REF [REF ...]`` -- which reference photo has the colours most
  like the test photo? (the tutorial's experiment, on any files);
* ``search QUERY FOLDER`` -- the photos in a folder most like a query photo.
* ``duplicates FOLDER`` -- the near-duplicates in a folder (copies saved twice,
  resized, re-compressed...), grouped; nothing is ever deleted.

Exit status: 0 when it worked, 1 when a file or folder could not be used (the
one-line message says which and why), 2 when the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

from .describing.descriptors import DESCRIPTORS
from .distances import METRICS, distance, metric_named
from .histograms import CHANNEL_MODES, histogram
from .images import MAX_PIXELS, ImageLoadError, ImageTooLargeError, MultiFrameWarning, load_image
from .search.index import DEFAULT_DESCRIPTOR, IMAGE_EXTENSIONS, Index, IndexFileError, build_index, load_image_fast

__all__ = ["main"]

PROG = "python -m imgsim_helpers"

MAIN_EPILOG = f"""\
examples:
  {PROG} compare data/opening/duck.jpg data/opening/swans.jpg data/opening/macaw.jpg
  {PROG} compare duck swans macaw            (the course's photos, by name)
  {PROG} search data/opening/duck.jpg data -k 3
  {PROG} search my_photo.jpg ~/Pictures --index pictures-index.npz
  {PROG} duplicates ~/Pictures

Run "{PROG} COMMAND --help" to see a command's options.

"python" is the course's Python: activate the course's environment first
(README.md, "Set-up"), or write .venv/bin/python (Windows: .venv\\Scripts\\python).
Run the examples from the course folder.

exit status: 0 it worked; 1 a file or folder could not be used (the message
says which and why); 2 the command line was wrong (see the usage line).
"""

COMPARE_EPILOG = f"""\
The photos are described by colour histograms and compared with a distance:
0 means identical colours, and smaller means more similar. The reference with
the smallest distance is the winner.

examples:
  {PROG} compare data/opening/duck.jpg data/opening/swans.jpg data/opening/macaw.jpg
  {PROG} compare duck swans macaw --no-normalize        (the tutorial's raw counts)
  {PROG} compare duck swans macaw --channels rgb --bins 32 --metric chi_square
"""

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


class InputError(Exception):
    """A file or folder given on the command line cannot be used (exit status 1)."""


class _UsageError(Exception):
    """A combination of options that does not work (exit status 2)."""


# --------------------------------------------------------------------------- argument types


def _bins(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not 1 <= value <= 256 or 256 % value:
        raise argparse.ArgumentTypeError(
            f"must divide 256 (1, 2, 4, 8, 16, 32, 64, 128 or 256), got {value}"
        )
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _max_pixels_option(parser: argparse.ArgumentParser, which: str, note: str = "") -> None:
    parser.add_argument(
        "--max-pixels", type=_positive, default=MAX_PIXELS, metavar="N",
        help=f"refuse {which} with more than N pixels (width x height): a huge photo could fill "
             f"the memory (default {MAX_PIXELS}, about {MAX_PIXELS * 3 // 1_000_000} MB as an array){note}",
    )


def _histogram_options(parser: argparse.ArgumentParser, default_bins: int, default_channels: str) -> None:
    parser.add_argument(
        "--bins", type=_bins, default=None, metavar="N",
        help=f"bins per colour channel; must divide 256 (default {default_bins}; 8 with --channels joint)",
    )
    parser.add_argument(
        "--channels", choices=CHANNEL_MODES, default=default_channels,
        help="pooled: red, green and blue values counted together (the tutorial's way); "
             "rgb: one histogram per channel; joint: each colour as a cell of a colour cube "
             f"(default {default_channels})",
    )
    parser.add_argument(
        "--metric", choices=list(METRICS), default="euclidean",
        help="how to measure the difference between two histograms (default euclidean)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (its ``--help`` is the tool's documentation)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Compare photos by their colours, the way the image-similarity course does.",
        epilog=MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    compare = commands.add_parser(
        "compare", help="which reference photo has the colours most like a test photo?",
        description="Which reference photo has the colours most like the test photo? "
                    "The course's experiment, on any photos.",
        epilog=COMPARE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument("test", metavar="TEST", help="the test photo (a file, or a course photo's name such as duck)")
    compare.add_argument("refs", metavar="REF", nargs="+", help="one or more reference photos")
    _histogram_options(compare, default_bins=256, default_channels="pooled")
    compare.add_argument(
        "--normalize", action=argparse.BooleanOptionalAction, default=True,
        help="divide each histogram by its number of values, so photos of different sizes "
             "compare fairly (default: on). --no-normalize compares raw counts, as the original "
             "tutorial does; a good lesson, but then a bigger photo looks farther away just "
             "because it has more pixels",
    )
    _max_pixels_option(compare, "photos")
    compare.set_defaults(run=run_compare)

    search = commands.add_parser(
        "search", help="find the photos in a folder most like a query photo",
        description="Find the photos in FOLDER (and its subfolders) whose colours are most "
                    "like the QUERY photo's.",
        epilog=SEARCH_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", metavar="QUERY", help="the photo to look for (a file, or a course photo's name)")
    search.add_argument("folder", metavar="FOLDER", help="the folder of photos to search")
    search.add_argument("-k", type=_positive, default=5, metavar="K", help="how many photos to print (default 5)")
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
    search.add_argument("--workers", type=_positive, default=None, metavar="N",
                        help="photos decoded at the same time (default: one per CPU core)")
    search.add_argument("--no-progress", dest="progress", action="store_false",
                        help="do not show the progress bar")
    _max_pixels_option(search, "a query photo", f"; photos in FOLDER with more than {MAX_PIXELS} are skipped and listed")
    search.set_defaults(run=run_search)
    parser.commands = {"compare": compare, "search": search}
    parser.commands["duplicates"] = _add_duplicates_command(commands)
    return parser


# --------------------------------------------------------------------------- helpers


def _image_file(text: str) -> Path:
    """A photo given on the command line: an existing file, or a course photo's name."""
    path = Path(text).expanduser()
    if path.is_file():
        return path
    if path.is_dir():
        raise InputError(f"{text} is a folder, not an image file")
    from .samples import did_you_mean

    if path.suffix == "" and "/" not in text and os.sep not in text:
        from .samples import sample_path  # a bare name such as "duck"

        try:
            return sample_path(text)
        except (ValueError, OSError):
            from .samples import samples

            names = [row["name"] for row in samples()]
            close = difflib.get_close_matches(text.lower(), names, n=3)
            suggestion = f"did you mean {' or '.join(close)}? " if close else ""
            raise InputError(f"no such file: {text} ({suggestion}the course's photos have lower-case "
                             f"names such as duck, swans, macaw; data/manifest.csv lists them all)") from None
    close = did_you_mean(text)
    raise InputError(f"no such file: {text}" + (f" (did you mean {' or '.join(close)}?)" if close else ""))


def _folder(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.exists():
        raise InputError(f"no such folder: {text}")
    if not path.is_dir():
        raise InputError(f"{text} is a file, not a folder of photos")
    return path


def _settings(parser_bins: int | None, channels: str, default_bins: int) -> int:
    """The bins to use, after checking that they work with ``channels``."""
    bins = parser_bins if parser_bins is not None else (8 if channels == "joint" else default_bins)
    if channels == "joint" and bins > 64:
        raise _UsageError(f"--channels joint needs --bins 64 or fewer (it makes bins**3 cells), got {bins}")
    return bins


def _format_distance(value: float) -> str:
    return f"{value:.6f}" if abs(value) < 1000 else f"{value:,.1f}"


def _print_table(rows: Sequence[tuple[str, float]], heading: str) -> None:
    """Print ``rank  distance  name`` lines, right-aligned numbers."""
    shown = [_format_distance(d) for _, d in rows]
    width = max(len("distance"), *(len(s) for s in shown))
    print(f"rank  {'distance':>{width}}  {heading}")
    for place, ((name, _), text) in enumerate(zip(rows, shown), start=1):
        print(f"{place:>4}  {text:>{width}}  {name}")


def _note(message: str) -> None:
    print(message, file=sys.stderr)


def _note_some(heading: str, lines: list[str], most: int = 10) -> None:
    """``heading``, then the first ``most`` lines, indented, then how many more there are."""
    _note(heading)
    for line in lines[:most]:
        _note(f"  {line}")
    if len(lines) > most:
        _note(f"  ... and {len(lines) - most:,} more")


# --------------------------------------------------------------------------- commands


def _count(n: int, one: str, many: str | None = None) -> str:
    """``"1 group"``, ``"2 groups"``: a number with its noun in the right form."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def run_compare(args: argparse.Namespace) -> int:
    """``compare TEST REF [REF ...]``: print the distances and the winner."""
    bins = _settings(args.bins, args.channels, default_bins=256)
    test = _image_file(args.test)
    refs = [_image_file(ref) for ref in args.refs]  # check every path before the slow part

    def describe(path: Path):
        image = load_image(path, max_pixels=args.max_pixels)
        return histogram(image, bins=bins, channels=args.channels, normalize=args.normalize)

    test_hist = describe(test)
    metric = metric_named(args.metric)  # the name, checked by argparse, resolved once
    scored = [(str(ref_text), distance(test_hist, describe(ref), metric))
              for ref_text, ref in zip(args.refs, refs)]
    scored.sort(key=lambda pair: pair[1])  # stable: ties keep the command line's order
    counted = "normalised (fractions)" if args.normalize else "raw counts"
    print(f"test photo: {args.test}")
    print(f"histograms: {args.channels}, {bins} bins, {counted}; "
          f"metric: {args.metric} (smaller = more similar)")
    print()
    _print_table(scored, "reference")
    print()
    best = scored[0][1]
    tied = [name for name, d in scored if d == best]
    if len(tied) > 1:
        print(f"winner: a tie between {', '.join(tied)}")
    else:
        print(f"winner: {tied[0]}")
    return 0


def run_search(args: argparse.Namespace) -> int:
    """``search QUERY FOLDER``: build or update the index, then print the nearest photos."""
    query = _image_file(args.query)
    folder = _folder(args.folder)
    index_file = Path(args.index).expanduser() if args.index else None
    if index_file is not None and index_file.resolve().is_relative_to(folder.resolve()):
        raise _UsageError(f"--index {args.index} is inside the photo folder {args.folder}, which is only "
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
            _note(f"{args.index} was built with {', '.join(differ)}: building it again")
            index = None
    if index is None:
        index = build_index(folder, progress=args.progress, workers=args.workers, **wanted)
        _note(f"indexed {len(index):,} photos in {args.folder} in {time.perf_counter() - started:.1f} s")
        if index_file is not None:
            index.save(index_file)
            _note(f"saved the index to {args.index}")
    else:
        skipped_before = list(index.skipped)
        summary = index.update(progress=args.progress, workers=args.workers)
        if summary.added or summary.changed or summary.removed or index.skipped != skipped_before:
            index.save(index_file)
            _note(f"updated {args.index}: {summary}")
        else:
            _note(f"{args.index} is up to date ({len(index):,} photos)")

    if index.skipped:
        _note_some(f"skipped {len(index.skipped):,} files that could not be read:",
                   [f"{Path(args.folder) / item.path}: {item.reason}" for item in index.skipped])
    if len(index) == 0:
        raise InputError(f"found no readable photos in {args.folder} (looked for {' '.join(IMAGE_EXTENSIONS)})")

    results = index.query(query_image, k=args.k, metric=metric_named(args.metric))
    print(f"photos most like {args.query} ({args.descriptor}, {args.metric}; smaller = more similar):")
    print()
    shown = [(str(Path(args.folder) / Path(path).relative_to(index.folder)), d) for path, d in results]
    _print_table(shown, "photo")
    return 0


# --------------------------------------------------------------------------- duplicates

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


def _bits(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of bits, got {text!r}") from None
    if not 0 <= value <= 64:
        raise argparse.ArgumentTypeError(f"must be between 0 and 64 (a hash has 64 bits), got {value}")
    return value


def _add_duplicates_command(commands) -> argparse.ArgumentParser:
    """The ``duplicates`` subcommand's parser."""
    from .near_duplicates.folder_hashes import DEFAULT_HASH
    from .near_duplicates.grouping import DEFAULT_THRESHOLD
    from .near_duplicates.hashing import HASH_FUNCTIONS

    duplicates = commands.add_parser(
        "duplicates", help="find the near-duplicate photos in a folder (nothing is deleted)",
        description="Find the photos in FOLDER (and its subfolders) that are copies of one another: "
                    "the same photo saved twice, resized, re-compressed, converted or lightly edited.",
        epilog=DUPLICATES_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
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
    duplicates.add_argument("--workers", type=_positive, default=None, metavar="N",
                            help="photos decoded at the same time (default: one per CPU core)")
    duplicates.add_argument("--no-progress", dest="progress", action="store_false",
                            help="do not show the progress bar")
    duplicates.set_defaults(run=run_duplicates)
    return duplicates


def run_duplicates(args: argparse.Namespace) -> int:
    """``duplicates FOLDER``: hash every photo, print the groups of copies (or JSON)."""
    import json

    from .near_duplicates.duplicates import find_duplicates

    folder = _folder(args.folder)
    started = time.perf_counter()
    report = find_duplicates(folder, threshold=args.threshold, hash_name=args.hash_name,
                             progress=args.progress and not args.json, workers=args.workers)
    hashes = report.hashes

    def shown(relative: str) -> str:
        return str(Path(args.folder) / relative)

    _note(f"hashed {len(hashes):,} photos in {args.folder} in {time.perf_counter() - started:.1f} s "
          f"({args.hash_name} hash, at most {args.threshold} bits apart)")
    if hashes.skipped:
        _note_some(f"skipped {len(hashes.skipped):,} files that could not be read:",
                   [f"{shown(item.path)}: {item.reason}" for item in hashes.skipped])
    if hashes.notes:
        _note_some(f"notes on {len(hashes.notes):,} photos:",
                   [f"{shown(path)}: {note}" for path, note in hashes.notes.items()])
    if len(hashes) == 0 and not hashes.interrupted:
        raise InputError(f"found no readable photos in {args.folder} (looked for {' '.join(IMAGE_EXTENSIONS)})")

    if args.json:
        print(json.dumps([{"paths": [shown(m.path) for m in group.members],
                           "mixes_gray_and_colour": group.mixes_gray_and_colour} for group in report.groups],
                         indent=1))
    else:
        _print_groups(report, shown)
    if hashes.interrupted:
        _note(f"interrupted: read {len(hashes) + len(hashes.skipped):,} of {hashes.found:,} files; "
              "the groups are among those only")
        return 130
    return 0


def _print_groups(report, shown) -> None:
    """Each group: the photo to keep, then its copies, with sizes and distances; then a total."""
    from .near_duplicates.report import bytes_text, mixed_groups_text

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
            if member.keep:
                distances = ""
            elif member.hash_distance is None:
                distances = f"  (no hash: colour {member.colour_distance:.1f})"
            else:
                distances = f"  ({_count(member.hash_distance, 'bit')}, colour {member.colour_distance:.1f})"
            notes = "; ".join(filter(None, ["gray" if mixed and member.gray else "", member.note]))
            note = f"  [{notes}]" if notes else ""
            print(f"  {'keep' if member.keep else 'copy'}  {size:>11}  {bytes_text(member.file_size):>9}  "
                  f"{shown(member.path)}{distances}{note}")
        print()
    print(f"{_count(len(groups), 'group')}, {_count(report.copy_count, 'copy', 'copies')}: "
          f"{bytes_text(report.saving)} could be freed.{mixed_groups_text(len(report.mixed_groups))} "
          "Nothing was deleted or moved.")


# --------------------------------------------------------------------------- entry point


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print a warning as one line: ``note: ...`` (a photo's first frame only) or ``warning: ...``."""
    _note(f"{'note' if issubclass(category, MultiFrameWarning) else 'warning'}: {message}")


def _round_up(pixels: int) -> int:
    """A round limit just above ``pixels``: 143,990,000 -> 150000000."""
    step = 10 ** max(0, len(str(pixels)) - 2) * 5
    return (pixels // step + 1) * step


def _describe_error(exc: BaseException) -> str:
    """One line for the learner: the message, without Python's decorations."""
    if isinstance(exc, OSError) and exc.strerror and exc.filename:
        return f"{exc.filename}: {exc.strerror[:1].lower()}{exc.strerror[1:]}"
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the tool with ``argv`` (default: the command line) and return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name, e.g. ``["compare", "duck", "swans"]``.

    Returns
    -------
    int
        0 if it worked, 1 if a file or folder could not be used, 2 for a
        wrong command line (argparse prints the usage and exits with 2 itself).

    Examples
    --------
    >>> main(["compare", "duck", "swans", "macaw"])  # doctest: +SKIP
    """
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:  # report it with the command's own usage, and suggest the nearest option
        command = parser.commands[args.command]
        known = [o for action in command._actions for o in action.option_strings]
        guesses = {o: difflib.get_close_matches(o.split("=")[0], known, n=1) for o in extras if o.startswith("-")}
        hints = "".join(f" (did you mean {g[0]}?)" for g in guesses.values() if g)
        command.error(f"unrecognized arguments: {' '.join(extras)}{hints}")
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning  # one "note:" line, not Python's file:line form
            return args.run(args)
    except _UsageError as exc:
        parser.exit(2, f"{parser.prog} {args.command}: error: {exc}\n")
    except ImageTooLargeError as exc:  # the Python advice ("pass a larger max_pixels") means nothing here
        _note(f"error: {exc.advise(f'shrink it first, or give a larger --max-pixels (e.g. --max-pixels {_round_up(exc.width * exc.height)})')}")
        return 1
    except (InputError, ImageLoadError, IndexFileError, OSError, ValueError) as exc:
        if isinstance(exc, BrokenPipeError):  # e.g. piped into `head`, which stopped reading
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
            return 1
        _note(f"error: {_describe_error(exc)}")
        return 1
    except KeyboardInterrupt:
        _note("interrupted")
        return 130
    except Exception as exc:  # never a traceback for a learner; but say it is our fault
        _note(f"error: unexpected {type(exc).__name__}: {exc} (this is a bug in imgsim_helpers; please report it)")
        return 1
    return 0
