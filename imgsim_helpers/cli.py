"""The command-line tool: the course's experiment and search on your own photos.

Run ``python -m imgsim_helpers --help``. Three commands:

* ``compare TEST REF [REF ...]`` -- which reference photo has the colours most
  like the test photo? (the tutorial's experiment, on any files; here);
* ``search QUERY FOLDER`` -- the photos in a folder most like a query photo
  (:mod:`imgsim_helpers.search.command`);
* ``duplicates FOLDER`` -- the near-duplicates in a folder (copies saved twice,
  resized, re-compressed...), grouped; nothing is ever deleted
  (:mod:`imgsim_helpers.near_duplicates.command`).

This module builds the parser and runs the command (:func:`main`); what the
commands share is in :mod:`imgsim_helpers.cli_common`.

Exit status: 0 when it worked, 1 when a file or folder could not be used (the
one-line message says which and why), 2 when the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from .cli_common import PROG, InputError, UsageError, add_command, image_file, max_pixels_option, note, print_table
from .distances import METRICS, distance, metric_named
from .histograms import CHANNEL_MODES, histogram
from .errors import ImageLoadError
from .images import ImageTooLargeError, MultiFrameWarning, load_image
from .near_duplicates.command import add_duplicates_command
from .search.command import add_search_command
from .search.index_file import IndexFileError

__all__ = ["main"]

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


# --------------------------------------------------------------------------- compare


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


def _settings(parser_bins: int | None, channels: str, default_bins: int) -> int:
    """The bins to use, after checking that they work with ``channels``."""
    bins = parser_bins if parser_bins is not None else (8 if channels == "joint" else default_bins)
    if channels == "joint" and bins > 64:
        raise UsageError(f"--channels joint needs --bins 64 or fewer (it makes bins**3 cells), got {bins}")
    return bins


def run_compare(args: argparse.Namespace) -> int:
    """``compare TEST REF [REF ...]``: print the distances and the winner."""
    bins = _settings(args.bins, args.channels, default_bins=256)
    test = image_file(args.test)
    refs = [image_file(ref) for ref in args.refs]  # check every path before the slow part

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
    print_table(scored, "reference")
    print()
    best = scored[0][1]
    tied = [name for name, d in scored if d == best]
    if len(tied) > 1:
        print(f"winner: a tie between {', '.join(tied)}")
    else:
        print(f"winner: {tied[0]}")
    return 0


# --------------------------------------------------------------------------- entry point


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (its ``--help`` is the tool's documentation)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Compare photos by their colours, the way the image-similarity course does.",
        epilog=MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    compare = add_command(
        commands, "compare", "which reference photo has the colours most like a test photo?",
        "Which reference photo has the colours most like the test photo? The course's experiment, on any photos.",
        COMPARE_EPILOG,
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
    max_pixels_option(compare, "photos")
    compare.set_defaults(run=run_compare)
    parser.commands = {"compare": compare, "search": add_search_command(commands),
                       "duplicates": add_duplicates_command(commands)}
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print a warning as one line: ``note: ...`` (a photo's first frame only) or ``warning: ...``."""
    note(f"{'note' if issubclass(category, MultiFrameWarning) else 'warning'}: {message}")


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
    except UsageError as exc:
        parser.exit(2, f"{parser.prog} {args.command}: error: {exc}\n")
    except ImageTooLargeError as exc:  # the Python advice ("pass a larger max_pixels") means nothing here
        note(f"error: {exc.advise(f'shrink it first, or give a larger --max-pixels (e.g. --max-pixels {_round_up(exc.width * exc.height)})')}")
        return 1
    except (InputError, ImageLoadError, IndexFileError, OSError, ValueError) as exc:
        if isinstance(exc, BrokenPipeError):  # e.g. piped into `head`, which stopped reading
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
            return 1
        note(f"error: {_describe_error(exc)}")
        return 1
    except KeyboardInterrupt:
        note("interrupted")
        return 130
    except Exception as exc:  # never a traceback for a learner; but say it is our fault
        note(f"error: unexpected {type(exc).__name__}: {exc} (this is a bug in imgsim_helpers; please report it)")
        return 1
    return 0
