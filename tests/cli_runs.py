"""Running the command-line tools in the test's own process (shared by the CLI tests).

``run`` runs ``python -m imgsim_helpers``; ``run_exercises`` runs the classroom command, ``python -m
imgsim_helpers.exercises`` (a one-line error test gets the same message without paying for a new
interpreter: the tests that grade through the real command cover the process itself)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from imgsim_helpers.cli import main


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and its content hash: equal before and after means nothing was written."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``python -m imgsim_helpers ARGV`` in this process: (exit status, stdout, stderr)."""
    return _run_main(capsys, main, argv)


def run_exercises(capsys, *argv: str) -> tuple[int, str, str]:
    """``python -m imgsim_helpers.exercises ARGV`` in this process: (exit status, stdout, stderr)."""
    from imgsim_helpers import exercises   # here: the other CLI tests need not import the classroom's modules

    return _run_main(capsys, exercises.main, argv)


def _run_main(capsys, command_main, argv: tuple[str, ...]) -> tuple[int, str, str]:
    try:
        status = command_main(list(argv))
    except SystemExit as exc:  # argparse: --help (0) and usage errors (2)
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err
