"""What every command of ``python -m imgsim_helpers`` shares: its errors, arguments and messages.

The commands (``compare`` in :mod:`imgsim_helpers.cli`, ``search`` in
:mod:`imgsim_helpers.search.command`, ``duplicates`` in
:mod:`imgsim_helpers.near_duplicates.command`) build their parsers with
:func:`add_command` and these argument types and options, take a photo or a
folder with :func:`image_file` and :func:`folder_argument`, print tables with
:func:`print_table` and notes (on stderr) with :func:`note`, and raise
:class:`InputError` (exit status 1) or :class:`UsageError` (2).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .images import MAX_PIXELS

__all__ = [
    "PROG",
    "InputError",
    "UsageError",
    "add_command",
    "folder_argument",
    "image_file",
    "max_pixels_option",
    "note",
    "note_some",
    "positive",
    "print_table",
    "reading_options",
]

PROG = "python -m imgsim_helpers"


class InputError(Exception):
    """A file or folder given on the command line cannot be used (exit status 1)."""


class UsageError(Exception):
    """A combination of options that does not work (exit status 2)."""


# --------------------------------------------------------------------------- building a command


def add_command(commands: argparse._SubParsersAction, name: str, summary: str, description: str,
                epilog: str) -> argparse.ArgumentParser:
    """A subcommand's parser: ``summary`` in the tool's list of commands, ``epilog`` shown as written."""
    return commands.add_parser(name, help=summary, description=description, epilog=epilog,
                               formatter_class=argparse.RawDescriptionHelpFormatter)


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1 (``-k``, ``--workers``, ``--max-pixels``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def max_pixels_option(parser: argparse.ArgumentParser, which: str, note: str = "") -> None:
    """``--max-pixels N``: refuse ``which`` (e.g. "photos") when bigger; ``note`` ends its help."""
    parser.add_argument(
        "--max-pixels", type=positive, default=MAX_PIXELS, metavar="N",
        help=f"refuse {which} with more than N pixels (width x height): a huge photo could fill "
             f"the memory (default {MAX_PIXELS}, about {MAX_PIXELS * 3 // 1_000_000} MB as an array){note}",
    )


def reading_options(parser: argparse.ArgumentParser) -> None:
    """``--workers`` and ``--no-progress``, for a command that reads a whole folder of photos."""
    parser.add_argument("--workers", type=positive, default=None, metavar="N",
                        help="photos decoded at the same time (default: one per CPU core)")
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="do not show the progress bar")


# --------------------------------------------------------------------------- photos, folders, messages


def image_file(text: str) -> Path:
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


def folder_argument(text: str) -> Path:
    """A folder given on the command line, which must exist (an InputError says why not)."""
    # Not search.folders.check_folder: here the message names the folder as it was typed (no current
    # folder, no advice), and the command exits with status 1 (InputError), not a Python error.
    path = Path(text).expanduser()
    if not path.exists():
        raise InputError(f"no such folder: {text}")
    if not path.is_dir():
        raise InputError(f"{text} is a file, not a folder of photos")
    return path


def _format_distance(value: float) -> str:
    """A distance with 6 decimals, or 1 for a big one (raw counts): 0.123456, 12,345.6."""
    return f"{value:.6f}" if abs(value) < 1000 else f"{value:,.1f}"


def print_table(rows: Sequence[tuple[str, float]], heading: str) -> None:
    """Print ``rank  distance  name`` lines, right-aligned numbers."""
    shown = [_format_distance(d) for _, d in rows]
    width = max(len("distance"), *(len(s) for s in shown))
    print(f"rank  {'distance':>{width}}  {heading}")
    for place, ((name, _), text) in enumerate(zip(rows, shown), start=1):
        print(f"{place:>4}  {text:>{width}}  {name}")


def note(message: str) -> None:
    """Print ``message`` on stderr: what the command tells its user, apart from its output."""
    print(message, file=sys.stderr)


def note_some(heading: str, lines: list[str], most: int = 10) -> None:
    """``heading``, then the first ``most`` lines, indented, then how many more there are."""
    note(heading)
    for line in lines[:most]:
        note(f"  {line}")
    if len(lines) > most:
        note(f"  ... and {len(lines) - most:,} more")
